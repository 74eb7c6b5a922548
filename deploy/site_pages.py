"""The site's page paths in the edge's key value store, so CloudFront can answer a missing page with 404.html.

S3 behind Origin Access Control answers an unknown key with an error body of its own, and the
distribution's custom error pages would apply to the API's JSON errors too. Instead the site router
(a viewer-request CloudFront Function, infra/edge.yml) looks the path up here and sends a missing
one to /404.html. Every file outside /static/ is a key; fingerprinted assets are not (old ones are
kept for a week after a deploy and pass straight to S3).

The `ready` key is written last: until a deploy has filled the store, the router lets every path
through, so a new stack (or one upgraded to this) never answers 404 for a real page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

READY_KEY = "ready"
# The router treats longer paths as missing (CloudFront Functions read keys of up to 512 bytes).
MAX_KEY_BYTES = 500
# Keys per UpdateKeys call.
BATCH = 50
ASSETS_PREFIX = "/static/"


class PathTooLong(ValueError):
    """A page path the store cannot hold: the router would answer 404 for it."""


@dataclass
class PagesChange:
    """What a sync of the store does: keys to add and keys to remove."""

    puts: list[str] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)


def page_keys(site_dir: Path) -> set[str]:
    """Every URL path of the built site outside /static/ (`/insights/index.html`, `/feed.xml`)."""
    keys = set()
    for path in site_dir.rglob("*"):
        if not path.is_file():
            continue
        key = "/" + path.relative_to(site_dir).as_posix()
        if key.startswith(ASSETS_PREFIX):
            continue
        if len(key.encode("utf-8")) > MAX_KEY_BYTES:
            raise PathTooLong(f"{key[:80]}...: page paths must stay under {MAX_KEY_BYTES} bytes")
        keys.add(key)
    return keys


def plan_change(wanted: set[str], stored: set[str]) -> PagesChange:
    """Add new pages and the ready marker, remove the pages the site dropped."""
    wanted = wanted | {READY_KEY}
    return PagesChange(puts=sorted(wanted - stored), deletes=sorted(stored - wanted))


def stored_keys(client: Any, store_arn: str) -> set[str]:
    """The keys in the store now."""
    keys: set[str] = set()
    for page in client.get_paginator("list_keys").paginate(KvsARN=store_arn):
        keys |= {item["Key"] for item in page.get("Items", [])}
    return keys


def _batches(change: PagesChange) -> Iterator[tuple[list[str], list[str]]]:
    """Additions first (with the ready marker in the last of them), then removals."""
    puts = [key for key in change.puts if key != READY_KEY]
    if READY_KEY in change.puts:
        puts.append(READY_KEY)
    for start in range(0, len(puts), BATCH):
        yield puts[start : start + BATCH], []
    for start in range(0, len(change.deletes), BATCH):
        yield [], change.deletes[start : start + BATCH]


def apply_change(client: Any, store_arn: str, change: PagesChange) -> None:
    """Write the change in batches, each conditional on the store's version (ETag) the last one left."""
    etag = client.describe_key_value_store(KvsARN=store_arn)["ETag"]
    for puts, deletes in _batches(change):
        result = client.update_keys(
            KvsARN=store_arn,
            IfMatch=etag,
            Puts=[{"Key": key, "Value": "1"} for key in puts],
            Deletes=[{"Key": key} for key in deletes],
        )
        etag = result["ETag"]


def sync_pages(client: Any, store_arn: str, site_dir: Path) -> PagesChange:
    """Make the store list exactly the built site's pages; returns what changed."""
    change = plan_change(page_keys(site_dir), stored_keys(client, store_arn))
    apply_change(client, store_arn, change)
    return change
