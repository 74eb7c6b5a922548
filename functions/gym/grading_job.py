"""The worker's `gym.grade` job: claim the attempt, grade it in the time left, store the outcome."""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from functions.agent.factory import make_agent, make_judge
from functions.deps import Deps
from functions.gym import attempts
from functions.gym.grading import GradingFailed, grade
from functions.gym.models import Grade, Submission
from functions.jobs import JobMessage, RetryLater, job_handler
from functions.stores import counters
from functions.stores import gym_attempts as store

log = logging.getLogger("functions.gym.grading_job")

# Stop grading this long before Lambda would kill us, so the outcome is always stored.
SAFETY_MARGIN_SECONDS = 5.0
# Below this much time a run is not worth starting: hand the message back instead.
MIN_RUN_SECONDS = 5.0
# Without a Lambda context (a script, a test) grade as if the worker's 60 s timeout applied.
DEFAULT_RUN_SECONDS = 60.0
# A `running` attempt claimed this long ago was abandoned (the worker died): the next delivery
# may take it over. Longer than the worker's 60 s timeout, shorter than the queue's 360 s
# visibility timeout, so a redelivery after a crash always finds it claimable.
ABANDONED_AFTER = timedelta(seconds=300)

RETRIES_EXHAUSTED = (
    "The grading model was unavailable on {n} tries in a row, so this attempt was not graded. "
    "Your submission is saved below: submit it again in a few minutes."
)
UNEXPECTED_FAILURE = (
    "Something went wrong on our side while grading this attempt (it has been logged). "
    "Please submit it again; if it keeps failing, tell us."
)
TASK_GONE = "This task has been withdrawn since you submitted, so it cannot be graded."


@cache
def _submission_adapter() -> TypeAdapter[Submission]:
    # Built at first use: the worker's other jobs never need it.
    return TypeAdapter(Submission)


def _seconds_left(context: Any) -> float:
    if context is None or not hasattr(context, "get_remaining_time_in_millis"):
        return DEFAULT_RUN_SECONDS
    return float(context.get_remaining_time_in_millis()) / 1000.0


@job_handler(attempts.GRADE_JOB)
def run_grading_job(message: JobMessage, deps: Deps, receive_count: int, context: Any) -> None:
    """Grade one attempt; a duplicate delivery finds it claimed or finished and does nothing."""
    attempt_id = str(message.payload.get("attempt_id", ""))
    seconds_left = _seconds_left(context) - SAFETY_MARGIN_SECONDS
    if seconds_left < MIN_RUN_SECONDS:
        raise RetryLater(f"only {seconds_left:.1f} s left in this invocation")
    deadline = time.monotonic() + seconds_left
    now = deps.clock()
    claim_id = deps.new_id()
    attempt = store.claim(
        deps.table,
        attempt_id,
        claim_id=claim_id,
        now=attempts.timestamp(now),
        stale_before=attempts.timestamp(now - ABANDONED_AFTER),
    )
    if attempt is None:
        _not_claimed(deps, attempt_id)
        return
    outcome = _grade_claimed(deps, attempt, deadline, receive_count)
    if outcome is None:
        return
    _store_grade(deps, attempt, claim_id, outcome)


def _not_claimed(deps: Deps, attempt_id: str) -> None:
    """A duplicate delivery: acknowledge a finished (or unknown) attempt, come back for a running one.

    Acknowledging a duplicate of a run still in flight would lose the job if that run then
    crashed; handed back, the message returns after the visibility timeout and finds the
    attempt finished (acknowledged) or abandoned (taken over).
    """
    current = store.get(deps.table, attempt_id)
    if current is not None and current.status == "running":
        raise RetryLater("the attempt is being graded by another delivery")
    log.info("duplicate delivery of a finished attempt; acknowledged", extra={"attempt_id": attempt_id})


def _grade_claimed(deps: Deps, attempt: store.Attempt, deadline: float, receive_count: int) -> Grade | None:
    """Run the grader; store `failed` (and return None) for outcomes that will never grade."""
    claim_id = attempt.claim_id or ""

    def fail(reason: str) -> None:
        stamp = attempts.timestamp(deps.clock())
        store.store_failed(deps.table, attempt.attempt_id, claim_id=claim_id, now=stamp, reason=reason)

    def retry_or_fail(exc: Exception, reason: str) -> None:
        if receive_count >= deps.settings.gym_max_receives:
            fail(reason)
            return
        store.release(deps.table, attempt.attempt_id, claim_id=claim_id, now=attempts.timestamp(deps.clock()))
        raise RetryLater(str(exc)) from exc

    task = attempts.tasks(deps).get(attempt.task_id)
    if task is None:
        fail(TASK_GONE)
        return None
    try:
        submission = _submission_adapter().validate_python(attempt.submission)
    except ValidationError:
        log.exception("a stored submission no longer validates", extra={"attempt_id": attempt.attempt_id})
        fail(UNEXPECTED_FAILURE)
        return None
    try:
        return grade(
            task,
            submission,
            judge=make_judge(deps.settings),
            agent=make_agent(deps.settings),
            deadline_monotonic=deadline,
        )
    except GradingFailed as exc:
        fail(exc.reason_for_user)
    except RetryLater as exc:
        retry_or_fail(exc, RETRIES_EXHAUSTED.format(n=receive_count))
    except Exception as exc:
        # A bug, not the model: retried like a model failure (it may be transient), then failed readably.
        log.exception("grading raised unexpectedly", extra={"attempt_id": attempt.attempt_id})
        retry_or_fail(exc, UNEXPECTED_FAILURE)
    return None


def _store_grade(deps: Deps, attempt: store.Attempt, claim_id: str, result: Grade) -> None:
    now = deps.clock()
    stored = store.store_graded(
        deps.table,
        attempt.attempt_id,
        claim_id=claim_id,
        now=attempts.timestamp(now),
        grade=result.model_dump(mode="json"),
        tokens_in=result.tokens_in,
        tokens_out=result.tokens_out,
        estimated_cost_usd=result.estimated_cost_usd,
    )
    if stored is None:
        log.warning("lost the claim before storing the grade", extra={"attempt_id": attempt.attempt_id})
        return
    tokens = result.tokens_in + result.tokens_out
    if tokens:
        counters.hit(deps.table, attempts.tokens_limit(deps), "global", now, amount=tokens)
    best = store.BestScore(
        task_id=attempt.task_id,
        kind=attempt.kind,
        score=result.score,
        attempt_id=attempt.attempt_id,
        graded_at=stored.updated_at,
    )
    store.record_best(deps.table, attempt.user_id, best)
    log.info("attempt graded", extra={"attempt_id": attempt.attempt_id, "score": result.score, "tokens": tokens})
