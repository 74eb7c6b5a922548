"""A user's gym data can be exported and deleted, and deleting leaves nothing of theirs behind."""

from __future__ import annotations

from typing import Any

import pytest
from boto3.dynamodb.conditions import Key

from functions.gym import attempts, grading_job
from functions.gym.models import AutonomySubmission, BriefSubmission
from functions.stores.counters import counter_pk
from functions.stores.gym_attempts import ATTEMPTS_LIMIT_NAME, user_pk
from tests.gym_support import AUTONOMY_TASK, BRIEF_TASK, ScriptedGrader, use_test_tasks
from tests.gym_worker_support import run_worker_once


@pytest.fixture
def gym(deps: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    use_test_tasks(deps)
    monkeypatch.setattr(grading_job, "grade", ScriptedGrader())
    monkeypatch.setattr(grading_job, "make_judge", lambda settings: "judge")
    monkeypatch.setattr(grading_job, "make_agent", lambda settings: "agent")


def practise(deps: Any, user_id: str) -> None:
    attempts.submit(deps, user_id, BRIEF_TASK, BriefSubmission(kind="brief", text="The goal."))
    settings = {"tag": "alone", "refund": "checkpoint"}
    attempts.submit(deps, user_id, AUTONOMY_TASK, AutonomySubmission(kind="autonomy", settings=settings))
    run_worker_once(deps)


def items_of(deps: Any, user_id: str) -> list[dict[str, Any]]:
    """Every access pattern that names the user, each a Query."""
    table = deps.table
    found = table.query(IndexName="gsi1", KeyConditionExpression=Key("gsi1pk").eq(user_pk(user_id)))["Items"]
    found += table.query(KeyConditionExpression=Key("pk").eq(user_pk(user_id)))["Items"]
    for task in (BRIEF_TASK, AUTONOMY_TASK):
        found += table.query(
            IndexName="gsi2", KeyConditionExpression=Key("gsi2pk").eq(f"{user_pk(user_id)}#TASK#{task}")
        )["Items"]
    found += table.query(KeyConditionExpression=Key("pk").eq(counter_pk(ATTEMPTS_LIMIT_NAME, user_id)))["Items"]
    return found


def test_the_export_holds_the_users_attempts_and_best_scores_only(deps: Any, gym: Any) -> None:
    practise(deps, "alice")
    practise(deps, "bob")
    exported = attempts.export_data(deps, "alice")
    assert sorted(a["task_id"] for a in exported["attempts"]) == [AUTONOMY_TASK, BRIEF_TASK]
    assert {a["status"] for a in exported["attempts"]} == {"graded"}
    assert exported["attempts"][0]["submission"]["kind"] in {"brief", "autonomy"}
    assert sorted(b["task_id"] for b in exported["best_scores"]) == [AUTONOMY_TASK, BRIEF_TASK]


def test_deleting_removes_every_gym_item_of_the_user_and_nothing_of_anyone_else(deps: Any, gym: Any) -> None:
    practise(deps, "alice")
    practise(deps, "bob")
    assert items_of(deps, "alice")
    bobs_before = len(items_of(deps, "bob"))
    deleted = attempts.delete_data(deps, "alice")
    assert deleted == 2 + 2 + 1  # two attempts, two best scores, today's attempt counter
    assert items_of(deps, "alice") == []
    assert len(items_of(deps, "bob")) == bobs_before
