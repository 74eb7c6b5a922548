"""Portal staff (Cognito group `admin`): team assessment requests, approved or declined."""

from __future__ import annotations

from flask import Response

from functions.teams import requests
from functions.teams.schemas import RequestListQuery, TeamRequestList, TeamRequestView
from functions.web.auth import current_principal
from functions.web.routing import ApiBlueprint, current_deps, json_response

blueprint = ApiBlueprint("admin", __name__, tag="admin")


@blueprint.operation(
    "/api/admin/team-requests",
    "GET",
    summary="Team assessment requests with one status, newest first",
    query=RequestListQuery,
    responses={200: TeamRequestList},
    auth="admin",
)
def list_requests(query: RequestListQuery) -> Response:
    found = requests.list_requests(current_deps(), query.status, query.limit)
    return json_response(TeamRequestList(items=[TeamRequestView.model_validate(item) for item in found]))


@blueprint.operation(
    "/api/admin/team-requests/<request_id>/approve",
    "POST",
    summary="Approve: create the organisation and invite the requester to administer it",
    responses={200: TeamRequestView},
    auth="admin",
)
def approve(request_id: str) -> Response:
    decided = requests.approve_request(current_deps(), request_id, current_principal().user_id)
    return json_response(TeamRequestView.model_validate(decided))


@blueprint.operation(
    "/api/admin/team-requests/<request_id>/decline",
    "POST",
    summary="Decline a request",
    responses={200: TeamRequestView},
    auth="admin",
)
def decline(request_id: str) -> Response:
    decided = requests.decline_request(current_deps(), request_id, current_principal().user_id)
    return json_response(TeamRequestView.model_validate(decided))
