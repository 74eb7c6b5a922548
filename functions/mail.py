"""Outgoing email through SES: one message with an HTML and a text part."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from botocore.exceptions import BotoCoreError, ClientError

from functions.deps import Deps
from functions.errors import UpstreamUnavailable

log = logging.getLogger("functions.mail")


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str
    html: str


def send(deps: Deps, email: Email) -> str:
    """Send through SES from the configured sender; returns SES's message id."""
    try:
        result = deps.ses.send_email(
            Source=deps.settings.sender_email,
            Destination={"ToAddresses": [email.to]},
            Message={
                "Subject": {"Data": email.subject, "Charset": "UTF-8"},
                "Body": {
                    "Text": {"Data": email.text, "Charset": "UTF-8"},
                    "Html": {"Data": email.html, "Charset": "UTF-8"},
                },
            },
        )
    except (BotoCoreError, ClientError) as exc:
        raise UpstreamUnavailable("Email could not be sent; try again shortly.") from exc
    log.info("email sent", extra={"subject": email.subject, "message_id": result["MessageId"]})
    return result["MessageId"]
