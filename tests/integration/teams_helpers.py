"""Helpers for team assessment tests: Cognito users with tokens, mail read back from moto's SES."""

from __future__ import annotations

import re
from typing import Any

import boto3
from botocore.exceptions import ClientError

PASSWORD = "Correct-Horse-9-battery"


def make_user(aws: Any, email: str, *, admin: bool = False, verified: bool = True) -> dict[str, str]:
    """A confirmed Cognito user on moto; returns its access token and user id (sub)."""
    cognito = boto3.client("cognito-idp")
    pool = aws.environment()["USER_POOL_ID"]
    client_id = aws.environment()["USER_POOL_CLIENT_ID"]
    cognito.admin_create_user(
        UserPoolId=pool,
        Username=email,
        UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": str(verified).lower()}],
        MessageAction="SUPPRESS",
    )
    cognito.admin_set_user_password(UserPoolId=pool, Username=email, Password=PASSWORD, Permanent=True)
    if admin:
        cognito.admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName="admin")
    tokens = cognito.initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD}
    )["AuthenticationResult"]
    user = cognito.admin_get_user(UserPoolId=pool, Username=email)
    sub = next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")
    return {"token": tokens["AccessToken"], "user_id": sub, "email": email}


def bearer(user: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {user['token']}"}


def sent_mail() -> list[Any]:
    """Every message moto's SES accepted, in order."""
    from moto.backends import get_backend

    return list(get_backend("ses")["123456789012"]["eu-west-2"].sent_messages)


def invite_token_from_mail(to: str) -> str:
    """The admin invitation token in the last email sent to `to`."""
    message = [m for m in sent_mail() if m.destinations["ToAddresses"] == [to]][-1]
    found = re.search(r"#token=([A-Za-z0-9_-]+)", message.body)
    assert found, message.body
    return found.group(1)


REQUEST = {
    "organisation": "Northwind Logistics",
    "contact_name": "Priya Raman",
    "work_email": "priya@northwind.example",
    "team_size": "51-200",
    "message": "We would like to assess our operations managers.",
    "consent": True,
}


def organisation_with_admin(
    client: Any, aws: Any, email: str = "priya@northwind.example", name: str = "Northwind"
) -> tuple[str, dict[str, str]]:
    """Request -> portal admin approves -> the requester accepts: returns the org id and its admin."""
    request_id = client.post(
        "/api/teams/requests",
        json={**REQUEST, "organisation": name, "work_email": email},
        environ_base={"REMOTE_ADDR": f"10.1.{len(email)}.{len(name)}"},
    ).get_json()["id"]
    try:
        staff = make_user(aws, "staff@agentboss.example", admin=True)
    except ClientError as exc:  # already created by an earlier call in this test
        if exc.response["Error"]["Code"] != "UsernameExistsException":
            raise
        staff = login(aws, "staff@agentboss.example")
    org_id = client.post(f"/api/admin/team-requests/{request_id}/approve", headers=bearer(staff)).get_json()["org_id"]
    admin = make_user(aws, email)
    token = invite_token_from_mail(email)
    assert (
        client.post("/api/teams/admin-invites/accept", json={"token": token}, headers=bearer(admin)).status_code == 200
    )
    return org_id, admin


def login(aws: Any, email: str) -> dict[str, str]:
    cognito = boto3.client("cognito-idp")
    tokens = cognito.initiate_auth(
        ClientId=aws.environment()["USER_POOL_CLIENT_ID"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    return {"token": tokens["AccessToken"], "user_id": "", "email": email}


def record(deps: Any, token: str, attempt_id: str, overall: float, bank: str = "bank-v1") -> None:
    """A scored Score attempt recorded through the link, as the Score's submission does."""
    from functions.teams.answers import record_attempt

    dims = {d: overall for d in ("decomposition", "sequencing", "guardrails", "quality-checks", "ownership",
                                 "briefing", "fleet-design")}  # fmt: skip
    record_attempt(deps, token, attempt_id, overall, dims, bank)
