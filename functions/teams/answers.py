"""Members' side: what an invite link says, and recording a scored attempt under its round."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from functions.deps import Deps
from functions.errors import NotFound
from functions.stores import team_rounds as rounds_store
from functions.stores import teams as store

INVALID_LINK = "This invite link is not valid: it may have expired, been used up or been withdrawn."


def open_link(deps: Deps, token: str) -> dict[str, Any]:
    """The link with its organisation, team and round, if it can still record an answer."""
    link = rounds_store.get_link(deps.table, token) if 20 <= len(token) <= 64 else None
    if link is None:
        raise NotFound(INVALID_LINK)
    usable = not link["revoked"] and link["valid_until"] > int(deps.clock().timestamp())
    usable = usable and link["uses"] < link["max_uses"]
    round_item = rounds_store.get_round(deps.table, link["org_id"], link["round_id"])
    org = store.get_org(deps.table, link["org_id"])
    team = store.get(deps.table, f"ORG#{link['org_id']}", f"TEAM#{link['team_id']}")
    if not usable or round_item is None or round_item["status"] != "open" or org is None or team is None:
        raise NotFound(INVALID_LINK)
    return {"link": link, "organisation": org, "team": team, "round": round_item}


def describe_link(deps: Deps, token: str) -> dict[str, Any]:
    """What a member sees before taking the Score: who runs it and how results are reported."""
    found = open_link(deps, token)
    return {
        "organisation": found["organisation"]["name"],
        "team": found["team"]["name"],
        "round": found["round"]["name"],
        "k": deps.settings.teams_anonymity_k,
        "valid_until": found["link"]["valid_until"],
    }


def record_attempt(
    deps: Deps, token: str, attempt_id: str, overall: float, dimensions: Mapping[str, float], bank_version: str
) -> dict[str, Any]:
    """Record a scored attempt (its scores only: no answers, no user) under the link's round."""
    found = open_link(deps, token)
    link = found["link"]
    answer = {
        "team_id": link["team_id"],
        "overall": float(overall),
        "dimensions": {k: float(v) for k, v in dimensions.items()},
        "bank_version": bank_version,
        "recorded_at": deps.clock().date().isoformat(),  # the day only: no timing to line up with a person
    }
    rounds_store.record_answer(deps.table, link, attempt_id, answer, int(deps.clock().timestamp()))
    return {"organisation": found["organisation"]["name"], "team": found["team"]["name"]}
