"""Background jobs: the message shape on the jobs queue and the registry of job handlers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ConfigDict

from functions.deps import Deps
from functions.lazy_model import LazyModel


class JobMessage(LazyModel):
    """The body of every message on the jobs queue."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    payload: dict[str, Any]


class RetryLater(Exception):
    """A job failed in a way that may pass on another delivery (throttling, a 5xx, a timeout)."""


JobHandler = Callable[[JobMessage, Deps, int, Any], None]
"""Runs one job: (message, deps, approximate receive count, Lambda context)."""

JOB_HANDLERS: dict[str, JobHandler] = {}


def job_handler(kind: str) -> Callable[[JobHandler], JobHandler]:
    """Register the handler of one kind of job."""

    def register(fn: JobHandler) -> JobHandler:
        JOB_HANDLERS[kind] = fn
        return fn

    return register


def enqueue(deps: Deps, kind: str, payload: dict[str, Any]) -> None:
    """Send one job to the jobs queue."""
    body = JobMessage(kind=kind, payload=payload).model_dump_json()
    deps.sqs.send_message(QueueUrl=deps.settings.jobs_queue_url, MessageBody=body)
