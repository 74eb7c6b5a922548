"""Grades a review: planted defects found (recall) and flags on clean lines (precision, which costs)."""

from __future__ import annotations

from dataclasses import dataclass

from functions.gym.models import CriterionResult, ReviewSubmission
from functions.gym.specs import ReviewTask


@dataclass(frozen=True)
class ReviewOutcome:
    criteria: list[CriterionResult]
    found: int
    false_flags: int
    score: int


def grade_review(task: ReviewTask, answer: ReviewSubmission) -> ReviewOutcome:
    """Score = 100 x (defects found - cost x false flags) / defects, never below zero."""
    flagged = {flag.line: flag.note for flag in answer.flagged}
    defect_lines = {line for defect in task.defects for line in defect.lines}
    criteria = []
    for defect in task.defects:
        hits = sorted(line for line in defect.lines if line in flagged)
        found = bool(hits)
        note = flagged.get(hits[0]) if hits else None
        evidence = f"you flagged line {hits[0]}" + (f": {note}" if note else "") if found else None
        criteria.append(
            CriterionResult(
                id=defect.id,
                name=defect.description if found else "A defect you have not found yet",
                met=found,
                evidence=evidence,
                fix=None if found else defect.hint,
                credit=1.0 if found else 0.0,
            )
        )
    false_flags = sorted(line for line in flagged if line not in defect_lines)
    precision = (len(flagged) - len(false_flags)) / len(flagged) if flagged else 0.0
    criteria.append(
        CriterionResult(
            id="precision",
            name="Flags only real problems",
            met=not false_flags and bool(flagged),
            evidence=f"{len(flagged) - len(false_flags)} of {len(flagged)} flags point at a planted defect",
            fix=None
            if not false_flags
            else f"Lines {', '.join(map(str, false_flags))} are fine; a false alarm costs the author time.",
            credit=round(precision, 4),
        )
    )
    found_count = sum(1 for c in criteria[:-1] if c.met)
    total = len(task.defects)
    raw = (found_count - task.false_flag_cost * len(false_flags)) / total
    return ReviewOutcome(criteria, found_count, len(false_flags), max(0, min(100, round(100 * raw))))
