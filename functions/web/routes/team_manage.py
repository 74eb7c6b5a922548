"""Team assessments for an organisation's admin: teams, rounds, invite links and the report.

Every route answers 404 for an organisation the caller does not administer (portal admins included):
a report is for its organisation only.
"""

from __future__ import annotations

from typing import Any

from flask import Response

from functions.teams import organisations as orgs
from functions.teams.export import report_csv
from functions.teams.report import TeamReport
from functions.teams.reporting import round_report
from functions.teams.schemas import (
    LinkBody,
    LinkList,
    LinkView,
    OrganisationList,
    OrganisationOverview,
    OrganisationView,
    ReportQuery,
    RoundBody,
    RoundView,
    TeamBody,
    TeamView,
)
from functions.web.auth import current_principal
from functions.web.routing import ApiBlueprint, current_deps, json_response

blueprint = ApiBlueprint("team_manage", __name__, tag="teams", max_body_bytes=32 * 1024)
ORG = "/api/teams/orgs/<org_id>"
ROUND = ORG + "/rounds/<round_id>"


def _link(item: dict[str, Any]) -> LinkView:
    url = f"{current_deps().settings.site_url}/teams/join/#t={item['token']}"
    return LinkView.model_validate({**item, "url": url})


@blueprint.operation("/api/teams/orgs", "GET", summary="Organisations you administer",
                     responses={200: OrganisationList}, auth="user")  # fmt: skip
def my_organisations() -> Response:
    found = orgs.my_organisations(current_deps(), current_principal())
    return json_response(OrganisationList(items=[OrganisationView.model_validate(o) for o in found]))


@blueprint.operation(ORG, "GET", summary="An organisation's teams and rounds",
                     responses={200: OrganisationOverview}, auth="user")  # fmt: skip
def organisation(org_id: str) -> Response:
    found = orgs.overview(current_deps(), org_id, current_principal())
    return json_response(OrganisationOverview.model_validate({**found, "k": current_deps().settings.teams_anonymity_k}))


@blueprint.operation(ORG + "/teams", "POST", summary="Name a team", body=TeamBody,
                     responses={201: TeamView}, auth="user")  # fmt: skip
def add_team(org_id: str, body: TeamBody) -> Response:
    team = orgs.add_team(current_deps(), org_id, current_principal(), body.name, body.invited)
    return json_response(TeamView.model_validate(team), 201)


@blueprint.operation(ORG + "/rounds", "POST", summary="Open a round, with one invite link per team",
                     body=RoundBody, responses={201: RoundView}, auth="user")  # fmt: skip
def open_round(org_id: str, body: RoundBody) -> Response:
    opened = orgs.open_round(current_deps(), org_id, current_principal(), body.name, body.extra_uses)
    return json_response(RoundView.model_validate(opened), 201)


@blueprint.operation(ROUND + "/close", "POST", summary="Close a round: no more answers, figures final",
                     responses={200: RoundView}, auth="user")  # fmt: skip
def close_round(org_id: str, round_id: str) -> Response:
    return json_response(
        RoundView.model_validate(orgs.close_round(current_deps(), org_id, round_id, current_principal()))
    )


@blueprint.operation(ROUND + "/links", "GET", summary="A round's invite links",
                     responses={200: LinkList}, auth="user")  # fmt: skip
def links(org_id: str, round_id: str) -> Response:
    found = orgs.round_links(current_deps(), org_id, round_id, current_principal())
    return json_response(LinkList(items=[_link(item) for item in found]))


@blueprint.operation(ROUND + "/links", "POST", summary="A new invite link for a team (e.g. after revoking one)",
                     body=LinkBody, responses={201: LinkView}, auth="user")  # fmt: skip
def new_link(org_id: str, round_id: str, body: LinkBody) -> Response:
    created = orgs.new_link(current_deps(), org_id, round_id, current_principal(), body.team_id, body.max_uses)
    return json_response(_link(created), 201)


@blueprint.operation(ROUND + "/links/<token>/revoke", "POST", summary="Withdraw an invite link",
                     responses={204: None}, auth="user")  # fmt: skip
def revoke_link(org_id: str, round_id: str, token: str) -> Response:
    orgs.revoke_link(current_deps(), org_id, round_id, current_principal(), token)
    return Response(status=204)


@blueprint.operation(ROUND + "/report", "GET", summary="The round's anonymous aggregate report",
                     query=ReportQuery, responses={200: TeamReport}, auth="user")  # fmt: skip
def report(org_id: str, round_id: str, query: ReportQuery) -> Response:
    return json_response(round_report(current_deps(), org_id, round_id, current_principal(), query.compare))


@blueprint.operation(ROUND + "/report.csv", "GET", summary="The report as CSV (same rules, no ids or emails)",
                     query=ReportQuery, responses={200: None}, auth="user")  # fmt: skip
def report_as_csv(org_id: str, round_id: str, query: ReportQuery) -> Response:
    found = round_report(current_deps(), org_id, round_id, current_principal(), query.compare)
    return Response(
        report_csv(found),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="team-report.csv"'},
    )
