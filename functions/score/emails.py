"""Email me my report (with recorded, purpose-specific consent) and forget my address."""

from __future__ import annotations

from functions import mail
from functions.deps import Deps
from functions.errors import Conflict, FieldError
from functions.score.report_email import report_email
from functions.score.schemas import ReportEmailIn
from functions.score.service import current_bank, fetch_attempt
from functions.stores import counters, score_emails

DAY = 24 * 3600


def send_report(deps: Deps, attempt_id: str, body: ReportEmailIn, client_ip: str) -> str:
    """Check consent, store it with the address, and send the report; returns the address used."""
    address = score_emails.normalise(body.email)  # the schema checked its shape
    consent = current_bank(deps).consent
    if body.consent_version != consent.version:
        raise Conflict(
            "The consent wording has changed since this page loaded. Reload the page and try again.",
            fields=[FieldError("consent_version", "stale: reload the page")],
        )
    now = deps.clock()
    settings = deps.settings
    limit = counters.Limit("score-emails", settings.score_emails_per_hour, 3600)
    counters.enforce_address(deps.table, limit, client_ip, now)
    result = fetch_attempt(deps, attempt_id)
    counters.enforce(
        deps.table,
        counters.Limit("score-email-address", settings.score_emails_per_address_per_day, DAY),
        score_emails.address_pk(address),
        now,
    )
    consents = [{"purpose": "report", "text": consent.report, "version": consent.version}]
    if body.consent_updates:
        consents.append({"purpose": "updates", "text": consent.updates, "version": consent.version})
    score_emails.save_consent(deps.table, address, attempt_id, consents, now, deps.new_id())
    mail.send(deps, report_email(address, result, deps.settings.site_url.rstrip("/")))
    return address


def forget_address(deps: Deps, email: str, client_ip: str) -> None:
    """Delete every record of the address; answers the same whether or not we held it."""
    address = score_emails.normalise(email)
    limit = counters.Limit("score-forget", deps.settings.score_emails_per_hour, 3600)
    counters.enforce_address(deps.table, limit, client_ip, deps.clock())
    score_emails.forget(deps.table, address)
