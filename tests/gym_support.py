"""Helpers for the gym attempt tests: a small task bundle, signed-in users, a scripted grader."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from functions.bundle import Bundle
from functions.gym.models import Comment, CriterionResult, Grade

BRIEF_TASK = "brief-test"
PLAN_TASK = "plan-test"
AUTONOMY_TASK = "autonomy-test"
REVIEW_TASK = "review-test"

TASKS: dict[str, Any] = {
    BRIEF_TASK: {
        "kind": "brief",
        "id": BRIEF_TASK,
        "title": "Brief a research agent",
        "url": f"/gym/{BRIEF_TASK}/",
        "dimensions": ["briefing", "quality-checks"],
        "scenario": "Ask an agent for a digest.",
        "criteria": [
            {"id": "goal", "name": "Goal", "description": "States the goal.", "fix": "Say what it is for."},
            {"id": "format", "name": "Format", "description": "Names the format.", "fix": "Say the format."},
        ],
    },
    PLAN_TASK: {
        "kind": "plan",
        "id": PLAN_TASK,
        "title": "Plan a launch",
        "url": f"/gym/{PLAN_TASK}/",
        "dimensions": ["decomposition", "sequencing"],
        "outcome": "Launch it.",
        "work_items": [{"id": "copy", "title": "Write copy", "days": 1}, {"id": "send", "title": "Send", "days": 1}],
        "dependencies": [{"before": "copy", "after": "send", "why": "Send what is written."}],
        "irreversible": [{"item": "send", "why": "Mail cannot be unsent."}],
    },
    AUTONOMY_TASK: {
        "kind": "autonomy",
        "id": AUTONOMY_TASK,
        "title": "Set an inbox agent's autonomy",
        "url": f"/gym/{AUTONOMY_TASK}/",
        "dimensions": ["guardrails"],
        "context": "A support inbox.",
        "actions": [
            {"id": "tag", "label": "Tag tickets", "detail": "Adds labels."},
            {"id": "refund", "label": "Refund", "detail": "Moves money."},
        ],
        "key": {"tag": {"setting": "alone", "why": "Harmless."}, "refund": {"setting": "checkpoint", "why": "Money."}},
    },
    REVIEW_TASK: {
        "kind": "review",
        "id": REVIEW_TASK,
        "title": "Review a summary",
        "url": f"/gym/{REVIEW_TASK}/",
        "dimensions": ["quality-checks", "ownership"],
        "request": "Summarise the market.",
        "lines": ["Sales rose 5%.", "Sales rose 50%.", "The end."],
        "defects": [{"id": "number", "lines": [2], "description": "Wrong figure.", "hint": "Check numbers."}],
    },
}


def use_test_tasks(deps: Any) -> None:
    """Point the dependencies at a bundle holding only the tasks above."""
    deps.overrides["bundle"] = Bundle(format=1, content_hash="test-content-v1", sections={"gym": {"tasks": TASKS}})


def brief(text: str) -> dict[str, Any]:
    return {"task_id": BRIEF_TASK, "submission": {"kind": "brief", "text": text}}


def grade_for(submission: Any, *, tokens: int = 0) -> Grade:
    """A deterministic grade: for a brief, `goal` is met when the text says "goal", `format` for "format"."""
    text = getattr(submission, "text", "")
    met = {"goal": "goal" in text, "format": "format" in text}
    criteria = [
        CriterionResult(
            id=cid,
            name=cid.title(),
            met=ok,
            evidence=cid if ok else None,
            fix=None if ok else "Add it.",
            credit=float(ok),
        )
        for cid, ok in met.items()
    ]
    return Grade(
        score=50 * sum(met.values()),
        criteria=criteria,
        comments=[Comment(kind="actionable", text="Say more about the format.")],
        judge="scripted",
        tokens_in=tokens,
        tokens_out=tokens // 2,
        estimated_cost_usd=0.0001 * tokens,
    )


@dataclass
class ScriptedGrader:
    """Stands in for `functions.gym.grading.grade`: records calls, runs scripted outcomes in order."""

    outcomes: list[Callable[[Any], Grade] | BaseException] = field(default_factory=list)
    calls: list[tuple[str, float]] = field(default_factory=list)
    tokens: int = 0

    def __call__(self, task: Any, submission: Any, *, judge: Any, agent: Any, deadline_monotonic: float) -> Grade:
        self.calls.append((task.id, deadline_monotonic))
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if isinstance(outcome, BaseException):
            raise outcome
        if outcome is not None:
            return outcome(submission)
        return grade_for(submission, tokens=self.tokens)
