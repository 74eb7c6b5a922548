"""Answer sets for the Score built from the bundle's key (tests only: the browser never sees the key)."""

from __future__ import annotations

from typing import Any


def best_answer(item: dict[str, Any]) -> Any:
    key = item["key"]
    if item["type"] == "single":
        return max(key["points"], key=key["points"].get)
    if item["type"] == "ranking":
        return sorted(key["places"], key=key["places"].get)
    if item["type"] == "pick":
        return list(key["correct"])
    return dict(key["ratings"])


def worst_answer(item: dict[str, Any], scale_max: int) -> Any:
    key = item["key"]
    if item["type"] == "single":
        return min(key["points"], key=key["points"].get)
    if item["type"] == "ranking":
        return sorted(key["places"], key=key["places"].get, reverse=True)
    if item["type"] == "pick":
        return [o["id"] for o in item["options"]]  # over-picking scores 0
    return {o: (1 if r > scale_max / 2 else scale_max) for o, r in key["ratings"].items()}


def submission(section: dict[str, Any], quality: str = "best", familiarity: int = 4) -> dict[str, Any]:
    """A complete request body; `familiarity` picks each self-rating's option with that value."""
    scale_max = len(section["rating_scale"])
    answers = {
        item["id"]: best_answer(item) if quality == "best" else worst_answer(item, scale_max)
        for item in section["items"]
    }
    chosen = {q["id"]: next(o["id"] for o in q["options"] if o["value"] == familiarity) for q in section["familiarity"]}
    return {
        "quiz_version": section["version"],
        "answers": answers,
        "familiarity": chosen,
        "is_first_attempt": True,
    }
