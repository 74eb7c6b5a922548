"""The home page in Chromium: navigation, accessibility, security headers."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import axe_violations


def test_home_page_loads_follows_navigation_and_has_no_axe_violations(page: Any, live_url: str) -> None:
    response = page.goto(live_url + "/")
    assert response.status == 200
    assert "Agent Boss" in page.title()
    assert axe_violations(page) == []
    nav = page.get_by_role("navigation", name="Main")
    for label in ("Insights", "Score", "Gym", "Teams", "Sign in"):
        assert nav.get_by_role("link", name=label).is_visible()
    page.get_by_role("link", name="Take the free Score").click()
    page.wait_for_load_state()
    assert page.url.endswith("/score/")


def test_the_site_sends_the_security_headers(page: Any, live_url: str) -> None:
    response = page.goto(live_url + "/")
    headers = response.all_headers()
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert "max-age=" in headers["strict-transport-security"]


def test_an_unknown_page_shows_the_404_page(page: Any, live_url: str) -> None:
    response = page.goto(live_url + "/no/such/page/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "We could not find that page"
    assert axe_violations(page) == []


def test_the_home_page_fits_a_320px_phone(browser: Any, live_url: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    phone = context.new_page()
    phone.goto(live_url + "/")
    overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0
