"""Submitting and reading gym attempts: validation, limits, the queued attempt and its job."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from functions.deps import Deps
from functions.errors import FieldError, NotFound, RateLimited, UpstreamUnavailable, ValidationFailed
from functions.gym.models import Submission
from functions.gym.tasks import AnyTask, check_submission, load_tasks
from functions.jobs import enqueue
from functions.stores import counters
from functions.stores import gym_attempts as store
from functions.stores.counters import Limit
from functions.users.registry import register_user_data

log = logging.getLogger("functions.gym.attempts")

GRADE_JOB = "gym.grade"
DAY_SECONDS = 24 * 60 * 60


class DailyBudgetSpent(RateLimited):
    """The whole gym's model budget for the day is spent: nobody can be graded until it resets."""

    status = 503
    code = "daily_budget_spent"


def attempts_limit(deps: Deps) -> Limit:
    """Per user, per UTC day."""
    return Limit(store.ATTEMPTS_LIMIT_NAME, deps.settings.gym_daily_attempts_per_user, DAY_SECONDS)


def tokens_limit(deps: Deps) -> Limit:
    """Across all users, per UTC day (counted in tokens, recorded by the worker)."""
    return Limit("gym-tokens", deps.settings.gym_daily_token_budget, DAY_SECONDS)


def timestamp(moment: datetime) -> str:
    """A sortable UTC timestamp (microseconds, so one user's attempts order by time)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def tasks(deps: Deps) -> dict[str, AnyTask]:
    """The gym's tasks from the content bundle (parsed once per bundle version by `load_tasks`)."""
    return load_tasks(deps.bundle)


def _check_size(deps: Deps, submission: Submission) -> None:
    limit = deps.settings.gym_max_submission_chars
    text = getattr(submission, "text", None)
    if isinstance(text, str):
        size, name = len(text), "submission.text"
    else:
        size, name = len(submission.model_dump_json()), "submission"
    if size > limit:
        raise ValidationFailed(
            "The submission is too long.",
            fields=[FieldError(name, f"at most {limit:,} characters (this one has {size:,})")],
        )


def _check_budget(deps: Deps, now: datetime) -> None:
    limit = tokens_limit(deps)
    if counters.current(deps.table, limit, "global", now) >= limit.allowed:
        retry_after = counters.retry_after_seconds(limit, now)
        raise DailyBudgetSpent(
            "Today's grading budget for the gym is spent. Your work is not lost: copy it and submit "
            "again after midnight UTC.",
            retry_after_seconds=retry_after,
        )


def submit(deps: Deps, user_id: str, task_id: str, submission: Submission) -> store.Attempt:
    """Validate, apply the limits, store the attempt `queued` and send its grading job."""
    task = tasks(deps).get(task_id)
    if task is None:
        raise ValidationFailed("There is no such task.", fields=[FieldError("task_id", "unknown task")])
    _check_size(deps, submission)
    problems = check_submission(task, submission)
    if problems:
        raise ValidationFailed("The submission does not fit the task.", fields=list(problems))
    now = deps.clock()
    _check_budget(deps, now)
    counters.enforce(deps.table, attempts_limit(deps), user_id, now)
    attempt = store.Attempt(
        attempt_id=deps.new_id(),
        user_id=user_id,
        task_id=task_id,
        kind=submission.kind,
        status="queued",
        submission=submission.model_dump(mode="json"),
        content_version=deps.bundle.content_hash,
        created_at=timestamp(now),
        updated_at=timestamp(now),
    )
    store.put_queued(deps.table, attempt)
    try:
        enqueue(deps, GRADE_JOB, {"attempt_id": attempt.attempt_id})
    except (BotoCoreError, ClientError) as exc:
        # Without its job the attempt would wait forever: say so now rather than leave it queued.
        log.error("could not enqueue a grading job", extra={"attempt_id": attempt.attempt_id, "error": str(exc)})
        store.fail_unqueued(
            deps.table, attempt.attempt_id, now=timestamp(now), reason="It could not be queued for grading."
        )
        raise UpstreamUnavailable("Grading is unavailable right now; try again in a minute.") from exc
    return attempt


def get_own(deps: Deps, user_id: str, attempt_id: str) -> store.Attempt:
    """The caller's attempt; someone else's (or none) is the same 404, so ids reveal nothing."""
    attempt = store.get(deps.table, attempt_id) if _is_plausible_id(attempt_id) else None
    if attempt is None or attempt.user_id != user_id:
        raise NotFound("There is no such attempt.")
    return attempt


def _is_plausible_id(attempt_id: str) -> bool:
    return 0 < len(attempt_id) <= 64 and all(c.isalnum() or c in "-_" for c in attempt_id)


def export_data(deps: Deps, user_id: str) -> dict[str, Any]:
    """The user's gym data, for "download my data"."""
    return store.export_user(deps.table, user_id)


def delete_data(deps: Deps, user_id: str) -> int:
    """Remove the user's gym data, for "delete my account"."""
    return store.delete_user(deps.table, user_id)


# "Download my data" and "delete my account" cover the gym (functions/users/registry.py).
register_user_data("gym", export_data, delete_data)
