"""Which insights pages exist: the paginated index, articles, tags, authors; with their cache keys."""

from __future__ import annotations

import heapq
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from itertools import chain, combinations
from typing import Any

from markupsafe import Markup

from sitegen.cache import BuildCache, digest, memo_digest
from sitegen.context import Page

from .cta import CallToAction, Lesson, resolve_cta
from .model import Article, Author, author_url

PER_PAGE = 12
RELATED_COUNT = 3


def fingerprint(article: Article) -> str:
    """Everything about an article a page that shows it may depend on."""
    return article.fingerprint


def card_fingerprint(article: Article) -> str:
    """What a page that shows only its card depends on."""
    return article.card_fingerprint


@dataclass(frozen=True)
class Listing:
    """One page of a paginated list of articles."""

    title: str
    heading: str
    intro: str
    base_url: str
    number: int
    count: int
    articles: Sequence[Article]

    @property
    def url(self) -> str:
        return self.page_url(self.number)

    def page_url(self, number: int) -> str:
        return self.base_url if number == 1 else f"{self.base_url}page/{number}/"

    @property
    def previous_url(self) -> str | None:
        return self.page_url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.page_url(self.number + 1) if self.number < self.count else None


def paginate(title: str, heading: str, intro: str, base_url: str, articles: Sequence[Article]) -> Iterator[Listing]:
    """Pages of PER_PAGE articles; a list with no articles still has its first page."""
    count = max(1, -(-len(articles) // PER_PAGE))
    for number in range(1, count + 1):
        chunk = articles[(number - 1) * PER_PAGE : number * PER_PAGE]
        yield Listing(title, heading, intro, base_url, number, count, chunk)


def listing_pages(listings: Iterator[Listing], extra: dict[str, Any] | None = None) -> Iterator[Page]:
    for listing in listings:
        key = memo_digest(
            listing.title,
            listing.intro,
            str(listing.number),
            str(listing.count),
            *map(card_fingerprint, listing.articles),
        )
        lastmod = max((a.updated_at or a.published_at for a in listing.articles), default=None)
        # Further pages of a list are for people, not search results.
        yield Page(listing.url, "insights/list.html", {"listing": listing, **(extra or {})}, key=key,
                   indexable=listing.number == 1, lastmod=lastmod)  # fmt: skip


def related_articles(
    articles: Sequence[Article], count: int = RELATED_COUNT, cache: BuildCache | None = None
) -> dict[str, list[Article]]:
    """For each article, up to `count` public others: most shared tags, then newest, then slug."""
    by_slug = {a.slug: a for a in articles}
    decisive = tuple((a.slug, a.published_at, a.is_public, frozenset(t.slug for t in a.tags)) for a in articles)
    key = f"related:{count}:" + digest(repr(sorted((s, d, p, sorted(t)) for s, d, p, t in decisive)))
    chosen = (cache or BuildCache()).remember(key, lambda: _related_slugs(decisive, count))
    return {slug: [by_slug[other] for other in others] for slug, others in chosen.items()}


# Only the articles' slugs, dates, visibility and tags decide, so a rebuild after an edit to a body
# reuses the last answer from the build cache (kept in memory by `make serve`).
def _related_slugs(
    articles: tuple[tuple[str, datetime, bool, frozenset[str]], ...], count: int
) -> dict[str, list[str]]:
    public = sorted((a for a in articles if a[2]), key=lambda a: (a[1], a[0]), reverse=True)
    # Articles are numbered newest first, so for equal shared tags the lower number wins.
    by_tag: dict[str, list[int]] = {}
    for number, (_, _, _, tags) in enumerate(public):
        for tag in tags:
            by_tag.setdefault(tag, []).append(number)
    newest = range(min(count + 1, len(public)))
    sharing = {tag: set(numbers) for tag, numbers in by_tag.items()}

    # Articles with the same tags share one ranking (computed once): each takes the best `count`
    # that are not itself, so `count + 1` candidates are enough.
    @cache
    def ranking(tags: frozenset[str]) -> list[str]:
        if len(tags) > _FEW_TAGS:
            return [public[number][0] for number in _most_shared(tags, by_tag, newest, count + 1)]
        return [public[number][0] for number in _most_shared_few(tags, sharing, newest, count + 1)]

    return {slug: [other for other in ranking(tags) if other != slug][:count] for slug, _, _, tags in articles}


# Up to this many tags, set intersections by level (C) beat counting shared tags article by article.
_FEW_TAGS = 4


def _most_shared(tags: frozenset[str], by_tag: dict[str, list[int]], newest: range, wanted: int) -> list[int]:
    """The `wanted` article numbers sharing most of `tags`, lower numbers first on a tie; the newest
    articles fill in when too few share any."""
    shared = Counter(chain.from_iterable(by_tag.get(tag, ()) for tag in tags))
    for number in newest:
        shared.setdefault(number, 0)
    return [-negated for _, negated in heapq.nlargest(wanted, ((times, -number) for number, times in shared.items()))]


def _most_shared_few(tags: frozenset[str], sharing: dict[str, set[int]], newest: range, wanted: int) -> list[int]:
    """`_most_shared` for a few tags: those sharing all of them first, then all but one, and so on."""
    sets = [sharing.get(tag, set()) for tag in tags]
    chosen: list[int] = []
    seen: set[int] = set()
    for size in range(len(sets), 0, -1):
        level: set[int] = set()
        for combination in combinations(sets, size):
            level |= set.intersection(*combination)
        level -= seen
        chosen.extend(sorted(level)[: wanted - len(chosen)])
        seen |= level
        if len(chosen) >= wanted:
            return chosen
    chosen.extend(number for number in newest if number not in seen)
    return chosen[:wanted]


def article_json_ld(article: Article, base_url: str) -> Markup:
    """schema.org `Article` data, safe inside a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "description": article.summary,
        "datePublished": article.published_at.isoformat(),
        "dateModified": (article.updated_at or article.published_at).isoformat(),
        "author": {"@type": "Person", "name": article.author.name, "jobTitle": article.author.role,
                   "url": base_url + article.author_url},
        "image": base_url + (article.image_url or article.url + "og.png"),
        "mainEntityOfPage": base_url + article.url,
        "keywords": [tag.name for tag in article.tags],
        "wordCount": article.words,
    }  # fmt: skip
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    # "</script>" or "<!--" in a title must not end the element early.
    inert = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(inert)  # noqa: S704 - JSON with <, > and & escaped cannot leave its <script>


@dataclass(frozen=True)
class JsonLd:
    """An article's JSON-LD, made only when its page is rendered (most pages of a rebuild are not)."""

    article: Article
    base_url: str

    def __html__(self) -> str:
        return str(article_json_ld(self.article, self.base_url))


def article_page(article: Article, related: list[Article], cta: CallToAction, base_url: str) -> Page:
    key = memo_digest(fingerprint(article), *map(card_fingerprint, related), repr(cta))
    context = {"article": article, "related": related, "cta": cta, "json_ld": JsonLd(article, base_url)}
    return Page(article.url, "insights/article.html", context, key=key, indexable=article.is_public,
                lastmod=article.updated_at or article.published_at)  # fmt: skip


def all_listings(articles: Sequence[Article], authors: dict[str, Author]) -> Iterator[Page]:
    """The index, one list per tag and one per author."""
    yield from listing_pages(
        paginate(
            "Insights",
            "Insights",
            "Essays on directing AI agents well: how to split the work, brief it, check it and own the result.",
            "/insights/",
            articles,
        ),
        {"search": True},
    )
    tags: dict[str, list[Article]] = {}
    names: dict[str, str] = {}
    for article in articles:
        for tag in article.tags:
            tags.setdefault(tag.slug, []).append(article)
            names[tag.slug] = tag.name
    for slug in sorted(tags):
        name = names[slug]
        intro = f"Articles tagged “{name}”."
        yield from listing_pages(
            paginate(f"{name} · Insights", f"Tagged: {name}", intro, f"/insights/tags/{slug}/", tags[slug])
        )
    for key, author in sorted(authors.items()):
        written = [a for a in articles if a.author_key == key]
        if written:
            intro = f"{author.role}. {author.bio}"
            yield from listing_pages(
                paginate(f"{author.name} · Insights", author.name, intro, author_url(key), written), {"author": author}
            )


def article_pages(
    articles: Sequence[Article], lessons: dict[str, Lesson], base_url: str, cache: BuildCache | None = None
) -> Iterator[Page]:
    related = related_articles(articles, cache=cache)
    ctas: dict[tuple[str | None, tuple[str, ...]], CallToAction] = {}  # many articles share tags
    for article in articles:
        choice = (article.meta.cta, tuple(t.slug for t in article.tags))
        if choice not in ctas:
            ctas[choice] = resolve_cta(choice[0], choice[1], lessons)
        yield article_page(article, related[article.slug], ctas[choice], base_url)
