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
    page.wait_for_url("**/account/sign-in/")
    assert page.get_by_role("status").inner_text() == "You are signed out."
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


def confirmed_account(live_url: str, stack_log: Path, email: str, password: str = PASSWORD) -> None:
    """Sign up and confirm through the API, reading the code from the stack's log."""
    import json
    import urllib.request

    def post(path: str, body: dict[str, str]) -> None:
        request = urllib.request.Request(live_url + path, data=json.dumps(body).encode(), method="POST")  # noqa: S310
        request.add_header("Content-Type", "application/json")
        urllib.request.urlopen(request, timeout=10).close()  # noqa: S310 (loopback)

    post("/api/auth/sign-up", {"email": email, "password": password, "name": "Rae Returning"})
    post("/api/auth/confirm", {"email": email, "code": logged_code(stack_log, email)})


def sign_in(page: Any, live_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(live_url + "/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/account/")
    page.get_by_text("Rae Returning").first.wait_for()


def test_a_user_resets_a_forgotten_password_changes_it_downloads_their_data_and_deletes_the_account(
    page: Any, live_url: str, stack_log: Path
) -> None:
    import json

    email = f"returning-{uuid.uuid4().hex[:8]}@example.com"
    confirmed_account(live_url, stack_log, email)

    page.goto(live_url + "/account/sign-in/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_url("**/account/reset-password/")
    assert page.get_by_label("Email address").input_value() == email
    page.get_by_label("Six-digit code").fill(logged_code(stack_log, email, "password-reset"))
    page.get_by_label("Password").fill("Second-password-2")
    page.get_by_role("button", name="Set new password").click()
    page.wait_for_url("**/account/sign-in/")
    sign_in(page, live_url, email, "Second-password-2")

    page.get_by_role("link", name="Change password").click()
    page.get_by_label("Current password").fill("Second-password-2")
    page.get_by_label("New password").fill("Third-password-3")
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url("**/account/")
    assert page.get_by_role("status").inner_text() == "Your password is changed."

    page.get_by_text("Rae Returning").first.wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    assert re.fullmatch(r"agent-boss-data-\d{4}-\d{2}-\d{2}\.json", download.value.suggested_filename)
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported["account"]["email"] == email
    assert exported["format"] == "agent-boss-export/1"

    page.get_by_role("button", name="Delete my account").click()
    assert page.get_by_text("Type DELETE in capital letters.").is_visible()
    page.get_by_label("Type DELETE to confirm").fill("DELETE")
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url("**/account/")
    page.get_by_text("You are not signed in.").wait_for()
    assert "deleted" in page.get_by_role("status").inner_text()
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").is_visible()

    page.goto(live_url + "/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill("Third-password-3")
    page.get_by_role("button", name="Sign in").click()
    assert "email or password is not right" in page.get_by_role("alert").inner_text()


def test_the_api_client_refreshes_once_when_its_access_token_is_refused(
    page: Any, live_url: str, stack_log: Path
) -> None:
    email = f"refresher-{uuid.uuid4().hex[:8]}@example.com"
    confirmed_account(live_url, stack_log, email)
    sign_in(page, live_url, email)
    # A token the API refuses (as a revoked or rotated one would be) but the page believes is fresh.
    stale = "JSON.stringify({token: 'not.a.jwt', expiresAt: Date.now() + 3600e3})"
    page.evaluate(f"sessionStorage.setItem('agentBoss.accessToken', {stale})")
    calls: list[str] = []
    page.on(
        "request", lambda request: calls.append(request.url.replace(live_url, "")) if "/api/" in request.url else None
    )
    page.reload()
    page.get_by_text("Rae Returning").first.wait_for()
    assert calls == ["/api/me", "/api/auth/refresh", "/api/me"]
    assert "not.a.jwt" not in page.evaluate("sessionStorage.getItem('agentBoss.accessToken')")


ACCOUNT_PAGES = [
    "/account/",
    "/account/sign-up/",
    "/account/confirm/",
    "/account/resend-code/",
    "/account/sign-in/",
    "/account/forgot-password/",
    "/account/reset-password/",
    "/account/change-password/",
]


def test_every_account_page_passes_axe_in_both_colour_schemes_and_fits_a_phone(browser: Any, live_url: str) -> None:
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 320, "height": 640}, color_scheme=scheme)
        tab = context.new_page()
        for path in ACCOUNT_PAGES:
            assert tab.goto(live_url + path).status == 200
            tab.wait_for_load_state("load")
            assert axe_violations(tab) == [], (scheme, path)
            overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (scheme, path)
        context.close()


def test_signed_out_visitors_are_asked_to_sign_in_before_changing_a_password(page: Any, live_url: str) -> None:
    page.goto(live_url + "/account/change-password/")
    link = page.get_by_role("main").get_by_role("link", name="sign in")
    assert link.get_attribute("href") == "/account/sign-in/?next=/account/change-password/"
    assert not page.get_by_label("Current password").is_visible()


def test_signing_in_returns_to_the_page_that_asked_but_never_to_another_site(
    page: Any, live_url: str, stack_log: Path
) -> None:
    email = f"returner-{uuid.uuid4().hex[:8]}@example.com"
    confirmed_account(live_url, stack_log, email)
    for next_path, landing in (
        ("//evil.example/", "/account/"),
        ("/account/change-password/", "/account/change-password/"),
    ):
        page.goto(f"{live_url}/account/sign-in/?next={next_path}")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(live_url + landing)
        page.evaluate("window.agentBoss.session.signOut()")
