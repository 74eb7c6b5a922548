"""Insights pages in Chromium: accessibility, page weight, no third-party requests, search."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import axe_violations
from tests.browser.lighthouse import PORTAL_MINIMUMS, lighthouse_shortfalls

ARTICLE = "/insights/the-brief-is-the-job/"
PAGE_BUDGET_BYTES = 60 * 1024


@pytest.mark.parametrize("path", ["/insights/", "/insights/tags/briefing/", ARTICLE, "/insights/authors/maya-okafor/"])
def test_insights_pages_have_no_axe_violations_or_console_errors(page: Any, live_url: str, path: str) -> None:
    response = page.goto(live_url + path)
    assert response.status == 200
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_an_article_page_weighs_under_60_kb_and_asks_no_third_party(page: Any, live_url: str) -> None:
    origin = urlsplit(live_url).netloc
    requests: list[Any] = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.goto(live_url + ARTICLE, wait_until="networkidle")
    hosts = {urlsplit(request.url).netloc for request in requests if not request.url.startswith("data:")}
    assert hosts == {origin}
    weight = sum(
        len(request.response().body()) for request in requests if request.resource_type not in ("image", "media")
    )
    assert weight < PAGE_BUDGET_BYTES, f"{weight} bytes"
    assert page.get_by_role("heading", level=1).inner_text() == "The brief is the job"
    assert page.get_by_role("heading", name="Keep reading").is_visible()
    assert page.get_by_role("link", name="Try this gym lesson").get_attribute("href") == "/gym/brief-research-digest/"


def test_the_search_box_finds_articles_as_the_reader_types(page: Any, live_url: str) -> None:
    page.goto(live_url + "/insights/")
    box = page.get_by_role("searchbox", name="Search the insights")
    box.fill("autonomy dial")
    results = page.locator("#insights-search-results")
    results.get_by_role("link", name="Autonomy is a dial, not a switch").wait_for()
    assert "1 article matches" in page.locator("#insights-search-status").inner_text()
    box.fill("zzzz no such words")
    page.get_by_text("0 articles match").wait_for()
    assert results.is_hidden()
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/insights/", "/insights/tags/briefing/", ARTICLE])
def test_insights_pages_meet_the_lighthouse_bar(live_url: str, path: str) -> None:
    assert lighthouse_shortfalls(live_url + path, PORTAL_MINIMUMS) == []
