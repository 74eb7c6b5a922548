"""The bundle's `score` section as typed models (written by sitegen's score area)."""

from __future__ import annotations

from functools import cached_property
from typing import Any, Literal

from pydantic import ConfigDict

from functions.lazy_model import LazyModel

ItemType = Literal["single", "ranking", "pick", "rating"]


class Frozen(LazyModel):
    model_config = ConfigDict(frozen=True)


class Dimension(Frozen):
    id: str
    name: str
    description: str
    gap: str


class Level(Frozen):
    id: str
    name: str
    min: int


class Band(Frozen):
    id: str
    name: str
    min: int
    summary: str
    meaning: str
    next_steps: list[str]


class OptionText(Frozen):
    id: str
    text: str


class Item(Frozen):
    id: str
    type: ItemType
    dimensions: dict[str, float]
    question: str
    options: list[OptionText]
    pick: int | None
    key: dict[str, Any]
    explanation: str

    @cached_property
    def option_ids(self) -> list[str]:
        return [option.id for option in self.options]


class FamiliarityOption(Frozen):
    id: str
    text: str
    value: int


class FamiliarityQuestion(Frozen):
    id: str
    question: str
    options: list[FamiliarityOption]


class ScalePoint(Frozen):
    value: int
    label: str


class Contrast(Frozen):
    margin: int
    familiarity_ahead: str
    aligned: str
    capability_ahead: str


class Consent(Frozen):
    version: str
    report: str
    updates: str


class Link(Frozen):
    title: str
    url: str
    summary: str = ""


class Recommendations(Frozen):
    lessons: list[Link] = []  # noqa: RUF012 (pydantic copies it per instance)
    articles: list[Link] = []  # noqa: RUF012 (pydantic copies it per instance)


class ScoreBank(Frozen):
    """One version of the question bank with its keys."""

    version: str
    dimensions: list[Dimension]
    levels: list[Level]
    bands: list[Band]
    gap_ceiling: int
    rating_scale: list[ScalePoint]
    contrast: Contrast
    consent: Consent
    familiarity: list[FamiliarityQuestion]
    items: list[Item]
    recommendations: dict[str, Recommendations] = {}  # noqa: RUF012 (pydantic copies it per instance)

    @cached_property
    def items_by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    @cached_property
    def familiarity_by_id(self) -> dict[str, FamiliarityQuestion]:
        return {question.id: question for question in self.familiarity}

    @cached_property
    def dimensions_by_id(self) -> dict[str, Dimension]:
        return {dimension.id: dimension for dimension in self.dimensions}

    @property
    def rating_max(self) -> int:
        return len(self.rating_scale)


# Keyed by the section object's id; the section is kept alive alongside so the id is never reused.
_PARSED: dict[int, tuple[dict[str, Any], ScoreBank]] = {}


def score_bank(section: dict[str, Any]) -> ScoreBank:
    """Parse the section once per container (the bundle itself is loaded once)."""
    key = id(section)
    if key not in _PARSED:
        _PARSED[key] = (section, ScoreBank.model_validate(section))
    return _PARSED[key][1]
