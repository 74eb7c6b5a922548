"""Renders pages with Jinja2 (autoescape on) and writes them, refusing to write one path twice.

Incremental: a page with a `key` whose file was written from the same key (and the same templates,
assets and settings, folded into `base_key`) is not rendered again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from sitegen.cache import digest
from sitegen.context import Page

NOINDEX = b'<meta name="robots" content="noindex'


class DuplicatePage(Exception):
    """Two generators produced the same output path."""


def make_environment(globals_: dict[str, Any]) -> Environment:
    env = Environment(
        loader=PackageLoader("sitegen", "templates"),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(globals_)
    return env


@dataclass
class WriteResult:
    """What one write pass did: every output path with its key, and how many were (re)written."""

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


def write_pages(
    pages: Iterable[Page],
    out_dir: Path,
    env: Environment,
    base_key: str = "",
    previous: WriteResult | None = None,
    progress: Callable[[int], None] | None = None,
) -> WriteResult:
    """Write every page whose inputs changed since the `previous` write; returns what was done."""
    previous = previous or WriteResult()
    result = WriteResult()
    for page in pages:
        target = page.output_path
        if target in result.outputs:
            raise DuplicatePage(f"two pages want to be written to {target} ({page.url})")
        key = digest(base_key, page.key) if page.key is not None else ""
        result.outputs[target] = key
        path = out_dir / target
        if key and previous.outputs.get(target) == key and path.is_file():
            if target in previous.noindex:
                result.noindex.add(target)
            continue
        data = render_page(page, env)
        if target.endswith(".html") and NOINDEX in data:
            result.noindex.add(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        result.rendered.append(target)
        if progress is not None:
            progress(len(result.rendered))
    return result
