"""The user's progress: attempts as the API shows them, iterations per task, the skill profile."""

from __future__ import annotations

import base64
import binascii
from typing import Any, Literal

from functions.deps import Deps
from functions.errors import FieldError, NotFound, ValidationFailed
from functions.gym import attempts
from functions.gym.diffs import FieldChange, GradeChange, TextChange, grade_change, submission_diff
from functions.gym.models import Grade, Submission
from functions.gym.tasks import AnyTask
from functions.lazy_model import LazyModel
from functions.stores import gym_attempts as store

# The Score's dimensions in their agreed order (shared names across the portal); the profile
# follows it, and puts any dimension a task names beyond these last.
DIMENSION_ORDER = (
    "decomposition",
    "sequencing",
    "guardrails",
    "quality-checks",
    "ownership",
    "briefing",
    "fleet-design",
)
# How often the page should poll while the attempt waits (it backs off from here).
POLL_AFTER_SECONDS = {"queued": 2, "running": 2}
MAX_ITERATIONS = 50


class AttemptView(LazyModel):
    """One attempt as its owner sees it."""

    id: str
    task_id: str
    kind: str
    status: Literal["queued", "running", "graded", "failed"]
    submitted_at: str
    updated_at: str
    content_version: str
    submission: Submission
    grade: Grade | None = None
    failure_reason: str | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    estimated_cost_usd: float = 0.0
    poll_after_seconds: int | None = None


class AttemptSummary(LazyModel):
    """One line of the history."""

    id: str
    task_id: str
    task_title: str | None = None
    task_url: str | None = None
    kind: str
    status: Literal["queued", "running", "graded", "failed"]
    submitted_at: str
    score: int | None = None


class AttemptPage(LazyModel):
    """A page of the history, newest first; pass `next_cursor` back as `cursor` for the next one."""

    items: list[AttemptSummary]
    next_cursor: str | None = None


class Iteration(LazyModel):
    """One attempt at a task, with what changed since the previous one."""

    number: int
    attempt: AttemptSummary
    text_changes: list[TextChange]
    field_changes: list[FieldChange]
    grade_change: GradeChange | None = None


class TaskIterations(LazyModel):
    task_id: str
    iterations: list[Iteration]


class DimensionSkill(LazyModel):
    """The user's level in one dimension: the mean of their best scores on its tasks."""

    id: str
    name: str
    score: int | None
    tasks_attempted: int
    tasks_total: int


class SkillProfile(LazyModel):
    dimensions: list[DimensionSkill]


def attempt_view(attempt: store.Attempt) -> AttemptView:
    """The stored attempt as the API returns it."""
    return AttemptView(
        id=attempt.attempt_id,
        task_id=attempt.task_id,
        kind=attempt.kind,
        status=attempt.status,
        submitted_at=attempt.created_at,
        updated_at=attempt.updated_at,
        content_version=attempt.content_version,
        submission=attempt.submission,  # type: ignore[arg-type]  # validated into the union
        grade=Grade.model_validate(attempt.grade) if attempt.grade else None,
        failure_reason=attempt.failure_reason,
        tokens_in=attempt.tokens_in,
        tokens_out=attempt.tokens_out,
        estimated_cost_usd=attempt.estimated_cost_usd,
        poll_after_seconds=POLL_AFTER_SECONDS.get(attempt.status),
    )


def _summary(attempt: store.Attempt, tasks: dict[str, AnyTask]) -> AttemptSummary:
    score = attempt.grade.get("score") if attempt.grade else None
    task = tasks.get(attempt.task_id)
    return AttemptSummary(
        id=attempt.attempt_id,
        task_id=attempt.task_id,
        task_title=task.title if task else None,
        task_url=task.url if task else None,
        kind=attempt.kind,
        status=attempt.status,
        submitted_at=attempt.created_at,
        score=int(score) if score is not None else None,
    )


def encode_cursor(sort_key: str) -> str:
    return base64.urlsafe_b64encode(sort_key.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    """The sort key inside a cursor; anything not made by `encode_cursor` is a 422 naming `cursor`."""
    try:
        sort_key = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise ValidationFailed("The cursor is not valid.", fields=[FieldError("cursor", "not a cursor")]) from exc
    parts = sort_key.split("#")
    if len(parts) != 3 or parts[0] != "ATTEMPT" or not parts[2]:
        raise ValidationFailed("The cursor is not valid.", fields=[FieldError("cursor", "not a cursor")])
    return sort_key


def history(deps: Deps, user_id: str, *, limit: int, cursor: str | None) -> AttemptPage:
    """One page of the user's attempts, newest first (a Query on gsi1)."""
    page = store.list_for_user(
        deps.table, user_id, limit=limit, after_sort_key=decode_cursor(cursor) if cursor else None
    )
    return AttemptPage(
        items=[_summary(a, attempts.tasks(deps)) for a in page.items],
        next_cursor=encode_cursor(page.last_sort_key) if page.last_sort_key else None,
    )


def iterations(deps: Deps, user_id: str, task_id: str) -> TaskIterations:
    """The user's attempts at one task, oldest first, each against the one before (gsi2)."""
    if task_id not in attempts.tasks(deps):
        raise NotFound("There is no such task.")
    tasks = attempts.tasks(deps)
    found = store.list_for_task(deps.table, user_id, task_id, limit=MAX_ITERATIONS)
    result: list[Iteration] = []
    last_graded: dict[str, Any] | None = None
    for index, attempt in enumerate(found):
        previous = found[index - 1] if index else None
        text, fields = submission_diff(previous.submission, attempt.submission) if previous else ([], [])
        change = grade_change(last_graded, attempt.grade) if attempt.grade and last_graded else None
        result.append(
            Iteration(
                number=index + 1,
                attempt=_summary(attempt, tasks),
                text_changes=text,
                field_changes=fields,
                grade_change=change,
            )
        )
        last_graded = attempt.grade or last_graded
    return TaskIterations(task_id=task_id, iterations=result)


def _dimension_name(dimension_id: str) -> str:
    return dimension_id.replace("-", " ").capitalize()


def skill_profile(tasks: dict[str, AnyTask], bests: list[store.BestScore]) -> SkillProfile:
    """Per dimension (in the Score's order): the mean best score over the dimension's tasks tried."""
    best_by_task = {best.task_id: best.score for best in bests if best.task_id in tasks}
    order: dict[str, list[str]] = {}
    for task in tasks.values():
        for dimension in task.dimensions:
            order.setdefault(dimension, []).append(task.id)
    rank = {dimension: index for index, dimension in enumerate(DIMENSION_ORDER)}
    dimensions = []
    for dimension, task_ids in sorted(order.items(), key=lambda item: rank.get(item[0], len(rank))):
        scores = [best_by_task[t] for t in task_ids if t in best_by_task]
        dimensions.append(
            DimensionSkill(
                id=dimension,
                name=_dimension_name(dimension),
                score=round(sum(scores) / len(scores)) if scores else None,
                tasks_attempted=len(scores),
                tasks_total=len(task_ids),
            )
        )
    return SkillProfile(dimensions=dimensions)


def profile(deps: Deps, user_id: str) -> SkillProfile:
    """The user's skill profile from their best graded attempt at each task."""
    return skill_profile(attempts.tasks(deps), store.best_scores(deps.table, user_id))
