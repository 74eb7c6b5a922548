"""What every store needs from DynamoDB's answers: plain numbers, and telling a failed condition apart."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

if TYPE_CHECKING:
    from boto3.dynamodb.conditions import Key


def plain(value: Any) -> Any:
    """DynamoDB's Decimals back to int or float, recursively through maps and lists."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def is_condition_failure(exc: ClientError) -> bool:
    """A failed condition, alone or inside a cancelled transaction (other cancellations are errors)."""
    code = exc.response.get("Error", {}).get("Code")
    if code == "TransactionCanceledException":
        reasons = exc.response.get("CancellationReasons", [])
        return any(r.get("Code") == "ConditionalCheckFailed" for r in reasons)
    return code == "ConditionalCheckFailedException"


def key(name: str) -> Key:
    """A key condition on `name`, for Query."""
    # Imported here, at the first Query: importing it loads all of boto3 (~70 ms of CPU), which a
    # cold start whose first request never reaches the table (a 4xx) should not pay.
    from boto3.dynamodb.conditions import Key

    return Key(name)
