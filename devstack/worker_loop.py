"""Feeds the local jobs queue to `functions.worker.handler`, as Lambda's SQS event source mapping does."""

from __future__ import annotations

import logging
import threading
from typing import Any

import boto3

from devstack.lambda_events import LocalContext, sqs_event

log = logging.getLogger("devstack.worker")
RETRY_DELAY_SECONDS = 2


class WorkerLoop(threading.Thread):
    """Long-polls the queue, invokes the handler per batch, deletes what succeeded."""

    def __init__(
        self, queue_url: str, handler: Any, batch_size: int = 10, retry_delay_seconds: int = RETRY_DELAY_SECONDS
    ) -> None:
        super().__init__(name="worker-loop", daemon=True)
        self.queue_url = queue_url
        self.handler = handler
        self.batch_size = batch_size
        self.retry_delay_seconds = retry_delay_seconds
        self.stopping = threading.Event()
        self.sqs: Any = boto3.client("sqs")
        self.queue_arn = self.sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]

    def poll_once(self, wait_seconds: int = 1) -> int:
        """Process one batch; returns how many messages it received."""
        messages = self.sqs.receive_message(
            QueueUrl=self.queue_url,
            MaxNumberOfMessages=self.batch_size,
            WaitTimeSeconds=wait_seconds,
            AttributeNames=["All"],
        ).get("Messages", [])
        if not messages:
            return 0
        result = self.handler(sqs_event(messages, self.queue_arn), LocalContext(timeout_seconds=60))
        failed = {item["itemIdentifier"] for item in result.get("batchItemFailures", [])}
        for message in messages:
            if message["MessageId"] in failed:
                # Lambda would wait for the visibility timeout; locally a short delay is friendlier.
                self.sqs.change_message_visibility(
                    QueueUrl=self.queue_url,
                    ReceiptHandle=message["ReceiptHandle"],
                    VisibilityTimeout=self.retry_delay_seconds,
                )
            else:
                self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])
        return len(messages)

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                self.poll_once()
            except Exception:
                log.exception("worker batch failed")
                self.stopping.wait(self.retry_delay_seconds)

    def stop(self) -> None:
        self.stopping.set()
