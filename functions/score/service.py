"""The Score's use cases: submit an attempt, fetch a result."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from functions.deps import Deps
from functions.errors import Conflict, FieldError, NotFound, UpstreamUnavailable, ValidationFailed
from functions.score.answers import check_answers
from functions.score.bank import ScoreBank, score_bank
from functions.score.percentile import Standing, standing
from functions.score.profile import build_profile
from functions.score.result import present
from functions.score.schemas import AttemptResult
from functions.score.scoring import item_points
from functions.stores import counters
from functions.stores import score_attempts as store

ATTEMPT_ID = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_.:-]{16,128}$")
# Concurrent transactions on one shard or counter can conflict; a conflict is retried, nothing else.
CONFLICT_RETRIES = 3


@dataclass(frozen=True)
class Cohort:
    """Who an attempt was taken for (an organisation's invite); absent for public attempts."""

    organisation_id: str
    team_id: str | None = None
    round_id: str | None = None


@dataclass(frozen=True)
class Submission:
    quiz_version: str
    answers: dict[str, Any]
    familiarity: dict[str, Any]
    is_first_attempt: bool
    cohort: Cohort | None = None

    def fingerprint(self) -> str:
        """A hash of the request, so a reused Idempotency-Key with different answers is caught."""
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True, default=str).encode()).hexdigest()


def current_bank(deps: Deps) -> ScoreBank:
    """The bank version this deployment scores against."""
    return score_bank(deps.bundle.section("score"))


def attempts_limit(deps: Deps) -> counters.Limit:
    return counters.Limit("score-attempts", deps.settings.score_attempts_per_hour, 3600)


def _score(bank: ScoreBank, submission: Submission) -> dict[str, Any]:
    points = {item.id: item_points(item, submission.answers[item.id]) for item in bank.items}
    familiarity_values = [
        next(o.value for o in question.options if o.id == submission.familiarity[question.id])
        for question in bank.familiarity
    ]
    profile = build_profile(
        bank.items,
        points,
        [d.id for d in bank.dimensions],
        bank.bands,
        bank.gap_ceiling,
        familiarity_values,
        bank.contrast.margin,
    )
    return {
        "item_points": points,
        "overall": profile.overall,
        "band": profile.band,
        "dimensions": profile.dimensions,
        "gaps": profile.gaps,
        "familiarity_score": profile.familiarity,
        "pattern": profile.pattern,
    }


def _replay(
    deps: Deps, bank: ScoreBank, record: dict[str, Any], fingerprint: str, histogram: dict[int, int]
) -> AttemptResult:
    if record["request_hash"] != fingerprint:
        raise ValidationFailed(
            "This Idempotency-Key was already used for a different submission.",
            fields=[FieldError("Idempotency-Key", "already used for a different submission; send a new key")],
        )
    attempt = store.get_attempt(deps.table, record["attempt_id"])
    if attempt is None:
        raise UpstreamUnavailable("The original attempt is not readable yet; try again shortly.")
    result_standing = _standing_among_others(histogram, attempt, deps)
    return present(bank, attempt, result_standing, deps.settings.score_percentile_min_takers)


