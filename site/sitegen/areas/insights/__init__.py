"""Insights: Markdown articles in `content/insights/`, their lists, feed, search index and social images.

Exposes `ctx.data["insights"]`: the published articles (slug, title, url, tags, summary, date), newest
first, for other areas (the Score recommends from it).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from sitegen.cache import memo_digest
from sitegen.context import BuildContext, Page
from sitegen.frontmatter import read_yaml_file

from .articles import Assembler, internal_links
from .cta import cta_targets, gym_lessons
from .feeds import feed_page, search_page
from .model import Article, Authors
from .pages import all_listings, article_pages
from .reader import start_reading

if TYPE_CHECKING:
    from jinja2 import Environment

# Part of every social card's cache key: bump it when the drawing changes.
OG_VERSION = "3"


def start(ctx: BuildContext) -> None:
    """Start reading the articles (parsed in worker processes when many changed) while other areas load."""
    reading = start_reading(ctx.options.content_dir / "insights", ctx.problems, ctx.cache, ctx.options.jobs)
    ctx.data["insights_reading"] = reading
    ctx.background.append(reading)


def load(ctx: BuildContext) -> None:
    """Read, validate and assemble every article; publish the public ones to ctx.data."""
    content = ctx.options.content_dir
    authors_file = content / "authors.yml"
    authors = read_yaml_file(authors_file, Authors, ctx.problems) if authors_file.exists() else Authors({})
    reading = ctx.data.pop("insights_reading", None)
    if reading is None:
        reading = start_reading(content / "insights", ctx.problems, ctx.cache, ctx.options.jobs)
    drafts = reading.finish()
    # With authors.yml itself broken, its problems are reported and articles are not blamed for it.
    assembler = Assembler(ctx.options, authors.root if authors else None, cta_targets(ctx), ctx.problems)
    valid = assembler.assemble(drafts)
    articles = [a for a in valid if assembler.included(a)]
    ctx.links.extend((source, ref.line, ref.target) for source, ref in internal_links(drafts))
    ctx.data["insights_articles"] = articles
    ctx.data["insights_authors"] = authors.root if authors else {}
    ctx.data["insights"] = [
        {
            "slug": a.slug,
            "title": a.title,
            "url": a.url,
            "tags": [t.slug for t in a.tags],
            "summary": a.summary,
            "date": a.published_at.date().isoformat(),
        }
        for a in articles
        if a.is_public
    ]
    ctx.report["insights"] = schedule_report(valid, articles)


def schedule_report(valid: list[Article], included: list[Article]) -> dict[str, object]:
    """Counts and the upcoming publish times, for the summary and for scheduling a rebuild."""
    shown = {a.slug for a in included}
    upcoming = sorted((a for a in valid if a.is_scheduled and not a.is_draft), key=lambda a: (a.published_at, a.slug))
    return {
        "articles": sum(1 for a in included if a.is_public),
        "drafts_skipped": sum(1 for a in valid if a.is_draft and a.slug not in shown),
        "scheduled": [{"slug": a.slug, "publish_at": a.published_at.isoformat()} for a in upcoming],
        "next_publish_at": upcoming[0].published_at.isoformat() if upcoming else None,
    }


def og_page(article: Article, site_title: str) -> Page:
    """The social card. Drawn in about a millisecond, so it is not kept aside: the page cache already
    skips it while its title and byline are unchanged."""
    byline = f"{article.author.name} · {article.author.role}"

    def produce() -> bytes:
        from .ogimage import og_image  # Pillow loads only when a card is actually drawn

        return og_image(article.title, byline, site_title)

    return Page(f"{article.url}og.png", produce=produce, key=memo_digest(OG_VERSION, article.title, byline, site_title),
                indexable=False)  # fmt: skip


def pages(ctx: BuildContext) -> Iterable[Page]:
    articles: list[Article] = ctx.data["insights_articles"]
    site_title = ctx.settings.title if ctx.settings else ""
    yield from all_listings(articles, ctx.data["insights_authors"])
    yield from article_pages(articles, gym_lessons(ctx), ctx.base_url, ctx.cache)
    for article in articles:
        if article.image_url is None:
            yield og_page(article, site_title)
        for url, source in article.files.items():
            yield Page(url, produce=Path(source).read_bytes, key=url, indexable=False)
    yield feed_page(articles)
    yield search_page(articles)


def template_globals(env: Environment) -> dict[str, Any]:
    return {"article_card": ArticleCards(env)}


class ArticleCards:
    """An article's card in lists and under "Keep reading": rendered once per article in a build (the same
    card shows on its index, tag and author pages and under related articles), with a stand-in for its
    heading level that each use fills in."""

    LEVEL = "\x00level\x00"  # never in autoescaped content: NUL is no character a title can carry to here

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.cards: dict[tuple[str, str], str] = {}

    def __call__(self, article: Article, level: int = 2) -> Markup:
        key = (article.slug, article.card_fingerprint)
        card = self.cards.get(key)
        if card is None:
            macro = self.env.get_template("insights/_macros.html").module.card  # type: ignore[attr-defined]
            card = self.cards[key] = str(macro(article, self.LEVEL))
        return Markup(card.replace(self.LEVEL, str(level)))  # noqa: S704 - the macro's autoescaped output
