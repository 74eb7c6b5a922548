"""Renders pages with Jinja2 (autoescape on) and writes them, refusing to write one path twice.

Incremental: a page with a `key` whose file was written from the same key (and the same templates,
assets and settings, folded into `base_key`) is not rendered again. Many pages to render are split
over forked worker processes (`jobs`), which inherit the pages and templates instead of pickling them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic_core import PydanticSerializationError, to_json

from sitegen.cache import digest
from sitegen.context import Page
from sitegen.parallel import fork_map

if TYPE_CHECKING:
    from jinja2 import Environment

NOINDEX = b'<meta name="robots" content="noindex'
# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_MIN_PAGES = 200


class DuplicatePage(Exception):
    """Two generators produced the same output path."""


@cache
def _environment() -> Environment:
    # One a process: it keeps compiled templates between `make serve` rebuilds, and recompiles a
    # template whose file changed (auto_reload). Jinja2 is imported here, once the content is being
    # read in worker processes, not before (~15 ms at the start of every build).
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("sitegen", "templates"),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=True,
    )


def make_environment(globals_: dict[str, Any], cache_dir: Path | None = None) -> Environment:
    """The template environment with this build's globals (replaced in place: loaded templates read them).

    Compiled templates are kept for the next process like Python keeps compiled modules: beside the
    generator, in `__pycache__` (keyed by each template's source, so an edit recompiles it), or in
    `cache_dir` where that folder cannot be written. Compiling them took a clean build ~40 ms a process.
    """
    from jinja2 import FileSystemBytecodeCache
    from jinja2.defaults import DEFAULT_NAMESPACE

    env = _environment()
    folder = _compiled_templates_dir() or (cache_dir / "templates" if cache_dir is not None else None)
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder)) if folder is not None else None
    env.globals.clear()
    env.globals.update(DEFAULT_NAMESPACE)
    env.globals.update(globals_)
    return env


@cache
def _compiled_templates_dir() -> Path | None:
    """`sitegen/__pycache__/templates` if compiled code may be written there, as Python decides for its own."""
    if sys.dont_write_bytecode:
        return None
    folder = Path(__file__).resolve().parent / "__pycache__" / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


@dataclass
class WriteResult:
    """What one write pass did: every output path with its key, and which were (re)written."""

    outputs: dict[str, str] = field(default_factory=dict)
    noindex: set[str] = field(default_factory=set)
    rendered: list[str] = field(default_factory=list)

    @property
    def written(self) -> int:
        return len(self.outputs)


def render_page(page: Page, env: Environment) -> bytes:
    """The bytes of one page."""
    if page.body is not None:
        return page.body
    if page.produce is not None:
        return page.produce()
    assert page.template is not None, f"page {page.url} has neither a template nor a body"
    return env.get_template(page.template).render(page=page, **page.context).encode("utf-8")


def write_file(path: str | Path, data: bytes) -> None:
    """Write `data` to `path`, over whatever was there (making its folder if there is none).

    Written in place and then cut to length rather than opened with O_TRUNC: ext4 (auto_da_alloc)
    starts writeback when a file truncated to zero is closed, which made writing a page over the
    previous build's copy ten times dearer than writing a new one (3,500 pages: 0.38 s against 0.04 s,
    docs/performance.md). A crash mid-write can leave old bytes after new ones, where O_TRUNC would
    leave a short file; neither is trusted, as the page cache is saved only after a build completes.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC
    try:
        descriptor = os.open(path, flags, 0o666)
    except FileNotFoundError:  # a new page's folder: made here, by the worker, only when missing
        os.makedirs(os.path.dirname(path), exist_ok=True)
        descriptor = os.open(path, flags, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
        os.ftruncate(descriptor, len(data))
    finally:
        os.close(descriptor)


def _write_one(page: Page, out_dir: Path, env: Environment) -> tuple[str, bool]:
    target = page.output_path
    data = render_page(page, env)
    write_file(out_dir / target, data)
    return target, target.endswith(".html") and NOINDEX in data


def _own_key(page: Page) -> str | None:
    """The key of a page given none: its body, or its template and context (with the templates, the
    globals and the site settings in `base_key`, everything such a page is made from; an area whose
    templates read anything else gives its pages their own key). None when neither applies."""
    if page.body is not None:
        return digest("body", page.body)
    if page.template is None:
        return None
    try:
        return digest(page.template, to_json(page.context))
    except PydanticSerializationError:  # something it cannot write out: rendered every time
        return None


def write_pages(
    pages: Iterable[Page],
    out_dir: Path,
    env: Environment,
    base_key: str = "",
    previous: WriteResult | None = None,
    progress: Callable[[int], None] | None = None,
    jobs: int = 1,
) -> WriteResult:
    """Write every page whose inputs changed since the `previous` write; returns what was done."""
    previous = previous or WriteResult()
    result = WriteResult()
    todo: list[Page] = []
    root = f"{out_dir}{os.sep}"  # plain strings: this loop runs for every page of every rebuild
    for page in pages:
        target = page.output_path
        if target in result.outputs:
            raise DuplicatePage(f"two pages want to be written to {target} ({page.url})")
        own_key = page.key if page.key is not None else _own_key(page)
        key = f"{base_key}:{own_key}" if own_key is not None else ""
        result.outputs[target] = key
        if key and previous.outputs.get(target) == key and os.path.isfile(root + target):
            if target in previous.noindex:
                result.noindex.add(target)
            continue
        todo.append(page)
    done = fork_map(lambda page: _write_one(page, out_dir, env), todo, jobs, PARALLEL_MIN_PAGES, chunksize=32)
    for target, noindex in done:
        result.rendered.append(target)
        if noindex:
            result.noindex.add(target)
        if progress is not None:
            progress(len(result.rendered))
    result.rendered.sort()
    return result
