"""The Agent Boss Score's API: submit an attempt, fetch a result, email a report, forget an address."""

from __future__ import annotations

from flask import Response, request

from functions.score import emails, service
from functions.score.schemas import Accepted, AttemptIn, AttemptResult, ForgetEmailIn, ReportEmailIn
from functions.teams import score_invites
from functions.web.client import client_address
from functions.web.routing import ApiBlueprint, current_deps, json_response
from functions.web.schemas import ErrorResponse

blueprint = ApiBlueprint("score", __name__, tag="score")


@blueprint.operation(
    "/api/score/attempts",
    "POST",
    summary="Score a completed quiz and store the attempt (no personal data)",
    body=AttemptIn,
    responses={201: AttemptResult, 409: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse},
    headers=("Idempotency-Key",),
)
def submit_attempt(body: AttemptIn) -> Response:
    deps = current_deps()
    # A team invite is checked before scoring (a dead link stores nothing) and used after it.
    invite = score_invites.check_invite(deps, body.invite) if body.invite else None
    cohort = service.Cohort(invite.organisation_id, invite.team_id, invite.round_id) if invite else None
    submission = service.Submission(
        quiz_version=body.quiz_version,
        answers=body.answers,
        familiarity=body.familiarity,
        is_first_attempt=body.is_first_attempt,
        cohort=cohort,
    )
    result, replayed = service.submit_attempt(
        deps, submission, client_address(), request.headers.get("Idempotency-Key")
    )
    if invite is not None:
        scores = {d.id: float(d.score) for d in result.dimensions}
        counted = score_invites.record_result(deps, invite, result.id, result.overall, scores, result.quiz_version)
        result = result.model_copy(update={"team_assessment": counted})
    headers = {"Location": f"/api/score/attempts/{result.id}"}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return json_response(result, 201, headers)


@blueprint.operation(
    "/api/score/attempts/<attempt_id>",
    "GET",
    summary="A stored result by its unguessable id",
    responses={200: AttemptResult, 404: ErrorResponse},
)
def get_attempt(attempt_id: str) -> Response:
    return json_response(service.fetch_attempt(current_deps(), attempt_id))


@blueprint.operation(
    "/api/score/attempts/<attempt_id>/report",
    "POST",
    summary="Email the result to an address, recording the consent given",
    body=ReportEmailIn,
    responses={202: Accepted, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse},
)
def email_report(attempt_id: str, body: ReportEmailIn) -> Response:
    address = emails.send_report(current_deps(), attempt_id, body, client_address())
    return json_response(Accepted(message=f"The report is on its way to {address}."), 202)


@blueprint.operation(
    "/api/score/email/forget",
    "POST",
    summary="Delete a report address and every consent recorded with it",
    body=ForgetEmailIn,
    responses={202: Accepted, 422: ErrorResponse, 429: ErrorResponse},
)
def forget_email(body: ForgetEmailIn) -> Response:
    emails.forget_address(current_deps(), body.email, client_address())
    return json_response(Accepted(message="If we held that address, it has been deleted."), 202)
