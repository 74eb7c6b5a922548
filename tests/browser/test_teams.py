"""A team assessment in Chromium on the local stack: request, approval, set-up, invite, report."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import axe_violations
from tests.browser.teams_helpers import make_member, make_staff, sent_mail_to, sign_in, token_in
from tests.score_helpers import submission


def new_page(browser: Any) -> Any:
    """A page in its own context (its own session), recording console errors like the `page` fixture."""
    tab = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    tab.console_errors = []
    tab.on("console", lambda m: tab.console_errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda exc: tab.console_errors.append(str(exc)))
    return tab


@pytest.fixture(scope="module")
def section(built_site: Path) -> dict[str, Any]:
    return json.loads((built_site / "bundle" / "bundle.json").read_text())["sections"]["score"]  # type: ignore[no-any-return]


def test_a_team_assessment_from_request_to_a_report_that_hides_small_teams(
    browser: Any, page: Any, live_url: str, built_site: Path, section: dict[str, Any]
) -> None:
    suffix = uuid.uuid4().hex[:6]
    org_name, requester = f"Tailspin {suffix}", f"lead-{suffix}@tailspin.example"

    page.goto(live_url + "/teams/")
    assert axe_violations(page) == []
    page.get_by_label("Organisation (required)").fill(org_name)
    page.get_by_label("Your name (required)").fill("Lena Ortiz")
    page.get_by_label("Work email (required)").fill(requester)
    page.get_by_label("How many people would take part? (required)").select_option("11-50")
    page.get_by_role("button", name="Send request").click()
    page.get_by_text("tick the box so that we may contact you").wait_for()
    assert page.get_by_label("You may contact me about this request (required)").get_attribute("aria-invalid") == "true"
    page.console_errors.clear()  # Chromium logs the expected 422
    page.get_by_label("You may contact me about this request (required)").check()
    page.get_by_role("button", name="Send request").click()
    page.get_by_text("Thank you: your request is with us.").wait_for()
    assert sent_mail_to(built_site, requester), "the requester got no confirmation"

    staff = f"staff-{suffix}@agentboss.example"
    make_staff(built_site, staff)
    sign_in(page, live_url, staff, "/admin/")
    page.get_by_role("heading", name=org_name).wait_for()
    assert axe_violations(page) == []
    page.get_by_role("button", name=f"Approve {org_name}").click()
    page.get_by_text(f"{org_name}: approved.").wait_for()

    (invitation,) = [m for m in sent_mail_to(built_site, requester) if "Set up" in str(m)]
    make_member(built_site, requester, "Lena Ortiz")
    lead = new_page(browser)
    sign_in(lead, live_url, requester, "/account/")
    lead.goto(f"{live_url}/teams/accept/#token={token_in(invitation)}")
    assert axe_violations(lead) == []
    lead.get_by_role("button", name="Accept the invitation").click()
    lead.get_by_text(f"You are now the admin of {org_name}").wait_for()
    lead.get_by_role("link", name="Set up your teams").click()
    lead.wait_for_url("**/teams/manage/?org=*")
    lead.get_by_text(org_name).first.wait_for()

    for team, invited in (("Sales", "6"), ("Operations", "4")):
        lead.get_by_label("Team name").fill(team)
        lead.get_by_label("People invited").fill(invited)
        lead.get_by_role("button", name="Add team").click()
        lead.get_by_role("rowheader", name=team).wait_for()
    lead.get_by_label("Round name").fill("Spring baseline")
    lead.get_by_role("button", name="Open a round").click()
    lead.get_by_text("Round opened").wait_for()
    sales_link = lead.get_by_label("Invite link for Sales").input_value()
    assert "/teams/join/#t=" in sales_link
    assert axe_violations(lead) == []
    assert lead.console_errors == []

    sales_link = sales_link.replace("http://127.0.0.1:8000", live_url)
    take_the_score_by_keyboard_through(new_page(browser), sales_link, org_name, section)
    for quality in ("worst", "best", "worst", "best"):
        submit_through_invite(new_page(browser), sales_link, submission(section, quality=quality))

    lead.get_by_role("button", name="Close this round").click()
    lead.get_by_text("Round closed").wait_for()
    lead.get_by_role("link", name="Report for Spring baseline").click()
    lead.wait_for_url("**/teams/report/?org=*")
    lead.get_by_role("heading", name=f"{org_name}: Spring baseline").wait_for()
    participation = lead.get_by_role("table", name="Responses against people invited, per group")
    assert participation.get_by_role("row", name="Sales").inner_text().split("\t") == ["Sales", "6", "5", "83%"]
    assert "Hidden: fewer than 5 responses" in participation.get_by_role("row", name="Operations").inner_text()
    heatmap = lead.get_by_role(
        "table", name="Mean score by skill (rows) and group (columns); hidden groups have too few responses"
    )
    assert heatmap.locator("td.heat-none").count() == 7  # Operations' column, one per skill
    histogram = lead.get_by_role("table", name="Overall scores by range (whole organisation)")
    counts = [int(row.inner_text().split("\t")[-1]) for row in histogram.locator("tbody tr").all()]
    assert sum(counts) == 5
    assert all(count >= 5 for count in counts)
    sales_means = lead.get_by_role("table", name="Sales: mean score out of 100 with its 95% interval")
    assert sales_means.get_by_role("row", name="Overall").inner_text().split("\t")[3] == "5"
    assert lead.get_by_text("Practise with:").count() >= 1
    assert axe_violations(lead) == []

    with lead.expect_download() as download:
        lead.get_by_role("button", name="Download CSV").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Sales,team,shown,6,5,0.833" in exported
    assert "Operations,team,hidden: fewer than 5 responses,4,,," in exported
    assert "@" not in exported

    lead.emulate_media(media="print")
    assert not lead.get_by_role("button", name="Download CSV").is_visible()
    assert heatmap.is_visible()
    assert lead.console_errors == []
    lead.context.close()


def take_the_score_by_keyboard_through(member: Any, link: str, org_name: str, section: dict[str, Any]) -> None:
    """A member follows the team link, reads who runs it, takes the whole quiz and sees their own result."""
    from tests.browser.test_score import _answer_by_keyboard, _tab_to

    member.goto(link)
    member.get_by_text("Results are reported only in aggregate").wait_for()
    assert member.get_by_text(org_name).first.is_visible()
    assert axe_violations(member) == []
    member.get_by_role("link", name="Start the Score").click()
    member.wait_for_url("**/score/")
    screens = [(i, None) for i in section["items"]] + [(None, q) for q in section["familiarity"]]
    for index, (item, familiarity) in enumerate(screens):
        _answer_by_keyboard(member, item, familiarity)
        _tab_to(member, "#score-submit" if index == len(screens) - 1 else "#score-next")
        member.keyboard.press("Enter")
    member.wait_for_url("**/score/result/?id=*")
    member.get_by_text(f"Counted for the Sales team at {org_name}").wait_for()
    assert member.locator("#r-overall").inner_text() == "100"
    assert member.console_errors == []
    member.context.close()


def submit_through_invite(member: Any, link: str, body: dict[str, Any]) -> None:
    """A simulated member: opens the link (which remembers the invite in the tab) and submits answers
    from that tab exactly as the quiz page does, with the remembered invite."""
    member.goto(link)
    member.get_by_text("Results are reported only in aggregate").wait_for()
    result = member.evaluate(
        """async (body) => {
            const invite = JSON.parse(sessionStorage.getItem("agentBoss.teamInvite"));
            const response = await fetch("/api/score/attempts", {method: "POST",
                headers: {"Content-Type": "application/json"}, body: JSON.stringify({...body, invite: invite.token})});
            return {status: response.status, body: await response.json()};
        }""",
        body,
    )
    assert result["status"] == 201, result
    assert result["body"]["team_assessment"]["recorded"] is True
    member.context.close()
