"""A gym attempt in Chromium on the local stack: sign in, open a lesson, submit, watch it get graded."""

from __future__ import annotations

import json
import re
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from tests.browser.conftest import axe_violations
from tests.browser.test_accounts import logged_code
from tests.score_helpers import submission

PASSWORD = "Gym-browser-pass-1"
LESSON = "/gym/brief-research-digest/"
FIRST_BRIEF = (
    "Write this week's research digest for the leadership team, who decide on Monday which "
    "warehouse robotics experiments to fund. Keep it short."
)
SECOND_BRIEF = FIRST_BRIEF + " Return JSON: a list of items, each with title, source and takeaway."


def post_json(url: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(  # noqa: S310 (loopback)
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        assert response.status < 300
        return json.loads(response.read() or b"null")


def confirmed_user(live_url: str, stack_log: Path) -> str:
    """A confirmed account on the local stack, made through the API as the sign-up page would."""
    email = f"gym-{uuid.uuid4().hex[:8]}@example.com"
    post_json(f"{live_url}/api/auth/sign-up", {"email": email, "password": PASSWORD, "name": "Gil Gymgoer"})
    post_json(f"{live_url}/api/auth/confirm", {"email": email, "code": logged_code(stack_log, email)})
    return email


def sign_in_to(page: Any, live_url: str, email: str, path: str) -> None:
    page.goto(f"{live_url}/account/sign-in/?next={path}")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_url}{path}")


# Records every state the feedback shows, however briefly (the local worker can grade in well
# under a second, faster than a locator polls).
RECORD_STATES = """() => {
  if (window.gymObserver) window.gymObserver.disconnect();
  window.gymStates = [];
  const previous = document.querySelector("[data-gym-state]");
  window.gymObserver = new MutationObserver(() => {
    const shown = document.querySelector("[data-gym-state]");
    const state = shown && shown !== previous && shown.dataset.gymState;
    if (state && window.gymStates.at(-1) !== state) window.gymStates.push(state);
  });
  window.gymObserver.observe(document.body, { subtree: true, childList: true });
}"""


def submit_and_wait_for_grade(page: Any, text: str) -> list[str]:
    """Submit the brief; returns the states the page showed, in order, until it was graded."""
    page.evaluate(RECORD_STATES)
    page.get_by_label("Your brief for the agent").fill(text)
    page.get_by_role("button", name="Submit attempt").click()
    page.wait_for_function("() => window.gymStates.at(-1) === 'graded'", timeout=30_000)
    return page.evaluate("window.gymStates")  # type: ignore[no-any-return]


def test_a_signed_in_user_submits_a_brief_and_watches_it_graded_with_feedback(
    page: Any, live_url: str, stack_log: Path, built_site: Path
) -> None:
    email = confirmed_user(live_url, stack_log)
    page.goto(live_url + LESSON)
    assert page.locator("[data-gym-signin]").is_visible()  # signed out: told to sign in, no request made
    sign_in_to(page, live_url, email, LESSON)
    assert axe_violations(page) == []

    states = submit_and_wait_for_grade(page, FIRST_BRIEF)
    assert states[0] == "queued"
    assert set(states) <= {"queued", "running", "graded"}
    status = page.locator("[data-gym-status]")
    assert status.inner_text().startswith("Graded: ")
    result = page.locator("[data-gym-result]")
    score = int(result.locator("[data-gym-score]").inner_text())
    assert 0 <= score <= 100
    criteria = result.locator(".gym-criterion")
    assert criteria.count() >= 3
    assert result.get_by_text("✗ Not met").first.is_visible()
    assert result.locator(".gym-fix").first.is_visible()
    assert 1 <= result.locator(".gym-comment").count() <= 3
    # No model is configured locally, so the page says what one would add.
    assert result.get_by_role("heading", name="What a model would add").is_visible()

    assert submit_and_wait_for_grade(page, SECOND_BRIEF)[0] == "queued"
    history = page.locator("[data-gym-history]")
    history.locator('[data-gym-iteration="2"]').wait_for()
    latest = history.locator('[data-gym-iteration="2"]')
    assert latest.get_attribute("open") is not None
    assert "Return JSON" in latest.locator("ins").inner_text()
    assert history.locator('[data-gym-iteration="1"]').count() == 1
    assert axe_violations(page) == []

    # This browser also took the Score: the profile draws its dimensions beside the gym's.
    bundle = json.loads((built_site / "bundle" / "bundle.json").read_text(encoding="utf-8"))
    score = post_json(f"{live_url}/api/score/attempts", submission(bundle["sections"]["score"]))
    page.evaluate("id => localStorage.setItem('agentboss.score.latest', id)", score["id"])
    page.goto(live_url + "/account/")
    page.locator("[data-gym-profile][data-gym-profile-ready]").wait_for()
    profile = page.locator("[data-gym-profile]")
    assert profile.get_by_role("img").count() == 1
    briefing = profile.get_by_role("row", name="Briefing")
    score_briefing = next(d["score"] for d in score["dimensions"] if d["id"] == "briefing")
    assert re.fullmatch(r"\d+ \(1 of \d+ tasks\)", briefing.locator("td").nth(0).inner_text())
    assert briefing.locator("td").nth(1).inner_text() == str(score_briefing)
    assert profile.locator(".gym-bar-score").count() == profile.locator(".gym-bar-gym").count()
    assert page.locator("[data-history-list] li").count() == 2
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_a_refused_submission_names_the_problem_next_to_the_form(page: Any, live_url: str, stack_log: Path) -> None:
    email = confirmed_user(live_url, stack_log)
    sign_in_to(page, live_url, email, "/gym/autonomy-support-inbox/")
    page.locator('input[type="radio"][value="alone"]').first.check()
    page.get_by_role("button", name="Submit attempt").click()
    errors = page.locator("[data-gym-errors]")
    errors.wait_for()
    assert "choose alone, checkpoint or never" in errors.inner_text()
    # Every action left unset is marked (its first choice, where focus lands), the one set is not.
    actions = page.locator("[data-gym-action]").evaluate_all("nodes => nodes.map(n => n.dataset.gymAction)")
    marked = page.locator('[aria-invalid="true"]').evaluate_all("nodes => nodes.map(n => n.name)")
    assert len(actions) > 1
    assert marked == [f"settings.{action}" for action in actions[1:]]
    assert axe_violations(page) == []
    assert page.console_errors == [
        "Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE ENTITY)"
    ]


def test_a_plan_and_a_review_are_read_from_their_forms_and_graded(page: Any, live_url: str, stack_log: Path) -> None:
    email = confirmed_user(live_url, stack_log)
    sign_in_to(page, live_url, email, "/gym/plan-product-launch/")
    steps = page.locator("[data-gym-step]")
    steps.nth(0).get_by_label("Title").fill("Research and draft")
    steps.nth(0).locator('input[name="covers"][value="research"]').check()
    # The second row stays blank (left out), so the third row is the second step sent.
    steps.nth(2).get_by_label("Title").fill("Legal review")
    steps.nth(2).locator('input[name="covers"][value="legal"]').check()
    steps.nth(2).locator('input[name="depends_on"]').fill("s9")
    steps.nth(2).locator('select[name="owner"]').select_option("human")
    page.get_by_role("button", name="Submit attempt").click()
    slot = steps.nth(2).locator('[data-error-for$=".depends_on"]')
    slot.wait_for()
    assert "s9" in slot.inner_text()
    assert steps.nth(2).locator('input[name="depends_on"]').get_attribute("aria-invalid") == "true"
    page.console_errors.clear()  # Chromium logs the expected 422

    steps.nth(2).locator('input[name="depends_on"]').fill("s1")
    page.evaluate(RECORD_STATES)
    page.get_by_role("button", name="Submit attempt").click()
    page.wait_for_function("() => window.gymStates.at(-1) === 'graded'", timeout=30_000)
    assert page.locator('input[name="depends_on"][aria-invalid]').count() == 0
    assert page.locator("[data-gym-result] .gym-criterion").count() >= 3

    page.goto(live_url + "/gym/review-market-summary/")
    page.locator('input[name="flagged"][value="2"]').check()
    page.locator('input[name="note.2"]').fill("3.8 to 4.2 billion is about 10%, not 20%")
    page.locator('input[name="flagged"][value="7"]').check()
    page.evaluate(RECORD_STATES)
    page.get_by_role("button", name="Submit attempt").click()
    page.wait_for_function("() => window.gymStates.at(-1) === 'graded'", timeout=30_000)
    assert page.locator("[data-gym-result] [data-gym-score]").is_visible()
    assert axe_violations(page) == []
    assert page.console_errors == []
