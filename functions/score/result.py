"""A stored attempt plus the bank's words: the result a person sees (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from functions.score.bank import ScoreBank
from functions.score.percentile import Standing
from functions.score.profile import threshold_for
from functions.score.schemas import (
    AttemptResult,
    BandOut,
    DimensionOut,
    FamiliarityOut,
    GapOut,
    ItemOut,
    Link,
    StandingOut,
)


def _links(bank: ScoreBank, dimension: str, kind: str) -> list[Link]:
    recommended = bank.recommendations.get(dimension)
    entries = getattr(recommended, kind) if recommended else []
    return [Link(title=e.title, url=e.url, summary=e.summary) for e in entries]


def present(bank: ScoreBank, attempt: Mapping[str, Any], standing: Standing | None, min_takers: int) -> AttemptResult:
    """Everything the result page shows; questions no longer in the bank are left out."""
    band = (
        next((b for b in bank.bands if b.id == attempt["band"]), None)
        or bank.bands[[b.id for b in bank.bands].index(threshold_for(bank.bands, attempt["overall"]))]
    )
    levels = {level.id: level.name for level in bank.levels}
    dimensions = []
    for dimension in bank.dimensions:
        score = int(attempt["dimensions"].get(dimension.id, 0))
        level = threshold_for(bank.levels, score)
        dimensions.append(
            DimensionOut(
                id=dimension.id,
                name=dimension.name,
                description=dimension.description,
                score=score,
                level=level,
                level_name=levels[level],
            )
        )
    gaps = [
        GapOut(
            id=gap,
            name=bank.dimensions_by_id[gap].name,
            score=int(attempt["dimensions"].get(gap, 0)),
            why=bank.dimensions_by_id[gap].gap,
            lessons=_links(bank, gap, "lessons"),
            articles=_links(bank, gap, "articles"),
        )
        for gap in attempt["gaps"]
        if gap in bank.dimensions_by_id
    ]
    names = {d.id: d.name for d in bank.dimensions}
    items = [
        ItemOut(
            id=item.id,
            question=item.question,
            points=round(float(attempt["item_points"][item.id]), 4),
            explanation=item.explanation,
            dimensions=[names[d] for d in item.dimensions if d in names],
        )
        for item in bank.items
        if item.id in attempt["item_points"]
    ]
    pattern = attempt["pattern"]
    return AttemptResult(
        id=attempt["attempt_id"],
        quiz_version=attempt["quiz_version"],
        created_at=attempt["created_at"],
        overall=int(attempt["overall"]),
        band=BandOut(
            id=band.id,
            name=band.name,
            summary=band.summary,
            meaning=band.meaning,
            next_steps=band.next_steps,
            share_path=f"/score/band/{band.id}/",
        ),
        dimensions=dimensions,
        gaps=gaps,
        familiarity=FamiliarityOut(
            score=int(attempt["familiarity_score"]),
            capability=int(attempt["overall"]),
            pattern=pattern,
            text=getattr(bank.contrast, pattern),
        ),
        items=items,
        percentile=StandingOut(**standing.__dict__) if standing else None,
        percentile_min_takers=min_takers,
    )
