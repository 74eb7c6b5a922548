"""Drive the real worker handler from moto's SQS queue, as Lambda's event source mapping does."""

from __future__ import annotations

from typing import Any

import functions.gym.grading_job  # noqa: F401  (registers the gym.grade job, as worker.JOB_MODULES does)
from devstack.lambda_events import LocalContext, sqs_event
from functions import worker


def receive(deps: Any, max_messages: int = 10) -> list[dict[str, Any]]:
    """Messages now visible on the jobs queue, with their receive counts."""
    result = deps.sqs.receive_message(
        QueueUrl=deps.settings.jobs_queue_url, MaxNumberOfMessages=max_messages, AttributeNames=["All"]
    )
    return list(result.get("Messages", []))


def queue_arn(deps: Any) -> str:
    attributes = deps.sqs.get_queue_attributes(QueueUrl=deps.settings.jobs_queue_url, AttributeNames=["QueueArn"])
    return str(attributes["Attributes"]["QueueArn"])


def settle(deps: Any, messages: list[dict[str, Any]], result: dict[str, Any]) -> None:
    """Delete what succeeded; make the failures visible again at once (Lambda waits for the timeout)."""
    failed = {item["itemIdentifier"] for item in result["batchItemFailures"]}
    url = deps.settings.jobs_queue_url
    for message in messages:
        if message["MessageId"] in failed:
            deps.sqs.change_message_visibility(
                QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
            )
        else:
            deps.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


def run_worker_once(deps: Any, context: Any = None) -> dict[str, Any]:
    """Receive one batch, run the worker handler on it, settle it; returns the handler's answer."""
    messages = receive(deps)
    result = worker.handler(sqs_event(messages, queue_arn(deps)), context or LocalContext(), deps=deps)
    settle(deps, messages, result)
    return result
