"""The Score's question bank as pydantic models: what `content/score/` may say, checked field by field."""

from __future__ import annotations

import itertools
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, field_validator, model_validator

from sitegen.contentmodel import CONTENT_MODEL

DIMENSION_IDS = ("decomposition", "sequencing", "guardrails", "quality-checks", "ownership", "briefing", "fleet-design")

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=40)]
OptionId = Annotated[str, StringConstraints(pattern=r"^[a-z]$")]
Text = Annotated[str, StringConstraints(min_length=2, max_length=400, strip_whitespace=True)]
Prose = Annotated[str, StringConstraints(min_length=20, max_length=1200, strip_whitespace=True)]
Weight = Annotated[float, Field(ge=0.1, le=1)]


class Content(BaseModel):
    model_config = CONTENT_MODEL


class Dimension(Content):
    id: Literal["decomposition", "sequencing", "guardrails", "quality-checks", "ownership", "briefing", "fleet-design"]
    name: Text
    description: Text
    gap: Prose


class DimensionsFile(Content):
    dimensions: list[Dimension]

    @field_validator("dimensions")
    @classmethod
    def every_dimension_once(cls, dimensions: list[Dimension]) -> list[Dimension]:
        ids = [d.id for d in dimensions]
        missing = [d for d in DIMENSION_IDS if d not in ids]
        if missing or len(ids) != len(set(ids)):
            raise ValueError(f"list each of {', '.join(DIMENSION_IDS)} exactly once (missing: {missing or 'none'})")
        return dimensions


def _starts_at_zero_and_rises(entries: list[Band] | list[Level]) -> None:
    mins = [entry.min for entry in entries]
    if mins[0] != 0:
        raise ValueError("the first entry must have min 0")
    if any(later <= earlier for earlier, later in itertools.pairwise(mins)):
        raise ValueError("each min must be higher than the one before")
    if len({entry.id for entry in entries}) != len(entries):
        raise ValueError("ids must be unique")


class Band(Content):
    id: Slug
    name: Text
    min: int = Field(ge=0, le=100)
    summary: Text
    meaning: Prose
    next_steps: list[Text] = Field(min_length=1, max_length=5)


class BandsFile(Content):
    bands: list[Band] = Field(min_length=4)

    @field_validator("bands")
    @classmethod
    def bands_rise(cls, bands: list[Band]) -> list[Band]:
        _starts_at_zero_and_rises(bands)
        return bands


class Level(Content):
    id: Slug
    name: Text
    min: int = Field(ge=0, le=100)


class ScalePoint(Content):
    value: int = Field(ge=1, le=9)
    label: Text


class Contrast(Content):
    margin: int = Field(ge=1, le=50)
    familiarity_ahead: Prose
    aligned: Prose
    capability_ahead: Prose


class Consent(Content):
    version: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9.-]{1,32}$")]
    report: Text
    updates: Text


class SettingsFile(Content):
    levels: list[Level] = Field(min_length=2)
    gap_ceiling: int = Field(ge=1, le=100)
    rating_scale: list[ScalePoint] = Field(min_length=3, max_length=7)
    contrast: Contrast
    consent: Consent

    @field_validator("levels")
    @classmethod
    def levels_rise(cls, levels: list[Level]) -> list[Level]:
        _starts_at_zero_and_rises(levels)
        return levels

    @field_validator("rating_scale")
    @classmethod
    def scale_counts_up_from_one(cls, scale: list[ScalePoint]) -> list[ScalePoint]:
        if [p.value for p in scale] != list(range(1, len(scale) + 1)):
            raise ValueError("values must run 1, 2, 3, ... from worst to best")
        return scale


class FamiliarityOption(Content):
    id: OptionId
    text: Text
    value: int = Field(ge=0, le=4)


class FamiliarityQuestion(Content):
    id: Slug
    question: Text
    options: list[FamiliarityOption] = Field(min_length=3, max_length=6)


class FamiliarityFile(Content):
    questions: list[FamiliarityQuestion] = Field(min_length=4)


class Option(Content):
    id: OptionId
    text: Text


class SingleOption(Option):
    points: float = Field(ge=0, le=1)


class RankingOption(Option):
    place: int = Field(ge=1, le=8)


class PickOption(Option):
    correct: bool = False


class RatingOption(Option):
    rating: int = Field(ge=1, le=9)


class ItemBase(Content):
    dimensions: dict[
        Literal["decomposition", "sequencing", "guardrails", "quality-checks", "ownership", "briefing", "fleet-design"],
        Weight,
    ] = Field(min_length=1, max_length=3)
    scenario: Prose
    question: Text
    explanation: Prose

    @model_validator(mode="after")
    def option_ids_unique(self) -> ItemBase:
        ids = [option.id for option in getattr(self, "options", [])]
        if len(ids) != len(set(ids)):
            raise ValueError("options: each option needs its own id")
        return self


class SingleItem(ItemBase):
    type: Literal["single"]
    options: list[SingleOption] = Field(min_length=3, max_length=6)

    @field_validator("options")
    @classmethod
    def one_best_option(cls, options: list[SingleOption]) -> list[SingleOption]:
        if max(o.points for o in options) != 1:
            raise ValueError("at least one option needs points: 1 (the best answer)")
        return options


class RankingItem(ItemBase):
    type: Literal["ranking"]
    options: list[RankingOption] = Field(min_length=3, max_length=6)

    @field_validator("options")
    @classmethod
    def places_form_a_ranking(cls, options: list[RankingOption]) -> list[RankingOption]:
        places = sorted(o.place for o in options)
        # Standard competition ranking: a tie at place 2 for two options means the next is place 4.
        expected = [places.index(p) + 1 for p in places]
        if places != expected:
            raise ValueError(f"places {places} are not a ranking (ties share a place and skip the next: 1, 2, 2, 4)")
        if [o.place for o in options] == places:
            raise ValueError(
                "the options are written in their answer order; shuffle them so the order gives nothing away"
            )
        return options


class PickItem(ItemBase):
    type: Literal["pick"]
    pick: int = Field(ge=1, le=4)
    options: list[PickOption] = Field(min_length=4, max_length=7)

    @model_validator(mode="after")
    def pick_matches_correct(self) -> PickItem:
        correct = sum(o.correct for o in self.options)
        if correct != self.pick:
            raise ValueError(f"pick is {self.pick} but {correct} options are marked correct: true")
        if self.pick >= len(self.options):
            raise ValueError("pick must be smaller than the number of options")
        return self


class RatingItem(ItemBase):
    type: Literal["rating"]
    options: list[RatingOption] = Field(min_length=3, max_length=6)


ITEM_MODELS: dict[str, type[ItemBase]] = {
    "single": SingleItem,
    "ranking": RankingItem,
    "pick": PickItem,
    "rating": RatingItem,
}
Item = SingleItem | RankingItem | PickItem | RatingItem
