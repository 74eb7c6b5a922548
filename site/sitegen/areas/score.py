"""The Agent Boss Score: the quiz page, the result page, per-band share pages and the private bank."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sitegen.context import BuildContext, Page
from sitegen.score_bank import Bank, load_bank
from sitegen.score_bundle import bundle_section as build_section


def load(ctx: BuildContext) -> None:
    ctx.data["score"] = load_bank(ctx.options.content_dir, ctx.problems)


def _bank(ctx: BuildContext) -> Bank:
    bank: Bank | None = ctx.data.get("score")
    assert bank is not None, "the Score bank failed to load; load() reported why"
    return bank


def pages(ctx: BuildContext) -> Iterable[Page]:
    from sitegen.score_pages import score_pages

    yield from score_pages(ctx, _bank(ctx))


def bundle_section(ctx: BuildContext) -> dict[str, Any]:
    """Answer keys, explanations and recommendations: read by functions/score, never published."""
    section = build_section(_bank(ctx), ctx.data.get("gym"), ctx.data.get("insights"))
    section["site_url"] = ctx.base_url
    return section
