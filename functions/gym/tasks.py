"""The gym's tasks: loaded from the content bundle, and the check that a submission fits its task."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import TypeAdapter

from functions.bundle import Bundle
from functions.errors import FieldError
from functions.gym.models import AutonomySubmission, BriefSubmission, PlanSubmission, ReviewSubmission
from functions.gym.specs import (
    AnyTask,
    AutonomyTask,
    BriefTask,
    PlanTask,
    ReviewTask,
    TaskSpec,
)

__all__ = ["AnyTask", "AutonomyTask", "BriefTask", "PlanTask", "ReviewTask", "TaskSpec", "check_submission"]

AnySubmission = BriefSubmission | PlanSubmission | AutonomySubmission | ReviewSubmission
PREFIX = "submission"


@cache
def _tasks_adapter() -> TypeAdapter[dict[str, AnyTask]]:
    # Built at first use, not at import: most cold starts never parse the gym's tasks.
    return TypeAdapter(dict[str, TaskSpec])


def parse_tasks(section: Any) -> dict[str, AnyTask]:
    """Validate the bundle's `gym` section (`{"tasks": {id: spec}}`)."""
    return _tasks_adapter().validate_python(section["tasks"])


_PARSED: dict[str, dict[str, AnyTask]] = {}


def load_tasks(bundle: Bundle) -> dict[str, AnyTask]:
    """Every task of the bundle by id, parsed once per bundle version."""
    if bundle.content_hash not in _PARSED:
        _PARSED[bundle.content_hash] = parse_tasks(bundle.section("gym"))
    return _PARSED[bundle.content_hash]


def check_submission(task: AnyTask, submission: AnySubmission) -> list[FieldError]:
    """Every way the submission does not fit the task (empty when it fits)."""
    if submission.kind != task.kind:
        return [FieldError(f"{PREFIX}.kind", f"this task takes a {task.kind!r} submission")]
    if isinstance(task, PlanTask) and isinstance(submission, PlanSubmission):
        return _check_plan(task, submission)
    if isinstance(task, AutonomyTask) and isinstance(submission, AutonomySubmission):
        return _check_autonomy(task, submission)
    if isinstance(task, ReviewTask) and isinstance(submission, ReviewSubmission):
        return _check_review(task, submission)
    return []


def _check_plan(task: PlanTask, submission: PlanSubmission) -> list[FieldError]:
    errors: list[FieldError] = []
    items = {item.id for item in task.work_items}
    seen: set[str] = set()
    for index, step in enumerate(submission.steps):
        if step.id in seen:
            errors.append(FieldError(f"{PREFIX}.steps.{index}.id", f"step id {step.id!r} is used twice"))
        seen.add(step.id)
    step_ids = {step.id for step in submission.steps}
    for index, step in enumerate(submission.steps):
        where = f"{PREFIX}.steps.{index}"
        unknown_items = [item for item in step.covers if item not in items]
        if unknown_items:
            errors.append(FieldError(f"{where}.covers", f"unknown work items: {', '.join(unknown_items)}"))
        if len(set(step.covers)) != len(step.covers):
            errors.append(FieldError(f"{where}.covers", "a work item is listed twice"))
        missing_steps = [ref for ref in step.depends_on if ref not in step_ids]
        if missing_steps:
            errors.append(FieldError(f"{where}.depends_on", f"no step with id {', '.join(missing_steps)}"))
        if step.id in step.depends_on:
            errors.append(FieldError(f"{where}.depends_on", "a step cannot depend on itself"))
        if len(set(step.depends_on)) != len(step.depends_on):
            errors.append(FieldError(f"{where}.depends_on", "a step is listed twice"))
    return errors


def _check_autonomy(task: AutonomyTask, submission: AutonomySubmission) -> list[FieldError]:
    known = [action.id for action in task.actions]
    errors = [
        FieldError(f"{PREFIX}.settings.{action_id}", "no such action in this task")
        for action_id in submission.settings
        if action_id not in known
    ]
    errors += [
        FieldError(f"{PREFIX}.settings.{action_id}", "choose alone, checkpoint or never")
        for action_id in known
        if action_id not in submission.settings
    ]
    return errors


def _check_review(task: ReviewTask, submission: ReviewSubmission) -> list[FieldError]:
    errors: list[FieldError] = []
    seen: set[int] = set()
    for index, flag in enumerate(submission.flagged):
        if flag.line > len(task.lines):
            errors.append(FieldError(f"{PREFIX}.flagged.{index}.line", f"the output has lines 1 to {len(task.lines)}"))
        elif flag.line in seen:
            errors.append(FieldError(f"{PREFIX}.flagged.{index}.line", f"line {flag.line} is flagged twice"))
        seen.add(flag.line)
    return errors
