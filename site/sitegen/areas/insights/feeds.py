"""The Atom feed and the static search index."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sitegen.cache import digest
from sitegen.context import Page

from .model import Article
from .pages import card_fingerprint, fingerprint

FEED_SIZE = 20


def feed_page(articles: Sequence[Article]) -> Page:
    """`/insights/feed.xml`: the newest public articles, full content."""
    entries = [a for a in articles if a.is_public][:FEED_SIZE]
    updated = max((a.updated_at or a.published_at for a in entries), default=None)
    key = digest("feed", *map(fingerprint, entries))
    return Page("/insights/feed.xml", "insights/feed.xml", {"entries": entries, "updated": updated}, key=key,
                indexable=False)  # fmt: skip


def search_entry(article: Article) -> dict[str, object]:
    entry: dict[str, object] = {
        "t": article.title,
        "u": article.url,
        "s": article.summary,
        "g": [tag.name for tag in article.tags],
        "a": article.author.name,
        "d": article.published_at.date().isoformat(),
    }
    return entry


def search_page(articles: Sequence[Article]) -> Page:
    """`/insights/search.json`: what the search box filters (title, summary, tags, author), built once,
    and only when one of those changed."""

    def produce() -> bytes:
        body = json.dumps([search_entry(a) for a in articles], ensure_ascii=False, separators=(",", ":"))
        return body.encode("utf-8")

    key = digest("search", *map(card_fingerprint, articles))  # every field is on the card too
    return Page("/insights/search.json", produce=produce, key=key, indexable=False)
