"""The emails of team assessments: plain words, an HTML and a text part, user text escaped."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from functions.mail import Email


def _html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def _email(to: str, subject: str, paragraphs: list[str]) -> Email:
    return Email(to=to, subject=subject, text="\n\n".join(paragraphs), html=_html(paragraphs))


def sales_notification(sales_inbox: str, request: Mapping[str, Any]) -> Email:
    """To the sales inbox: everything the requester told us."""
    return _email(
        sales_inbox,
        f"Team assessment request: {request['organisation']}",
        [
            f"{request['contact_name']} <{request['email']}> asked for a team assessment for "
            f"{request['organisation']} (team size {request['team_size']}).",
            f"Their message: {request['message'] or '(none)'}",
            f"Request id {request['id']}; review it on the admin page.",
        ],
    )


def requester_confirmation(request: Mapping[str, Any]) -> Email:
    """To the requester: we have it, and what happens next."""
    return _email(
        request["email"],
        "We received your team assessment request",
        [
            f"Hello {request['contact_name']},",
            f"Thank you for asking about a team assessment for {request['organisation']}. Someone from our "
            "team will read your request and reply within two working days.",
            "If we go ahead, you will get a second email inviting you to set up your organisation.",
        ],
    )


def admin_invitation(email: str, organisation: str, link: str, days: int) -> Email:
    """To the approved requester: the link that makes them the organisation's admin."""
    return _email(
        email,
        f"Set up the team assessment for {organisation}",
        [
            f"Your team assessment for {organisation} is approved.",
            f"Open this link, then sign in or create an account with this email address ({email}) to become "
            f"the organisation's admin: {link}",
            f"The link works once and expires in {days} days.",
        ],
    )
