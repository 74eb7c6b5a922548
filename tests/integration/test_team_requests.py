"""Team assessment requests on moto: validation, spam defences, mail read back from SES, approval."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.teams_helpers import REQUEST, bearer, invite_token_from_mail, login, make_user, sent_mail


def stored_requests(deps: Any) -> list[dict[str, Any]]:
    from functions.stores.teams import requests_by_status

    return requests_by_status(deps.table, "pending", 100)


def test_a_request_is_stored_and_emails_sales_and_the_requester(client: Any, deps: Any) -> None:
    response = client.post("/api/teams/requests", json=REQUEST)
    assert response.status_code == 201
    (stored,) = stored_requests(deps)
    assert stored["id"] == response.get_json()["id"]
    assert stored["email"] == "priya@northwind.example"
    sales, confirmation = sent_mail()
    assert sales.destinations["ToAddresses"] == [deps.settings.sales_email]
    assert "Northwind Logistics" in sales.subject
    assert "operations managers" in sales.body
    assert confirmation.destinations["ToAddresses"] == ["priya@northwind.example"]
    assert "received" in confirmation.subject


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"work_email": "not-an-email"}, "work_email"),
        ({"consent": False}, "consent"),
        ({"team_size": "lots"}, "team_size"),
        ({"organisation": ""}, "organisation"),
        ({"message": "x" * 2001}, "message"),
        ({"contact_name": None}, "contact_name"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_an_invalid_request_names_the_field_and_stores_and_sends_nothing(
    client: Any, deps: Any, change: dict[str, Any], field: str
) -> None:
    response = client.post("/api/teams/requests", json={**REQUEST, **change})
    assert response.status_code == 422
    assert field in [f["field"] for f in response.get_json()["error"]["fields"]]
    assert stored_requests(deps) == []
    assert sent_mail() == []


def test_an_oversized_body_is_refused_with_413(client: Any, deps: Any) -> None:
    response = client.post("/api/teams/requests", json={**REQUEST, "message": "x" * 40_000})
    assert response.status_code == 413
    assert stored_requests(deps) == []


def test_a_filled_honeypot_looks_accepted_but_stores_and_sends_nothing(client: Any, deps: Any) -> None:
    response = client.post("/api/teams/requests", json={**REQUEST, "website": "http://spam.example"})
    assert response.status_code == 201
    assert stored_requests(deps) == []
    assert sent_mail() == []


def test_requests_are_rate_limited_per_client_address(client: Any, deps: Any) -> None:
    allowed = deps.settings.teams_requests_per_hour
    for _ in range(allowed):
        assert client.post("/api/teams/requests", json=REQUEST).status_code == 201
    refused = client.post("/api/teams/requests", json=REQUEST)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert len(stored_requests(deps)) == allowed
    other = client.post("/api/teams/requests", json=REQUEST, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 201


def test_an_ipv6_client_counts_once_for_its_whole_64(client: Any, deps: Any) -> None:
    for host in range(deps.settings.teams_requests_per_hour):
        address = {"REMOTE_ADDR": f"2001:db8:5:5::{host + 1:x}"}
        assert client.post("/api/teams/requests", json=REQUEST, environ_base=address).status_code == 201
    rotated = client.post("/api/teams/requests", json=REQUEST, environ_base={"REMOTE_ADDR": "2001:db8:5:5:ab::1"})
    assert rotated.status_code == 429


def test_admins_list_requests_newest_first_and_others_cannot(client: Any, deps: Any, aws: Any, clock: Any) -> None:
    from datetime import timedelta

    for name in ("First Co", "Second Co", "Third Co"):
        client.post("/api/teams/requests", json={**REQUEST, "organisation": name})
        clock.now += timedelta(minutes=1)
    admin = make_user(aws, "staff@agentboss.example", admin=True)
    listed = client.get("/api/admin/team-requests?status=pending", headers=bearer(admin))
    assert listed.status_code == 200
    assert [r["organisation"] for r in listed.get_json()["items"]] == ["Third Co", "Second Co", "First Co"]
    plain = make_user(aws, "someone@example.com")
    assert client.get("/api/admin/team-requests", headers=bearer(plain)).status_code == 403
    assert client.get("/api/admin/team-requests").status_code == 401
    assert client.get("/api/admin/team-requests?status=bogus", headers=bearer(admin)).status_code == 422


def test_approving_creates_the_organisation_and_invites_the_requester_once(client: Any, deps: Any, aws: Any) -> None:
    request_id = client.post("/api/teams/requests", json=REQUEST).get_json()["id"]
    admin = make_user(aws, "staff@agentboss.example", admin=True)
    approved = client.post(f"/api/admin/team-requests/{request_id}/approve", headers=bearer(admin))
    assert approved.status_code == 200
    assert approved.get_json()["status"] == "approved"
    org_id = approved.get_json()["org_id"]
    again = client.post(f"/api/admin/team-requests/{request_id}/approve", headers=bearer(admin))
    assert again.status_code == 409
    assert client.post(f"/api/admin/team-requests/{request_id}/decline", headers=bearer(admin)).status_code == 409
    pending = client.get("/api/admin/team-requests", headers=bearer(admin)).get_json()["items"]
    assert pending == []
    token = invite_token_from_mail("priya@northwind.example")

    stranger = make_user(aws, "mallory@example.com")
    wrong = client.post("/api/teams/admin-invites/accept", json={"token": token}, headers=bearer(stranger))
    assert wrong.status_code == 403
    requester = make_user(aws, "priya@northwind.example")
    accepted = client.post("/api/teams/admin-invites/accept", json={"token": token}, headers=bearer(requester))
    assert accepted.status_code == 200
    assert accepted.get_json() == {"id": org_id, "name": "Northwind Logistics"}
    reused = client.post("/api/teams/admin-invites/accept", json={"token": token}, headers=bearer(requester))
    assert reused.status_code == 404
    mine = client.get("/api/teams/orgs", headers=bearer(requester)).get_json()["items"]
    assert [o["id"] for o in mine] == [org_id]


def test_an_unverified_email_cannot_accept_an_invitation(client: Any, deps: Any, aws: Any) -> None:
    request_id = client.post("/api/teams/requests", json=REQUEST).get_json()["id"]
    admin = make_user(aws, "staff@agentboss.example", admin=True)
    client.post(f"/api/admin/team-requests/{request_id}/approve", headers=bearer(admin))
    token = invite_token_from_mail("priya@northwind.example")
    unverified = make_user(aws, "priya@northwind.example", verified=False)
    response = client.post("/api/teams/admin-invites/accept", json={"token": token}, headers=bearer(unverified))
    assert response.status_code == 403


def test_an_invitation_accepted_with_a_signed_out_session_is_401_and_changes_nothing(
    client: Any, deps: Any, aws: Any
) -> None:
    import boto3

    request_id = client.post("/api/teams/requests", json=REQUEST).get_json()["id"]
    admin = make_user(aws, "staff@agentboss.example", admin=True)
    client.post(f"/api/admin/team-requests/{request_id}/approve", headers=bearer(admin))
    token = invite_token_from_mail("priya@northwind.example")
    requester = make_user(aws, "priya@northwind.example")
    boto3.client("cognito-idp").global_sign_out(AccessToken=requester["token"])  # the pool now refuses it
    response = client.post("/api/teams/admin-invites/accept", json={"token": token}, headers=bearer(requester))
    assert response.status_code == 401
    signed_in = login(aws, "priya@northwind.example")  # afresh: the invitation is still there
    again = client.post("/api/teams/admin-invites/accept", json={"token": token}, headers=bearer(signed_in))
    assert again.status_code == 200


def test_declining_moves_the_request_and_approving_an_unknown_one_is_404(client: Any, deps: Any, aws: Any) -> None:
    request_id = client.post("/api/teams/requests", json=REQUEST).get_json()["id"]
    admin = make_user(aws, "staff@agentboss.example", admin=True)
    declined = client.post(f"/api/admin/team-requests/{request_id}/decline", headers=bearer(admin))
    assert declined.get_json()["status"] == "declined"
    listed = client.get("/api/admin/team-requests?status=declined", headers=bearer(admin)).get_json()["items"]
    assert [r["id"] for r in listed] == [request_id]
    assert client.post("/api/admin/team-requests/nope/approve", headers=bearer(admin)).status_code == 404


def test_an_organisation_admins_data_is_exported_and_deleted_with_their_account(
    client: Any, deps: Any, aws: Any
) -> None:
    from functions.users.registry import delete_user_data, export_user_data
    from tests.integration.teams_helpers import organisation_with_admin

    org_id, admin = organisation_with_admin(client, aws)
    exported = export_user_data(deps, admin["user_id"])["team_organisation_admin"]
    assert exported == [
        {"organisation": "Northwind", "email": "priya@northwind.example", "since": exported[0]["since"]}
    ]
    assert delete_user_data(deps, admin["user_id"])["team_organisation_admin"] == 1
    from functions.stores.teams import get_admin, orgs_administered_by

    assert orgs_administered_by(deps.table, admin["user_id"]) == []
    assert get_admin(deps.table, org_id, admin["user_id"]) is None
    assert client.get(f"/api/teams/orgs/{org_id}", headers=bearer(admin)).status_code == 404
