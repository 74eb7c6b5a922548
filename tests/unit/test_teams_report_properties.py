"""Property-based proof that no output of a team report lets anyone compute a figure for < k people.

Hypothesis generates organisations (teams of 0..12 answers, any k from 3 to 7) and answer sets; the
attacker in `teams_attacker.py` reads the report JSON (which is all the page renders) and the CSV
and tries differencing and exact linear algebra against the hidden teams.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from functions.teams.aggregate import Answer, RoundInput, Team, build_report
from functions.teams.compare import compare
from functions.teams.export import report_csv
from functions.teams.report import Dimension, RoundSummary
from tests.unit.teams_attacker import Truth, from_csv, from_report, leaks

DIMENSIONS = [Dimension(id="decomposition", name="Decomposition"), Dimension(id="guardrails", name="Guardrails")]
score = st.integers(min_value=0, max_value=100).map(float)


@st.composite
def organisations(draw: Any) -> tuple[RoundInput, Truth]:
    k = draw(st.integers(min_value=3, max_value=7))
    sizes = draw(st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=6))
    teams = [Team(id=f"t{i}", name=f"Team {i}", invited=size + draw(st.integers(0, 5))) for i, size in enumerate(sizes)]
    answers = []
    for team, size in zip(teams, sizes, strict=True):
        for _ in range(size):
            dims = {d.id: draw(score) for d in DIMENSIONS}
            answers.append(Answer(team_id=team.id, overall=draw(score), dimensions=dims))
    data = RoundInput(
        organisation="Example Ltd",
        round=RoundSummary(id="r1", name="Spring", status="closed", bank_version="v1", opened_at="t", closed_at="t"),
        teams=teams,
        answers=answers,
        dimensions=DIMENSIONS,
        k=k,
    )
    truth = Truth(
        team_members={t.id: frozenset(i for i, a in enumerate(answers) if a.team_id == t.id) for t in teams},
        team_names={t.id: t.name for t in teams},
        overall=[a.overall for a in answers],
    )
    return data, truth


def hidden_keys(report: Any) -> list[str]:
    return [g.key for g in report.groups if g.kind == "team" and not g.shown]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations())
def test_no_report_json_lets_an_attacker_compute_a_figure_for_fewer_than_k(case: tuple[RoundInput, Truth]) -> None:
    data, truth = case
    report = build_report(data)
    found = leaks(from_report(report.model_dump(mode="json"), truth), truth, hidden_keys(report), data.k)
    assert found == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations())
def test_no_csv_export_lets_an_attacker_compute_a_figure_for_fewer_than_k(case: tuple[RoundInput, Truth]) -> None:
    data, truth = case
    report = build_report(data)
    text = report_csv(report)
    assert leaks(from_csv(text, truth), truth, hidden_keys(report), data.k) == []
    for team in data.teams:
        assert team.id not in text.replace(team.name, "")
    assert "@" not in text


@settings(max_examples=150, deadline=None)
@given(organisations())
def test_every_group_below_k_shows_no_figure_anywhere(case: tuple[RoundInput, Truth]) -> None:
    data, truth = case
    report = build_report(data)
    for group in report.groups:
        n = len(truth.members_of(group.key))
        if n < data.k:
            assert not group.shown
        if not group.shown:
            assert (group.responses, group.participation, group.overall, group.dimensions) == (None,) * 4
            assert group.gaps == []
    for column_index, column in enumerate(report.heatmap.columns):
        if not column.shown:
            assert all(row.cells[column_index] is None for row in report.heatmap.rows)
    assert all(bar.count >= data.k for bar in report.histogram)
    if report.histogram:
        assert sum(bar.count for bar in report.histogram) == len(truth.overall)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations(), organisations())
def test_changes_since_an_earlier_round_exist_only_for_groups_shown_in_both(
    now: tuple[RoundInput, Truth], before: tuple[RoundInput, Truth]
) -> None:
    current, earlier = build_report(now[0]), build_report(before[0])
    comparison = compare(current, earlier)
    shown_now = {g.key for g in current.groups if g.overall is not None}
    shown_before = {g.key for g in earlier.groups if g.overall is not None}
    assert {c.key for c in comparison.changes} == shown_now & shown_before
