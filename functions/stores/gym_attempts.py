"""Gym attempts in DynamoDB: the only code that knows their item shapes.

Items (see docs/data.md):
- attempt: pk `GYM#ATTEMPT#<id>`, sk `ATTEMPT`; gsi1 = the user's history (`GYM#USER#<uid>`,
  `ATTEMPT#<created>#<id>`); gsi2 = the user's iterations of one task
  (`GYM#USER#<uid>#TASK#<task>`, `<created>#<id>`).
- best: pk `GYM#USER#<uid>`, sk `BEST#<task>`: the user's best graded score per task (the profile).

Every state change is a conditional write; the conditions are named below.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from botocore.exceptions import BotoCoreError, ClientError

from functions.errors import Conflict, UpstreamUnavailable
from functions.stores.counters import counter_pk
from functions.stores.items import is_condition_failure

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table

Status = Literal["queued", "running", "graded", "failed"]

ATTEMPT_SK = "ATTEMPT"
# The counters.Limit name of the attempts-per-user-per-day allowance (its items name the user).
ATTEMPTS_LIMIT_NAME = "gym-attempts"
# Named conditions: what must hold for each state change.
ATTEMPT_IS_NEW = "attribute_not_exists(pk)"
ATTEMPT_IS_CLAIMABLE = "#status = :queued OR (#status = :running AND claimed_at < :stale_before)"
ATTEMPT_IS_HELD_BY_CLAIM = "#status = :running AND claim_id = :claim"
SCORE_BEATS_BEST = "attribute_not_exists(pk) OR best_score < :score"


@dataclass(frozen=True)
class Attempt:
    """One attempt at one task, as stored."""

    attempt_id: str
    user_id: str
    task_id: str
    kind: str
    status: Status
    submission: dict[str, Any]
    content_version: str
    created_at: str
    updated_at: str
    grade: dict[str, Any] | None = None
    failure_reason: str | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    estimated_cost_usd: float = 0.0
    claim_id: str | None = None
    claimed_at: str | None = None
    runs: int = 0


@dataclass(frozen=True)
class BestScore:
    """The user's best graded attempt at one task."""

    task_id: str
    kind: str
    score: int
    attempt_id: str
    graded_at: str


@dataclass(frozen=True)
class Page:
    """One page of a Query: the items and where the next page starts (None at the end)."""

    items: list[Attempt]
    last_sort_key: str | None = None


def _attempt_pk(attempt_id: str) -> str:
    return f"GYM#ATTEMPT#{attempt_id}"


def user_pk(user_id: str) -> str:
    return f"GYM#USER#{user_id}"


def _task_pk(user_id: str, task_id: str) -> str:
    return f"GYM#USER#{user_id}#TASK#{task_id}"


def _unavailable(exc: BaseException) -> UpstreamUnavailable:
    return UpstreamUnavailable("The gym's storage is unavailable; try again shortly.")


def _to_item(attempt: Attempt) -> dict[str, Any]:
    item: dict[str, Any] = {
        "pk": _attempt_pk(attempt.attempt_id),
        "sk": ATTEMPT_SK,
        "gsi1pk": user_pk(attempt.user_id),
        "gsi1sk": f"ATTEMPT#{attempt.created_at}#{attempt.attempt_id}",
        "gsi2pk": _task_pk(attempt.user_id, attempt.task_id),
        "gsi2sk": f"{attempt.created_at}#{attempt.attempt_id}",
        "attempt_id": attempt.attempt_id,
        "user_id": attempt.user_id,
        "task_id": attempt.task_id,
        "kind": attempt.kind,
        "status": attempt.status,
        "submission_json": json.dumps(attempt.submission, separators=(",", ":")),
        "content_version": attempt.content_version,
        "created_at": attempt.created_at,
        "updated_at": attempt.updated_at,
        "runs": attempt.runs,
    }
    return item


def _from_item(item: dict[str, Any]) -> Attempt:
    grade_json = item.get("grade_json")
    return Attempt(
        attempt_id=str(item["attempt_id"]),
        user_id=str(item["user_id"]),
        task_id=str(item["task_id"]),
        kind=str(item["kind"]),
        status=item["status"],
        submission=json.loads(str(item["submission_json"])),
        content_version=str(item["content_version"]),
        created_at=str(item["created_at"]),
        updated_at=str(item["updated_at"]),
        grade=json.loads(str(grade_json)) if grade_json else None,
        failure_reason=str(item["failure_reason"]) if item.get("failure_reason") else None,
        tokens_in=int(item.get("tokens_in", 0)),
        tokens_out=int(item.get("tokens_out", 0)),
        estimated_cost_usd=float(item.get("estimated_cost_usd", 0)),
        claim_id=str(item["claim_id"]) if item.get("claim_id") else None,
        claimed_at=str(item["claimed_at"]) if item.get("claimed_at") else None,
        runs=int(item.get("runs", 0)),
    )


