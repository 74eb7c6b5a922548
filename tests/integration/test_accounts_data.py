"""My data: the export holds everything stored about the user, and deleting the account leaves nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from boto3.dynamodb.conditions import Key

from functions.deps import Deps
from functions.users import limits
from functions.users.registry import (
    delete_items,
    query_items,
    register_user_data,
    unregister_user_data,
    user_data_sources,
)

# A stand-in feature with two access patterns (by user on the table, by user on gsi1), as gym and teams have.
NOTES = "test_notes"


def _notes_by_user(deps: Deps, user_id: str) -> list[dict[str, Any]]:
    return list(query_items(deps.table, Key("pk").eq(f"NOTE#{user_id}")))


def _tags_by_user(deps: Deps, user_id: str) -> list[dict[str, Any]]:
    return list(query_items(deps.table, Key("gsi1pk").eq(f"TAGGER#{user_id}"), index="gsi1"))


def export_notes(deps: Deps, user_id: str) -> dict[str, Any]:
    return {"notes": [i["text"] for i in _notes_by_user(deps, user_id)], "tags": len(_tags_by_user(deps, user_id))}


def delete_notes(deps: Deps, user_id: str) -> int:
    return delete_items(deps.table, _notes_by_user(deps, user_id) + _tags_by_user(deps, user_id))


@pytest.fixture
def notes_feature() -> Iterator[None]:
    register_user_data(NOTES, export_notes, delete_notes)
    yield
    unregister_user_data(NOTES)


def store_notes(deps: Deps, user_id: str, count: int) -> None:
    for n in range(count):
        deps.table.put_item(Item={"pk": f"NOTE#{user_id}", "sk": f"{n:04d}", "text": f"note {n}"})
        deps.table.put_item(
            Item={"pk": f"TAG#{n}", "sk": f"{user_id}#{n}", "gsi1pk": f"TAGGER#{user_id}", "gsi1sk": f"{n:04d}"}
        )


def test_the_export_holds_the_account_and_every_registered_feature(
    client: Any, deps: Deps, signed_in: Any, notes_feature: None
) -> None:
    ann = signed_in("ann@example.com", name="Ann")
    store_notes(deps, ann.user_id, 3)
    response = client.get("/api/me/export", headers=ann.headers)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith('attachment; filename="agent-boss-data-')
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["account"]["email"] == "ann@example.com"
    assert body["data"][NOTES] == {"notes": ["note 0", "note 1", "note 2"], "tags": 3}
    assert set(body["data"]) == {source.name for source in user_data_sources()}


def test_deleting_the_account_removes_the_pool_user_and_every_item_by_each_access_pattern(
    client: Any, deps: Deps, signed_in: Any, notes_feature: None
) -> None:
    ann = signed_in("ann@example.com")
    bob = signed_in("bob@example.com")
    store_notes(deps, ann.user_id, 30)  # more than one batch of 25
    store_notes(deps, bob.user_id, 2)
    counter = f"COUNTER#{limits.SIGN_IN_PER_ACCOUNT.name}#{limits.account_key(ann.email)}"
    assert len(list(query_items(deps.table, Key("pk").eq(counter)))) == 1  # her sign-in was counted
    response = client.delete("/api/me", headers=ann.headers)
    assert response.status_code == 200
    deleted = response.get_json()["items_deleted"]
    assert (deleted[NOTES], deleted["rate_limit_counters"]) == (60, 1)
    # Nothing of Ann remains, checked with one Query per access pattern (never a Scan).
    assert _notes_by_user(deps, ann.user_id) == []
    assert _tags_by_user(deps, ann.user_id) == []
    for source in user_data_sources():
        assert source.delete(deps, ann.user_id) == 0, source.name
    assert list(query_items(deps.table, Key("pk").eq(counter))) == []
    users = boto3.client("cognito-idp").list_users(UserPoolId=deps.settings.user_pool_id)["Users"]
    emails = {a["Value"] for u in users for a in u["Attributes"] if a["Name"] == "email"}
    assert emails == {"bob@example.com"}
    assert client.post("/api/auth/sign-in", json={"email": ann.email, "password": ann.password}).status_code == 401
    # Bob's data is untouched.
    assert len(_notes_by_user(deps, bob.user_id)) == 2
    assert len(_tags_by_user(deps, bob.user_id)) == 2


def test_deleting_the_account_ends_the_browser_session(client: Any, signed_in: Any) -> None:
    ann = signed_in("ann@example.com")
    response = client.delete("/api/me", headers=ann.headers)
    assert any(h.startswith("__Secure-ab_refresh=;") for h in response.headers.getlist("Set-Cookie"))
    assert client.get("/api/me", headers=ann.headers).status_code == 401


def test_a_source_cannot_be_registered_twice_under_one_name(notes_feature: None) -> None:
    with pytest.raises(ValueError, match="already registered"):
        register_user_data(NOTES, lambda d, u: None, lambda d, u: 0)
