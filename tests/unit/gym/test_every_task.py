"""Every shipped task can be solved: its own key scores 100, and an empty attempt scores low."""

from __future__ import annotations

import time
from typing import Any

from functions.agent.model import OfflineModel
from functions.agent.offline_judge import OfflineJudge
from functions.gym.acceptance import run_checks
from functions.gym.grading import grade
from functions.gym.models import AutonomySubmission, FlaggedLine, PlanStep, PlanSubmission, ReviewSubmission
from functions.gym.specs import (
    AutonomyTask,
    MatchesJsonSchema,
    MaxWords,
    MustInclude,
    MustNotInclude,
    PlanTask,
    ReviewTask,
)


def run(task: Any, submission: Any) -> Any:
    return grade(task, submission, judge=OfflineJudge(), agent=OfflineModel(), deadline_monotonic=time.monotonic() + 30)


def ideal_plan(task: PlanTask) -> PlanSubmission:
    """One step per work item, waiting exactly for the required dependencies, guarded where needed."""
    irreversible = {entry.item for entry in task.irreversible}
    waits: dict[str, list[str]] = {item.id: [] for item in task.work_items}
    for dep in task.dependencies:
        waits[dep.after].append(dep.before)
    steps = [
        PlanStep(
            id=item.id,
            title=item.title,
            covers=[item.id],
            depends_on=waits[item.id],
            owner="human" if item.id in task.human_items else "agent",
            checkpoint=item.id in irreversible,
        )
        for item in task.work_items
    ]
    return PlanSubmission(kind="plan", steps=steps)


def test_every_task_has_a_full_marks_answer_and_a_poor_one(tasks: dict[str, Any]) -> None:
    for task in tasks.values():
        if isinstance(task, PlanTask):
            best = ideal_plan(task)
            poor = PlanSubmission(kind="plan", steps=[PlanStep(id="all", title="Do it all", covers=[], owner="agent")])
        elif isinstance(task, AutonomyTask):
            best = AutonomySubmission(kind="autonomy", settings={k: v.setting for k, v in task.key.items()})
            poor = AutonomySubmission(kind="autonomy", settings={a.id: "alone" for a in task.actions})
        elif isinstance(task, ReviewTask):
            best = ReviewSubmission(kind="review", flagged=[FlaggedLine(line=d.lines[0]) for d in task.defects])
            poor = ReviewSubmission(kind="review", flagged=[])
        else:
            continue
        assert run(task, best).score == 100, task.id
        assert run(task, poor).score < 50, task.id


def test_acceptance_checks_read_the_output_as_a_reader_would() -> None:
    schema = {"type": "array", "items": {"type": "object", "required": ["title"]}}
    checks = [
        MustInclude(type="must_include", text="ORD-58213"),
        MustNotInclude(type="must_not_include", text="guarantee"),
        MaxWords(type="max_words", limit=5),
        MatchesJsonSchema(type="json_schema", json_schema=schema),
    ]
    fenced = '```json\n[{"title": "ord-58213"}]\n```'
    assert [c.passed for c in run_checks(checks, fenced)] == [True, True, True, True]
    results = run_checks(checks, 'We GUARANTEE it: [{"name": "x"}] and more words here')
    assert [c.passed for c in results] == [False, False, False, False]
    assert results[2].detail == "9 words"
    assert results[3].detail.startswith("not JSON")
    wrong_shape = run_checks([checks[3]], '[{"name": "x"}]')[0]
    assert wrong_shape.detail == "0: 'title' is a required property"
