"""Score attempts, their idempotency keys and the sharded percentile histogram: the item shapes.

A submission costs two DynamoDB calls: one BatchGetItem (the histogram's shards and, with an
Idempotency-Key, the key's record) and one TransactWriteItems (the rate-limit hit, the key's record,
the attempt and one histogram shard). A result fetch costs one BatchGetItem (the attempt and the
shards of the current bank version).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from functions.errors import UpstreamUnavailable
from functions.stores.items import plain

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table

ATTEMPT_SK = "ATTEMPT"
IDEMPOTENCY_SK = "IDEMPOTENCY"
IDEMPOTENCY_SECONDS = 24 * 3600


class TransactionRejected(Exception):
    """The transaction was cancelled; `reasons` holds each item's cancellation code, in order."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(", ".join(reasons))
        self.reasons = reasons


def attempt_key(attempt_id: str) -> dict[str, str]:
    return {"pk": f"SCORE#{attempt_id}", "sk": ATTEMPT_SK}


def idempotency_key(key: str) -> dict[str, str]:
    # Hashed so a client's key never becomes part of a partition key as typed.
    return {"pk": f"SCOREIDEM#{hashlib.sha256(key.encode()).hexdigest()}", "sk": IDEMPOTENCY_SK}


def shard_key(version: str, shard: int) -> dict[str, str]:
    return {"pk": f"SCOREHIST#{version}", "sk": f"SHARD#{shard:03d}"}


def shard_for(attempt_id: str, shards: int) -> int:
    """Spread attempts over the shards evenly, so no single histogram item is hot."""
    return int(hashlib.sha256(attempt_id.encode()).hexdigest()[:8], 16) % shards


def merge_shards(shards: list[dict[str, Any]]) -> dict[int, int]:
    """The histogram (score -> count) summed over every shard read."""
    histogram: dict[int, int] = {}
    for shard in shards:
        for name, value in shard.items():
            if name.startswith("s") and name[1:].isdigit():
                histogram[int(name[1:])] = histogram.get(int(name[1:]), 0) + int(value)
    return histogram


@dataclass(frozen=True)
class Snapshot:
    """What one BatchGetItem returned."""

    histogram: dict[int, int]
    attempt: dict[str, Any] | None = None
    idempotency: dict[str, Any] | None = None


def batch_read(
    table: Table, version: str, shards: int, attempt_id: str | None = None, idempotency: str | None = None
) -> Snapshot:
    """Read the version's histogram shards, plus an attempt and/or an idempotency record, in one call."""
    keys = [shard_key(version, n) for n in range(shards)]
    if attempt_id is not None:
        keys.append(attempt_key(attempt_id))
    if idempotency is not None:
        keys.append(idempotency_key(idempotency))
    found: list[dict[str, Any]] = []
    # The Table resource's client converts plain Python values to and from DynamoDB's typed form.
    request: dict[str, Any] = {table.name: {"Keys": keys, "ConsistentRead": False}}
    try:
        # Unprocessed keys (throttling) are fetched again; normally the loop runs once.
        for _ in range(5):
            response = table.meta.client.batch_get_item(RequestItems=request)
            found += [plain(item) for item in response.get("Responses", {}).get(table.name, [])]
            request = dict(response.get("UnprocessedKeys") or {})
            if not request:
                break
    except (BotoCoreError, ClientError) as exc:
        raise UpstreamUnavailable("The Score's storage is unavailable; try again shortly.") from exc
    by_sk = {item["sk"]: item for item in found if item["sk"] in (ATTEMPT_SK, IDEMPOTENCY_SK)}
    return Snapshot(
        histogram=merge_shards([item for item in found if item["sk"].startswith("SHARD#")]),
        attempt=by_sk.get(ATTEMPT_SK),
        idempotency=by_sk.get(IDEMPOTENCY_SK),
    )


def get_attempt(table: Table, attempt_id: str) -> dict[str, Any] | None:
    """One attempt by id (used only when an idempotent replay needs the original)."""
    try:
        item = table.get_item(Key=attempt_key(attempt_id)).get("Item")
    except (BotoCoreError, ClientError) as exc:
        raise UpstreamUnavailable("The Score's storage is unavailable; try again shortly.") from exc
    return plain(item) if item else None


def _decimal(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(str(round(value, 4)))
    if isinstance(value, dict):
        return {k: _decimal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decimal(v) for v in value]
    return value


def commit_attempt(
    table: Table,
    attempt: Mapping[str, Any],
    shard: int,
    counter_hit: dict[str, Any],
    idempotency: tuple[str, str] | None,
    expires_at: int,
) -> None:
    """Store the attempt, count it in one histogram shard and the rate limit, all or nothing.

    `idempotency` is (key, request hash). Raises TransactionRejected with each item's reason.
    """
    item = {**attempt_key(attempt["attempt_id"]), **_decimal(dict(attempt))}
    items: list[dict[str, Any]] = [
        counter_hit,
        {
            "Put": {
                "TableName": table.name,
                "Item": item,
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        },
        {
            "Update": {
                "TableName": table.name,
                "Key": shard_key(attempt["quiz_version"], shard),
                "UpdateExpression": "ADD #bucket :one, #total :one",
                "ExpressionAttributeNames": {"#bucket": f"s{attempt['overall']}", "#total": "total"},
                "ExpressionAttributeValues": {":one": 1},
            }
        },
    ]
    if idempotency is not None:
        record = {
            **idempotency_key(idempotency[0]),
            "attempt_id": attempt["attempt_id"],
            "request_hash": idempotency[1],
            "expires_at": expires_at,
        }
        items.append(
            {"Put": {"TableName": table.name, "Item": record, "ConditionExpression": "attribute_not_exists(pk)"}}
        )
    try:
        table.meta.client.transact_write_items(TransactItems=items)  # type: ignore[arg-type]
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == "TransactionCanceledException":
            reasons = [r.get("Code", "None") for r in exc.response.get("CancellationReasons", [])]
            raise TransactionRejected(reasons) from exc
        raise UpstreamUnavailable("The Score's storage is unavailable; try again shortly.") from exc
    except BotoCoreError as exc:
        raise UpstreamUnavailable("The Score's storage is unavailable; try again shortly.") from exc
