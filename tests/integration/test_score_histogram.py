"""The percentile histogram under concurrent writers, and the DynamoDB calls each request costs."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from functions.bundle import load_bundle
from functions.score.service import Submission, fetch_attempt, submit_attempt
from functions.stores.score_attempts import batch_read
from tests.score_helpers import submission


def _submission(section: dict[str, Any], quality: str) -> Submission:
    body = submission(section, quality=quality)
    return Submission(body["quiz_version"], body["answers"], body["familiarity"], True)


@pytest.fixture
def serialised_moto_transactions(monkeypatch: pytest.MonkeyPatch) -> None:
    """DynamoDB runs each transaction atomically; moto's in-process backend snapshots whole tables with
    deepcopy and is not safe for that across threads, so give it the isolation AWS provides.
    Our own code keeps no lock: a read-then-write histogram would still lose updates here."""
    from moto.dynamodb.models import DynamoDBBackend

    lock = threading.Lock()
    original = DynamoDBBackend.transact_write_items

    def isolated(self: Any, *args: Any, **kwargs: Any) -> Any:
        with lock:
            return original(self, *args, **kwargs)

    monkeypatch.setattr(DynamoDBBackend, "transact_write_items", isolated)


@pytest.mark.usefixtures("serialised_moto_transactions")
def test_concurrent_submissions_lose_no_histogram_update(deps: Any) -> None:
    section = load_bundle(deps.settings.bundle_dir).section("score")
    deps.settings = deps.settings.model_copy(update={"score_attempts_per_hour": 1000, "score_histogram_shards": 4})
    ids = iter(f"concurrent{n:022d}" for n in range(1000))
    deps.new_id = lambda: next(ids)
    attempts = 48

    def submit(n: int) -> int:
        result, _ = submit_attempt(deps, _submission(section, "best" if n % 3 else "worst"), f"198.51.100.{n % 5}")
        return result.overall

    with ThreadPoolExecutor(max_workers=8) as pool:
        scores = list(pool.map(submit, range(attempts)))

    stored = deps.table.query(
        IndexName="gsi1",
        KeyConditionExpression="gsi1pk = :v",
        ExpressionAttributeValues={":v": f"SCOREVER#{section['version']}"},
    )["Items"]
    histogram = batch_read(deps.table, section["version"], 4).histogram
    assert len(stored) == attempts
    assert sum(histogram.values()) == attempts
    assert histogram == {score: scores.count(score) for score in set(scores)}
    shards = deps.table.query(
        KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": f"SCOREHIST#{section['version']}"}
    )["Items"]
    assert len(shards) > 1  # spread over shards, not one hot item
    assert sum(int(s["total"]) for s in shards) == attempts


class CallCounter:
    """Counts DynamoDB API calls made through the table's client."""

    def __init__(self, deps: Any) -> None:
        self.calls: list[str] = []
        deps.table.meta.client.meta.events.register("before-call.dynamodb", self._count)

    def _count(self, model: Any, **_: Any) -> None:
        self.calls.append(model.name)


def test_a_submission_costs_two_dynamodb_calls_and_a_result_fetch_one(deps: Any) -> None:
    section = load_bundle(deps.settings.bundle_dir).section("score")
    counter = CallCounter(deps)
    result, _ = submit_attempt(deps, _submission(section, "best"), "192.0.2.10", idempotency_key="k" * 20)
    assert counter.calls == ["BatchGetItem", "TransactWriteItems"]
    counter.calls.clear()
    fetch_attempt(deps, result.id)
    assert counter.calls == ["BatchGetItem"]
    counter.calls.clear()
    submit_attempt(deps, _submission(section, "best"), "192.0.2.10", idempotency_key="k" * 20)
    assert counter.calls == ["BatchGetItem", "GetItem"]  # a replay writes nothing
