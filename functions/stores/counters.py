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


def counter_pk(limit_name: str, key: str) -> str:
    """The partition of one limit's counters for one key (every window is an item in it)."""
    return f"COUNTER#{limit_name}#{key}"


def _window_key(limit: Limit, key: str, now: datetime) -> tuple[dict[str, str], int]:
    epoch = int(now.timestamp())
    window_start = epoch - epoch % limit.window_seconds
    return {"pk": counter_pk(limit.name, key), "sk": str(window_start)}, window_start


def hit(table: Table, limit: Limit, key: str, now: datetime, amount: int = 1) -> int:
    """Count `amount` hits (tokens, say) in the current fixed window; return the total (atomic ADD)."""
    item_key, window_start = _window_key(limit, key, now)
    try:
        result = table.update_item(
            Key=item_key,
            UpdateExpression="ADD hits :amount SET expires_at = if_not_exists(expires_at, :expires)",
            ExpressionAttributeValues={":amount": amount, ":expires": window_start + limit.window_seconds + 60},
            ReturnValues="UPDATED_NEW",
        )
    except (BotoCoreError, ClientError) as exc:
        raise UpstreamUnavailable("The rate limiter is unavailable; try again shortly.") from exc
    return int(result["Attributes"]["hits"])  # type: ignore[arg-type]


def current(table: Table, limit: Limit, key: str, now: datetime) -> int:
    """The hits counted so far in the current window (a strongly consistent read)."""
    item_key, _ = _window_key(limit, key, now)
    try:
        item = table.get_item(Key=item_key, ConsistentRead=True).get("Item")
    except (BotoCoreError, ClientError) as exc:
        raise UpstreamUnavailable("The rate limiter is unavailable; try again shortly.") from exc
    return int(item["hits"]) if item else 0  # type: ignore[arg-type]


def retry_after_seconds(limit: Limit, now: datetime) -> int:
    """Seconds until the current window ends and the allowance resets."""
    return limit.window_seconds - int(now.timestamp()) % limit.window_seconds


def enforce(table: Table, limit: Limit, key: str, now: datetime) -> None:
    """Count a hit; raise RateLimited (429 with Retry-After) once the window's allowance is spent."""
    if hit(table, limit, key, now) > limit.allowed:
        retry_after = retry_after_seconds(limit, now)
        raise RateLimited(f"Too many requests; try again in {retry_after} seconds.", retry_after_seconds=retry_after)
