"""From item points to the profile: dimension scores and levels, overall, band, gaps, familiarity contrast."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from functions.score.bank import Band, Item, Level

MIN_GAPS = 2
MAX_GAPS = 3
Pattern = Literal["familiarity_ahead", "aligned", "capability_ahead"]


@dataclass(frozen=True)
class Profile:
    """What one attempt demonstrated."""

    dimensions: dict[str, int]
    overall: int
    band: str
    gaps: list[str]
    familiarity: int
    pattern: Pattern


def dimension_scores(
    items: Sequence[Item], points: Mapping[str, float], dimension_ids: Sequence[str]
) -> dict[str, float]:
    """Each dimension's weighted share of the points available to it, 0-100."""
    earned = dict.fromkeys(dimension_ids, 0.0)
    available = dict.fromkeys(dimension_ids, 0.0)
    for item in items:
        for dimension, weight in item.dimensions.items():
            earned[dimension] += weight * points[item.id]
            available[dimension] += weight
    return {d: 100 * earned[d] / available[d] if available[d] else 0.0 for d in dimension_ids}


def overall_score(dimensions: Mapping[str, float]) -> int:
    """The mean of the dimension scores: each dimension counts the same, however many items it has."""
    return round(sum(dimensions.values()) / len(dimensions))


def threshold_for(entries: Sequence[Band] | Sequence[Level], score: int) -> str:
    """The id of the last entry whose `min` the score reaches (entries rise from min 0)."""
    reached = [entry for entry in entries if score >= entry.min]
    return reached[-1].id


def biggest_gaps(dimensions: Mapping[str, float], ceiling: int) -> list[str]:
    """The lowest dimensions: those under the ceiling, at most 3, and always at least 2.

    Ties keep the dimensions' content order, so the same answers always name the same gaps.
    """
    order = list(dimensions)
    ranked = sorted(order, key=lambda d: (dimensions[d], order.index(d)))
    below = [d for d in ranked if dimensions[d] < ceiling][:MAX_GAPS]
    return below if len(below) >= MIN_GAPS else ranked[:MIN_GAPS]


def familiarity_score(values: Sequence[int], top: int = 4) -> int:
    """Self-rated familiarity, 0-100 (each answer's value runs 0..top)."""
    return round(100 * sum(values) / (top * len(values))) if values else 0


def contrast(familiarity: int, capability: int, margin: int) -> Pattern:
    """Which is ahead, familiarity with AI tools or demonstrated capability, by more than the margin."""
    if familiarity - capability > margin:
        return "familiarity_ahead"
    if capability - familiarity > margin:
        return "capability_ahead"
    return "aligned"


def build_profile(
    items: Sequence[Item],
    points: Mapping[str, float],
    dimension_ids: Sequence[str],
    bands: Sequence[Band],
    gap_ceiling: int,
    familiarity_values: Sequence[int],
    margin: int,
) -> Profile:
    """The whole profile of one attempt."""
    exact = dimension_scores(items, points, dimension_ids)
    overall = overall_score(exact)
    familiarity = familiarity_score(familiarity_values)
    return Profile(
        dimensions={d: round(score) for d, score in exact.items()},
        overall=overall,
        band=threshold_for(bands, overall),
        gaps=biggest_gaps(exact, gap_ceiling),
        familiarity=familiarity,
        pattern=contrast(familiarity, overall, margin),
    )
