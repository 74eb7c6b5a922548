"""The local worker loop on moto SQS: successes deleted, failures retried, poison dead-lettered."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from devstack.worker_loop import WorkerLoop
from functions import worker
from functions.jobs import JOB_HANDLERS, JobMessage, job_handler


@pytest.fixture
def handled() -> Iterator[list[str]]:
    """A job kind that succeeds unless its payload says `fail`; records what succeeded."""
    done: list[str] = []

    @job_handler("test.loop")
    def run(message: JobMessage, deps: Any, receive_count: int, context: Any) -> None:
        if message.payload["fail"]:
            raise RuntimeError("this record always fails")
        done.append(message.payload["name"])

    yield done
    JOB_HANDLERS.pop("test.loop")


@pytest.fixture
def loop(aws: Any, deps: Any) -> WorkerLoop:
    # No retry delay: a failed record is visible again at once, so the test need not wait.
    return WorkerLoop(
        aws.outputs["JobsQueueUrl"],
        lambda event, context: worker.handler(event, context, deps=deps),
        retry_delay_seconds=0,
    )


def _send(aws: Any, name: str, fail: bool) -> None:
    body = json.dumps({"kind": "test.loop", "payload": {"name": name, "fail": fail}})
    boto3.client("sqs").send_message(QueueUrl=aws.outputs["JobsQueueUrl"], MessageBody=body)


def _bodies(url: str) -> list[dict[str, Any]]:
    messages = boto3.client("sqs").receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    return [json.loads(m["Body"])["payload"] for m in messages]


def _count(url: str) -> int:
    attributes = boto3.client("sqs").get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"])


def test_a_good_record_is_deleted_and_a_failed_one_comes_back(aws: Any, loop: WorkerLoop, handled: list[str]) -> None:
    _send(aws, "good", fail=False)
    _send(aws, "bad", fail=True)
    received = 0
    while received < 2:
        received += loop.poll_once(wait_seconds=0)
    assert handled == ["good"]
    assert _bodies(aws.outputs["JobsQueueUrl"]) == [{"name": "bad", "fail": True}]


def test_a_poison_message_ends_in_the_dead_letter_queue_after_max_receive_count(
    aws: Any, loop: WorkerLoop, handled: list[str]
) -> None:
    queue_url = aws.outputs["JobsQueueUrl"]
    max_receives = json.loads(
        boto3.client("sqs").get_queue_attributes(QueueUrl=queue_url, AttributeNames=["RedrivePolicy"])["Attributes"][
            "RedrivePolicy"
        ]
    )["maxReceiveCount"]
    _send(aws, "poison", fail=True)
    deliveries = 0
    for _ in range(int(max_receives) + 3):
        deliveries += loop.poll_once(wait_seconds=0)
    assert deliveries == int(max_receives)
    assert _count(queue_url) == 0
    assert _bodies(aws.outputs["JobsDeadLetterQueueUrl"]) == [{"name": "poison", "fail": True}]
    assert handled == []


def test_a_malformed_message_is_dropped_not_retried(aws: Any, loop: WorkerLoop) -> None:
    boto3.client("sqs").send_message(QueueUrl=aws.outputs["JobsQueueUrl"], MessageBody="{not json")
    assert loop.poll_once(wait_seconds=0) == 1
    assert _count(aws.outputs["JobsQueueUrl"]) == 0
    assert _count(aws.outputs["JobsDeadLetterQueueUrl"]) == 0
