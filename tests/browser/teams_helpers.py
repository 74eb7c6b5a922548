"""Helpers for the team assessment browser tests: users and mail in the live stack's moto."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from pathlib import Path
from typing import Any

import boto3

from devstack.admin import confirmed_user, create_admin, read_state
from devstack.aws import FAKE_CREDENTIALS

PASSWORD = "Team-browser-pass-7"


def _state(built_site: Path) -> dict[str, str]:
    """Where the live stack's moto runs (written next to the site it serves)."""
    return read_state(built_site / "devstack.json")


def _cognito(built_site: Path) -> Any:
    state = _state(built_site)
    client = boto3.client(
        "cognito-idp",
        endpoint_url=state["endpoint"],
        region_name=state["region"],
        aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    return client, state["user_pool_id"]


def make_staff(built_site: Path, email: str) -> None:
    create_admin(email, PASSWORD, "Staff Member", state=_state(built_site))


def make_member(built_site: Path, email: str, name: str) -> None:
    """A confirmed user with a verified email (as if they had signed up and confirmed)."""
    cognito, pool = _cognito(built_site)
    assert confirmed_user(cognito, pool, email, PASSWORD, name), f"{email} existed already"


def sent_mail_to(built_site: Path, email: str, timeout: float = 10.0) -> list[dict[str, Any]]:
    """Messages moto's SES accepted for `email`, read over HTTP from moto's data endpoint."""
    state = _state(built_site)
    deadline = time.monotonic() + timeout
    while True:
        with urllib.request.urlopen(f"{state['endpoint']}/moto-api/data.json", timeout=5) as response:  # noqa: S310
            data = json.loads(response.read())
        found = [m for m in data.get("ses", {}).get("Message", []) if email in json.dumps(m.get("destinations"))]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def token_in(message: dict[str, Any], marker: str = "#token=") -> str:
    found = re.search(re.escape(marker) + r"([A-Za-z0-9_-]+)", json.dumps(message))
    assert found, message
    return found.group(1)


def sign_in(page: Any, live_url: str, email: str, next_path: str) -> None:
    page.goto(f"{live_url}/account/sign-in/?next={next_path}")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_url + next_path)
