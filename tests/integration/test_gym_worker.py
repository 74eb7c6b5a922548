"""The gym grading job in the real worker handler, fed from moto's SQS queue."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from devstack.lambda_events import LocalContext, sqs_event
from functions import worker
from functions.gym import attempts, grading_job
from functions.gym.grading import GradingFailed
from functions.gym.models import BriefSubmission
from functions.jobs import RetryLater
from functions.stores import counters
from functions.stores import gym_attempts as store
from tests.gym_support import ScriptedGrader, use_test_tasks
from tests.gym_worker_support import queue_arn, receive, run_worker_once, settle

USER = "user-1"


@pytest.fixture
def grader(deps: Any, monkeypatch: pytest.MonkeyPatch) -> ScriptedGrader:
    use_test_tasks(deps)
    scripted = ScriptedGrader()
    monkeypatch.setattr(grading_job, "grade", scripted)
    monkeypatch.setattr(grading_job, "make_judge", lambda settings: "judge")
    monkeypatch.setattr(grading_job, "make_agent", lambda settings: "agent")
    return scripted


def submit(deps: Any, text: str = "The goal, in this format.") -> str:
    return attempts.submit(deps, USER, "brief-test", BriefSubmission(kind="brief", text=text)).attempt_id


def status(deps: Any, attempt_id: str) -> str:
    attempt = store.get(deps.table, attempt_id)
    assert attempt is not None
    return attempt.status


def test_a_queued_attempt_is_graded_and_its_tokens_count_against_the_daily_budget(
    deps: Any, clock: Any, grader: ScriptedGrader
) -> None:
    grader.tokens = 400
    attempt_id = submit(deps)
    assert run_worker_once(deps) == {"batchItemFailures": []}
    attempt = store.get(deps.table, attempt_id)
    assert attempt is not None
    assert attempt.status == "graded"
    assert attempt.grade is not None
    assert attempt.grade["score"] == 100
    assert (attempt.tokens_in, attempt.tokens_out, attempt.runs) == (400, 200, 1)
    assert counters.current(deps.table, attempts.tokens_limit(deps), "global", clock()) == 600
    assert receive(deps) == []


def test_a_duplicate_delivery_is_acknowledged_and_graded_only_once(deps: Any, grader: ScriptedGrader) -> None:
    attempt_id = submit(deps)
    (message,) = receive(deps)
    twin = {**message, "MessageId": "duplicate-delivery"}
    result = worker.handler(sqs_event([message, twin], queue_arn(deps)), LocalContext(), deps=deps)
    assert result == {"batchItemFailures": []}
    assert len(grader.calls) == 1
    assert status(deps, attempt_id) == "graded"
    # A late redelivery of a finished attempt changes nothing either.
    assert worker.handler(sqs_event([message], queue_arn(deps)), LocalContext(), deps=deps) == {"batchItemFailures": []}
    assert len(grader.calls) == 1


def test_a_retryable_failure_goes_back_to_the_queue_then_fails_for_good_after_the_set_receives(
    deps: Any, grader: ScriptedGrader
) -> None:
    grader.outcomes = [RetryLater("model 429")] * 3
    attempt_id = submit(deps)
    first = run_worker_once(deps)
    assert len(first["batchItemFailures"]) == 1
    assert status(deps, attempt_id) == "queued"
    second = run_worker_once(deps)
    assert len(second["batchItemFailures"]) == 1
    third = run_worker_once(deps)
    assert third == {"batchItemFailures": []}
    attempt = store.get(deps.table, attempt_id)
    assert attempt is not None
    assert attempt.status == "failed"
    assert attempt.failure_reason is not None
    assert "3 tries" in attempt.failure_reason
    assert len(grader.calls) == 3
    assert receive(deps) == []


def test_a_retry_that_then_succeeds_is_graded(deps: Any, grader: ScriptedGrader) -> None:
    grader.outcomes = [RetryLater("model timeout")]
    attempt_id = submit(deps)
    run_worker_once(deps)
    run_worker_once(deps)
    assert status(deps, attempt_id) == "graded"
    assert store.get(deps.table, attempt_id).runs == 2  # type: ignore[union-attr]


def test_only_the_failed_records_of_a_batch_are_reported(deps: Any, grader: ScriptedGrader) -> None:
    grader.outcomes = [RetryLater("model 500")]
    first, second = submit(deps, "first goal"), submit(deps, "second goal")
    messages = receive(deps)
    assert len(messages) == 2
    result = worker.handler(sqs_event(messages, queue_arn(deps)), LocalContext(), deps=deps)
    by_attempt = {status(deps, first): first, status(deps, second): second}
    assert set(by_attempt) == {"queued", "graded"}
    failed_message = next(m for m in messages if by_attempt["queued"] in m["Body"])
    assert result == {"batchItemFailures": [{"itemIdentifier": failed_message["MessageId"]}]}
    settle(deps, messages, result)


def test_a_grading_failure_is_stored_with_its_reason_for_the_user(deps: Any, grader: ScriptedGrader) -> None:
    grader.outcomes = [GradingFailed("The brief could not be read as text.")]
    attempt_id = submit(deps)
    assert run_worker_once(deps) == {"batchItemFailures": []}
    attempt = store.get(deps.table, attempt_id)
    assert attempt is not None
    assert attempt.status == "failed"
    assert attempt.failure_reason == "The brief could not be read as text."


def test_an_unexpected_error_is_retried_then_failed_with_a_readable_reason(deps: Any, grader: ScriptedGrader) -> None:
    grader.outcomes = [KeyError("bug")] * 3
    attempt_id = submit(deps)
    for _ in range(3):
        run_worker_once(deps)
    attempt = store.get(deps.table, attempt_id)
    assert attempt is not None
    assert attempt.status == "failed"
    assert "went wrong on our side" in (attempt.failure_reason or "")


def test_the_grader_gets_a_deadline_inside_the_lambdas_remaining_time(deps: Any, grader: ScriptedGrader) -> None:
    import time

    submit(deps)
    context = LocalContext(timeout_seconds=30)
    run_worker_once(deps, context)
    ((_, deadline),) = grader.calls
    assert time.monotonic() + 20 < deadline < time.monotonic() + 30 - grading_job.SAFETY_MARGIN_SECONDS


def test_with_too_little_time_left_the_message_goes_back_without_claiming(deps: Any, grader: ScriptedGrader) -> None:
    attempt_id = submit(deps)
    result = run_worker_once(deps, LocalContext(timeout_seconds=grading_job.SAFETY_MARGIN_SECONDS + 1))
    assert len(result["batchItemFailures"]) == 1
    assert status(deps, attempt_id) == "queued"
    assert grader.calls == []


def test_a_run_abandoned_by_a_crashed_worker_is_taken_over_by_the_next_delivery(
    deps: Any, clock: Any, grader: ScriptedGrader
) -> None:
    attempt_id = submit(deps)
    stamp = attempts.timestamp(clock())
    assert store.claim(deps.table, attempt_id, claim_id="crashed", now=stamp, stale_before=stamp) is not None
    # Still fresh: a redelivery now must not run it twice, nor drop the job the crashed run held.
    assert len(run_worker_once(deps)["batchItemFailures"]) == 1
    assert status(deps, attempt_id) == "running"
    assert grader.calls == []
    clock.now += grading_job.ABANDONED_AFTER + timedelta(seconds=1)
    run_worker_once(deps)
    assert status(deps, attempt_id) == "graded"


def test_a_stale_worker_cannot_overwrite_a_claim_it_lost(deps: Any, clock: Any, grader: ScriptedGrader) -> None:
    attempt_id = submit(deps)
    stamp = attempts.timestamp(clock())
    store.claim(deps.table, attempt_id, claim_id="first", now=stamp, stale_before=stamp)
    later = attempts.timestamp(clock() + timedelta(minutes=10))
    store.claim(deps.table, attempt_id, claim_id="second", now=later, stale_before=later)
    assert store.store_failed(deps.table, attempt_id, claim_id="first", now=later, reason="x") is None
    assert store.release(deps.table, attempt_id, claim_id="first", now=later) is None
    assert status(deps, attempt_id) == "running"
