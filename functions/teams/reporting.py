"""Use case: a round's report for its organisation's admin, with the change since an earlier round."""

from __future__ import annotations

from typing import Any

from functions.deps import Deps
from functions.errors import FieldError, ValidationFailed
from functions.stores import team_rounds as rounds_store
from functions.teams.aggregate import Answer, RoundInput, Team, build_report
from functions.teams.compare import compare
from functions.teams.content import report_content
from functions.teams.organisations import require_org_round
from functions.teams.report import RoundSummary, TeamReport
from functions.web.auth import Principal


def _summary(item: dict[str, Any]) -> RoundSummary:
    return RoundSummary(
        id=item["id"],
        name=item["name"],
        status=item["status"],
        bank_version=item.get("bank_version"),
        opened_at=item["opened_at"],
        closed_at=item.get("closed_at"),
    )


def _report(deps: Deps, org: dict[str, Any], round_item: dict[str, Any], teams: list[dict[str, Any]]) -> TeamReport:
    content = report_content(deps)
    answers = rounds_store.round_answers(deps.table, org["id"], round_item["id"])
    return build_report(
        RoundInput(
            organisation=org["name"],
            round=_summary(round_item),
            teams=[Team(id=t["id"], name=t["name"], invited=int(t["invited"])) for t in teams],
            answers=[Answer(team_id=a["team_id"], overall=a["overall"], dimensions=a["dimensions"]) for a in answers],
            dimensions=content.dimensions,
            k=deps.settings.teams_anonymity_k,
            lessons=content.lessons,
        )
    )


def _earlier_round(rounds: list[dict[str, Any]], current: dict[str, Any], wanted: str | None) -> dict[str, Any] | None:
    """The round to compare with: the one asked for, else the latest earlier closed round on the same bank."""
    if wanted is not None:
        chosen = next((r for r in rounds if r["id"] == wanted and r["id"] != current["id"]), None)
        if chosen is None or chosen["status"] != "closed":
            raise ValidationFailed(
                "Compare with a closed round.", fields=[FieldError("compare", "no such closed round")]
            )
        if chosen.get("bank_version") != current.get("bank_version"):
            raise ValidationFailed(
                "That round used another version of the questions.",
                fields=[FieldError("compare", "different question bank")],
            )
        return chosen
    candidates = [
        r
        for r in rounds
        if r["status"] == "closed"
        and r["opened_at"] < current["opened_at"]
        and r.get("bank_version")
        and r.get("bank_version") == current.get("bank_version")
    ]
    return max(candidates, key=lambda r: r["opened_at"], default=None)


def round_report(
    deps: Deps, org_id: str, round_id: str, principal: Principal, compare_with: str | None = None
) -> TeamReport:
    """The report, its figures only once the round is closed, compared where the banks match."""
    org, round_item = require_org_round(deps, org_id, round_id, principal)
    teams = sorted(rounds_store.org_children(deps.table, org_id, "TEAM#"), key=lambda t: t["created_at"])
    report = _report(deps, org, round_item, teams)
    if not report.figures_available:
        return report
    rounds = rounds_store.org_children(deps.table, org_id, "ROUND#")
    earlier = _earlier_round(rounds, round_item, compare_with)
    if earlier is None:
        return report
    earlier_report = _report(deps, org, earlier, teams)
    return report.model_copy(update={"comparison": compare(report, earlier_report)})
