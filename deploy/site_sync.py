"""Upload the built site to its bucket with the right cache headers, and invalidate CloudFront.

Fingerprinted assets (`app.3f9c2a1b.css`) never change under their name, so browsers keep them
for a year; every other file (HTML, feeds, robots.txt) may change on any deploy, so browsers
revalidate it and CloudFront keeps it only briefly (and is invalidated after each sync).
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.[a-z0-9]+$")
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=0, s-maxage=300, must-revalidate"
# Pages cached before a deploy may still name the previous assets: keep those for a while.
KEEP_OLD_ASSETS = timedelta(days=7)
_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/atom+xml", "image/svg+xml")
# S3 user metadata per key. The 404 page's marker tells the edge (SiteStatusFunction, infra/edge.yml)
# to send it with status 404; a listing does not show metadata, so this key is put on every sync.
METADATA = {"404.html": {"http-status": "404"}}


@dataclass(frozen=True)
class Upload:
    """One file to put: its key, local path and headers."""

    key: str
    path: Path
    content_type: str
    cache_control: str
    md5: str

    @property
    def metadata(self) -> dict[str, str]:
        return METADATA.get(self.key, {})


@dataclass
class SyncPlan:
    """What a sync does: uploads (assets first, so no new page names a missing asset) and deletions."""

    uploads: list[Upload] = field(default_factory=list)
    unchanged: int = 0
    deletions: list[str] = field(default_factory=list)


def cache_control(key: str) -> str:
    """Long-lived and immutable for fingerprinted names, short for everything else."""
    return IMMUTABLE if FINGERPRINTED.search(key) else SHORT


def content_type(key: str) -> str:
    """The MIME type, with a charset for text."""
    guessed = mimetypes.guess_type(key)[0] or "application/octet-stream"
    if key.endswith(".webmanifest"):
        guessed = "application/manifest+json"
    return f"{guessed}; charset=utf-8" if guessed.startswith(_TEXT_TYPES) else guessed


def local_files(site_dir: Path) -> list[Upload]:
    """Every file of the built site as an upload, fingerprinted assets first."""
    uploads = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        key = path.relative_to(site_dir).as_posix()
        md5 = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
        uploads.append(Upload(key, path, content_type(key), cache_control(key), md5))
    return sorted(uploads, key=lambda u: (u.cache_control != IMMUTABLE, u.key))


def remote_objects(s3: Any, bucket: str) -> dict[str, dict[str, Any]]:
    """The bucket's current objects by key (ETag and LastModified)."""
    found: dict[str, dict[str, Any]] = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            found[item["Key"]] = item
    return found


def plan_sync(site_dir: Path, remote: dict[str, dict[str, Any]], now: datetime, force: bool = False) -> SyncPlan:
    """Compare the built site with the bucket: upload what differs, delete what the site dropped.

    `force` uploads every file again, for when the headers rules change but the files do not.
    """
    plan = SyncPlan()
    local = local_files(site_dir)
    for upload in local:
        etag = str(remote.get(upload.key, {}).get("ETag", "")).strip('"')
        if etag == upload.md5 and not force and not upload.metadata:
            plan.unchanged += 1
        else:
            plan.uploads.append(upload)
    keys = {u.key for u in local}
    for key, item in sorted(remote.items()):
        if key in keys:
            continue
        if FINGERPRINTED.search(key) and now - item["LastModified"] < KEEP_OLD_ASSETS:
            continue
        plan.deletions.append(key)
    return plan


def apply_sync(s3: Any, bucket: str, plan: SyncPlan) -> None:
    """Put the uploads in order, then delete the dropped keys."""
    for upload in plan.uploads:
        with upload.path.open("rb") as body:
            s3.put_object(
                Bucket=bucket,
                Key=upload.key,
                Body=body,
                ContentType=upload.content_type,
                CacheControl=upload.cache_control,
                Metadata=upload.metadata,
            )
    for start in range(0, len(plan.deletions), 1000):
        batch = [{"Key": key} for key in plan.deletions[start : start + 1000]]
        s3.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})


def sync_site(s3: Any, bucket: str, site_dir: Path, now: datetime | None = None, force: bool = False) -> SyncPlan:
    """Make the bucket match the built site; returns what was done."""
    plan = plan_sync(site_dir, remote_objects(s3, bucket), now or datetime.now(UTC), force=force)
    apply_sync(s3, bucket, plan)
    return plan


def invalidate(cloudfront: Any, distribution_id: str, paths: list[str] | None = None) -> str:
    """Ask CloudFront to drop its cached copies (everything by default); returns the invalidation id."""
    items = paths or ["/*"]
    result = cloudfront.create_invalidation(
        DistributionId=distribution_id,
        InvalidationBatch={
            "Paths": {"Quantity": len(items), "Items": items},
            "CallerReference": f"deploy-{time.time_ns()}",
        },
    )
    return str(result["Invalidation"]["Id"])
