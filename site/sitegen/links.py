"""Internal links in content must lead to a page or file this build writes."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from sitegen.context import BuildContext, Page
from sitegen.problems import ContentInvalid


def check_links(ctx: BuildContext, pages: Iterable[Page], assets: dict[str, str]) -> None:
    """Record a problem for every internal link with no target; raises ContentInvalid if any."""
    known = {page.url for page in pages} | set(assets.values())
    for source, line, target in ctx.links:
        path = urlsplit(target).path
        if path in known or (not path.endswith("/") and f"{path}/" in known):
            continue
        ctx.problems.add(source, line, "link", f"{target!r} leads to no page of this site")
    if ctx.problems:
        raise ContentInvalid(ctx.problems)
