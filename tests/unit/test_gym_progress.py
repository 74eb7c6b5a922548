"""Pure parts of gym progress: submission diffs, grade changes, the skill profile, cursors."""

from __future__ import annotations

from typing import Any

import pytest

from functions.errors import ValidationFailed
from functions.gym.diffs import grade_change, structural_diff, submission_diff, text_diff
from functions.gym.progress import decode_cursor, encode_cursor, skill_profile
from functions.gym.tasks import parse_tasks
from functions.stores.gym_attempts import BestScore
from tests.gym_support import TASKS


def ops(changes: Any) -> list[tuple[str, str]]:
    return [(c.op, c.text) for c in changes]


def test_a_text_diff_compares_sentences_so_one_paragraph_edits_stay_readable() -> None:
    before = "Summarise the reports. Keep it short. Send it Monday."
    after = "Summarise the reports. Keep it under 200 words. Send it Monday."
    assert ops(text_diff(before, after)) == [
        ("same", "Summarise the reports."),
        ("removed", "Keep it short."),
        ("added", "Keep it under 200 words."),
        ("same", "Send it Monday."),
    ]


def test_long_unchanged_runs_are_folded_with_a_count() -> None:
    common = " ".join(f"Sentence {n}." for n in range(10))
    changes = text_diff(f"Start. {common}", f"Begin. {common}")
    assert changes[-1].op == "skipped"
    assert changes[-1].count == 9
    assert [c.op for c in changes[:3]] == ["removed", "added", "same"]


def test_plan_steps_are_matched_by_id_so_reordering_is_not_a_change() -> None:
    a = {"id": "a", "title": "Draft", "owner": "agent", "depends_on": []}
    b = {"id": "b", "title": "Send", "owner": "agent", "depends_on": ["a"]}
    changed_b = {**b, "owner": "human", "checkpoint": True}
    changes = structural_diff({"steps": [a, b]}, {"steps": [changed_b, a]})
    assert [(c.path, c.change, c.before, c.after) for c in changes] == [
        ("steps.b.owner", "changed", "agent", "human"),
        ("steps.b.checkpoint", "added", None, True),
    ]


def test_review_flags_are_matched_by_line_and_scalar_lists_by_value() -> None:
    before = {"kind": "review", "flagged": [{"line": 2}, {"line": 5}]}
    after = {"kind": "review", "flagged": [{"line": 5, "note": "wrong total"}, {"line": 7}]}
    text, fields = submission_diff(before, after)
    assert text == []
    assert [(c.path, c.change) for c in fields] == [
        ("flagged.5.note", "added"),
        ("flagged.7", "added"),
        ("flagged.2", "removed"),
    ]
    assert [(c.change, c.before, c.after) for c in structural_diff(["x", "y"], ["y", "z"])] == [
        ("removed", "x", None),
        ("added", None, "z"),
    ]


def test_a_grade_change_lists_criteria_newly_met_and_lost() -> None:
    before = {"score": 40, "criteria": [{"id": "goal", "met": True}, {"id": "format", "met": False}]}
    after = {"score": 60, "criteria": [{"id": "goal", "met": False}, {"id": "format", "met": True}]}
    change = grade_change(before, after)
    assert (change.score_before, change.score_after, change.newly_met, change.lost) == (40, 60, ["format"], ["goal"])


def test_the_skill_profile_averages_best_scores_per_dimension_over_tasks_tried() -> None:
    tasks = parse_tasks({"tasks": TASKS})
    bests = [
        BestScore("brief-test", "brief", 80, "a1", "t"),
        BestScore("review-test", "review", 40, "a2", "t"),
        BestScore("withdrawn-task", "brief", 100, "a3", "t"),
    ]
    by_id = {d.id: d for d in skill_profile(tasks, bests).dimensions}
    assert (by_id["quality-checks"].score, by_id["quality-checks"].tasks_attempted) == (60, 2)
    assert by_id["ownership"].score == 40
    assert (by_id["guardrails"].score, by_id["guardrails"].tasks_total) == (None, 1)
    assert by_id["quality-checks"].name == "Quality checks"
    assert list(by_id) == ["decomposition", "sequencing", "guardrails", "quality-checks", "ownership", "briefing"]


def test_a_cursor_round_trips_and_a_forged_one_is_refused() -> None:
    key = "ATTEMPT#2026-11-24T09:00:00.000000Z#abc"
    assert decode_cursor(encode_cursor(key)) == key
    for forged in ["%%%", encode_cursor("USER#someone"), encode_cursor("ATTEMPT#x#")]:
        with pytest.raises(ValidationFailed):
            decode_cursor(forged)
