"""Running a team assessment on moto: teams, rounds, invite links, recorded answers and the report."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest

from functions.errors import Conflict, NotFound
from tests.integration.teams_helpers import bearer, organisation_with_admin, record


@pytest.fixture
def org(client: Any, aws: Any) -> tuple[str, dict[str, str]]:
    return organisation_with_admin(client, aws)


def add_teams(client: Any, org_id: str, admin: dict[str, str], **sizes: int) -> dict[str, str]:
    ids = {}
    for name, invited in sizes.items():
        response = client.post(f"/api/teams/orgs/{org_id}/teams", json={"name": name, "invited": invited},
                               headers=bearer(admin))  # fmt: skip
        assert response.status_code == 201
        ids[name] = response.get_json()["id"]
    return ids


def open_round(client: Any, org_id: str, admin: dict[str, str], name: str = "Spring") -> tuple[str, dict[str, str]]:
    """Opens a round; returns its id and the link token per team id."""
    opened = client.post(f"/api/teams/orgs/{org_id}/rounds", json={"name": name}, headers=bearer(admin))
    assert opened.status_code == 201
    round_id = opened.get_json()["id"]
    links = client.get(f"/api/teams/orgs/{org_id}/rounds/{round_id}/links", headers=bearer(admin)).get_json()
    return round_id, {link["team_id"]: link["token"] for link in links["items"]}


def test_team_names_are_validated_and_unique(client: Any, org: Any) -> None:
    org_id, admin = org
    add_teams(client, org_id, admin, Sales=8)
    duplicate = client.post(
        f"/api/teams/orgs/{org_id}/teams", json={"name": "sales", "invited": 3}, headers=bearer(admin)
    )
    assert duplicate.status_code == 422
    assert duplicate.get_json()["error"]["fields"][0]["field"] == "name"
    bad = client.post(f"/api/teams/orgs/{org_id}/teams", json={"name": "", "invited": 0}, headers=bearer(admin))
    assert {f["field"] for f in bad.get_json()["error"]["fields"]} == {"name", "invited"}


def test_a_round_gets_one_unguessable_expiring_limited_link_per_team(client: Any, org: Any, deps: Any) -> None:
    org_id, admin = org
    teams = add_teams(client, org_id, admin, Sales=8, Operations=6)
    round_id, tokens = open_round(client, org_id, admin)
    assert set(tokens) == set(teams.values())
    links = client.get(f"/api/teams/orgs/{org_id}/rounds/{round_id}/links", headers=bearer(admin)).get_json()["items"]
    for link in links:
        assert len(link["token"]) >= 43  # 32 random bytes, base64url: 256 bits
        assert link["url"].endswith(f"/teams/join/#t={link['token']}")
        assert link["valid_until"] > deps.clock().timestamp() + 29 * 86400
    assert {link["team_id"]: link["max_uses"] for link in links} == {teams["Sales"]: 8, teams["Operations"]: 6}
    second = client.post(f"/api/teams/orgs/{org_id}/rounds", json={"name": "Again"}, headers=bearer(admin))
    assert second.status_code == 409


def test_a_member_sees_who_runs_it_and_a_used_up_revoked_or_expired_link_stops(
    client: Any, org: Any, deps: Any, clock: Any
) -> None:
    org_id, admin = org
    teams = add_teams(client, org_id, admin, Sales=2)
    round_id, tokens = open_round(client, org_id, admin)
    token = tokens[teams["Sales"]]
    shown = client.get(f"/api/teams/invites/{token}")
    assert shown.status_code == 200
    assert shown.get_json() == {**shown.get_json(), "organisation": "Northwind", "team": "Sales", "k": 5}
    record(deps, token, "attempt-1", 60)
    with pytest.raises(Conflict):
        record(deps, token, "attempt-1", 60)  # the same attempt twice
    record(deps, token, "attempt-2", 70)
    with pytest.raises(NotFound):
        record(deps, token, "attempt-3", 70)  # max uses (2) reached
    assert client.get(f"/api/teams/invites/{token}").status_code == 404

    fresh = client.post(f"/api/teams/orgs/{org_id}/rounds/{round_id}/links", json={"team_id": teams["Sales"],
                        "max_uses": 5}, headers=bearer(admin)).get_json()["token"]  # fmt: skip
    revoked = client.post(f"/api/teams/orgs/{org_id}/rounds/{round_id}/links/{fresh}/revoke", headers=bearer(admin))
    assert revoked.status_code == 204
    assert client.get(f"/api/teams/invites/{fresh}").status_code == 404

    later = client.post(f"/api/teams/orgs/{org_id}/rounds/{round_id}/links", json={"team_id": teams["Sales"],
                        "max_uses": 5}, headers=bearer(admin)).get_json()["token"]  # fmt: skip
    clock.now += timedelta(days=31)
    assert client.get(f"/api/teams/invites/{later}").status_code == 404


def test_a_round_pins_one_question_bank_and_a_closed_round_records_nothing(client: Any, org: Any, deps: Any) -> None:
    org_id, admin = org
    teams = add_teams(client, org_id, admin, Sales=9)
    round_id, tokens = open_round(client, org_id, admin)
    token = tokens[teams["Sales"]]
    record(deps, token, "a1", 50, bank="bank-v1")
    with pytest.raises(Conflict):
        record(deps, token, "a2", 50, bank="bank-v2")
    assert client.post(f"/api/teams/orgs/{org_id}/rounds/{round_id}/close", headers=bearer(admin)).status_code == 200
    with pytest.raises(NotFound):
        record(deps, token, "a3", 50)


def test_the_report_shows_figures_after_closing_and_hides_small_teams(client: Any, org: Any, deps: Any) -> None:
    org_id, admin = org
    teams = add_teams(client, org_id, admin, Sales=8, Operations=6, Legal=3)
    round_id, tokens = open_round(client, org_id, admin)
    for i in range(6):
        record(deps, tokens[teams["Sales"]], f"s{i}", 40 + 5 * i)
    for i in range(5):
        record(deps, tokens[teams["Operations"]], f"o{i}", 60 + i)
    for i in range(2):
        record(deps, tokens[teams["Legal"]], f"l{i}", 90)
    url = f"/api/teams/orgs/{org_id}/rounds/{round_id}/report"
    during = client.get(url, headers=bearer(admin)).get_json()
    assert during["figures_available"] is False
    assert all(group["overall"] is None for group in during["groups"])
    client.post(f"/api/teams/orgs/{org_id}/rounds/{round_id}/close", headers=bearer(admin))
    report = client.get(url, headers=bearer(admin)).get_json()
    groups = {g["name"]: g for g in report["groups"]}
    assert groups["Northwind"]["responses"] == 13
    assert groups["Sales"]["overall"]["mean"] == 52.5
    assert groups["Sales"]["participation"] == 0.75
    assert groups["Legal"] == {**groups["Legal"], "shown": False, "hidden_reason": "fewer_than_k", "responses": None}
    assert groups["Operations"]["hidden_reason"] == "protects_another_team"
    assert sum(bar["count"] for bar in report["histogram"]) == 13

    exported = client.get(url + ".csv", headers=bearer(admin))
    assert exported.status_code == 200
    assert exported.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True))))
    assert rows[2][:3] == ["Sales", "team", "shown"]
    legal = next(r for r in rows if r and r[0] == "Legal")
    assert all(cell == "" for cell in legal[4:])
    text = exported.get_data(as_text=True)
    assert "@" not in text
    assert org_id not in text
    assert all(team_id not in text for team_id in teams.values())


def test_a_later_round_on_the_same_bank_shows_the_change(client: Any, org: Any, deps: Any, clock: Any) -> None:
    org_id, admin = org
    teams = add_teams(client, org_id, admin, Sales=8)
    first, tokens = open_round(client, org_id, admin, "Before")
    for i in range(5):
        record(deps, tokens[teams["Sales"]], f"b{i}", 50)
    client.post(f"/api/teams/orgs/{org_id}/rounds/{first}/close", headers=bearer(admin))
    clock.now += timedelta(days=60)
    second, tokens = open_round(client, org_id, admin, "After")
    for i in range(5):
        record(deps, tokens[teams["Sales"]], f"a{i}", 62)
    client.post(f"/api/teams/orgs/{org_id}/rounds/{second}/close", headers=bearer(admin))
    report = client.get(f"/api/teams/orgs/{org_id}/rounds/{second}/report", headers=bearer(admin)).get_json()
    assert report["comparison"]["earlier_round_name"] == "Before"
    changes = {c["name"]: c["overall"] for c in report["comparison"]["changes"]}
    assert changes == {"Northwind": 12.0, "Sales": 12.0}
    bad = client.get(f"/api/teams/orgs/{org_id}/rounds/{second}/report?compare=nope", headers=bearer(admin))
    assert bad.status_code == 422
    assert bad.get_json()["error"]["fields"][0]["field"] == "compare"


def test_closing_a_round_and_reading_its_report_make_only_the_calls_they_need(client: Any, org: Any, deps: Any) -> None:
    org_id, admin = org
    add_teams(client, org_id, admin, Sales=8)
    round_id, _ = open_round(client, org_id, admin)
    calls: list[str] = []

    def count(model: Any, **_: Any) -> None:
        calls.append(model.name)

    events = deps.table.meta.client.meta.events
    events.register("before-call.dynamodb", count)
    try:
        closed = client.post(f"/api/teams/orgs/{org_id}/rounds/{round_id}/close", headers=bearer(admin))
        closing = list(calls)
        calls.clear()
        report = client.get(f"/api/teams/orgs/{org_id}/rounds/{round_id}/report", headers=bearer(admin))
    finally:
        events.unregister("before-call.dynamodb", count)
    assert closed.status_code == 200
    assert closed.get_json()["status"] == "closed"
    assert closing == ["GetItem", "GetItem", "GetItem", "UpdateItem"]  # admin, organisation, round; the close
    assert report.status_code == 200
    # admin, organisation, round; the teams, the round's answers, the organisation's rounds (an earlier
    # one to compare with: that query lists this round again, which is why it is not read from it)
    assert calls == ["GetItem", "GetItem", "GetItem", "Query", "Query", "Query"]
