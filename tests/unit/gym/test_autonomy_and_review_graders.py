"""Autonomy partial credit against the key; review recall and precision with false flags costing."""

from __future__ import annotations

import time
from typing import Any

import pytest

from functions.agent.model import OfflineModel
from functions.agent.offline_judge import OfflineJudge
from functions.gym.grading import grade
from functions.gym.models import AutonomySubmission, FlaggedLine, ReviewSubmission


def run(task: Any, submission: Any) -> Any:
    return grade(task, submission, judge=OfflineJudge(), agent=OfflineModel(), deadline_monotonic=time.monotonic() + 30)


def key_settings(task: Any) -> dict[str, str]:
    return {action_id: entry.setting for action_id, entry in task.key.items()}


def test_autonomy_settings_that_match_the_key_score_full_marks(tasks: dict[str, Any]) -> None:
    task = tasks["autonomy-support-inbox"]
    result = run(task, AutonomySubmission(kind="autonomy", settings=key_settings(task)))  # type: ignore[arg-type]
    assert result.score == 100
    assert [c.kind for c in result.comments] == ["celebratory"]


@pytest.mark.parametrize(
    ("action", "answer", "credit"),
    [
        ("refund_large", "never", 0.5),  # too cautious: half credit
        ("refund_large", "alone", 0.0),  # a needed checkpoint skipped: nothing
        ("tag", "checkpoint", 0.5),
        ("tag", "never", 0.25),
        ("shareholder", "checkpoint", 0.25),
        ("shareholder", "alone", 0.0),
    ],
)
def test_autonomy_near_misses_earn_partial_credit_and_unchecked_risk_earns_none(
    tasks: dict[str, Any], action: str, answer: str, credit: float
) -> None:
    task = tasks["autonomy-support-inbox"]
    settings = key_settings(task) | {action: answer}
    result = run(task, AutonomySubmission(kind="autonomy", settings=settings))  # type: ignore[arg-type]
    criterion = next(c for c in result.criteria if c.id == action)
    assert criterion.credit == credit
    assert not criterion.met
    assert criterion.fix
    assert criterion.fix.startswith("Set it to")
    weights = {"alone": 1.0, "checkpoint": 1.5, "never": 2.0}
    total = sum(weights[entry.setting] for entry in task.key.values())
    missed = weights[task.key[action].setting]
    assert criterion.weight == missed
    assert result.score == round(100 * (total - missed + credit * missed) / total)


def test_letting_an_agent_share_customer_data_alone_is_the_essential_comment(tasks: dict[str, Any]) -> None:
    task = tasks["autonomy-support-inbox"]
    settings = key_settings(task) | {"shareholder": "alone"}
    result = run(task, AutonomySubmission(kind="autonomy", settings=settings))  # type: ignore[arg-type]
    assert result.comments[0].kind == "essential"
    assert "Share another customer's data" in result.comments[0].text


def flags(*lines: int) -> ReviewSubmission:
    return ReviewSubmission(kind="review", flagged=[FlaggedLine(line=n) for n in lines])


def test_a_review_that_finds_every_defect_with_no_false_flags_scores_full_marks(tasks: dict[str, Any]) -> None:
    result = run(tasks["review-market-summary"], flags(2, 7, 9))
    assert result.score == 100
    assert all(c.met for c in result.criteria)


def test_a_review_that_misses_a_defect_gets_a_hint_not_the_answer(tasks: dict[str, Any]) -> None:
    result = run(tasks["review-market-summary"], flags(2, 7))
    missed = next(c for c in result.criteria if c.id == "named_customer")
    assert result.score == 67
    assert not missed.met
    assert missed.fix == "Re-read the last sentence of the request."
    assert "names an individual customer" not in missed.name


def test_false_flags_cost_half_a_defect_each_and_lower_precision(tasks: dict[str, Any]) -> None:
    result = run(tasks["review-market-summary"], flags(2, 7, 9, 1, 5))
    precision = next(c for c in result.criteria if c.id == "precision")
    assert result.score == round(100 * (3 - 0.5 * 2) / 3)
    assert precision.credit == pytest.approx(0.6)
    assert "Lines 1, 5 are fine" in precision.fix


def test_flagging_every_line_scores_no_better_than_a_careful_partial_review(tasks: dict[str, Any]) -> None:
    everything = run(tasks["review-market-summary"], flags(*range(1, 11)))
    careful = run(tasks["review-market-summary"], flags(2))
    assert everything.score == 0
    assert careful.score == 33