def submit_attempt(
    deps: Deps, submission: Submission, client_ip: str, idempotency_key: str | None = None
) -> tuple[AttemptResult, bool]:
    """Validate, score and store one attempt; returns the result and whether it was a replay."""
    bank = current_bank(deps)
    if submission.quiz_version != bank.version:
        raise Conflict(
            "The questions have changed since this page was loaded. Reload the page to take the current version.",
            fields=[FieldError("quiz_version", "stale: reload the page to get the current questions")],
        )
    if idempotency_key is not None and not IDEMPOTENCY_KEY.fullmatch(idempotency_key):
        raise ValidationFailed(
            "The Idempotency-Key header is malformed.",
            fields=[FieldError("Idempotency-Key", "16-128 characters: letters, digits, - _ . :")],
        )
    check_answers(bank, submission.answers, submission.familiarity)
    fingerprint = submission.fingerprint()
    settings = deps.settings
    snapshot = store.batch_read(deps.table, bank.version, settings.score_histogram_shards, idempotency=idempotency_key)
    if snapshot.idempotency is not None:
        return _replay(deps, bank, snapshot.idempotency, fingerprint, snapshot.histogram), True

    now = deps.clock()
    attempt_id = deps.new_id()
    attempt = {
        "attempt_id": attempt_id,
        "quiz_version": bank.version,
        "created_at": now.isoformat(),
        "gsi1pk": f"SCOREVER#{bank.version}",
        "gsi1sk": f"{now.isoformat()}#{attempt_id}",
        "answers": submission.answers,
        "familiarity": submission.familiarity,
        "is_first_attempt": submission.is_first_attempt,
        **_score(bank, submission),
    }
    if submission.cohort is not None:
        attempt["cohort"] = {k: v for k, v in asdict(submission.cohort).items() if v is not None}
    limit = attempts_limit(deps)
    idempotency = (idempotency_key, fingerprint) if idempotency_key else None
    expires_at = int((now + timedelta(seconds=store.IDEMPOTENCY_SECONDS)).timestamp())
    for attempt_number in range(CONFLICT_RETRIES):
        try:
            store.commit_attempt(
                deps.table,
                attempt,
                store.shard_for(attempt_id, settings.score_histogram_shards),
                counters.transact_hit(deps.table.name, limit, counters.address_key(client_ip), now),
                idempotency,
                expires_at,
            )
            break
        except store.TransactionRejected as rejected:
            reasons = rejected.reasons
            if reasons and reasons[0] == "ConditionalCheckFailed":
                raise counters.rate_limited(limit, now) from rejected
            if len(reasons) > 3 and reasons[3] == "ConditionalCheckFailed":
                # A concurrent retry with the same key won the race: answer with its attempt.
                record = store.batch_read(deps.table, bank.version, 0, idempotency=idempotency_key).idempotency
                if record is not None:
                    return _replay(deps, bank, record, fingerprint, snapshot.histogram), True
            if "TransactionConflict" not in reasons or attempt_number == CONFLICT_RETRIES - 1:
                raise UpstreamUnavailable("The attempt could not be stored; try again shortly.") from rejected
    others = snapshot.histogram
    result_standing = standing(others, attempt["overall"], settings.score_percentile_min_takers)
    return present(bank, attempt, result_standing, settings.score_percentile_min_takers), False


def fetch_attempt(deps: Deps, attempt_id: str) -> AttemptResult:
    """A stored result with its current percentile: one BatchGetItem for a current-version attempt."""
    if not ATTEMPT_ID.fullmatch(attempt_id):
        raise NotFound("No result has this id.", fields=[FieldError("id", "no result has this id")])
    bank = current_bank(deps)
    shards = deps.settings.score_histogram_shards
    snapshot = store.batch_read(deps.table, bank.version, shards, attempt_id=attempt_id)
    attempt = snapshot.attempt
    if attempt is None:
        raise NotFound("No result has this id.", fields=[FieldError("id", "no result has this id")])
    histogram = snapshot.histogram
    if attempt["quiz_version"] != bank.version:
        # A result from a retired bank version stands among that version's takers (a second read).
        histogram = store.batch_read(deps.table, attempt["quiz_version"], shards).histogram
    return present(
        bank, attempt, _standing_among_others(histogram, attempt, deps), deps.settings.score_percentile_min_takers
    )


def _standing_among_others(histogram: dict[int, int], attempt: dict[str, Any], deps: Deps) -> Standing | None:
    """The stored histogram counts this attempt too: take it out before comparing."""
    others = dict(histogram)
    score = int(attempt["overall"])
    if others.get(score, 0) > 0:
        others[score] -= 1
    return standing(others, score, deps.settings.score_percentile_min_takers)
