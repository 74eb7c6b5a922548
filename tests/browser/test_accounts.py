"""An account end to end in Chromium on the local stack: sign up, confirm with the logged code, sign in, sign out."""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path
from typing import Any

from tests.browser.conftest import axe_violations

PASSWORD = "Browser-test-pass-1"


def logged_code(stack_log: Path, email: str, purpose: str = "sign-up", timeout: float = 10.0) -> str:
    """The newest code the local stack printed for `email` (Cognito would have emailed it)."""
    pattern = re.compile(rf"\[cognito\] {purpose} code for {re.escape(email)}: (\d{{6}})")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = pattern.findall(stack_log.read_text(encoding="utf-8"))
        if found:
            return str(found[-1])
        time.sleep(0.1)
    raise AssertionError(f"no {purpose} code for {email} in {stack_log}")


def test_a_newcomer_signs_up_confirms_signs_in_sees_the_account_and_signs_out(
    page: Any, live_url: str, stack_log: Path
) -> None:
    email = f"newcomer-{uuid.uuid4().hex[:8]}@example.com"
    page.goto(live_url + "/")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="New here? Create an account").click()
    assert page.url.endswith("/account/sign-up/")
    assert axe_violations(page) == []

    page.get_by_label("Email address").fill(email)
    page.get_by_label("Your name").fill("Nia Newcomer")
    page.get_by_label("Password").fill("weak")
    page.get_by_role("button", name="Create account").click()
    assert page.get_by_text("Use at least 10 characters.").is_visible()
    assert page.get_by_label("Password").get_attribute("aria-invalid") == "true"
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")

    page.wait_for_url("**/account/confirm/")
    assert page.get_by_label("Email address").input_value() == email
    page.get_by_label("Six-digit code").fill("000000" if logged_code(stack_log, email) != "000000" else "111111")
    page.get_by_role("button", name="Confirm").click()
    error = page.get_by_text("That code is not right.")
    error.wait_for()
    assert page.console_errors == [
        "Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE ENTITY)"
    ]
    page.console_errors.clear()  # Chromium logs the expected 422; nothing else may appear
    page.get_by_label("Six-digit code").fill(logged_code(stack_log, email))
    page.get_by_role("button", name="Confirm").click()

    page.wait_for_url("**/account/sign-in/")
    assert page.get_by_role("status").inner_text().startswith("Your email address is confirmed")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url("**/account/")
    page.get_by_text("Nia Newcomer").wait_for()
    assert page.get_by_text(email).is_visible()
    assert nav.get_by_role("link", name="Account").is_visible()
    assert axe_violations(page) == []
    cookies = {c["name"]: c for c in page.context.cookies()}
    refresh = cookies["__Secure-ab_refresh"]
    # Chromium keeps Secure cookies for http://127.0.0.1 (a secure context), as it will on https.
    assert (refresh["httpOnly"], refresh["secure"], refresh["sameSite"], refresh["path"]) == (
        True,
        True,
        "Strict",
        "/api/auth",
    )
    assert page.evaluate("document.cookie").count("ab_refresh") == 0

    # A new tab of the same browser has no access token yet: the refresh cookie brings the session back.
    other = page.context.new_page()
    other.goto(live_url + "/account/")
    other.get_by_text("Nia Newcomer").wait_for()
    other.close()

    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_url(live_url + "/")
    assert nav.get_by_role("link", name="Sign in").is_visible()
    assert "__Secure-ab_refresh" not in {c["name"] for c in page.context.cookies()}
    page.goto(live_url + "/account/")
    assert page.get_by_text("You are not signed in.").is_visible()
    assert page.console_errors == []


def test_the_account_forms_are_usable_with_the_keyboard_alone(page: Any, live_url: str) -> None:
    page.goto(live_url + "/account/sign-in/")
    page.get_by_label("Email address").focus()
    page.keyboard.type("nobody@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type("Wrong-password-1")
    page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "email or password is not right" in alert.inner_text()
    assert page.evaluate("document.activeElement.getAttribute('data-form-error')") is not None
    assert axe_violations(page) == []
