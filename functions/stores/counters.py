"""Atomic expiring counters (rate limits, daily quotas): one UpdateItem per hit, TTL cleans up."""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

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


def address_key(address: str) -> str:
    """The counter key for a client address, the same for every per-address limit. It does not store
    the address itself. IPv6 clients count per /64, as a host is usually given a whole /64 and rotating
    within it must not escape a limit; an IPv4 address written as IPv6 (`::ffff:a.b.c.d`) counts as
    itself. Anything unparseable shares one key."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if isinstance(ip, ipaddress.IPv6Address):
        counted = str(ipaddress.IPv6Network((ip, 64), strict=False).network_address) + "/64"
    else:
        counted = str(ip)
    return hashlib.sha256(counted.encode()).hexdigest()[:24]


def enforce_address(table: Table, limit: Limit, address: str, now: datetime) -> None:
    """`enforce` for a client address, counted by its `address_key` (never the raw address)."""
    enforce(table, limit, address_key(address), now)


def counter_pk(limit_name: str, key: str) -> str:
    """The partition of one limit's counters for one key (every window is an item in it)."""
    return f"COUNTER#{limit_name}#{key}"


def _window_start(limit: Limit, now: datetime) -> int:
    epoch = int(now.timestamp())
    return epoch - epoch % limit.window_seconds


def retry_after_seconds(limit: Limit, now: datetime) -> int:
    """Seconds until the current window ends and the allowance resets."""
    return limit.window_seconds - int(now.timestamp()) % limit.window_seconds


def hit(table: Table, limit: Limit, key: str, now: datetime, amount: int = 1) -> int:
    """Count `amount` hits (tokens, say) in the current fixed window; return the total (atomic ADD)."""
    window_start = _window_start(limit, now)
    try:
        result = table.update_item(
            Key={"pk": counter_pk(limit.name, key), "sk": str(window_start)},
            UpdateExpression="ADD hits :amount SET expires_at = if_not_exists(expires_at, :expires)",
            ExpressionAttributeValues={":amount": amount, ":expires": window_start + limit.window_seconds + 60},
            ReturnValues="UPDATED_NEW",
        )
    except (BotoCoreError, ClientError) as exc:
        raise UpstreamUnavailable("The rate limiter is unavailable; try again shortly.") from exc
    return int(result["Attributes"]["hits"])  # type: ignore[arg-type]


def current(table: Table, limit: Limit, key: str, now: datetime) -> int:
    """The hits counted so far in the current window (a strongly consistent read)."""
    try:
        item = table.get_item(
            Key={"pk": counter_pk(limit.name, key), "sk": str(_window_start(limit, now))}, ConsistentRead=True
        ).get("Item")
    except (BotoCoreError, ClientError) as exc:
        raise UpstreamUnavailable("The rate limiter is unavailable; try again shortly.") from exc
    return int(item["hits"]) if item else 0  # type: ignore[arg-type]


def enforce(table: Table, limit: Limit, key: str, now: datetime) -> None:
    """Count a hit; raise RateLimited (429 with Retry-After) once the window's allowance is spent."""
    if hit(table, limit, key, now) > limit.allowed:
        raise rate_limited(limit, now)


def rate_limited(limit: Limit, now: datetime) -> RateLimited:
    """The 429 for a spent allowance, with its Retry-After."""
    retry_after = retry_after_seconds(limit, now)
    return RateLimited(f"Too many requests; try again in {retry_after} seconds.", retry_after_seconds=retry_after)


def transact_hit(table_name: str, limit: Limit, key: str, now: datetime) -> dict[str, Any]:
    """The same counted hit as one item of a TransactWriteItems call (through the Table resource's client,
    which takes plain Python values), failing its condition once the allowance is spent.

    Lets a write that must be rate-limited count its hit in the same DynamoDB call as the write itself;
    a cancelled transaction counts nothing, so a rejected request never uses up allowance.
    """
    window_start = _window_start(limit, now)
    return {
        "Update": {
            "TableName": table_name,
            "Key": {"pk": counter_pk(limit.name, key), "sk": str(window_start)},
            "UpdateExpression": "ADD hits :one SET expires_at = if_not_exists(expires_at, :expires)",
            "ConditionExpression": "attribute_not_exists(hits) OR hits < :allowed",
            "ExpressionAttributeValues": {
                ":one": 1,
                ":allowed": limit.allowed,
                ":expires": window_start + limit.window_seconds + 60,
            },
        }
    }