def put_queued(table: Table, attempt: Attempt) -> None:
    """Store a new attempt in state `queued` (never overwrites: ids are unguessable and unique)."""
    try:
        table.put_item(Item=_to_item(replace(attempt, status="queued")), ConditionExpression=ATTEMPT_IS_NEW)
    except ClientError as exc:
        if is_condition_failure(exc):
            raise Conflict("An attempt with this id already exists.") from exc
        raise _unavailable(exc) from exc
    except BotoCoreError as exc:
        raise _unavailable(exc) from exc


def get(table: Table, attempt_id: str) -> Attempt | None:
    """One attempt by id (strongly consistent, so a poll right after a state change sees it)."""
    try:
        item = table.get_item(Key={"pk": _attempt_pk(attempt_id), "sk": ATTEMPT_SK}, ConsistentRead=True).get("Item")
    except (BotoCoreError, ClientError) as exc:
        raise _unavailable(exc) from exc
    return _from_item(item) if item else None


def _update(table: Table, attempt_id: str, condition: str, update: str, values: dict[str, Any]) -> Attempt | None:
    """A conditional update; None when the condition does not hold."""
    try:
        result = table.update_item(
            Key={"pk": _attempt_pk(attempt_id), "sk": ATTEMPT_SK},
            UpdateExpression=update,
            ConditionExpression=f"attribute_exists(pk) AND ({condition})",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues=values,
            ReturnValues="ALL_NEW",
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return None
        raise _unavailable(exc) from exc
    except BotoCoreError as exc:
        raise _unavailable(exc) from exc
    return _from_item(result["Attributes"])


def claim(table: Table, attempt_id: str, *, claim_id: str, now: str, stale_before: str) -> Attempt | None:
    """`queued -> running` for this claim (or take over a run abandoned before `stale_before`)."""
    return _update(
        table,
        attempt_id,
        ATTEMPT_IS_CLAIMABLE,
        "SET #status = :running, claim_id = :claim, claimed_at = :now, updated_at = :now ADD runs :one",
        {
            ":queued": "queued",
            ":running": "running",
            ":stale_before": stale_before,
            ":claim": claim_id,
            ":now": now,
            ":one": 1,
        },
    )


def release(table: Table, attempt_id: str, *, claim_id: str, now: str) -> Attempt | None:
    """`running -> queued` so that the next delivery can claim it (a retryable failure)."""
    return _update(
        table,
        attempt_id,
        ATTEMPT_IS_HELD_BY_CLAIM,
        "SET #status = :queued, updated_at = :now REMOVE claim_id, claimed_at",
        {":running": "running", ":queued": "queued", ":claim": claim_id, ":now": now},
    )


def store_graded(
    table: Table,
    attempt_id: str,
    *,
    claim_id: str,
    now: str,
    grade: dict[str, Any],
    tokens_in: int,
    tokens_out: int,
    estimated_cost_usd: float,
) -> Attempt | None:
    """`running -> graded` with the grade, tokens and estimated cost."""
    return _update(
        table,
        attempt_id,
        ATTEMPT_IS_HELD_BY_CLAIM,
        "SET #status = :graded, updated_at = :now, grade_json = :grade, tokens_in = :tin, tokens_out = :tout,"
        " estimated_cost_usd = :cost REMOVE claim_id, claimed_at",
        {
            ":running": "running",
            ":graded": "graded",
            ":claim": claim_id,
            ":now": now,
            ":grade": json.dumps(grade, separators=(",", ":")),
            ":tin": tokens_in,
            ":tout": tokens_out,
            ":cost": Decimal(str(round(estimated_cost_usd, 6))),
        },
    )


def store_failed(table: Table, attempt_id: str, *, claim_id: str, now: str, reason: str) -> Attempt | None:
    """`running -> failed` with a reason the user can read."""
    return _update(
        table,
        attempt_id,
        ATTEMPT_IS_HELD_BY_CLAIM,
        "SET #status = :failed, updated_at = :now, failure_reason = :reason REMOVE claim_id, claimed_at",
        {":running": "running", ":failed": "failed", ":claim": claim_id, ":now": now, ":reason": reason},
    )


def fail_unqueued(table: Table, attempt_id: str, *, now: str, reason: str) -> Attempt | None:
    """`queued -> failed` when the job could not even be sent."""
    return _update(
        table,
        attempt_id,
        "#status = :queued",
        "SET #status = :failed, updated_at = :now, failure_reason = :reason",
        {":queued": "queued", ":failed": "failed", ":now": now, ":reason": reason},
    )


def _query(table: Table, **kwargs: Any) -> dict[str, Any]:
    try:
        return table.query(**kwargs)  # type: ignore[return-value]
    except (BotoCoreError, ClientError) as exc:
        raise _unavailable(exc) from exc


def list_for_user(table: Table, user_id: str, *, limit: int, after_sort_key: str | None) -> Page:
    """The user's attempts, newest first, one page (gsi1)."""
    kwargs: dict[str, Any] = {
        "IndexName": "gsi1",
        "KeyConditionExpression": "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
        "ExpressionAttributeValues": {":pk": user_pk(user_id), ":prefix": "ATTEMPT#"},
        "ScanIndexForward": False,
        "Limit": limit,
    }
    if after_sort_key:
        kwargs["ExclusiveStartKey"] = {
            "gsi1pk": user_pk(user_id),
            "gsi1sk": after_sort_key,
            "pk": _attempt_pk(after_sort_key.rsplit("#", 1)[-1]),
            "sk": ATTEMPT_SK,
        }
    result = _query(table, **kwargs)
    last = result.get("LastEvaluatedKey")
    return Page([_from_item(item) for item in result["Items"]], str(last["gsi1sk"]) if last else None)


def list_for_task(table: Table, user_id: str, task_id: str, *, limit: int) -> list[Attempt]:
    """The user's latest `limit` attempts at one task, oldest first (gsi2)."""
    result = _query(
        table,
        IndexName="gsi2",
        KeyConditionExpression="gsi2pk = :pk",
        ExpressionAttributeValues={":pk": _task_pk(user_id, task_id)},
        ScanIndexForward=False,
        Limit=limit,
    )
    return [_from_item(item) for item in reversed(result["Items"])]


def record_best(table: Table, user_id: str, best: BestScore) -> bool:
    """Keep the user's best score per task; True when this one beat the previous best."""
    try:
        table.put_item(
            Item={
                "pk": user_pk(user_id),
                "sk": f"BEST#{best.task_id}",
                "task_id": best.task_id,
                "kind": best.kind,
                "best_score": best.score,
                "attempt_id": best.attempt_id,
                "graded_at": best.graded_at,
            },
            ConditionExpression=SCORE_BEATS_BEST,
            ExpressionAttributeValues={":score": best.score},
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise _unavailable(exc) from exc
    except BotoCoreError as exc:
        raise _unavailable(exc) from exc
    return True


def best_scores(table: Table, user_id: str) -> list[BestScore]:
    """The user's best score per task (one Query on the table; bounded by the number of tasks)."""
    result = _query(
        table,
        KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues={":pk": user_pk(user_id), ":prefix": "BEST#"},
    )
    return [
        BestScore(
            task_id=str(item["task_id"]),
            kind=str(item["kind"]),
            score=int(item["best_score"]),
            attempt_id=str(item["attempt_id"]),
            graded_at=str(item["graded_at"]),
        )
        for item in result["Items"]
    ]


def _all_pages(table: Table, **kwargs: Any) -> Iterator[dict[str, Any]]:
    while True:
        result = _query(table, **kwargs)
        yield from result["Items"]
        if "LastEvaluatedKey" not in result:
            return
        kwargs["ExclusiveStartKey"] = result["LastEvaluatedKey"]


def all_user_items(table: Table, user_id: str) -> list[dict[str, Any]]:
    """Every gym item of the user (attempts via gsi1, best scores and the day's counter via the table)."""
    attempts = _all_pages(
        table,
        IndexName="gsi1",
        KeyConditionExpression="gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
        ExpressionAttributeValues={":pk": user_pk(user_id), ":prefix": "ATTEMPT#"},
    )
    bests = _all_pages(
        table,
        KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues={":pk": user_pk(user_id), ":prefix": "BEST#"},
    )
    # The day's attempt counter names the user too; it would expire within a day, but it goes now.
    counter = _all_pages(
        table,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": counter_pk(ATTEMPTS_LIMIT_NAME, user_id)},
    )
    return [*attempts, *bests, *counter]


def export_user(table: Table, user_id: str) -> dict[str, Any]:
    """The user's gym data as plain JSON-ready values."""
    items = all_user_items(table, user_id)
    attempts = [_from_item(item) for item in items if item["sk"] == ATTEMPT_SK]
    return {
        "attempts": [
            {
                "id": a.attempt_id,
                "task_id": a.task_id,
                "kind": a.kind,
                "status": a.status,
                "submitted_at": a.created_at,
                "submission": a.submission,
                "grade": a.grade,
                "failure_reason": a.failure_reason,
                "tokens_in": a.tokens_in,
                "tokens_out": a.tokens_out,
                "estimated_cost_usd": a.estimated_cost_usd,
            }
            for a in attempts
        ],
        "best_scores": [
            {"task_id": str(item["task_id"]), "score": int(item["best_score"]), "attempt_id": str(item["attempt_id"])}
            for item in items
            if str(item["sk"]).startswith("BEST#") and str(item["pk"]).startswith("GYM#")
        ],
    }


def delete_user(table: Table, user_id: str) -> int:
    """Delete every gym item of the user; returns how many were deleted."""
    items = all_user_items(table, user_id)
    try:
        with table.batch_writer() as batch:
            for item in items:
                batch.delete_item(Key={"pk": item["pk"], "sk": item["sk"]})
    except (BotoCoreError, ClientError) as exc:
        raise _unavailable(exc) from exc
    return len(items)
