"""A gym attempt through both Lambda entry points: the HTTP API event in, the SQS batch through the worker."""

from __future__ import annotations

import json
from typing import Any

import pytest

from devstack.lambda_events import LocalContext, sqs_event
from functions import worker
from functions.gym import grading_job
from tests.conftest import invoke_lambda, load_event
from tests.gym_support import ScriptedGrader, use_test_tasks
from tests.gym_worker_support import queue_arn, receive


@pytest.fixture
def grader(deps: Any, monkeypatch: pytest.MonkeyPatch) -> ScriptedGrader:
    use_test_tasks(deps)
    scripted = ScriptedGrader(tokens=120)
    monkeypatch.setattr(grading_job, "grade", scripted)
    monkeypatch.setattr(grading_job, "make_judge", lambda settings: "judge")
    monkeypatch.setattr(grading_job, "make_agent", lambda settings: "agent")
    return scripted


def with_token(event: dict[str, Any], token: str, attempt_id: str = "") -> dict[str, Any]:
    text = json.dumps(event).replace("ACCESS_TOKEN", token).replace("ATTEMPT_ID", attempt_id)
    return json.loads(text)  # type: ignore[no-any-return]


def test_an_attempt_posted_through_the_api_handler_is_graded_by_the_worker_handler(
    deps: Any, api_handler: Any, grader: ScriptedGrader, signed_in: Any
) -> None:
    token = signed_in("e2e@example.com").access_token
    posted = invoke_lambda(api_handler, with_token(load_event("http_post_gym_attempt.json"), token))
    assert posted["statusCode"] == 202
    attempt = json.loads(posted["body"])
    assert posted["headers"]["location"] == f"/api/gym/attempts/{attempt['id']}"

    messages = receive(deps)
    batch = sqs_event(messages, queue_arn(deps))
    result = invoke_lambda(lambda event, context: worker.handler(event, context, deps=deps), batch, LocalContext())
    assert result == {"batchItemFailures": []}

    polled = invoke_lambda(api_handler, with_token(load_event("http_get_gym_attempt.json"), token, attempt["id"]))
    assert polled["statusCode"] == 200
    body = json.loads(polled["body"])
    assert body["status"] == "graded"
    assert body["grade"]["score"] == 100
    assert (body["tokens_in"], body["tokens_out"]) == (120, 60)


def test_the_api_handler_refuses_another_users_attempt_with_404(api_handler: Any, grader: Any, signed_in: Any) -> None:
    owner, other = signed_in("owner@example.com").access_token, signed_in("other@example.com").access_token
    posted = invoke_lambda(api_handler, with_token(load_event("http_post_gym_attempt.json"), owner))
    attempt_id = json.loads(posted["body"])["id"]
    polled = invoke_lambda(api_handler, with_token(load_event("http_get_gym_attempt.json"), other, attempt_id))
    assert polled["statusCode"] == 404
    assert json.loads(polled["body"])["error"]["code"] == "not_found"
