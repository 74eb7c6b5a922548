"""Reads `content/insights/*.md` into articles, reporting every problem of every file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sitegen.cache import BuildCache, digest
from sitegen.frontmatter import key_lines, parse_yaml, split_front_matter
from sitegen.markdown import Rendered, render_markdown, slugify
from sitegen.problems import Problems

from .model import FrontMatter

READER_VERSION = "1"
# Inline links and images, and reference definitions: `[text](target)`, `![alt](target)`, `[ref]: target`.
_INLINE_TARGET = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]+)")
_REFERENCE_TARGET = re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)


@dataclass(frozen=True)
class LinkRef:
    """A link or image in a body, with the file line it sits on."""

    line: int
    target: str
    is_image: bool


@dataclass
class Draft:
    """One file read and parsed, before cross-file checks."""

    source: Path
    text: str
    meta: FrontMatter
    front_line: int
    rendered: Rendered
    links: list[LinkRef]
    content_hash: str

    def line_of(self, key: str) -> int:
        """The file line of a front matter key (1 if absent)."""
        front = split_front_matter(self.text)
        if front is None:
            return 1
        return front.front_line + key_lines(front.front).get((key,), 0)

    @property
    def slug(self) -> str:
        """The front matter's slug, else one from the file (or, for `<dir>/index.md`, folder) name."""
        if self.meta.slug:
            return self.meta.slug
        return slugify(self.source.parent.name if self.source.name == "index.md" else self.source.stem)


def find_links(body: str, body_line: int) -> list[LinkRef]:
    """Every link and image target in a Markdown body (code is skipped: links there are text)."""
    refs: list[LinkRef] = []
    in_fence = False
    for offset, line in enumerate(body.split("\n")):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence or line.startswith("    "):
            continue
        line = re.sub(r"`[^`]*`", "", line)
        for bang, target in _INLINE_TARGET.findall(line):
            refs.append(LinkRef(body_line + offset, target, bang == "!"))
        for target in _REFERENCE_TARGET.findall(line):
            refs.append(LinkRef(body_line + offset, target, False))
    return refs


def read_article_file(path: Path, problems: Problems, cache: BuildCache) -> Draft | None:
    """Parse one article; None (with problems recorded) if it cannot be used."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.add(path, 1, "document", f"not UTF-8 text ({exc.reason})")
        return None
    if not text.strip():
        problems.add(path, 1, "document", "the file is empty")
        return None
    content_hash = digest(READER_VERSION, raw)
    cached: tuple[FrontMatter, int, Rendered, list[LinkRef]] | None = cache.get("insight:" + content_hash)
    if cached is not None:
        meta, front_line, rendered, links = cached
        return Draft(path, text, meta, front_line, rendered, links, content_hash)
    split = split_front_matter(text)
    if split is None:
        problems.add(path, 1, "front matter", "an article starts with front matter between two `---` lines")
        return None
    parsed, _ = parse_yaml(split.front, FrontMatter, path, problems, first_line=split.front_line)
    if parsed is None:
        return None
    meta = parsed
    if not split.body.strip():
        problems.add(path, split.body_line, "body", "the article has no text after its front matter")
        return None
    rendered = render_markdown(split.body)
    links = find_links(split.body, split.body_line)
    cache.put("insight:" + content_hash, (meta, split.front_line, rendered, links))
    return Draft(path, text, meta, split.front_line, rendered, links, content_hash)


def article_files(directory: Path) -> list[Path]:
    """`<slug>.md` files, and `<slug>/index.md` for an article with its own images."""
    if not directory.is_dir():
        return []
    return sorted([*directory.glob("*.md"), *directory.glob("*/index.md")])


def read_all(directory: Path, problems: Problems, cache: BuildCache) -> list[Draft]:
    """Every article file parsed; problems for the rest."""
    drafts = []
    for path in article_files(directory):
        draft = read_article_file(path, problems, cache)
        if draft is not None:
            drafts.append(draft)
    return drafts
