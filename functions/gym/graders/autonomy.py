"""Grades autonomy settings against the key, with partial credit for near misses."""

from __future__ import annotations

from functions.gym.models import AutonomySubmission, CriterionResult, Setting
from functions.gym.specs import AutonomyTask

# credit[key][answer]: being too cautious costs less than letting an agent act unchecked.
CREDIT: dict[Setting, dict[Setting, float]] = {
    "alone": {"alone": 1.0, "checkpoint": 0.5, "never": 0.25},
    "checkpoint": {"alone": 0.0, "checkpoint": 1.0, "never": 0.5},
    "never": {"alone": 0.0, "checkpoint": 0.25, "never": 1.0},
}
# What getting an action wrong can cost: a "never" action weighs twice a routine one.
WEIGHT: dict[Setting, float] = {"alone": 1.0, "checkpoint": 1.5, "never": 2.0}
WORDS: dict[Setting, str] = {"alone": "run alone", "checkpoint": "run after a checkpoint", "never": "never"}


def grade_autonomy(task: AutonomyTask, answer: AutonomySubmission) -> list[CriterionResult]:
    """One criterion per action, weighted by what a wrong setting for it can cost."""
    results = []
    for action in task.actions:
        key = task.key[action.id]
        chosen = answer.settings[action.id]
        credit = CREDIT[key.setting][chosen]
        results.append(
            CriterionResult(
                id=action.id,
                name=action.label,
                met=credit == 1.0,
                evidence=f"you chose: {WORDS[chosen]}",
                fix=None if credit == 1.0 else f"Set it to {WORDS[key.setting]}: {key.why}",
                credit=credit,
                weight=WEIGHT[key.setting],
            )
        )
    return results


def unchecked_risks(task: AutonomyTask, answer: AutonomySubmission) -> list[str]:
    """Labels of actions left to run alone that the key says need a person first."""
    return [
        action.label
        for action in task.actions
        if answer.settings[action.id] == "alone" and task.key[action.id].setting != "alone"
    ]
