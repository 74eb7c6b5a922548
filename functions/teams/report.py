"""The shape of a team report: what the API returns, the page renders and the CSV is written from."""

from __future__ import annotations

from typing import Literal

from functions.lazy_model import LazyModel
from functions.teams.anonymity import SuppressionReason


class Estimate(LazyModel):
    """A mean on the 0..100 scale with its 95% t-interval and the answers behind it."""

    n: int
    mean: float
    ci_low: float
    ci_high: float


class LessonLink(LazyModel):
    id: str
    title: str
    url: str


class Gap(LazyModel):
    """One of a group's weakest dimensions and the gym lessons that train it."""

    dimension: str
    name: str
    mean: float
    lessons: list[LessonLink]


class GroupFigures(LazyModel):
    """The organisation or one team; every figure is None when the group is hidden."""

    key: str
    name: str
    kind: Literal["organisation", "team"]
    shown: bool
    hidden_reason: SuppressionReason | None = None
    invited: int | None = None
    responses: int | None = None
    participation: float | None = None
    overall: Estimate | None = None
    dimensions: dict[str, Estimate] | None = None
    gaps: list[Gap] = []  # noqa: RUF012 (pydantic copies it per instance)


class HistogramBar(LazyModel):
    low: int
    high: int
    count: int


class HeatmapColumn(LazyModel):
    key: str
    name: str
    shown: bool


class HeatmapRow(LazyModel):
    dimension: str
    name: str
    cells: list[float | None]


class Heatmap(LazyModel):
    """Dimension (rows) by group (columns: the organisation, then each team); hidden cells are None."""

    columns: list[HeatmapColumn]
    rows: list[HeatmapRow]


class Change(LazyModel):
    """A group's change in mean since the earlier round (only for groups shown in both)."""

    key: str
    name: str
    overall: float
    dimensions: dict[str, float]


class Comparison(LazyModel):
    earlier_round_id: str
    earlier_round_name: str
    changes: list[Change]


class Dimension(LazyModel):
    id: str
    name: str


class RoundSummary(LazyModel):
    id: str
    name: str
    status: Literal["open", "closed"]
    bank_version: str | None
    opened_at: str
    closed_at: str | None


class TeamReport(LazyModel):
    """A round's report; `figures_available` is False until the round is closed."""

    organisation: str
    round: RoundSummary
    k: int
    figures_available: bool
    dimensions: list[Dimension]
    groups: list[GroupFigures]
    histogram: list[HistogramBar]
    heatmap: Heatmap
    comparison: Comparison | None = None
