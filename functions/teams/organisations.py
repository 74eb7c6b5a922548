"""Use cases of an organisation's admin: accept the invitation, name teams, run rounds and links.

Every use case starts with `require_org_admin`: an organisation the caller does not administer is
reported as not found (404), exactly like one that does not exist, so ids reveal nothing.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from functions.deps import Deps
from functions.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from functions.stores import team_rounds as rounds_store
from functions.stores import teams as store
from functions.users import service as users
from functions.web.auth import Principal


def require_org_admin(deps: Deps, org_id: str, principal: Principal) -> dict[str, Any]:
    """The organisation, if the caller administers it; otherwise NotFound."""
    if len(org_id) > 64 or store.get_admin(deps.table, org_id, principal.user_id) is None:
        raise NotFound("No such organisation.")
    org = store.get_org(deps.table, org_id)
    if org is None:
        raise NotFound("No such organisation.")
    return org


def verified_email(deps: Deps, access_token: str) -> str | None:
    """The caller's email address if Cognito says it is verified: asked with the caller's own token,
    so the API needs no admin permission on the user pool."""
    profile = users.profile(deps, access_token)
    return profile.email.lower() if profile.email_verified else None


def accept_admin_invite(deps: Deps, token: str, principal: Principal, access_token: str) -> dict[str, Any]:
    """Make the caller the organisation's admin, if the invitation was for their verified email."""
    invite = store.get_admin_invite(deps.table, token)
    now = deps.clock()
    if invite is None or invite["status"] != "pending" or invite["expires_at"] <= int(now.timestamp()):
        raise NotFound("This invitation is not valid: it may have been used or have expired.")
    email = verified_email(deps, access_token)
    if email is None or email != str(invite["email"]).lower():
        raise Forbidden(
            "Sign in with the email address the invitation was sent to.",
            fields=[FieldError("token", "invitation is for another email address")],
        )
    admin = store.admin_item(invite["org_id"], principal.user_id, email, now.isoformat())
    store.accept_admin_invite(deps.table, token, admin, int(now.timestamp()))
    org = store.get_org(deps.table, invite["org_id"])
    if org is None:
        raise NotFound("No such organisation.")
    return org


def my_organisations(deps: Deps, principal: Principal) -> list[dict[str, Any]]:
    memberships = store.orgs_administered_by(deps.table, principal.user_id)
    orgs = [store.get_org(deps.table, m["org_id"]) for m in memberships]
    return [o for o in orgs if o is not None]


def overview(deps: Deps, org_id: str, principal: Principal) -> dict[str, Any]:
    """The organisation with its teams and rounds (newest round first)."""
    org = require_org_admin(deps, org_id, principal)
    teams = sorted(rounds_store.org_children(deps.table, org_id, "TEAM#"), key=lambda t: t["created_at"])
    rounds = sorted(rounds_store.org_children(deps.table, org_id, "ROUND#"), key=lambda r: r["opened_at"], reverse=True)
    return {**org, "teams": teams, "rounds": rounds}


def add_team(deps: Deps, org_id: str, principal: Principal, name: str, invited: int) -> dict[str, Any]:
    """A new team; names are unique within the organisation (case-insensitive)."""
    require_org_admin(deps, org_id, principal)
    existing = rounds_store.org_children(deps.table, org_id, "TEAM#")
    if any(t["name"].casefold() == name.casefold() for t in existing):
        raise ValidationFailed("A team with this name exists.", fields=[FieldError("name", "already used")])
    if len(existing) >= 50:
        raise ValidationFailed(
            "An organisation can have up to 50 teams.", fields=[FieldError("name", "too many teams")]
        )
    team = rounds_store.team_item(org_id, deps.new_id(), name, invited, deps.clock().isoformat())
    store.put_new(deps.table, team)
    return team


def open_round(deps: Deps, org_id: str, principal: Principal, name: str, max_uses_extra: int) -> dict[str, Any]:
    """A new round with one invite link per team (max uses: the team's size plus the slack asked for)."""
    require_org_admin(deps, org_id, principal)
    teams = rounds_store.org_children(deps.table, org_id, "TEAM#")
    if not teams:
        raise ValidationFailed("Name at least one team first.", fields=[FieldError("teams", "no teams yet")])
    rounds = rounds_store.org_children(deps.table, org_id, "ROUND#")
    if any(r["status"] == "open" for r in rounds):
        raise Conflict("Close the open round before opening another.")
    round_item = rounds_store.round_item(org_id, deps.new_id(), name, deps.clock().isoformat())
    store.put_new(deps.table, round_item)
    for team in teams:
        create_link(deps, org_id, round_item["id"], team, int(team["invited"]) + max_uses_extra)
    return round_item


def create_link(deps: Deps, org_id: str, round_id: str, team: dict[str, Any], max_uses: int) -> dict[str, Any]:
    """An unguessable link (256 random bits) that expires and can be used `max_uses` times."""
    now = deps.clock()
    expires = int((now + timedelta(days=deps.settings.teams_link_days)).timestamp())
    link = rounds_store.link_item(
        secrets.token_urlsafe(32), org_id, round_id, team["id"], expires, max_uses, now.isoformat()
    )
    rounds_store.put_link(deps.table, link)
    return link


def require_round(deps: Deps, org_id: str, round_id: str, principal: Principal) -> dict[str, Any]:
    """The round, if the caller administers its organisation; otherwise NotFound."""
    return require_org_round(deps, org_id, round_id, principal)[1]


def require_org_round(
    deps: Deps, org_id: str, round_id: str, principal: Principal
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The organisation and the round, if the caller administers it; otherwise NotFound."""
    return require_org_admin(deps, org_id, principal), _find_round(deps, org_id, round_id)


def _find_round(deps: Deps, org_id: str, round_id: str) -> dict[str, Any]:
    found = rounds_store.get_round(deps.table, org_id, round_id) if len(round_id) <= 64 else None
    if found is None:
        raise NotFound("No such round.")
    return found


def round_links(deps: Deps, org_id: str, round_id: str, principal: Principal) -> list[dict[str, Any]]:
    require_round(deps, org_id, round_id, principal)
    return rounds_store.round_links(deps.table, org_id, round_id)


def new_link(
    deps: Deps, org_id: str, round_id: str, principal: Principal, team_id: str, max_uses: int
) -> dict[str, Any]:
    found = require_round(deps, org_id, round_id, principal)
    if found["status"] != "open":
        raise Conflict("This round is closed.")
    team = store.get(deps.table, f"ORG#{org_id}", f"TEAM#{team_id}")
    if team is None:
        raise ValidationFailed("No such team.", fields=[FieldError("team_id", "no such team")])
    return create_link(deps, org_id, round_id, team, max_uses)


def revoke_link(deps: Deps, org_id: str, round_id: str, principal: Principal, token: str) -> None:
    require_round(deps, org_id, round_id, principal)
    link = rounds_store.get_link(deps.table, token) if len(token) <= 64 else None
    if link is None or link["org_id"] != org_id or link["round_id"] != round_id:
        raise NotFound("No such invite link.")
    rounds_store.revoke_link(deps.table, token, org_id)


def close_round(deps: Deps, org_id: str, round_id: str, principal: Principal) -> dict[str, Any]:
    require_round(deps, org_id, round_id, principal)
    return rounds_store.close_round(deps.table, org_id, round_id, deps.clock().isoformat())
