"""`make admin`: a staff user in the running local stack, who then signs in with the admin role."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

from devstack.launch import ROOT, child_environment


def admin_command(state: Path, email: str, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "devstack", "admin", "--email", email, "--password", password, "--state", str(state)],
        cwd=ROOT,
        env=child_environment(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def post(url: str, body: dict[str, Any], token: str = "") -> Any:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")  # noqa: S310 (loopback)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        return json.load(response)


def me(url: str, token: str) -> Any:
    request = urllib.request.Request(f"{url}/api/me", headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        return json.load(response)


def test_make_admin_creates_a_staff_user_who_signs_in_with_the_admin_group(live_url: str, built_site: Path) -> None:
    state = built_site / "devstack.json"
    assert json.loads(state.read_text())["endpoint"].startswith("http://127.0.0.1:")
    result = admin_command(state, "Boss@Example.com", "Staff-password-1")
    assert result.returncode == 0, result.stderr
    assert "Created boss@example.com" in result.stdout
    tokens = post(f"{live_url}/api/auth/sign-in", {"email": "boss@example.com", "password": "Staff-password-1"})
    profile = me(live_url, tokens["access_token"])
    assert (profile["email"], profile["groups"], profile["email_verified"]) == ("boss@example.com", ["admin"], True)

    again = admin_command(state, "boss@example.com", "Staff-password-2")
    assert again.returncode == 0, again.stderr
    assert "Updated boss@example.com" in again.stdout
    post(f"{live_url}/api/auth/sign-in", {"email": "boss@example.com", "password": "Staff-password-2"})


def test_make_admin_explains_a_password_the_pool_refuses(live_url: str, built_site: Path) -> None:
    result = admin_command(built_site / "devstack.json", "weak@example.com", "weak")
    assert result.returncode == 1
    assert "Could not create the admin" in result.stderr
    assert "Traceback" not in result.stderr


def test_make_admin_without_a_running_stack_says_to_start_one(tmp_path: Path) -> None:
    result = admin_command(tmp_path / "missing.json", "boss@example.com", "Staff-password-1")
    assert result.returncode != 0
    assert "make serve" in result.stderr + result.stdout


def test_make_admin_needs_an_email() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    result = subprocess.run(
        ["make", "--no-print-directory", "admin"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "usage: make admin EMAIL=" in result.stdout
