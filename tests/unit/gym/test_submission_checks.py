"""A submission must fit its task; every problem names the field as the API reports it."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from functions.gym.models import (
    AutonomySubmission,
    BriefSubmission,
    FlaggedLine,
    PlanStep,
    PlanSubmission,
    ReviewSubmission,
    Submission,
)
from functions.gym.tasks import check_submission

SUBMISSION: TypeAdapter[Any] = TypeAdapter(Submission)


def fields(task: Any, submission: Any) -> list[tuple[str, str]]:
    return [(e.field, e.message) for e in check_submission(task, submission)]


def test_submissions_are_told_apart_by_their_kind() -> None:
    parsed = SUBMISSION.validate_python({"kind": "review", "flagged": [{"line": 3}]})
    assert isinstance(parsed, ReviewSubmission)
    with pytest.raises(ValidationError) as caught:
        SUBMISSION.validate_python({"kind": "brief", "text": "x" * 8001})
    assert caught.value.errors()[0]["loc"] == ("brief", "text")
    with pytest.raises(ValidationError):
        SUBMISSION.validate_python({"kind": "brief", "text": "hello", "extra": 1})


def test_a_submission_of_the_wrong_kind_is_named_as_such(tasks: dict[str, Any]) -> None:
    assert fields(tasks["plan-product-launch"], BriefSubmission(kind="brief", text="hello")) == [
        ("submission.kind", "this task takes a 'plan' submission")
    ]


def test_plan_steps_must_cover_known_items_and_wait_for_existing_steps(tasks: dict[str, Any]) -> None:
    steps = [
        PlanStep(id="a", title="one", covers=["research"], depends_on=[], owner="agent"),
        PlanStep(id="b", title="two", covers=["nonsense"], depends_on=["a", "zzz"], owner="agent"),
        PlanStep(id="c", title="three", covers=[], depends_on=["c"], owner="human"),
        PlanStep(id="a", title="four", covers=[], depends_on=[], owner="human"),
    ]
    found = fields(tasks["plan-product-launch"], PlanSubmission(kind="plan", steps=steps))
    assert ("submission.steps.3.id", "step id 'a' is used twice") in found
    assert ("submission.steps.1.covers", "unknown work items: nonsense") in found
    assert ("submission.steps.1.depends_on", "no step with id zzz") in found
    assert ("submission.steps.2.depends_on", "a step cannot depend on itself") in found


def test_autonomy_settings_must_name_every_action_and_only_those(tasks: dict[str, Any]) -> None:
    task = tasks["autonomy-support-inbox"]
    settings = {action.id: "alone" for action in task.actions if action.id != "tag"} | {"launch_rockets": "never"}
    found = fields(task, AutonomySubmission(kind="autonomy", settings=settings))  # type: ignore[arg-type]
    assert found == [
        ("submission.settings.launch_rockets", "no such action in this task"),
        ("submission.settings.tag", "choose alone, checkpoint or never"),
    ]


def test_review_flags_must_point_at_lines_of_the_output_once(tasks: dict[str, Any]) -> None:
    submission = ReviewSubmission(
        kind="review", flagged=[FlaggedLine(line=2), FlaggedLine(line=11), FlaggedLine(line=2, note="again")]
    )
    assert fields(tasks["review-market-summary"], submission) == [
        ("submission.flagged.1.line", "the output has lines 1 to 10"),
        ("submission.flagged.2.line", "line 2 is flagged twice"),
    ]


def test_a_fitting_submission_has_no_problems(tasks: dict[str, Any]) -> None:
    assert fields(tasks["brief-research-digest"], BriefSubmission(kind="brief", text="Write a digest.")) == []
