"""The anonymity rules on worked examples, and proof that the attacker catches the leaks they stop."""

from __future__ import annotations

import pytest

from functions.teams import aggregate
from functions.teams.aggregate import Answer, RoundInput, Team, build_report
from functions.teams.anonymity import Disclosure, check_k, decide_disclosure
from functions.teams.export import report_csv
from functions.teams.linear import derivable
from functions.teams.report import Dimension, RoundSummary
from tests.unit.teams_attacker import Truth, from_report, leaks

DIMS = [Dimension(id="ownership", name="Ownership")]


def round_input(
    sizes: dict[str, int], k: int = 5, status: str = "closed", scores: list[float] | None = None
) -> RoundInput:
    answers, position = [], 0
    for team, size in sizes.items():
        for _ in range(size):
            value = scores[position] if scores else float(40 + (position * 7) % 50)
            answers.append(Answer(team_id=team, overall=value, dimensions={"ownership": value}))
            position += 1
    return RoundInput(
        organisation="Org",
        round=RoundSummary(id="r", name="R", status=status, bank_version="v", opened_at="t", closed_at=None),  # type: ignore[arg-type]
        teams=[Team(id=t, name=t.title(), invited=10) for t in sizes],
        answers=answers,
        dimensions=DIMS,
        k=k,
    )


def truth_of(data: RoundInput) -> Truth:
    return Truth(
        team_members={t.id: frozenset(i for i, a in enumerate(data.answers) if a.team_id == t.id) for t in data.teams},
        team_names={t.id: t.name for t in data.teams},
        overall=[a.overall for a in data.answers],
    )


def test_k_below_three_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        check_k(2)


def test_a_team_below_k_is_hidden_and_the_smallest_shown_team_protects_it() -> None:
    found = decide_disclosure({"sales": 7, "ops": 5, "legal": 2}, k=5)
    assert found.shown_teams == {"sales"}
    assert found.hidden == {"legal": "fewer_than_k", "ops": "protects_another_team"}
    assert found.organisation_shown


def test_hidden_teams_that_together_reach_k_need_no_complementary_suppression() -> None:
    found = decide_disclosure({"sales": 7, "ops": 3, "legal": 2}, k=5)
    assert found.shown_teams == {"sales"}
    assert set(found.hidden) == {"ops", "legal"}


def test_an_organisation_below_k_shows_nothing() -> None:
    report = build_report(round_input({"a": 2, "b": 2}))
    assert [g.shown for g in report.groups] == [False, False, False]
    assert report.histogram == []


def test_figures_wait_until_the_round_is_closed_but_participation_shows_meanwhile() -> None:
    report = build_report(round_input({"a": 6, "b": 5}, status="open"))
    assert not report.figures_available
    assert [g.responses for g in report.groups] == [11, 6, 5]
    assert all(g.overall is None for g in report.groups)
    assert report.histogram == []


def test_a_closed_round_reports_means_gaps_heatmap_and_histogram() -> None:
    data = round_input({"a": 6, "b": 5})
    data = RoundInput(**{**data.__dict__, "lessons": [aggregate.Lesson("l1", "Lesson", "/gym/l1/", ("ownership",))]})
    report = build_report(data)
    org, a, b = report.groups
    assert (org.responses, a.responses, b.responses) == (11, 6, 5)
    assert org.overall is not None
    assert org.overall.n == 11
    assert org.gaps[0].dimension == "ownership"
    assert org.gaps[0].lessons[0].url == "/gym/l1/"
    assert report.heatmap.rows[0].cells == [
        org.dimensions["ownership"].mean,
        a.dimensions["ownership"].mean,
        b.dimensions["ownership"].mean,
    ]  # type: ignore[index]
    assert sum(bar.count for bar in report.histogram) == 11


def test_the_attacker_recovers_a_small_team_when_complementary_suppression_is_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def primary_only(counts: dict[str, int], k: int) -> Disclosure:
        hidden = {t: "fewer_than_k" for t, n in counts.items() if n < k}
        shown = frozenset(t for t in counts if t not in hidden)
        return Disclosure(shown_teams=shown, hidden=hidden, organisation_shown=sum(counts.values()) >= k)  # type: ignore[arg-type]

    monkeypatch.setattr(aggregate, "decide_disclosure", primary_only)
    data = round_input({"a": 6, "b": 5, "c": 2})
    report = build_report(data)
    found = leaks(from_report(report.model_dump(mode="json"), truth_of(data)), truth_of(data), ["c"], 5)
    assert any("by differencing" in leak for leak in found)


def test_a_histogram_bar_that_holds_a_shown_and_a_hidden_team_exactly_is_coarsened(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a (6) scores in the 10s, b (5) 55, c (2) 96, d (5) 95: the 90+ bar minus team d would give team c.
    scores = [12.0] * 6 + [55.0] * 5 + [96.0] * 2 + [95.0] * 5
    data = round_input({"a": 6, "b": 5, "c": 2, "d": 5}, scores=scores)
    truth = truth_of(data)
    report = build_report(data)
    hidden = [g.key for g in report.groups if g.kind == "team" and not g.shown]
    assert hidden == ["b", "c"]
    assert leaks(from_report(report.model_dump(mode="json"), truth), truth, hidden, 5) == []
    assert [(bar.low, bar.high) for bar in report.histogram] == [(0, 100)]

    from functions.teams import anonymity

    monkeypatch.setattr(anonymity, "derivable", lambda *_: False)  # no coarsening: the attack works
    naive = build_report(data)
    assert [(bar.low, bar.high) for bar in naive.histogram] == [(0, 20), (20, 60), (60, 100)]
    assert leaks(from_report(naive.model_dump(mode="json"), truth), truth, hidden, 5) != []


def test_linear_derivability_is_exact_on_small_cases() -> None:
    a, b, c = frozenset({0, 1}), frozenset({2}), frozenset({3, 4})
    assert derivable(b, [a | b, a])
    assert not derivable(b, [a | b | c, a])
    assert derivable(b | c, [a | b | c, a])


def test_the_csv_neutralises_formulas_and_shows_no_figure_for_a_hidden_team() -> None:
    data = round_input({"=cmd()": 6, "b": 5, "c": 2})
    text = report_csv(build_report(data))
    assert "'=Cmd()" in text
    hidden_rows = [line for line in text.splitlines() if line.startswith(("B,", "C,"))]
    assert len(hidden_rows) == 2
    for line in hidden_rows:
        cells = line.split(",")
        assert cells[2].startswith("hidden")
        assert all(cell == "" for cell in cells[4:])


def test_settings_refuse_an_anonymity_threshold_below_three() -> None:
    from pydantic import ValidationError

    from functions.config import Settings

    with pytest.raises(ValidationError, match="teams_anonymity_k"):
        Settings(teams_anonymity_k=2)
    assert Settings(teams_anonymity_k=3).teams_anonymity_k == 3
    assert Settings().teams_anonymity_k == 5
