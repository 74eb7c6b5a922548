"""Attempts straight from the portal's table: a Query on gsi1 by bank version (never a Scan).

The Score stores each attempt with `gsi1pk = "SCOREVER#<quiz_version>"` and
`gsi1sk = "<iso timestamp>#<attempt_id>"`, plus `attempt_id`, `quiz_version`, `item_points`
(item id -> 0..1), `answers` and `is_first_attempt`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from analytics.itemstats.data import Attempt, parse_attempt
from functions.stores.items import plain


def version_partition(quiz_version: str) -> str:
    return f"SCOREVER#{quiz_version}"


def query_first_attempts(table: Any, quiz_version: str, page_size: int = 500) -> Iterator[Attempt]:
    """Every first attempt of one bank version, oldest first, page by page."""
    request: dict[str, Any] = {
        "IndexName": "gsi1",
        "KeyConditionExpression": "gsi1pk = :version",
        "FilterExpression": "is_first_attempt = :yes",
        "ExpressionAttributeValues": {":version": version_partition(quiz_version), ":yes": True},
        "Limit": page_size,
    }
    while True:
        page = table.query(**request)
        for item in page.get("Items", []):
            data = plain(item)
            yield parse_attempt(
                {
                    "attempt_id": data.get("attempt_id"),
                    "quiz_version": data.get("quiz_version"),
                    "items": data.get("item_points"),
                    "answers": data.get("answers") or {},
                    "is_first_attempt": data.get("is_first_attempt", True),
                },
                f"table item {data.get('pk', '?')}",
            )
        if "LastEvaluatedKey" not in page:
            return
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
