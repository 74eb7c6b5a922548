"""The Agent Boss Score: the quiz page, the result page, per-band share pages and the private bank."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sitegen.cache import digest, file_digest
from sitegen.context import BuildContext, Page
from sitegen.score_bank import Bank, load_bank
from sitegen.score_bundle import bundle_section as build_section
from sitegen.score_pages import score_pages


def load(ctx: BuildContext) -> None:
    # A content tree without a score/ folder (another area's test fixture) simply has no Score.
    folder = ctx.options.content_dir / "score"
    ctx.data["score"] = _load_cached(ctx) if folder.is_dir() else None


def _load_cached(ctx: BuildContext) -> Bank | None:
    """The bank, read and checked again only when a file under score/ changed (~20 ms of YAML that every
    `make serve` rebuild paid); a bank with problems is never kept, so they show on every build."""
    folder = ctx.options.content_dir / "score"
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    key = "score:" + digest(
        *(part for path in files for part in (path.relative_to(folder).as_posix(), file_digest(path)))
    )
    return ctx.cache.remember(key, lambda: load_bank(ctx.options.content_dir, ctx.problems))


def pages(ctx: BuildContext) -> Iterable[Page]:
    bank: Bank | None = ctx.data.get("score")
    if bank is not None:
        yield from score_pages(ctx, bank)


def bundle_section(ctx: BuildContext) -> dict[str, Any]:
    """Answer keys, explanations and recommendations: read by functions/score, never published."""
    bank: Bank | None = ctx.data.get("score")
    if bank is None:
        return {}
    return build_section(bank, ctx.data.get("gym"), ctx.data.get("insights"))
