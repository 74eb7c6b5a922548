"""Use cases of team assessment requests: submit (public), list and decide (portal admins)."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from typing import Any, Literal

from functions.deps import Deps
from functions.errors import NotFound
from functions.mail import send
from functions.stores import teams as store
from functions.stores.counters import Limit, enforce_address
from functions.teams.messages import admin_invitation, requester_confirmation, sales_notification

log = logging.getLogger("functions.teams")
RequestStatus = Literal["pending", "approved", "declined"]


def submit_request(deps: Deps, fields: dict[str, Any], client_ip: str) -> dict[str, Any]:
    """Rate-limit per client, store the request, then tell sales and the requester."""
    limit = Limit("teams-request", deps.settings.teams_requests_per_hour, 3600)
    enforce_address(deps.table, limit, client_ip, deps.clock())
    request = store.request_item(deps.new_id(), fields, deps.clock().isoformat())
    store.put_new(deps.table, request)
    send(deps, sales_notification(deps.settings.sales_email, request))
    send(deps, requester_confirmation(request))
    return request


def list_requests(deps: Deps, status: RequestStatus, limit: int) -> list[dict[str, Any]]:
    return store.requests_by_status(deps.table, status, limit)


def decline_request(deps: Deps, request_id: str, admin_id: str) -> dict[str, Any]:
    _get(deps, request_id)
    store.decide_request(deps.table, request_id, "declined", admin_id, deps.clock().isoformat())
    return _get(deps, request_id)


def approve_request(deps: Deps, request_id: str, admin_id: str) -> dict[str, Any]:
    """Decide first (the conditional write makes a double approval a 409), then create the
    organisation and email its admin invitation; the token is sent once and stored only hashed."""
    request = _get(deps, request_id)
    now = deps.clock()
    org_id = deps.new_id()
    store.decide_request(deps.table, request_id, "approved", admin_id, now.isoformat(), org_id=org_id)
    store.put_new(deps.table, store.org_item(org_id, request["organisation"], request_id, now.isoformat()))
    token = secrets.token_urlsafe(32)
    days = deps.settings.teams_admin_invite_days
    expires = int((now + timedelta(days=days)).timestamp())
    store.put_new(deps.table, store.admin_invite_item(token, org_id, request["email"], now.isoformat(), expires))
    link = f"{deps.settings.site_url}/teams/accept/#token={token}"
    send(deps, admin_invitation(request["email"], request["organisation"], link, days))
    log.info("team request approved", extra={"team_request": request_id, "org_id": org_id})
    return _get(deps, request_id)


def _get(deps: Deps, request_id: str) -> dict[str, Any]:
    request = store.get_request(deps.table, request_id) if len(request_id) <= 64 else None
    if request is None:
        raise NotFound("No such request.")
    return request
