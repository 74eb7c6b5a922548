"""A lesson's task in the content bundle's shape (`functions.gym.specs`): public and private parts."""

from __future__ import annotations

from typing import Any

from sitegen.gymlessons.reader import LoadedLesson
from sitegen.gymlessons.schema import AutonomyLesson, BriefLesson, PlanLesson, ReviewLesson


def task_spec(loaded: LoadedLesson) -> dict[str, Any]:
    """Everything the graders need for one lesson's task."""
    lesson = loaded.lesson
    base: dict[str, Any] = {
        "id": loaded.id,
        "kind": lesson.kind,
        "title": lesson.title,
        "url": loaded.url,
        "dimensions": list(lesson.dimensions),
    }
    if isinstance(lesson, BriefLesson):
        checks = [check.model_dump(exclude_none=True) for check in lesson.grading.acceptance]
        return base | {
            "scenario": lesson.task.scenario,
            "input": lesson.task.input,
            "criteria": [c.model_dump() for c in lesson.grading.criteria],
            "acceptance": checks,
        }
    if isinstance(lesson, PlanLesson):
        return base | {
            "outcome": lesson.task.statement,
            "work_items": [item.model_dump() for item in lesson.task.work_items],
            "dependencies": [d.model_dump() for d in lesson.grading.dependencies],
            "irreversible": [i.model_dump() for i in lesson.grading.irreversible],
            "human_items": list(lesson.grading.human_items),
            "spare_checkpoints": lesson.grading.spare_checkpoints,
        }
    if isinstance(lesson, AutonomyLesson):
        return base | {
            "context": lesson.task.context,
            "actions": [a.model_dump() for a in lesson.task.actions],
            "key": {k: v.model_dump() for k, v in lesson.grading.key.items()},
        }
    assert isinstance(lesson, ReviewLesson)
    return base | {
        "request": lesson.task.request,
        "lines": list(lesson.task.lines),
        "defects": [d.model_dump() for d in lesson.grading.defects],
        "false_flag_cost": lesson.grading.false_flag_cost,
    }
