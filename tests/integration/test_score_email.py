"""Email me my report: consent recorded with the address, SES sends both parts, forgetting deletes it."""

from __future__ import annotations

from typing import Any

import pytest

from functions.bundle import load_bundle
from tests.score_helpers import submission


@pytest.fixture
def section(deps: Any) -> dict[str, Any]:
    return load_bundle(deps.settings.bundle_dir).section("score")  # type: ignore[no-any-return]


@pytest.fixture
def attempt_id(client: Any, section: dict[str, Any]) -> str:
    return str(client.post("/api/score/attempts", json=submission(section)).json["id"])


def _request(section: dict[str, Any], **changes: Any) -> dict[str, Any]:
    body = {
        "email": "Reader@Example.com",
        "consent_report": True,
        "consent_updates": False,
        "consent_version": section["consent"]["version"],
    }
    return {**body, **changes}


def _sent() -> list[Any]:
    from moto.backends import get_backend

    return list(get_backend("ses")["123456789012"]["eu-west-2"].sent_messages)


def _records(deps: Any, email: str) -> list[dict[str, Any]]:
    from functions.stores.score_emails import consents_for

    return consents_for(deps.table, email)


def test_the_report_is_emailed_with_text_and_html_and_the_consent_is_stored(
    client: Any, deps: Any, section: dict[str, Any], attempt_id: str
) -> None:
    response = client.post(f"/api/score/attempts/{attempt_id}/report", json=_request(section, consent_updates=True))
    assert response.status_code == 202, response.json
    (message,) = _sent()
    assert message.destinations["ToAddresses"] == ["reader@example.com"]
    assert "Your Agent Boss Score: 100" in message.subject
    raw = str(message.body)
    assert "Your biggest gaps" in raw
    assert f"/score/result/?id={attempt_id}" in raw
    assert "<h1>" in raw
    (record,) = _records(deps, "reader@example.com")
    assert record["email"] == "reader@example.com"
    assert record["accepted_at"] == deps.clock().isoformat()
    assert record["consents"] == [
        {"purpose": "report", "text": section["consent"]["report"], "version": section["consent"]["version"]},
        {"purpose": "updates", "text": section["consent"]["updates"], "version": section["consent"]["version"]},
    ]


def test_consent_to_updates_is_separate_and_not_assumed(
    client: Any, deps: Any, section: dict[str, Any], attempt_id: str
) -> None:
    client.post(f"/api/score/attempts/{attempt_id}/report", json=_request(section))
    (record,) = _records(deps, "reader@example.com")
    assert [c["purpose"] for c in record["consents"]] == ["report"]


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"consent_report": False}, 422, "consent_report"),
        ({"email": "not-an-address"}, 422, "email"),
        ({"email": "a@b"}, 422, "email"),
        ({"email": "<script>@x.example"}, 422, "email"),
        ({"consent_version": "1999-1"}, 409, "consent_version"),
        ({"consent_report": "yes please"}, 422, "consent_report"),
        ({"marketing": True}, 422, "marketing"),
    ],
)
def test_a_bad_report_request_is_refused_naming_the_field_and_sends_nothing(
    client: Any, section: dict[str, Any], attempt_id: str, changes: dict[str, Any], status: int, field: str
) -> None:
    response = client.post(f"/api/score/attempts/{attempt_id}/report", json=_request(section, **changes))
    assert response.status_code == status
    assert field in [f["field"] for f in response.json["error"]["fields"]]
    assert _sent() == []


def test_a_report_for_an_unknown_attempt_is_404(client: Any, section: dict[str, Any]) -> None:
    response = client.post(f"/api/score/attempts/{'x' * 22}/report", json=_request(section))
    assert response.status_code == 404
    assert _sent() == []


def test_one_address_gets_at_most_the_daily_allowance_of_reports(
    client: Any, deps: Any, section: dict[str, Any], attempt_id: str
) -> None:
    deps.settings = deps.settings.model_copy(update={"score_emails_per_address_per_day": 2})
    statuses = [
        client.post(f"/api/score/attempts/{attempt_id}/report", json=_request(section)).status_code for _ in range(3)
    ]
    assert statuses == [202, 202, 429]
    assert len(_sent()) == 2


def test_forgetting_an_address_deletes_every_record_of_it(
    client: Any, deps: Any, section: dict[str, Any], attempt_id: str, clock: Any
) -> None:
    from datetime import timedelta

    client.post(f"/api/score/attempts/{attempt_id}/report", json=_request(section))
    clock.now += timedelta(minutes=1)
    client.post(f"/api/score/attempts/{attempt_id}/report", json=_request(section, email="reader@example.com"))
    assert len(_records(deps, "reader@example.com")) == 2
    response = client.post("/api/score/email/forget", json={"email": " READER@example.com "})
    assert response.status_code == 202
    assert _records(deps, "reader@example.com") == []


def test_forgetting_an_unknown_address_answers_the_same(client: Any) -> None:
    response = client.post("/api/score/email/forget", json={"email": "nobody@example.com"})
    assert response.status_code == 202
    assert client.post("/api/score/email/forget", json={"email": "nope"}).status_code == 422
