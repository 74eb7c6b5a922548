"""The gym's lesson pages in Chromium: reachable from the index, accessible, usable on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import axe_violations

ONE_PER_KIND = ["brief-customer-reply", "plan-month-end-close", "autonomy-procurement", "review-contract-extraction"]


def test_the_gym_index_lists_lessons_by_kind_and_dimension_with_no_axe_violations(page: Any, live_url: str) -> None:
    response = page.goto(live_url + "/gym/")
    assert response.status == 200
    assert axe_violations(page) == []
    assert page.get_by_role("heading", name="Plan the work").is_visible()
    page.locator("#dimension-fleet-design").get_by_role(
        "link", name="Design the agent fleet for the month-end close"
    ).click()
    page.wait_for_load_state()
    assert page.url.endswith("/gym/plan-month-end-close/")
    assert page.console_errors == []


@pytest.mark.parametrize("lesson", ONE_PER_KIND)
def test_each_kind_of_lesson_page_has_its_task_form_and_no_axe_violations(
    page: Any, live_url: str, lesson: str
) -> None:
    response = page.goto(f"{live_url}/gym/{lesson}/")
    assert response.status == 200
    assert page.get_by_role("heading", level=2, name="Your task").is_visible()
    form = page.locator(f'form[data-gym-form][data-task-id="{lesson}"]')
    assert form.count() == 1
    assert form.get_by_role("button", name="Submit attempt").is_visible()
    assert axe_violations(page) == []
    assert page.console_errors == []


@pytest.mark.parametrize("lesson", ONE_PER_KIND)
def test_lesson_pages_fit_a_320px_phone(browser: Any, live_url: str, lesson: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    phone = context.new_page()
    phone.goto(f"{live_url}/gym/{lesson}/")
    overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0
