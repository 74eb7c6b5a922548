"""Team assessments through the Lambda handler, fed API Gateway events."""

from __future__ import annotations

import copy
import json
from typing import Any

from tests.conftest import invoke_lambda, load_event
from tests.integration.teams_helpers import organisation_with_admin, record, sent_mail


def from_ip(event: dict[str, Any], ip: str) -> dict[str, Any]:
    changed = copy.deepcopy(event)
    changed["requestContext"]["http"]["sourceIp"] = ip
    return changed


def get_event(path: str, token: str) -> dict[str, Any]:
    event = load_event("http_get_health.json")
    event["rawPath"] = event["requestContext"]["http"]["path"] = path
    event["headers"]["authorization"] = f"Bearer {token}"
    return event


def test_a_request_posted_through_the_handler_is_stored_mailed_and_limited_by_source_ip(
    api_handler: Any, deps: Any
) -> None:
    event = load_event("http_post_team_request.json")
    response = invoke_lambda(api_handler, event)
    assert response["statusCode"] == 201
    assert len(sent_mail()) == 2
    for _ in range(deps.settings.teams_requests_per_hour - 1):
        assert invoke_lambda(api_handler, event)["statusCode"] == 201
    limited = invoke_lambda(api_handler, event)
    assert limited["statusCode"] == 429
    assert limited["headers"]["retry-after"]
    assert invoke_lambda(api_handler, from_ip(event, "198.51.100.4"))["statusCode"] == 201


def test_a_closed_rounds_report_and_csv_come_through_the_handler(
    api_handler: Any, client: Any, aws: Any, deps: Any
) -> None:
    from tests.integration.teams_helpers import bearer

    org_id, admin = organisation_with_admin(client, aws)
    team = client.post(f"/api/teams/orgs/{org_id}/teams", json={"name": "Sales", "invited": 7}, headers=bearer(admin))
    client.post(f"/api/teams/orgs/{org_id}/teams", json={"name": "Legal", "invited": 3}, headers=bearer(admin))
    round_id = client.post(f"/api/teams/orgs/{org_id}/rounds", json={"name": "Q1"}, headers=bearer(admin)).get_json()[
        "id"
    ]
    links = client.get(f"/api/teams/orgs/{org_id}/rounds/{round_id}/links", headers=bearer(admin)).get_json()["items"]
    sales = next(link for link in links if link["team_id"] == team.get_json()["id"])
    for i in range(5):
        record(deps, sales["token"], f"e2e{i}", 60 + i)
    client.post(f"/api/teams/orgs/{org_id}/rounds/{round_id}/close", headers=bearer(admin))

    response = invoke_lambda(
        api_handler, get_event(f"/api/teams/orgs/{org_id}/rounds/{round_id}/report", admin["token"])
    )
    assert response["statusCode"] == 200
    groups = {g["name"]: g for g in json.loads(response["body"])["groups"]}
    assert groups["Sales"]["overall"]["mean"] == 62.0
    assert groups["Legal"]["shown"] is False
    csv_response = invoke_lambda(
        api_handler, get_event(f"/api/teams/orgs/{org_id}/rounds/{round_id}/report.csv", admin["token"])
    )
    assert csv_response["statusCode"] == 200
    assert csv_response["headers"]["content-type"].startswith("text/csv")
    assert "Sales,team,shown" in csv_response["body"]
