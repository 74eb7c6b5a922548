"""Who may call which team assessment route: a matrix over every route under /api/teams/orgs and
/api/admin, walked from the registry so a route added later is covered (or fails this test)."""

from __future__ import annotations

from typing import Any

import pytest

from functions.web.areas import load_all_areas
from functions.web.routing import REGISTRY
from tests.integration.teams_helpers import bearer, make_user, organisation_with_admin, record

BODIES = {
    ("/api/teams/orgs/<org_id>/teams", "POST"): {"name": "Intruders", "invited": 5},
    ("/api/teams/orgs/<org_id>/rounds", "POST"): {"name": "Intrusion"},
    ("/api/teams/orgs/<org_id>/rounds/<round_id>/links", "POST"): {"team_id": "{team_id}", "max_uses": 3},
}


def protected_operations() -> list[Any]:
    load_all_areas()  # importing the route modules registers every operation
    found = {
        (op.rule, op.method): op
        for op in REGISTRY.operations
        if op.rule.startswith(("/api/teams/orgs/", "/api/admin/"))
    }
    assert found, "no team assessment routes registered"
    return list(found.values())


@pytest.fixture
def world(client: Any, aws: Any, deps: Any) -> dict[str, Any]:
    """Two organisations with a closed round each; a plain user; a portal admin who runs no organisation."""
    org_id, owner = organisation_with_admin(client, aws)
    other_org, other_admin = organisation_with_admin(client, aws, "ops@contoso.example", "Contoso")
    team = client.post(f"/api/teams/orgs/{org_id}/teams", json={"name": "Sales", "invited": 6}, headers=bearer(owner))
    team_id = team.get_json()["id"]
    round_id = client.post(f"/api/teams/orgs/{org_id}/rounds", json={"name": "R1"}, headers=bearer(owner)).get_json()[
        "id"
    ]
    links = client.get(f"/api/teams/orgs/{org_id}/rounds/{round_id}/links", headers=bearer(owner)).get_json()["items"]
    for i in range(5):
        record(deps, links[0]["token"], f"m{i}", 50 + i)
    staff_request = client.post(
        "/api/teams/requests",
        json={"organisation": "Pending Co", "contact_name": "Sam Lee", "work_email": "sam@pending.example",
              "team_size": "1-10", "consent": True},
        environ_base={"REMOTE_ADDR": "10.9.9.9"},
    ).get_json()["id"]  # fmt: skip
    return {
        "values": {
            "org_id": org_id,
            "round_id": round_id,
            "token": links[0]["token"],
            "team_id": team_id,
            "request_id": staff_request,
        },
        "other_admin": other_admin,
        "other_org": other_org,
        "plain": make_user(aws, "plain@example.com"),
        "staff": make_user(aws, "second-staff@agentboss.example", admin=True),
        "owner": owner,
    }


def call(client: Any, op: Any, values: dict[str, str], headers: dict[str, str]) -> Any:
    path = op.rule
    for name, value in values.items():
        path = path.replace(f"<{name}>", value)
    body = BODIES.get((op.rule, op.method))
    if body is not None:
        body = {k: (v.format(**values) if isinstance(v, str) else v) for k, v in body.items()}
    if op.method == "GET":
        return client.get(path, headers=headers)
    return client.post(path, json=body if body is not None else None, headers=headers)


def test_every_protected_route_of_team_assessments_is_in_the_matrix() -> None:
    rules = {(op.rule, op.method) for op in protected_operations()}
    assert len(rules) >= 12
    needing_body = {(op.rule, op.method) for op in protected_operations() if op.body is not None}
    assert needing_body <= set(BODIES), "give the new route a valid body in BODIES"


@pytest.mark.parametrize("persona", ["anonymous", "plain", "other_admin", "staff"])
def test_nobody_but_the_organisation_admin_reaches_an_organisation_route(
    client: Any, world: dict[str, Any], persona: str
) -> None:
    headers = {} if persona == "anonymous" else bearer(world[persona])
    for op in protected_operations():
        if not op.rule.startswith("/api/teams/orgs/"):
            continue
        response = call(client, op, world["values"], headers)
        expected = 401 if persona == "anonymous" else 404
        assert response.status_code == expected, (persona, op.method, op.rule, response.get_data(as_text=True))
        assert "Sales" not in response.get_data(as_text=True)


def test_the_organisation_admin_reaches_every_organisation_route(client: Any, world: dict[str, Any]) -> None:
    for op in sorted(protected_operations(), key=lambda o: "close" in o.rule or "revoke" in o.rule):
        if op.rule.startswith("/api/teams/orgs/"):
            response = call(client, op, world["values"], bearer(world["owner"]))
            assert response.status_code < 400 or response.status_code == 409, (op.method, op.rule, response.status_code)


def test_another_organisations_admin_gets_404_even_with_their_own_org_in_the_path(
    client: Any, world: dict[str, Any]
) -> None:
    values = {**world["values"], "org_id": world["other_org"]}  # their org, our round and link
    for op in protected_operations():
        if "<round_id>" in op.rule:
            response = call(client, op, values, bearer(world["other_admin"]))
            assert response.status_code == 404, (op.method, op.rule)


@pytest.mark.parametrize(("persona", "expected"), [("anonymous", 401), ("plain", 403), ("owner", 403), ("staff", 200)])
def test_only_portal_admins_reach_the_admin_routes(
    client: Any, world: dict[str, Any], persona: str, expected: int
) -> None:
    headers = {} if persona == "anonymous" else bearer(world[persona])
    for op in protected_operations():
        if op.rule.startswith("/api/admin/") and "decline" not in op.rule:
            assert call(client, op, world["values"], headers).status_code == expected, (persona, op.rule)
