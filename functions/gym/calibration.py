"""Calibration of a judge on labelled submissions: per-criterion accuracy, Spearman, adversarial maxima."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, Field

from functions.agent.judges import Judge
from functions.gym.graders.brief import judge_brief
from functions.gym.specs import Criterion
from functions.lazy_model import LazyModel


class GoldenCase(LazyModel):
    """A submission labelled by a careful human: the criteria it meets."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    text: str
    met: list[str]


class AdversarialCase(LazyModel):
    """A submission that tries to game the judge; it must not score above `max_score` criteria met."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    text: str
    max_score: int = Field(ge=0)


@dataclass
class CriterionStats:
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0
    true_neg: int = 0

    @property
    def total(self) -> int:
        return self.true_pos + self.false_pos + self.false_neg + self.true_neg

    def as_dict(self) -> dict[str, Any]:
        predicted, actual = self.true_pos + self.false_pos, self.true_pos + self.false_neg
        return {
            "accuracy": round((self.true_pos + self.true_neg) / self.total, 4) if self.total else None,
            "precision": round(self.true_pos / predicted, 4) if predicted else None,
            "recall": round(self.true_pos / actual, 4) if actual else None,
            "support": actual,
            "cases": self.total,
        }


@dataclass
class CalibrationReport:
    per_criterion: dict[str, CriterionStats]
    spearman: float | None
    misgraded: list[dict[str, Any]] = field(default_factory=list)
    adversarial: list[dict[str, Any]] = field(default_factory=list)

    @property
    def criterion_accuracy(self) -> float:
        right = sum(s.true_pos + s.true_neg for s in self.per_criterion.values())
        total = sum(s.total for s in self.per_criterion.values())
        return round(right / total, 4) if total else 0.0

    @property
    def adversarial_above_max(self) -> int:
        return sum(1 for case in self.adversarial if case["score"] > case["max_score"])

    def as_dict(self) -> dict[str, Any]:
        return {
            "criterion_accuracy": self.criterion_accuracy,
            "per_criterion": {cid: stats.as_dict() for cid, stats in self.per_criterion.items()},
            "spearman": self.spearman,
            "misgraded": self.misgraded,
            "adversarial_above_max": self.adversarial_above_max,
            "adversarial": self.adversarial,
        }


def read_cases(path: Path, model: type[GoldenCase] | type[AdversarialCase]) -> list[Any]:
    """One case per non-empty line; a bad line names the file and line."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                cases.append(model.model_validate(json.loads(line)))
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: {exc}") from exc
    return cases


def _ranks(values: Sequence[float]) -> list[float]:
    """Ranks from 1, ties sharing their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rank correlation (Pearson on tie-averaged ranks); None if either side is constant."""
    rx, ry = _ranks(xs), _ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return round(cov / (vx * vy) ** 0.5, 4) if vx and vy else None


def calibrate(
    criteria: Sequence[Criterion],
    judge: Judge,
    golden: Sequence[GoldenCase],
    adversarial: Sequence[AdversarialCase] = (),
) -> CalibrationReport:
    """Run the judge over every case, as the grader would (verbatim-evidence check included)."""
    stats = {c.id: CriterionStats() for c in criteria}
    report = CalibrationReport(per_criterion=stats, spearman=None)
    predicted_totals, labelled_totals = [], []
    for case in golden:
        results = judge_brief(criteria, case.text, judge)
        labelled = set(case.met)
        for result in results:
            expected = result.id in labelled
            cell = stats[result.id]
            if result.met and expected:
                cell.true_pos += 1
            elif result.met:
                cell.false_pos += 1
            elif expected:
                cell.false_neg += 1
            else:
                cell.true_neg += 1
            if result.met != expected:
                report.misgraded.append(
                    {"id": case.id, "criterion": result.id, "expected": expected, "got": result.met}
                )
        predicted_totals.append(sum(1 for r in results if r.met))
        labelled_totals.append(len(labelled))
    report.spearman = spearman(predicted_totals, labelled_totals) if len(golden) > 1 else None
    for adv in adversarial:
        met = [r.id for r in judge_brief(criteria, adv.text, judge) if r.met]
        report.adversarial.append({"id": adv.id, "score": len(met), "max_score": adv.max_score, "met": met})
    return report
