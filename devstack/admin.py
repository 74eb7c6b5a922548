"""`make admin EMAIL=... PASSWORD=...`: create (or promote) a staff user in the running local stack."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3

from devstack.aws import FAKE_CREDENTIALS

STATE_FILE = Path(__file__).resolve().parent.parent / "build" / "devstack.json"
ADMIN_GROUP = "admin"


def write_state(endpoint: str, region: str, user_pool_id: str, path: Path = STATE_FILE) -> None:
    """Record where the running stack is, for commands run from another terminal."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"endpoint": endpoint, "region": region, "user_pool_id": user_pool_id}))


def read_state(path: Path = STATE_FILE) -> dict[str, str]:
    if not path.exists():
        raise SystemExit("The local stack is not running: start it with `make serve` in another terminal.")
    state: dict[str, str] = json.loads(path.read_text())
    return state


def confirmed_user(cognito: Any, pool: str, email: str, password: str, name: str) -> bool:
    """A user as if signed up and confirmed (verified email, permanent password); False if it existed."""
    try:
        cognito.admin_create_user(
            UserPoolId=pool,
            Username=email,
            MessageAction="SUPPRESS",
            UserAttributes=[
                {"Name": "email", "Value": email},
                {"Name": "email_verified", "Value": "true"},
                {"Name": "name", "Value": name},
            ],
        )
        created = True
    except cognito.exceptions.UsernameExistsException:
        created = False
    cognito.admin_set_user_password(UserPoolId=pool, Username=email, Password=password, Permanent=True)
    return created


def create_admin(email: str, password: str, name: str = "Administrator", state: dict[str, str] | None = None) -> str:
    """A confirmed user with a permanent password in the `admin` group; returns a sentence saying what was done."""
    state = state or read_state()
    cognito: Any = boto3.client(
        "cognito-idp",
        endpoint_url=state["endpoint"],
        region_name=state["region"],
        aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    pool, email = state["user_pool_id"], email.strip().lower()
    created = confirmed_user(cognito, pool, email, password, name)
    cognito.admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName=ADMIN_GROUP)
    verb = "Created" if created else "Updated"
    return f"{verb} {email} with the given password, in the '{ADMIN_GROUP}' group. Sign in at /account/sign-in/."
