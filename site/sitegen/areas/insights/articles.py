"""From parsed files to articles: the checks across files (authors, slugs, CTAs, links, images)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from sitegen.cache import digest
from sitegen.context import BuildOptions
from sitegen.markdown import slugify
from sitegen.problems import Problems

from .model import SLUG_PATTERN, Article, Author, Tag, as_datetime
from .reader import Draft, LinkRef, is_local_file


def image_size(path: Path) -> tuple[int, int] | None:
    """Pixel width and height, read from the file header; None if it is not an image Pillow knows."""
    from PIL import Image  # only articles with images need it

    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, ValueError):
        return None


class Assembler:
    """Turns drafts into articles, recording problems with their file lines."""

    def __init__(
        self, options: BuildOptions, authors: dict[str, Author] | None, ctas: set[str], problems: Problems
    ) -> None:
        self.options = options
        self.authors = authors
        self.ctas = ctas
        self.problems = problems
        self.tag_names: dict[str, str] = {}

    def assemble(self, drafts: list[Draft]) -> list[Article]:
        """Every valid article, newest first (drafts and scheduled ones too: `included` filters them)."""
        by_slug: dict[str, list[Draft]] = {}
        for draft in drafts:
            by_slug.setdefault(draft.slug, []).append(draft)
        articles = []
        for slug, same in sorted(by_slug.items()):
            if len(same) > 1:
                for draft in same:
                    others = ", ".join(str(self._shown(d.source)) for d in same if d is not draft)
                    self.problems.add(draft.source, draft.line_of("slug"), "slug", f"{slug!r} is also used by {others}")
                continue
            article = self._article(same[0])
            if article is not None:
                articles.append(article)
        articles.sort(key=lambda a: (a.published_at, a.slug), reverse=True)
        return articles

    def _shown(self, path: Path) -> Path:
        try:
            return path.resolve().relative_to(self.problems.root.resolve().parent)
        except ValueError:
            return path

    def included(self, article: Article) -> bool:
        """Drafts only with --drafts, scheduled articles only with --future."""
        return (self.options.drafts or not article.is_draft) and (self.options.future or not article.is_scheduled)

    def _article(self, draft: Draft) -> Article | None:
        meta, ok = draft.meta, True
        if not re.match(SLUG_PATTERN, draft.slug):
            self.problems.add(draft.source, draft.line_of("slug"), "slug", "set a slug: the file name gives none")
            ok = False
        author = self.authors.get(meta.author) if self.authors is not None else None
        if author is None and self.authors is not None:
            known = ", ".join(sorted(self.authors)) or "none"
            self.problems.add(
                draft.source, draft.line_of("author"), "author", f"unknown author {meta.author!r} (known: {known})"
            )
            ok = False
        if meta.cta is not None and meta.cta not in self.ctas:
            self.problems.add(
                draft.source,
                draft.line_of("cta"),
                "cta",
                f"unknown target {meta.cta!r}: use 'score' or a gym lesson id",
            )
            ok = False
        files, body = self._local_images(draft)
        lead = self._lead_image(draft, files)
        if not ok or author is None or files is None or (meta.image is not None and lead is None):
            return None
        published = as_datetime(meta.date)
        return Article(
            source=draft.source,
            slug=draft.slug,
            meta=meta,
            author_key=meta.author,
            author=author,
            body=body,
            headings=draft.rendered.headings,
            words=draft.rendered.words,
            published_at=published,
            updated_at=as_datetime(meta.updated) if meta.updated else None,
            tags=[self._tag(name) for name in meta.tags],
            content_hash=draft.content_hash,
            is_draft=meta.draft,
            is_scheduled=published > self.options.now,
            image_url=lead[0] if lead else None,
            image_size=lead[1] if lead else None,
            files=files,
        )

    def _tag(self, name: str) -> Tag:
        slug = slugify(name)
        # One display name per slug ("AI agents" and "ai-agents" are one tag): the first seen, in file order.
        return Tag(slug, self.tag_names.setdefault(slug, name))

    def _publish_image(self, draft: Draft, target: str, line: int, field: str) -> tuple[str, tuple[int, int]] | None:
        source = (draft.source.parent / target).resolve()
        if not source.is_file():
            self.problems.add(draft.source, line, field, f"image {target!r} not found next to the article")
            return None
        size = image_size(source)
        if size is None:
            self.problems.add(draft.source, line, field, f"{target!r} is not an image")
            return None
        fingerprint = digest(source.read_bytes())[:10]
        return f"/insights/{draft.slug}/{source.stem}.{fingerprint}{source.suffix}", size

    def _local_images(self, draft: Draft) -> tuple[dict[str, str] | None, bytes]:
        """Copy local images (fingerprinted, with their size); problems for missing ones."""
        files: dict[str, str] = {}
        body, ok = draft.rendered.utf8, True
        for ref in draft.links:
            if not is_local_file(ref.target):
                continue
            if not ref.is_image:
                self.problems.add(draft.source, ref.line, "link", f"{ref.target!r}: link to a page by its URL path")
                ok = False
                continue
            published = self._publish_image(draft, ref.target, ref.line, "image")
            if published is None:
                ok = False
                continue
            url, (width, height) = published
            files[url] = str((draft.source.parent / ref.target).resolve())
            body = body.replace(
                f'src="{html.escape(ref.target)}"'.encode(),
                f'src="{url}" width="{width}" height="{height}" loading="lazy"'.encode(),
            )
        return (files if ok else None), body

    def _lead_image(self, draft: Draft, files: dict[str, str] | None) -> tuple[str, tuple[int, int]] | None:
        if draft.meta.image is None:
            return None
        published = self._publish_image(draft, draft.meta.image.src, draft.line_of("image"), "image.src")
        if published is not None and files is not None:
            files[published[0]] = str((draft.source.parent / draft.meta.image.src).resolve())
        return published


def internal_links(drafts: list[Draft]) -> list[tuple[Path, LinkRef]]:
    """Links to a path on this site (`/score/`, `/insights/x/#part`), for the check once every page is known."""
    return [(d.source, ref) for d in drafts for ref in d.links if ref.target.startswith("/") and not ref.is_image]
