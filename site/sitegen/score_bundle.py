"""The Score's private bundle section (answer keys, explanations) and its content-tag recommendations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sitegen.score_bank import Bank
from sitegen.score_models import DIMENSION_IDS, Item, PickItem, RankingItem, RatingItem, SingleItem

# How many lessons and articles to recommend for one gap.
MAX_PER_KIND = 3


def answer_key(item: Item) -> dict[str, Any]:
    """The part of an item the browser must never see."""
    if isinstance(item, SingleItem):
        return {"points": {o.id: o.points for o in item.options}}
    if isinstance(item, RankingItem):
        return {"places": {o.id: o.place for o in item.options}}
    if isinstance(item, PickItem):
        return {"correct": [o.id for o in item.options if o.correct]}
    assert isinstance(item, RatingItem)
    return {"ratings": {o.id: o.rating for o in item.options}}


def _field(entry: Any, name: str) -> Any:
    return entry.get(name) if isinstance(entry, dict) else getattr(entry, name, None)


def _entries(data: Any, collection: str) -> list[Any]:
    """Another area's loaded content, whether it is a list or holds one under `collection`."""
    if data is None:
        return []
    inner = _field(data, collection)
    if inner is not None:
        data = inner
    if isinstance(data, dict):
        data = data.values()
    return list(data) if isinstance(data, Iterable) else []


def _link(entry: Any) -> dict[str, str]:
    return {
        "title": str(_field(entry, "title")),
        "url": str(_field(entry, "url")),
        "summary": str(_field(entry, "summary") or ""),
    }


def recommendations(gym: Any, insights: Any) -> dict[str, dict[str, list[dict[str, str]]]]:
    """For each dimension: the gym lessons whose `dimensions` and the articles whose `tags` name it."""
    lessons = _entries(gym, "lessons")
    articles = sorted(_entries(insights, "articles"), key=lambda a: str(_field(a, "date") or ""), reverse=True)
    result: dict[str, dict[str, list[dict[str, str]]]] = {}
    for dimension in DIMENSION_IDS:
        result[dimension] = {
            "lessons": [_link(x) for x in lessons if dimension in (_field(x, "dimensions") or [])][:MAX_PER_KIND],
            "articles": [_link(x) for x in articles if dimension in (_field(x, "tags") or [])][:MAX_PER_KIND],
        }
    return result


def bundle_section(bank: Bank, gym: Any, insights: Any) -> dict[str, Any]:
    """What the functions need to validate, score and present an attempt of this bank version."""
    settings = bank.settings
    return {
        "version": bank.version,
        "dimensions": [d.model_dump(mode="json") for d in bank.dimensions.dimensions],
        "levels": [level.model_dump(mode="json") for level in settings.levels],
        "bands": [band.model_dump(mode="json") for band in bank.bands.bands],
        "gap_ceiling": settings.gap_ceiling,
        "rating_scale": [point.model_dump(mode="json") for point in settings.rating_scale],
        "contrast": settings.contrast.model_dump(mode="json"),
        "consent": settings.consent.model_dump(mode="json"),
        "familiarity": [q.model_dump(mode="json") for q in bank.familiarity.questions],
        "items": [
            {
                "id": scored.id,
                "type": scored.item.type,
                "dimensions": dict(scored.item.dimensions),
                "question": scored.item.question,
                "options": [{"id": o.id, "text": o.text} for o in scored.item.options],
                "pick": scored.item.pick if isinstance(scored.item, PickItem) else None,
                "key": answer_key(scored.item),
                "explanation": scored.item.explanation,
            }
            for scored in bank.items
        ],
        "recommendations": recommendations(gym, insights),
    }
