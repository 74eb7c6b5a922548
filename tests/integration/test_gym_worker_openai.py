"""The worker's real path to a model: the key read from SSM (SecureString, moto), the OpenAI SDK
talking HTTP to a local stand-in for the API, nothing of the grading monkeypatched."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import boto3
import pytest

from functions import bootstrap
from functions.gym import attempts
from functions.gym.models import BriefSubmission
from functions.stores import gym_attempts as store
from tests.gym_support import BRIEF_TASK, use_test_tasks
from tests.gym_worker_support import run_worker_once

KEY = "sk-from-parameter-store"
PARAMETER = "/agent-boss/test/openai-api-key"
TEXT = "The goal is a weekly digest, in this format: a list of titles."


class FakeOpenAI(BaseHTTPRequestHandler):
    """Answers chat completions the way the API does, with the judge's verdicts; records each request."""

    seen: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeOpenAI.seen.append({"path": self.path, "authorization": self.headers["Authorization"], "body": body})
        verdicts = [
            {"criterion_id": "goal", "met": True, "evidence": "The goal is a weekly digest"},
            {"criterion_id": "format", "met": True, "evidence": "in this format: a list of titles"},
        ]
        reply = {
            "id": "chatcmpl-local",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [
                {"index": 0, "finish_reason": "stop",
                 "message": {"role": "assistant", "content": json.dumps({"verdicts": verdicts})}}
            ],
            "usage": {"prompt_tokens": 300, "completion_tokens": 40, "total_tokens": 340},
        }  # fmt: skip
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def openai_server() -> Iterator[str]:
    FakeOpenAI.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenAI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_the_worker_grades_with_the_model_whose_key_it_reads_from_parameter_store(
    deps: Any, openai_server: str
) -> None:
    boto3.client("ssm").put_parameter(Name=PARAMETER, Value=KEY, Type="SecureString")
    bootstrap.reset()
    deps = replace(deps, settings=deps.settings.model_copy(
        update={"openai_api_key": "", "openai_api_key_parameter": PARAMETER, "openai_base_url": openai_server}
    ))  # fmt: skip
    use_test_tasks(deps)
    attempt_id = attempts.submit(deps, "user-1", BRIEF_TASK, BriefSubmission(kind="brief", text=TEXT)).attempt_id

    assert run_worker_once(deps) == {"batchItemFailures": []}

    attempt = store.get(deps.table, attempt_id)
    assert attempt is not None
    assert attempt.status == "graded"
    assert attempt.grade is not None
    assert attempt.grade["judge"] == "openai"
    assert attempt.grade["score"] == 100
    assert FakeOpenAI.seen, "the model was never called"
    assert {request["path"] for request in FakeOpenAI.seen} == {"/v1/chat/completions"}
    assert {request["authorization"] for request in FakeOpenAI.seen} == {f"Bearer {KEY}"}
    assert TEXT in json.dumps(FakeOpenAI.seen[-1]["body"]["messages"])  # the learner's text went to the judge
