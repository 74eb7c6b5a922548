"""Reads `content/insights/*.md` into articles, reporting every problem of every file."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from sitegen.cache import BuildCache, StatMemo, digest, stat_signature
from sitegen.frontmatter import key_lines, parse_yaml, split_front_matter
from sitegen.markdown import Rendered, render_markdown, slugify
from sitegen.parallel import ForkedMap
from sitegen.problems import Problem, Problems

from .model import FrontMatter

READER_VERSION = "2"
# A link or image in rendered HTML (attribute values are quoted and escaped by the renderer and nh3).
_LINK_TAG = re.compile(r'<(a|img)\s[^>]*?\b(?:href|src)="([^"]*)"')
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


class LinkRef(NamedTuple):
    """A link or image in a body, with the file line it sits on (a tuple: thousands are cached)."""

    line: int
    target: str
    is_image: bool


@dataclass
class Draft:
    """One file read and parsed, before cross-file checks."""

    source: Path
    meta: FrontMatter
    front_line: int
    rendered: Rendered
    links: list[LinkRef]
    content_hash: str

    def line_of(self, key: str) -> int:
        """The file line of a front matter key (1 if absent)."""
        front = split_front_matter(self.source.read_text(encoding="utf-8"))  # only when reporting a problem
        if front is None:
            return 1
        return front.front_line + key_lines(front.front).get((key,), 0)

    @property
    def slug(self) -> str:
        """The front matter's slug, else one from the file (or, for `<dir>/index.md`, folder) name."""
        if self.meta.slug:
            return self.meta.slug
        return slugify(self.source.parent.name if self.source.name == "index.md" else self.source.stem)


def is_local_file(target: str) -> bool:
    """A relative path to a file beside the article (not a URL, an absolute path or a fragment)."""
    return not (_EXTERNAL.match(target) or target.startswith(("/", "#", "?")))


def find_links(rendered: str, body: str, body_line: int) -> list[LinkRef]:
    """The links to this site's paths and the local files in a rendered body, the ones a build checks
    (external links and fragments are not), each with the file line where its target first appears.

    Read from the HTML: the Markdown parser already knows what is a link and what is code, ten times
    faster than a second pass over the Markdown, and links in (sanitised) raw HTML count too.
    """
    refs: list[LinkRef] = []
    for tag, value in _LINK_TAG.findall(rendered):
        target = html.unescape(value)
        if target.startswith("/") or is_local_file(target):
            refs.append(LinkRef(_line_of(target, body, body_line), target, tag == "img"))
    return refs


def _line_of(target: str, body: str, body_line: int) -> int:
    """The line where a link to `target` is written: as a Markdown link or reference, in raw HTML, or
    anywhere (the body's first line if the renderer rewrote it beyond recognition)."""
    for written in (f"]({target}", f"](<{target}>", f"]: {target}", f"]:{target}", f'"{target}"', target):
        found = body.find(written)
        if found >= 0:
            return body_line + body.count("\n", 0, found)
    return body_line


_Parsed = tuple[FrontMatter, int, Rendered, list[LinkRef]]
# Below this many articles to parse, starting worker processes costs more than it saves.
PARALLEL_MIN_ARTICLES = 64


# Content hashes of files this process read and found valid: `make serve` re-reads only the files
# that changed since its last rebuild.
_KNOWN_FILES = StatMemo()


def _content_hash(path: Path, problems: Problems) -> tuple[str, str | None] | None:
    """The file's content hash, and its text if it had to be read; None (with problems) if not usable text."""
    signature, known = _KNOWN_FILES.get(path)
    if known is not None:
        return str(known), None
    read = _read(path, problems)
    if read is None:
        return None
    content_hash, text = read
    _KNOWN_FILES.put(path, signature, content_hash)
    return content_hash, text


