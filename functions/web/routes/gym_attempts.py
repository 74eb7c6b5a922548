"""The gym's attempts API: submit, poll, history, iterations per task, skill profile."""

from __future__ import annotations

from typing import Any

from flask import Response
from pydantic import Field, ValidationError, ValidationInfo, ValidatorFunctionWrapHandler, model_validator
from pydantic_core import InitErrorDetails

from functions.gym import attempts, progress
from functions.gym.models import TASK_KINDS, Submission
from functions.web.auth import current_principal
from functions.web.routing import ApiBlueprint, current_deps, json_response
from functions.web.schemas import StrictModel

blueprint = ApiBlueprint("gym_attempts", __name__, tag="gym")


class AttemptRequest(StrictModel):
    """A submission for one task; `submission.kind` must match the task's kind."""

    task_id: str = Field(min_length=1, max_length=80)
    submission: Submission

    @model_validator(mode="wrap")
    @classmethod
    def _name_fields_as_sent(cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
        """Errors name `submission.text`, not pydantic's `submission.brief.text` (the union's tag)."""
        try:
            return handler(data)
        except ValidationError as exc:
            raise ValidationError.from_exception_data(exc.title, [_untagged(e) for e in exc.errors()]) from None


def _untagged(error: Any) -> InitErrorDetails:
    loc = tuple(error["loc"])
    if len(loc) > 2 and loc[0] == "submission" and loc[1] in TASK_KINDS:
        loc = (loc[0], *loc[2:])
    details: InitErrorDetails = {"type": error["type"], "loc": loc, "input": error["input"]}
    if "ctx" in error:
        details["ctx"] = error["ctx"]
    return details


class HistoryQuery(StrictModel):
    limit: int = Field(default=20, ge=1, le=100)
    cursor: str | None = Field(default=None, max_length=400)


@blueprint.operation(
    "/api/gym/attempts",
    "POST",
    summary="Submit an attempt at a gym task; it is graded in the background",
    body=AttemptRequest,
    responses={202: progress.AttemptView},
    auth="user",
)
def submit_attempt(body: AttemptRequest) -> Response:
    attempt = attempts.submit(current_deps(), current_principal().user_id, body.task_id, body.submission)
    location = f"/api/gym/attempts/{attempt.attempt_id}"
    return json_response(progress.attempt_view(attempt), 202, {"Location": location})


@blueprint.operation(
    "/api/gym/attempts/<attempt_id>",
    "GET",
    summary="One of your attempts: its state and, once graded, the feedback",
    responses={200: progress.AttemptView},
    auth="user",
)
def get_attempt(attempt_id: str) -> Response:
    attempt = attempts.get_own(current_deps(), current_principal().user_id, attempt_id)
    view = progress.attempt_view(attempt)
    headers = {"Cache-Control": "no-store"}
    if view.poll_after_seconds:
        headers["Retry-After"] = str(view.poll_after_seconds)
    return json_response(view, 200, headers)


@blueprint.operation(
    "/api/me/gym/attempts",
    "GET",
    summary="Your attempts, newest first, a page at a time",
    query=HistoryQuery,
    responses={200: progress.AttemptPage},
    auth="user",
)
def list_attempts(query: HistoryQuery) -> Response:
    page = progress.history(current_deps(), current_principal().user_id, limit=query.limit, cursor=query.cursor)
    return json_response(page, 200, {"Cache-Control": "no-store"})


@blueprint.operation(
    "/api/me/gym/tasks/<task_id>/iterations",
    "GET",
    summary="Your attempts at one task, each with what changed since the one before",
    responses={200: progress.TaskIterations},
    auth="user",
)
def task_iterations(task_id: str) -> Response:
    result = progress.iterations(current_deps(), current_principal().user_id, task_id)
    return json_response(result, 200, {"Cache-Control": "no-store"})


@blueprint.operation(
    "/api/me/gym/profile",
    "GET",
    summary="Your skill profile per dimension, from your best attempt at each task",
    responses={200: progress.SkillProfile},
    auth="user",
)
def skill_profile() -> Response:
    result = progress.profile(current_deps(), current_principal().user_id)
    return json_response(result, 200, {"Cache-Control": "no-store"})
