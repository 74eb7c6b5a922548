"""The Score's side door for team assessments: check an invite before scoring, record the result after.

Checking first means a dead link is a 422 naming `invite` before anything is stored, so the page can
say so and let the person submit for themselves only. Recording after means the member's own result
never depends on the team: if the link is used up between the two steps, the attempt still stands
and the answer says it was not counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from functions.deps import Deps
from functions.errors import Conflict, FieldError, NotFound, ValidationFailed
from functions.score.schemas import TeamAssessmentOut
from functions.stores.teams import get, token_hash
from functions.teams.answers import INVALID_LINK, open_link, record_attempt


@dataclass(frozen=True)
class CheckedInvite:
    token: str
    organisation_id: str
    team_id: str
    round_id: str
    organisation: str
    team: str


def check_invite(deps: Deps, token: str) -> CheckedInvite:
    """The invite's organisation, team and round, or a 422 naming the `invite` field."""
    try:
        found = open_link(deps, token)
    except NotFound as exc:
        raise ValidationFailed(
            INVALID_LINK, fields=[FieldError("invite", "this invite link can no longer be used")]
        ) from exc
    link = found["link"]
    return CheckedInvite(
        token=token,
        organisation_id=link["org_id"],
        team_id=link["team_id"],
        round_id=link["round_id"],
        organisation=found["organisation"]["name"],
        team=found["team"]["name"],
    )


def record_result(
    deps: Deps, invite: CheckedInvite, attempt_id: str, overall: float, dimensions: dict[str, float], version: str
) -> TeamAssessmentOut:
    """Count the scored attempt for the team (once: a replayed submission finds it already counted)."""
    try:
        record_attempt(deps, invite.token, attempt_id, overall, dimensions, version)
        recorded = True
    except (Conflict, NotFound):
        key = f"ANSWER#{token_hash(attempt_id)}"
        recorded = get(deps.table, f"ORG#{invite.organisation_id}#ROUND#{invite.round_id}", key) is not None
    return TeamAssessmentOut(organisation=invite.organisation, team=invite.team, recorded=recorded)
