"""Every figure for one bank version, as plain data (what the JSON, Markdown, CSV and SVG show)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from analytics.itemstats import stats
from analytics.itemstats.data import Attempt, Bank
from analytics.itemstats.flags import item_flags, needs_checking


def item_ids_of(attempts: Sequence[Attempt], bank: Bank | None) -> list[str]:
    """The bank's items in bank order when known, else every item seen, sorted."""
    if bank is not None:
        return list(bank.items)
    return sorted({item for attempt in attempts for item in attempt.items})


def score_matrix(attempts: Sequence[Attempt], item_ids: Sequence[str]) -> list[list[float]]:
    """Rows are attempts, columns items; an item an attempt lacks scores 0 (the API requires every answer)."""
    return [[attempt.items.get(item, 0.0) for item in item_ids] for attempt in attempts]


def _item(
    matrix: list[list[float]], column: int, attempts: Sequence[Attempt], item_id: str, bank: Bank | None
) -> dict[str, Any]:
    scores = [row[column] for row in matrix]
    facility = stats.facility_index(scores)
    discrimination = stats.discrimination_index(matrix, column)
    efficiency = stats.discriminative_efficiency(matrix, column)
    known = bank.items.get(item_id) if bank else None
    answers = [a.answers[item_id] for a in attempts if item_id in a.answers]
    return {
        "type": known.type if known else None,
        "dimensions": dict(known.dimensions) if known else {},
        "facility_index": facility,
        "sd": stats.sd(scores),
        "discrimination_index": discrimination,
        "discriminative_efficiency": efficiency,
        "needs_checking": needs_checking(discrimination),
        "option_frequencies": stats.option_frequencies(known.type, known.options, answers)
        if known and answers
        else None,
        "answers_counted": len(answers),
        "flags": [flag.code for flag in item_flags(facility, discrimination, efficiency)],
    }


def _scale(matrix: list[list[float]], columns: list[int]) -> dict[str, Any]:
    """Reliability and distribution of the sum over `columns`."""
    totals = [sum(row[c] for c in columns) for row in matrix]
    alpha = stats.cronbach_alpha(matrix, columns)
    total_sd = stats.sd(totals)
    return {
        "items": len(columns),
        "max": float(len(columns)),
        "mean": stats.mean(totals),
        "sd": total_sd,
        "cronbach_alpha": alpha,
        "sem": stats.standard_error_of_measurement(total_sd, alpha),
    }


def analyse_version(version: str, attempts: Sequence[Attempt], bank: Bank | None) -> dict[str, Any]:
    """Items, dimensions (when the bank for this version is known) and the whole test."""
    bank = bank if bank is not None and bank.version == version else None
    item_ids = item_ids_of(attempts, bank)
    matrix = score_matrix(attempts, item_ids)
    totals = [sum(row) for row in matrix]
    test = _scale(matrix, list(range(len(item_ids))))
    test.update({"skewness": stats.skewness(totals), "kurtosis": stats.kurtosis(totals)})
    dimensions: dict[str, Any] = {}
    if bank is not None:
        for dimension, name in bank.dimensions.items():
            columns = [i for i, item in enumerate(item_ids) if bank.items[item].dimensions.get(dimension, 0) > 0]
            dimensions[dimension] = {
                "name": name,
                "item_ids": [item_ids[c] for c in columns],
                **_scale(matrix, columns),
            }
    return {
        "quiz_version": version,
        "attempts": len(attempts),
        "bank_known": bank is not None,
        # Points recorded for items the bank does not have (a mismatched bundle): left out of every figure.
        "items_not_in_bank": sorted({i for a in attempts for i in a.items} - set(item_ids)),
        "test": test,
        "items": {item: _item(matrix, c, attempts, item, bank) for c, item in enumerate(item_ids)},
        "dimensions": dimensions,
    }


def analyse(attempts: Sequence[Attempt], bank: Bank | None) -> dict[str, Any]:
    """One analysis per bank version found in the attempts (first attempts only, as given)."""
    by_version: dict[str, list[Attempt]] = {}
    for attempt in attempts:
        by_version.setdefault(attempt.quiz_version, []).append(attempt)
    return {"versions": {v: analyse_version(v, group, bank) for v, group in sorted(by_version.items())}}
