"""Team assessments, public side: the request form's endpoint, invite links, accepting admin invites."""

from __future__ import annotations

from flask import Response

from functions.teams import answers, organisations, requests
from functions.teams.schemas import (
    InviteView,
    OrganisationView,
    TeamRequestBody,
    TeamRequestReceived,
    TokenBody,
)
from functions.web.auth import current_access_token, current_principal
from functions.web.client import client_address
from functions.web.routing import ApiBlueprint, current_deps, json_response

blueprint = ApiBlueprint("teams", __name__, tag="teams", max_body_bytes=32 * 1024)


@blueprint.operation(
    "/api/teams/requests",
    "POST",
    summary="Ask for a team assessment (stored, emailed to sales and confirmed to the requester)",
    body=TeamRequestBody,
    responses={201: TeamRequestReceived},
)
def create_request(body: TeamRequestBody) -> Response:
    deps = current_deps()
    if body.website:
        # A bot filled the hidden field: answer as if accepted, store and send nothing.
        return json_response(TeamRequestReceived(id=deps.new_id(), status="pending"), 201)
    fields = body.model_dump(exclude={"website", "work_email"}) | {"email": body.work_email.lower()}
    stored = requests.submit_request(deps, fields, client_address())
    return json_response(TeamRequestReceived(id=stored["id"], status="pending"), 201)


@blueprint.operation(
    "/api/teams/invites/<token>",
    "GET",
    summary="Who runs the assessment behind a team invite link (404 once it cannot be used)",
    responses={200: InviteView},
)
def describe_invite(token: str) -> Response:
    return json_response(InviteView.model_validate(answers.describe_link(current_deps(), token)))


@blueprint.operation(
    "/api/teams/admin-invites/accept",
    "POST",
    summary="Become an organisation's admin with the invitation sent to your verified email",
    body=TokenBody,
    responses={200: OrganisationView},
    auth="user",
)
def accept_admin_invite(body: TokenBody) -> Response:
    org = organisations.accept_admin_invite(current_deps(), body.token, current_principal(), current_access_token())
    return json_response(OrganisationView(id=org["id"], name=org["name"]))
