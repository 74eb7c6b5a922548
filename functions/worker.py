"""Lambda entry point for the jobs queue: an SQS batch, reporting only the failed records."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from pydantic import ValidationError

from functions.deps import Deps
from functions.jobs import JOB_HANDLERS, JobMessage, RetryLater
from functions.logs import configure_logging, request_id_var

# Job kinds register themselves on import; a new kind adds its module here.
JOB_MODULES: list[str] = ["functions.gym.grading_job"]

log = logging.getLogger("functions.worker")


@cache
def _deps() -> Deps:
    import importlib

    for module in JOB_MODULES:
        importlib.import_module(module)
    deps = Deps()
    configure_logging(deps.settings.log_level)
    return deps


def process_record(record: dict[str, Any], deps: Deps, context: Any) -> bool:
    """Run one record; True when it should be retried (reported as a batch item failure)."""
    request_id_var.set(record.get("messageId", "-"))
    try:
        message = JobMessage.model_validate_json(record.get("body", ""))
    except ValidationError as exc:
        # A malformed message will never succeed: log and drop it rather than poison the batch.
        log.error("dropped malformed message", extra={"error": str(exc)})
        return False
    job = JOB_HANDLERS.get(message.kind)
    if job is None:
        log.error("dropped message of unknown kind", extra={"kind": message.kind})
        return False
    receive_count = int(record.get("attributes", {}).get("ApproximateReceiveCount", "1"))
    try:
        job(message, deps, receive_count, context)
    except RetryLater as exc:
        log.warning("job will be retried", extra={"kind": message.kind, "reason": str(exc)})
        return True
    except Exception:
        log.exception("job failed", extra={"kind": message.kind})
        return True
    return False


def handler(event: dict[str, Any], context: Any, deps: Deps | None = None) -> dict[str, Any]:
    """Process a batch; only the records that failed go back to the queue."""
    deps = deps or _deps()
    failures = [
        {"itemIdentifier": record["messageId"]}
        for record in event.get("Records", [])
        if process_record(record, deps, context)
    ]
    return {"batchItemFailures": failures}
