"""The gym attempts API on moto: submit, limits, owner-only reads, history, iterations, profile."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from functions.gym import grading_job
from functions.gym.attempts import tokens_limit
from functions.stores import counters
from tests.gym_support import (
    AUTONOMY_TASK,
    BRIEF_TASK,
    PLAN_TASK,
    REVIEW_TASK,
    ScriptedGrader,
    brief,
    use_test_tasks,
)
from tests.gym_worker_support import run_worker_once


@pytest.fixture
def gym(deps: Any, monkeypatch: pytest.MonkeyPatch) -> ScriptedGrader:
    use_test_tasks(deps)
    grader = ScriptedGrader()
    monkeypatch.setattr(grading_job, "grade", grader)
    monkeypatch.setattr(grading_job, "make_judge", lambda settings: "judge")
    monkeypatch.setattr(grading_job, "make_agent", lambda settings: "agent")
    return grader


@pytest.fixture
def alice(signed_in: Any, gym: Any) -> dict[str, str]:
    return signed_in("alice@example.com").headers  # type: ignore[no-any-return]


@pytest.fixture
def bob(signed_in: Any, gym: Any) -> dict[str, str]:
    return signed_in("bob@example.com").headers  # type: ignore[no-any-return]


def post(client: Any, headers: dict[str, str], body: dict[str, Any]) -> Any:
    return client.post("/api/gym/attempts", json=body, headers=headers)


def field_names(response: Any) -> list[str]:
    return [problem["field"] for problem in response.get_json()["error"]["fields"]]


def queued_messages(deps: Any) -> list[dict[str, Any]]:
    received = deps.sqs.receive_message(QueueUrl=deps.settings.jobs_queue_url, MaxNumberOfMessages=10)
    return [json.loads(m["Body"]) for m in received.get("Messages", [])]


def test_submitting_an_attempt_queues_it_and_answers_202_with_its_location(client: Any, deps: Any, alice: Any) -> None:
    response = post(client, alice, brief("The goal is a weekly digest."))
    assert response.status_code == 202
    body = response.get_json()
    assert response.headers["Location"] == f"/api/gym/attempts/{body['id']}"
    assert body["status"] == "queued"
    assert body["task_id"] == BRIEF_TASK
    assert body["submission"] == {"kind": "brief", "text": "The goal is a weekly digest."}
    assert body["content_version"] == "test-content-v1"
    assert queued_messages(deps) == [{"kind": "gym.grade", "payload": {"attempt_id": body["id"]}}]


def test_submitting_needs_a_signed_in_user(client: Any, gym: Any) -> None:
    response = post(client, {}, brief("hello"))
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"task_id": "no-such-task", "submission": {"kind": "brief", "text": "hi"}}, "task_id"),
        ({"task_id": BRIEF_TASK, "submission": {"kind": "review", "flagged": []}}, "submission.kind"),
        ({"task_id": BRIEF_TASK, "submission": {"kind": "brief", "text": ""}}, "submission.text"),
        ({"task_id": BRIEF_TASK, "submission": {"kind": "poem", "text": "x"}}, "submission"),
        ({"task_id": AUTONOMY_TASK, "submission": {"kind": "autonomy", "settings": {"tag": "alone"}}},
         "submission.settings.refund"),
        ({"task_id": REVIEW_TASK, "submission": {"kind": "review", "flagged": [{"line": 9}]}},
         "submission.flagged.0.line"),
        ({"task_id": PLAN_TASK, "submission": {"kind": "plan", "steps": [
            {"id": "a", "title": "A", "owner": "agent", "depends_on": ["zz"]}]}}, "submission.steps.0.depends_on"),
        ({"task_id": PLAN_TASK, "submission": {"kind": "plan", "steps": [
            {"id": "a", "title": "A", "owner": "robot"}]}}, "submission.steps.0.owner"),
        ({"submission": {"kind": "brief", "text": "hi"}}, "task_id"),
        ({"task_id": BRIEF_TASK, "submission": {"kind": "brief", "text": "hi"}, "extra": 1}, "extra"),
    ],
)  # fmt: skip
def test_a_submission_that_does_not_fit_is_a_422_naming_the_field(
    client: Any, deps: Any, alice: Any, body: dict[str, Any], field: str
) -> None:
    response = post(client, alice, body)
    assert response.status_code == 422
    assert field in field_names(response)
    assert queued_messages(deps) == []


def test_a_brief_longer_than_8000_characters_is_refused_naming_the_text(client: Any, alice: Any) -> None:
    response = post(client, alice, brief("x" * 8001))
    assert response.status_code == 422
    assert field_names(response) == ["submission.text"]


def test_a_structured_submission_larger_than_the_limit_is_refused(client: Any, alice: Any) -> None:
    flags = [{"line": 1 + i % 3, "note": "n" * 400} for i in range(25)]
    response = post(client, alice, {"task_id": REVIEW_TASK, "submission": {"kind": "review", "flagged": flags}})
    assert response.status_code == 422
    assert "submission" in field_names(response)


def test_each_user_has_a_daily_allowance_of_attempts_that_resets_the_next_day(
    client: Any, deps: Any, clock: Any, alice: Any, bob: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    deps.settings = deps.settings.model_copy(update={"gym_daily_attempts_per_user": 2})
    assert [post(client, alice, brief("one")).status_code for _ in range(2)] == [202, 202]
    refused = post(client, alice, brief("three"))
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 24 * 3600
    assert post(client, bob, brief("bob's first")).status_code == 202
    clock.now += timedelta(days=1)
    assert post(client, alice, brief("a new day")).status_code == 202


def test_when_the_daily_token_budget_is_spent_attempts_are_refused_with_503(
    client: Any, deps: Any, clock: Any, alice: Any
) -> None:
    limit = tokens_limit(deps)
    counters.hit(deps.table, limit, "global", clock(), amount=limit.allowed)
    response = post(client, alice, brief("The goal is a digest."))
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "daily_budget_spent"
    assert int(response.headers["Retry-After"]) > 0
    assert queued_messages(deps) == []


def test_when_the_queue_is_unreachable_the_attempt_is_marked_failed_and_the_answer_is_503(
    client: Any, deps: Any, alice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    deps.settings = deps.settings.model_copy(update={"jobs_queue_url": deps.settings.jobs_queue_url + "-gone"})
    response = post(client, alice, brief("The goal is a digest."))
    assert response.status_code == 503
    (attempt,) = client.get("/api/me/gym/attempts", headers=alice).get_json()["items"]
    assert attempt["status"] == "failed"


def test_an_attempt_can_be_read_by_its_owner_only(client: Any, alice: Any, bob: Any) -> None:
    attempt_id = post(client, alice, brief("The goal is a digest.")).get_json()["id"]
    mine = client.get(f"/api/gym/attempts/{attempt_id}", headers=alice)
    assert mine.status_code == 200
    assert mine.get_json()["status"] == "queued"
    assert mine.headers["Cache-Control"] == "no-store"
    assert client.get(f"/api/gym/attempts/{attempt_id}", headers=bob).status_code == 404
    assert client.get("/api/gym/attempts/nonexistent", headers=alice).status_code == 404
    assert client.get("/api/gym/attempts/..%2F..%2Fetc", headers=alice).status_code == 404
    assert client.get(f"/api/gym/attempts/{attempt_id}").status_code == 401


def test_a_graded_attempt_carries_its_feedback_tokens_and_cost(client: Any, deps: Any, gym: Any, alice: Any) -> None:
    gym.tokens = 1000
    attempt_id = post(client, alice, brief("The goal is a digest in this format.")).get_json()["id"]
    run_worker_once(deps)
    body = client.get(f"/api/gym/attempts/{attempt_id}", headers=alice).get_json()
    assert body["status"] == "graded"
    assert body["grade"]["score"] == 100
    assert [c["id"] for c in body["grade"]["criteria"]] == ["goal", "format"]
    assert body["grade"]["comments"][0]["text"]
    assert (body["tokens_in"], body["tokens_out"]) == (1000, 500)
    assert body["estimated_cost_usd"] == pytest.approx(0.1)
    assert body["poll_after_seconds"] is None


def test_the_history_is_newest_first_paginated_and_holds_only_my_attempts(
    client: Any, clock: Any, alice: Any, bob: Any
) -> None:
    mine = []
    for n in range(5):
        clock.now += timedelta(minutes=1)
        mine.append(post(client, alice, brief(f"attempt {n}")).get_json()["id"])
    post(client, bob, brief("not alice's"))
    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/me/gym/attempts", query_string=query, headers=alice).get_json()
        seen += [item["id"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == list(reversed(mine))
    assert pages == 3


@pytest.mark.parametrize("query", [{"cursor": "not-a-cursor!"}, {"cursor": "QUJD"}, {"limit": 0}, {"limit": "x"}])
def test_a_bad_history_query_is_a_422_naming_the_parameter(client: Any, alice: Any, query: dict[str, Any]) -> None:
    response = client.get("/api/me/gym/attempts", query_string=query, headers=alice)
    assert response.status_code == 422
    assert field_names(response) == [next(iter(query))]


def test_iterations_show_what_changed_in_the_submission_and_in_the_grade(
    client: Any, deps: Any, clock: Any, alice: Any
) -> None:
    texts = ["The goal is a digest.", "The goal is a digest. Use this format: bullets.", "Bullets please."]
    for text in texts:
        clock.now += timedelta(minutes=1)
        post(client, alice, brief(text))
        run_worker_once(deps)
    body = client.get(f"/api/me/gym/tasks/{BRIEF_TASK}/iterations", headers=alice).get_json()
    first, second, third = body["iterations"]
    assert [i["number"] for i in body["iterations"]] == [1, 2, 3]
    assert first["text_changes"] == []
    assert first["grade_change"] is None
    assert {"op": "added", "text": "Use this format: bullets.", "count": 1} in second["text_changes"]
    assert second["grade_change"] == {"score_before": 50, "score_after": 100, "newly_met": ["format"], "lost": []}
    assert third["grade_change"]["lost"] == ["format", "goal"]
    assert client.get("/api/me/gym/tasks/unknown/iterations", headers=alice).status_code == 404


def test_iterations_of_a_structured_task_show_field_changes(client: Any, deps: Any, clock: Any, alice: Any) -> None:
    for setting in ("alone", "checkpoint"):
        clock.now += timedelta(minutes=1)
        submission = {"kind": "autonomy", "settings": {"tag": "alone", "refund": setting}}
        assert post(client, alice, {"task_id": AUTONOMY_TASK, "submission": submission}).status_code == 202
    body = client.get(f"/api/me/gym/tasks/{AUTONOMY_TASK}/iterations", headers=alice).get_json()
    assert body["iterations"][1]["field_changes"] == [
        {"path": "settings.refund", "change": "changed", "before": "alone", "after": "checkpoint"}
    ]


def test_the_skill_profile_takes_each_tasks_best_attempt_per_dimension(
    client: Any, deps: Any, clock: Any, alice: Any, bob: Any
) -> None:
    for text in ["The goal.", "The goal and the format.", "Nothing."]:
        clock.now += timedelta(minutes=1)
        post(client, alice, brief(text))
        run_worker_once(deps)
    profile = client.get("/api/me/gym/profile", headers=alice).get_json()["dimensions"]
    by_id = {d["id"]: d for d in profile}
    assert by_id["briefing"] == {
        "id": "briefing", "name": "Briefing", "score": 100, "tasks_attempted": 1, "tasks_total": 1
    }  # fmt: skip
    assert by_id["quality-checks"]["tasks_total"] == 2
    assert by_id["guardrails"]["score"] is None
    assert client.get("/api/me/gym/profile", headers=bob).get_json()["dimensions"][0]["score"] is None


def test_export_includes_and_account_deletion_removes_my_gym_attempts(client: Any, deps: Any, alice: Any) -> None:
    attempt_id = post(client, alice, brief("The goal is a digest.")).get_json()["id"]
    run_worker_once(deps)
    exported = client.get("/api/me/export", headers=alice).get_json()["data"]["gym"]
    assert [a["id"] for a in exported["attempts"]] == [attempt_id]
    deleted = client.delete("/api/me", headers=alice)
    assert deleted.status_code == 200
    from functions.stores import gym_attempts

    assert gym_attempts.get(deps.table, attempt_id) is None
