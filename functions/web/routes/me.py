"""`/api/me`: the signed-in user's profile, their data export, and deleting the account."""

from __future__ import annotations

from flask import Response

from functions.deps import Deps
from functions.users import service
from functions.users.schemas import Deleted, Export, Me, RenameRequest
from functions.web.auth import current_access_token, current_principal
from functions.web.routing import ApiBlueprint, current_deps, json_response
from functions.web.schemas import ErrorResponse
from functions.web.session import clear_session_cookies

blueprint = ApiBlueprint("me", __name__, tag="accounts", max_body_bytes=4 * 1024)


def _me(deps: Deps) -> Me:
    principal = current_principal()
    profile = service.profile(deps, current_access_token())
    return Me(
        user_id=principal.user_id,
        email=profile.email,
        name=profile.name,
        email_verified=profile.email_verified,
        groups=sorted(principal.groups),
    )


@blueprint.operation(
    "/api/me", "GET", summary="The signed-in user's profile", responses={200: Me, 401: ErrorResponse}, auth="user"
)
def get_me() -> Response:
    return json_response(_me(current_deps()))


@blueprint.operation(
    "/api/me",
    "PATCH",
    summary="Change the signed-in user's display name",
    body=RenameRequest,
    responses={200: Me, 401: ErrorResponse, 422: ErrorResponse},
    auth="user",
)
def rename_me(body: RenameRequest) -> Response:
    deps = current_deps()
    service.identity(deps).rename(current_access_token(), body.name)
    return json_response(_me(deps))


@blueprint.operation(
    "/api/me/export",
    "GET",
    summary="Download everything stored about the signed-in user, as JSON",
    responses={200: Export, 401: ErrorResponse},
    auth="user",
)
def export_me() -> Response:
    deps = current_deps()
    export = Export(
        exported_at=deps.clock().isoformat(),
        account=_me(deps),
        data=service.export_data(deps, current_principal().user_id),
    )
    filename = f"agent-boss-data-{deps.clock().date().isoformat()}.json"
    return json_response(export, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@blueprint.operation(
    "/api/me",
    "DELETE",
    summary="Delete the account: every stored item of the user, then the user itself",
    responses={200: Deleted, 401: ErrorResponse},
    auth="user",
)
def delete_me() -> Response:
    deleted = service.delete_account(current_deps(), current_principal().user_id, current_access_token())
    response = json_response(
        Deleted(message="Your account and everything stored with it are deleted.", items_deleted=deleted)
    )
    clear_session_cookies(response)
    return response
