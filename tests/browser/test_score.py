"""The Score in Chromium: the whole quiz by keyboard, the result, accessibility and Lighthouse."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from tests.browser.conftest import axe_violations
from tests.browser.lighthouse import PORTAL_MINIMUMS, lighthouse_shortfalls
from tests.score_helpers import best_answer, submission


@pytest.fixture(scope="module")
def section(built_site: Path) -> dict[str, Any]:
    return json.loads((built_site / "bundle" / "bundle.json").read_text())["sections"]["score"]  # type: ignore[no-any-return]


def _tab_to(page: Any, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching `selector` has focus."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def _answer_by_keyboard(page: Any, item: dict[str, Any] | None, familiarity: dict[str, Any] | None) -> None:
    """Answer the visible question with the keyboard only: the key's best answer, or a self-rating."""
    if familiarity is not None:
        item_id, kind, answer = familiarity["id"], "familiarity", familiarity["options"][2]["id"]
        option_ids = [o["id"] for o in familiarity["options"]]
    else:
        assert item is not None
        item_id, kind, answer = item["id"], item["type"], best_answer(item)
        option_ids = [o["id"] for o in item["options"]]
    if kind in ("single", "familiarity"):
        _tab_to(page, f"#{item_id}-{option_ids[0]}")
        page.keyboard.press("Space")
        for _ in range(option_ids.index(answer)):
            page.keyboard.press("ArrowDown")
    elif kind == "pick":
        for option in answer:
            _tab_to(page, f"#{item_id}-{option}")
            page.keyboard.press("Space")
    elif kind == "ranking":
        for place, option in enumerate(answer, start=1):
            _tab_to(page, f"#{item_id}-{option}")
            page.keyboard.type(str(place))  # type-ahead picks "1st", "2nd", ...
    else:
        for option, rating in answer.items():
            _tab_to(page, f"#{item_id}-{option}-1")
            page.keyboard.press("Space")
            for _ in range(rating - 1):
                page.keyboard.press("ArrowRight")


def test_the_whole_quiz_can_be_taken_by_keyboard_and_survives_a_reload(
    page: Any, live_url: str, section: dict[str, Any]
) -> None:
    page.goto(live_url + "/score/")
    assert axe_violations(page) == []
    screens: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = [(i, None) for i in section["items"]]
    screens += [(None, q) for q in section["familiarity"]]
    progress = page.locator("#score-progress")
    for index, (item, familiarity) in enumerate(screens):
        assert progress.inner_text() == f"Question {index + 1} of {len(screens)}"
        visible = page.locator(".score-question:visible")
        assert visible.count() == 1
        if index == 3:
            page.reload()  # answers and place are kept in the browser
            assert progress.inner_text() == f"Question 4 of {len(screens)}"
            page.locator("#score-back").click()
            assert page.locator(f"#q-{section['items'][2]['id']}").is_visible()
            page.locator("#score-next").click()
        _answer_by_keyboard(page, item, familiarity)
        last = index == len(screens) - 1
        _tab_to(page, "#score-submit" if last else "#score-next")
        page.keyboard.press("Enter")
        if not last:
            focused = page.evaluate("document.activeElement.dataset.item")
            assert focused == (screens[index + 1][0] or screens[index + 1][1] or {})["id"]  # focus moved on
    page.wait_for_url("**/score/result/?id=*")
    heading = page.get_by_role("heading", level=1)
    heading.wait_for()
    assert "Agent Boss" in heading.inner_text()
    assert page.locator("#r-overall").inner_text() == "100"
    assert page.locator("#r-chart svg[role=img]").count() == 1
    assert page.locator("#r-table tr").count() == len(section["dimensions"])
    assert page.locator("#r-items > li").count() == len(section["items"])
    assert page.locator("#r-gaps > li").count() >= 2
    assert "linkedin.com/sharing/share-offsite/?url=" in page.locator("#r-linkedin").get_attribute("href")
    assert "/score/band/agent-boss/" in unquote(page.locator("#r-x").get_attribute("href"))
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_a_quiz_question_cannot_be_skipped_and_the_error_is_announced(page: Any, live_url: str) -> None:
    page.goto(live_url + "/score/")
    page.evaluate("localStorage.clear()")
    page.reload()
    page.locator("#score-next").click()
    error = page.locator(".score-question:visible .score-error")
    assert error.is_visible()
    assert error.get_attribute("role") == "alert"
    assert page.locator("#score-progress").inner_text().startswith("Question 1 of")


def test_an_unknown_result_id_shows_a_helpful_message(page: Any, live_url: str) -> None:
    page.goto(live_url + "/score/result/?id=nosuchresultid0000000000")
    page.locator("#score-load-error").wait_for()
    assert "could not find" in page.locator("#score-load-error").inner_text()


def _create_attempt(live_url: str, section: dict[str, Any]) -> str:
    request = urllib.request.Request(  # noqa: S310 (loopback)
        live_url + "/api/score/attempts",
        data=json.dumps(submission(section, quality="worst")).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        return str(json.loads(response.read())["id"])


def test_the_result_page_emails_the_report_after_consent(page: Any, live_url: str, section: dict[str, Any]) -> None:
    attempt_id = _create_attempt(live_url, section)
    page.goto(f"{live_url}/score/result/?id={attempt_id}")
    page.locator("#r-title").wait_for()
    assert page.locator("#r-consent-report").is_checked() is False
    assert page.locator("#r-consent-updates").is_checked() is False
    page.locator("#r-email").fill("reader@example.com")
    page.get_by_role("button", name="Email my report").click()
    assert page.locator("#r-consent-error").is_visible()
    page.locator("#r-consent-report").check()
    page.get_by_role("button", name="Email my report").click()
    page.get_by_text("Sent to reader@example.com").wait_for()


def test_the_quiz_page_meets_the_lighthouse_bar(live_url: str) -> None:
    assert lighthouse_shortfalls(live_url + "/score/", PORTAL_MINIMUMS) == []


def test_the_result_page_meets_the_lighthouse_bar(live_url: str, section: dict[str, Any]) -> None:
    attempt_id = _create_attempt(live_url, section)
    assert lighthouse_shortfalls(f"{live_url}/score/result/?id={attempt_id}", PORTAL_MINIMUMS) == []


def test_every_kind_of_question_fits_a_320px_phone(browser: Any, live_url: str, section: dict[str, Any]) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    phone = context.new_page()
    phone.goto(live_url + "/score/")
    phone.evaluate("localStorage.clear()")
    overflow, shown = [], []
    kinds = {item["type"]: index for index, item in reversed(list(enumerate(section["items"])))}
    kinds["familiarity"] = len(section["items"])  # the self-rating questions follow the scored items
    for index in sorted(kinds.values()):
        # Jump straight to a question of each kind through the stored progress.
        phone.evaluate(
            f"localStorage.setItem('agentboss.score.{section['version']}', JSON.stringify({{index: {index}}}))"
        )
        phone.reload()
        question = phone.locator(".score-question:not([hidden])")
        shown.append((phone.locator("#score-progress").inner_text(), question.get_attribute("data-kind")))
        overflow.append(phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))
    total = phone.locator(".score-question").count()
    context.close()
    assert shown == [
        (f"Question {index + 1} of {total}", kind) for kind, index in sorted(kinds.items(), key=lambda k: k[1])
    ]
    assert overflow == [0] * len(kinds)
