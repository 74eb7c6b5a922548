"""Per-user data, registered by each feature: what "download my data" and "delete my account" cover.

A feature that stores anything about a user registers it once, at import of its store module:

    register_user_data("gym_attempts", export_attempts, delete_attempts)

`export(deps, user_id)` returns JSON-ready data; `delete(deps, user_id)` removes every item and
returns how many. Both must reach the items by Query on the feature's own access pattern (never
Scan); `query_items` and `delete_items` below do the paging and batching.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from functions.deps import Deps
from functions.errors import UpstreamUnavailable

if TYPE_CHECKING:
    from boto3.dynamodb.conditions import ConditionBase
    from mypy_boto3_dynamodb.service_resource import Table

ExportFn = Callable[[Deps, str], Any]
DeleteFn = Callable[[Deps, str], int]


@dataclass(frozen=True)
class UserDataSource:
    name: str
    export: ExportFn
    delete: DeleteFn


_SOURCES: dict[str, UserDataSource] = {}

# The modules that register a source; a feature that stores per-user data adds its module here. They
# are imported before any export or delete: API areas load on demand (functions/web/areas.py), so a
# fresh container serving only /api/me would otherwise see no source at all.
USER_DATA_MODULES: list[str] = ["functions.gym.attempts", "functions.stores.teams"]


def register_user_data(name: str, export: ExportFn, delete: DeleteFn) -> None:
    """Declare one kind of per-user data; a second registration under the same name is a bug."""
    existing = _SOURCES.get(name)
    if existing is not None and (existing.export, existing.delete) != (export, delete):
        raise ValueError(f"user data source {name!r} is already registered")
    _SOURCES[name] = UserDataSource(name, export, delete)


def unregister_user_data(name: str) -> None:
    """Forget a source (tests that register their own)."""
    _SOURCES.pop(name, None)


def user_data_sources() -> list[UserDataSource]:
    """Every registered source (importing the modules that register them first)."""
    for module in USER_DATA_MODULES:
        importlib.import_module(module)
    return sorted(_SOURCES.values(), key=lambda source: source.name)


def export_user_data(deps: Deps, user_id: str) -> dict[str, Any]:
    """Everything every feature stores about the user, by source name."""
    return {source.name: source.export(deps, user_id) for source in user_data_sources()}


def delete_user_data(deps: Deps, user_id: str) -> dict[str, int]:
    """Delete the user's items in every source; returns how many each removed."""
    return {source.name: source.delete(deps, user_id) for source in user_data_sources()}


def query_items(
    table: Table, key_condition: ConditionBase, *, index: str | None = None, consistent: bool = False
) -> Iterator[dict[str, Any]]:
    """Every item matching a key condition, page by page."""
    kwargs: dict[str, Any] = {"KeyConditionExpression": key_condition}
    if index:
        kwargs["IndexName"] = index
    elif consistent:
        kwargs["ConsistentRead"] = True
    try:
        while True:
            page = table.query(**kwargs)
            yield from page.get("Items", [])
            if "LastEvaluatedKey" not in page:
                return
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    except (BotoCoreError, ClientError) as exc:
        raise UpstreamUnavailable("Stored data is unavailable right now; try again shortly.") from exc


def delete_items(table: Table, items: Iterable[dict[str, Any]]) -> int:
    """Delete items by their primary key (`pk`, `sk`) in batches; returns how many."""
    deleted = 0
    try:
        with table.batch_writer(overwrite_by_pkeys=["pk", "sk"]) as batch:
            for item in items:
                batch.delete_item(Key={"pk": item["pk"], "sk": item["sk"]})
                deleted += 1
    except (BotoCoreError, ClientError) as exc:
        raise UpstreamUnavailable("Stored data could not be deleted; try again shortly.") from exc
    return deleted