def _read(path: Path, problems: Problems) -> tuple[str, str] | None:
    """The file's content hash and text; None (with problems) if it is not usable text."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.add(path, 1, "document", f"not UTF-8 text ({exc.reason})")
        return None
    if not text.strip():
        problems.add(path, 1, "document", "the file is empty")
        return None
    return digest(READER_VERSION, raw), text


def _parse(path: Path, text: str, problems: Problems) -> _Parsed | None:
    """Front matter validated and the body rendered (the expensive part, cached by content hash)."""
    split = split_front_matter(text)
    if split is None:
        problems.add(path, 1, "front matter", "an article starts with front matter between two `---` lines")
        return None
    meta, _ = parse_yaml(split.front, FrontMatter, path, problems, first_line=split.front_line)
    if meta is None:
        return None
    if not split.body.strip():
        problems.add(path, split.body_line, "body", "the article has no text after its front matter")
        return None
    rendered = render_markdown(split.body, smart_punctuation=True)  # curly quotes and dashes, as Hugo's typographer
    return meta, split.front_line, rendered, find_links(rendered.html, split.body, split.body_line)


_Read = tuple[tuple[int, int, int], str]  # a file's stat signature and content hash


def _parse_isolated(job: tuple[Path, str | None, Path]) -> tuple[Path, _Read | None, _Parsed | None, list[Problem]]:
    """`_parse` in a worker, reading the file first when given no text: problems travel back with it."""
    path, text, root = job
    problems = Problems(root=root)
    read: _Read | None = None
    if text is None:
        signature = stat_signature(path)
        found = _read(path, problems)
        if found is None:
            return path, None, None, problems.items
        read, text = (signature, found[0]), found[1]
    return path, read, _parse(path, text, problems), problems.items


class Reading:
    """Articles being read: those whose parse is cached are taken from the cache, and the rest are
    parsed in `jobs` processes (forked at once when many changed), while the caller may do other
    work until `finish()`."""

    def __init__(self, paths: list[Path], problems: Problems, cache: BuildCache, jobs: int = 1) -> None:
        self.paths, self.problems, self.cache = paths, problems, cache
        self.known_before = cache.get("insight-files") or {}
        _KNOWN_FILES.absorb(self.known_before)  # a separate build re-reads only files whose stat changed
        self.hashes: dict[Path, str] = {}
        self.parsed: dict[Path, _Parsed] = {}
        todo: list[tuple[Path, str | None, Path]]
        if not self.known_before and not _KNOWN_FILES:
            # Nothing known about any file (a clean build): no cached parse can be found by its hash,
            # so the workers read and hash the files as they parse them, rather than this process first.
            todo = [(path, None, problems.root) for path in paths]
        else:
            todo = self._look_up_cached(paths)
        self.parsing = ForkedMap(_parse_isolated, todo, jobs, PARALLEL_MIN_ARTICLES)

    def _look_up_cached(self, paths: list[Path]) -> list[tuple[Path, str | None, Path]]:
        todo: list[tuple[Path, str | None, Path]] = []
        for path in paths:
            found = _content_hash(path, self.problems)
            if found is None:
                continue
            self.hashes[path], text = found
            cached: _Parsed | None = self.cache.get("insight:" + self.hashes[path])
            if cached is not None:
                self.parsed[path] = cached
            else:
                todo.append((path, text if text is not None else path.read_text(encoding="utf-8"), self.problems.root))
        return todo

    def finish(self) -> list[Draft]:
        """Every article parsed, in the order of the paths; problems for the rest."""
        hashes, parsed = self.hashes, self.parsed
        for path, read, result, problems_found in self.parsing:
            self.problems.items.extend(problems_found)
            if read is not None:
                signature, hashes[path] = read
                _KNOWN_FILES.put(path, signature, hashes[path])
            if result is not None:
                parsed[path] = result
                self.cache.put("insight:" + hashes[path], result)
        drafts = []
        for path in self.paths:
            if path in parsed:
                meta, front_line, rendered, links = parsed[path]
                drafts.append(Draft(path, meta, front_line, rendered, links, hashes[path]))
        known_now = {path: entry for path, entry in _KNOWN_FILES.export().items() if path in hashes}
        if known_now != self.known_before:
            self.cache.put("insight-files", known_now)
        elif self.known_before:
            self.cache.get("insight-files")  # still in use
        return drafts

    def close(self) -> None:
        """Stop the workers of a reading that will not be finished (the build failed elsewhere)."""
        self.parsing.close()


def article_files(directory: Path) -> list[Path]:
    """`<slug>.md` files, and `<slug>/index.md` for an article with its own images."""
    if not directory.is_dir():
        return []
    return sorted([*directory.glob("*.md"), *directory.glob("*/index.md")], key=lambda path: path.parts)


def start_reading(directory: Path, problems: Problems, cache: BuildCache, jobs: int = 1) -> Reading:
    """Every article file, being parsed (`Reading.finish()` for the drafts)."""
    return Reading(article_files(directory), problems, cache, jobs)
