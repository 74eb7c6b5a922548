"""Pure aggregation of a round's answers into a report that obeys the anonymity rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from functions.teams.anonymity import Disclosure, decide_disclosure, histogram_bins
from functions.teams.report import (
    Dimension,
    Estimate,
    Gap,
    GroupFigures,
    Heatmap,
    HeatmapColumn,
    HeatmapRow,
    HistogramBar,
    LessonLink,
    RoundSummary,
    TeamReport,
)
from functions.teams.stats import mean_with_ci

ORGANISATION_KEY = "organisation"
GAPS_PER_GROUP = 3


@dataclass(frozen=True)
class Answer:
    """One member's scored attempt, stripped of anything personal."""

    team_id: str
    overall: float
    dimensions: Mapping[str, float]


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    invited: int


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    url: str
    dimensions: tuple[str, ...]


@dataclass(frozen=True)
class RoundInput:
    """Everything a report is computed from."""

    organisation: str
    round: RoundSummary
    teams: Sequence[Team]
    answers: Sequence[Answer]
    dimensions: Sequence[Dimension]
    k: int
    lessons: Sequence[Lesson] = field(default_factory=tuple)


def _estimate(values: Sequence[float]) -> Estimate:
    found = mean_with_ci(values)
    return Estimate(n=found.n, mean=found.mean, ci_low=found.ci_low, ci_high=found.ci_high)


def _gaps(means: Mapping[str, Estimate], data: RoundInput) -> list[Gap]:
    """The lowest-scoring dimensions, each with the lessons tagged with it."""
    names = {d.id: d.name for d in data.dimensions}
    order = {d.id: i for i, d in enumerate(data.dimensions)}
    weakest = sorted(means, key=lambda dim: (means[dim].mean, order.get(dim, 0)))[:GAPS_PER_GROUP]
    return [
        Gap(
            dimension=dim,
            name=names.get(dim, dim),
            mean=means[dim].mean,
            lessons=[LessonLink(id=ls.id, title=ls.title, url=ls.url) for ls in data.lessons if dim in ls.dimensions],
        )
        for dim in weakest
    ]


def _figures(key: str, name: str, answers: Sequence[Answer], invited: int, data: RoundInput) -> GroupFigures:
    """A shown group's figures (only called for groups the disclosure allows)."""
    dims = {d.id: _estimate([a.dimensions[d.id] for a in answers]) for d in data.dimensions}
    return GroupFigures(
        key=key,
        name=name,
        kind="organisation" if key == ORGANISATION_KEY else "team",
        shown=True,
        invited=invited,
        responses=len(answers),
        participation=round(len(answers) / invited, 3) if invited else None,
        overall=_estimate([a.overall for a in answers]),
        dimensions=dims,
        gaps=_gaps(dims, data),
    )


def _groups(data: RoundInput, disclosure: Disclosure, with_figures: bool) -> list[GroupFigures]:
    invited_total = sum(t.invited for t in data.teams)
    groups = []
    if disclosure.organisation_shown and with_figures:
        groups.append(_figures(ORGANISATION_KEY, data.organisation, data.answers, invited_total, data))
    else:
        groups.append(_hidden_or_count(ORGANISATION_KEY, data.organisation, data.answers, invited_total, disclosure))
    for team in data.teams:
        answers = [a for a in data.answers if a.team_id == team.id]
        if team.id in disclosure.shown_teams and with_figures:
            groups.append(_figures(team.id, team.name, answers, team.invited, data))
        else:
            groups.append(_hidden_or_count(team.id, team.name, answers, team.invited, disclosure))
    return groups


def _hidden_or_count(
    key: str, name: str, answers: Sequence[Answer], invited: int, disclosure: Disclosure
) -> GroupFigures:
    """A group without scores: its participation when the rules allow it (an open round), else nothing."""
    is_org = key == ORGANISATION_KEY
    shown = disclosure.organisation_shown if is_org else key in disclosure.shown_teams
    kind: Literal["organisation", "team"] = "organisation" if is_org else "team"
    if not shown:
        reason = "fewer_than_k" if is_org else disclosure.hidden[key]
        return GroupFigures(key=key, name=name, kind=kind, shown=False, hidden_reason=reason, invited=invited)
    return GroupFigures(
        key=key,
        name=name,
        kind=kind,
        shown=True,
        invited=invited,
        responses=len(answers),
        participation=round(len(answers) / invited, 3) if invited else None,
    )


def _heatmap(groups: Sequence[GroupFigures], dimensions: Sequence[Dimension]) -> Heatmap:
    columns = [HeatmapColumn(key=g.key, name=g.name, shown=g.dimensions is not None) for g in groups]
    rows = [
        HeatmapRow(
            dimension=d.id,
            name=d.name,
            cells=[g.dimensions[d.id].mean if g.dimensions else None for g in groups],
        )
        for d in dimensions
    ]
    return Heatmap(columns=columns, rows=rows)


def build_report(data: RoundInput) -> TeamReport:
    """The round's report; scores only once the round is closed (so figures never move under a reader)."""
    team_ids = {t.id for t in data.teams}
    unknown = {a.team_id for a in data.answers} - team_ids
    if unknown:
        raise ValueError(f"answers for unknown teams: {sorted(unknown)}")
    counts = {t.id: sum(1 for a in data.answers if a.team_id == t.id) for t in data.teams}
    disclosure = decide_disclosure(counts, data.k)
    with_figures = data.round.status == "closed"
    groups = _groups(data, disclosure, with_figures)
    members = {t.id: frozenset(i for i, a in enumerate(data.answers) if a.team_id == t.id) for t in data.teams}
    scores = [a.overall for a in data.answers]
    bins = histogram_bins(scores, members, disclosure, data.k) if with_figures else []
    return TeamReport(
        organisation=data.organisation,
        round=data.round,
        k=data.k,
        figures_available=with_figures,
        dimensions=list(data.dimensions),
        groups=groups,
        histogram=[HistogramBar(low=b.low, high=b.high, count=b.count) for b in bins],
        heatmap=_heatmap(groups, data.dimensions),
    )
