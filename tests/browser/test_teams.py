"""A team assessment in Chromium on the local stack: request, approval, set-up, invite, report."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from tests.browser.conftest import axe_violations
from tests.browser.teams_helpers import make_member, make_staff, sent_mail_to, sign_in, token_in


def new_page(browser: Any) -> Any:
    """A page in its own context (its own session), recording console errors like the `page` fixture."""
    tab = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    tab.console_errors = []
    tab.on("console", lambda m: tab.console_errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda exc: tab.console_errors.append(str(exc)))
    return tab


def test_an_organisation_requests_is_approved_and_its_admin_opens_a_round(
    browser: Any, page: Any, live_url: str, built_site: Path
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

    member = new_page(browser)
    member.goto(sales_link.replace("http://127.0.0.1:8000", live_url))
    member.get_by_text("Results are reported only in aggregate").wait_for()
    assert member.get_by_text(org_name).is_visible()
    assert axe_violations(member) == []
    member.context.close()
    lead.context.close()
