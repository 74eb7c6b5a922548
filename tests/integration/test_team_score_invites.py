"""The Score taken through a team invite: checked before scoring, counted after, the member keeps their result."""

from __future__ import annotations

from typing import Any

import pytest

from functions.bundle import load_bundle
from tests.integration.teams_helpers import bearer, organisation_with_admin
from tests.score_helpers import submission


@pytest.fixture
def section(deps: Any) -> dict[str, Any]:
    return load_bundle(deps.settings.bundle_dir).section("score")  # type: ignore[no-any-return]


@pytest.fixture
def invite(client: Any, aws: Any) -> dict[str, Any]:
    org_id, admin = organisation_with_admin(client, aws)
    client.post(f"/api/teams/orgs/{org_id}/teams", json={"name": "Sales", "invited": 2}, headers=bearer(admin))
    round_id = client.post(f"/api/teams/orgs/{org_id}/rounds", json={"name": "R"}, headers=bearer(admin)).get_json()[
        "id"
    ]
    links = client.get(f"/api/teams/orgs/{org_id}/rounds/{round_id}/links", headers=bearer(admin)).get_json()["items"]
    return {"org_id": org_id, "round_id": round_id, "admin": admin, "token": links[0]["token"]}


def answers_of(deps: Any, invite: dict[str, Any]) -> list[dict[str, Any]]:
    from functions.stores.team_rounds import round_answers

    return round_answers(deps.table, invite["org_id"], invite["round_id"])


def test_an_attempt_through_an_invite_is_counted_for_the_team_and_the_member_keeps_their_result(
    client: Any, deps: Any, section: dict[str, Any], invite: dict[str, Any]
) -> None:
    response = client.post("/api/score/attempts", json={**submission(section), "invite": invite["token"]})
    assert response.status_code == 201, response.get_json()
    result = response.get_json()
    assert result["overall"] == 100
    assert result["team_assessment"] == {"organisation": "Northwind", "team": "Sales", "recorded": True}
    (answer,) = answers_of(deps, invite)
    assert answer["overall"] == 100
    assert answer["dimensions"] == {d["id"]: d["score"] for d in result["dimensions"]}
    assert answer["bank_version"] == section["version"]
    assert result["id"] not in str(answer)  # the answer is keyed by a hash, not the attempt id
    assert "answers" not in answer
    fetched = client.get(f"/api/score/attempts/{result['id']}").get_json()
    assert fetched["team_assessment"] is None  # a shared result link says nothing about the organisation


def test_a_retried_submission_is_counted_once(
    client: Any, deps: Any, section: dict[str, Any], invite: dict[str, Any]
) -> None:
    body = {**submission(section), "invite": invite["token"]}
    headers = {"Idempotency-Key": "retry-key-0000000001"}
    first = client.post("/api/score/attempts", json=body, headers=headers).get_json()
    again = client.post("/api/score/attempts", json=body, headers=headers).get_json()
    assert first["id"] == again["id"]
    assert again["team_assessment"]["recorded"] is True
    assert len(answers_of(deps, invite)) == 1


def test_a_used_up_or_unknown_invite_is_422_naming_the_field_and_stores_nothing(
    client: Any, deps: Any, section: dict[str, Any], invite: dict[str, Any]
) -> None:
    for _ in range(2):  # max uses: the team's size, 2
        assert (
            client.post("/api/score/attempts", json={**submission(section), "invite": invite["token"]}).status_code
            == 201
        )
    refused = client.post("/api/score/attempts", json={**submission(section), "invite": invite["token"]})
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"][0]["field"] == "invite"
    unknown = client.post("/api/score/attempts", json={**submission(section), "invite": "x" * 43})
    assert unknown.status_code == 422
    assert len(answers_of(deps, invite)) == 2
    without = client.post("/api/score/attempts", json=submission(section))
    assert without.status_code == 201
    assert without.get_json()["team_assessment"] is None
