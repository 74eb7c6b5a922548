"""Atomic expiring counters (rate limits, daily quotas): one UpdateItem per hit, TTL cleans up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from botocore.exceptions import BotoCoreError, ClientError

from functions.errors import RateLimited, UpstreamUnavailable

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table


@dataclass(frozen=True)
class Limit:
    """At most `allowed` hits per `window_seconds` for one key (e.g. an IP or a user id)."""

    name: str
    allowed: int
    window_seconds: int


def hit(table: Table, limit: Limit, key: str, now: datetime) -> int:
    """Count one hit in the current fixed window and return the count so far (atomic ADD)."""
    epoch = int(now.timestamp())
    window_start = epoch - epoch % limit.window_seconds
    try:
        result = table.update_item(
            Key={"pk": f"COUNTER#{limit.name}#{key}", "sk": str(window_start)},
            UpdateExpression="ADD hits :one SET expires_at = if_not_exists(expires_at, :expires)",
            ExpressionAttributeValues={":one": 1, ":expires": window_start + limit.window_seconds + 60},
            ReturnValues="UPDATED_NEW",
        )
    except (BotoCoreError, ClientError) as exc:
        raise UpstreamUnavailable("The rate limiter is unavailable; try again shortly.") from exc
    return int(result["Attributes"]["hits"])  # type: ignore[arg-type]


def enforce(table: Table, limit: Limit, key: str, now: datetime) -> None:
    """Count a hit; raise RateLimited (429 with Retry-After) once the window's allowance is spent."""
    if hit(table, limit, key, now) > limit.allowed:
        epoch = int(now.timestamp())
        retry_after = limit.window_seconds - epoch % limit.window_seconds
        raise RateLimited(f"Too many requests; try again in {retry_after} seconds.", retry_after_seconds=retry_after)
