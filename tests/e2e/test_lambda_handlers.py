"""Both Lambda entry points, fed captured events."""

from __future__ import annotations

import json
from typing import Any

import pytest

from functions import worker
from functions.jobs import JOB_HANDLERS, JobMessage, RetryLater, job_handler
from tests.conftest import invoke_lambda, load_event


def test_the_api_handler_serves_an_http_api_event(api_handler: Any) -> None:
    response = invoke_lambda(api_handler, load_event("http_get_health.json"))
    assert response["statusCode"] == 200
    assert json.loads(response["body"])["table_reachable"] is True
    assert response["headers"]["x-request-id"]


def test_the_api_handler_answers_unknown_routes_with_json(api_handler: Any) -> None:
    event = load_event("http_get_health.json")
    event["rawPath"] = event["requestContext"]["http"]["path"] = "/api/nowhere"
    response = invoke_lambda(api_handler, event)
    assert response["statusCode"] == 404
    assert json.loads(response["body"])["error"]["code"] == "not_found"


@pytest.fixture
def flaky_job() -> Any:
    processed: list[dict[str, Any]] = []

    @job_handler("test.flaky")
    def run(message: JobMessage, deps: Any, receive_count: int, context: Any) -> None:
        if message.payload["fail"]:
            raise RetryLater("the model was busy")
        processed.append(message.payload)

    yield processed
    JOB_HANDLERS.pop("test.flaky")


def test_the_worker_reports_only_failed_records_and_drops_malformed_ones(deps: Any, flaky_job: Any) -> None:
    result = worker.handler(load_event("sqs_batch.json"), None, deps=deps)
    assert result == {"batchItemFailures": [{"itemIdentifier": "22222222-2222-2222-2222-222222222222"}]}
    assert flaky_job == [{"fail": False}]


def test_the_worker_drops_messages_of_unknown_kind(deps: Any) -> None:
    event = load_event("sqs_batch.json")
    event["Records"] = [{**event["Records"][2], "body": json.dumps({"kind": "nobody.handles", "payload": {}})}]
    assert worker.handler(event, None, deps=deps) == {"batchItemFailures": []}
