"""Renders pages with Jinja2 (autoescape on) and writes them, refusing to write one path twice."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from sitegen.context import Page


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


def write_pages(pages: Iterable[Page], out_dir: Path, env: Environment) -> int:
    """Write every page; returns how many were written."""
    written: set[str] = set()
    for page in pages:
        target = page.output_path
        if target in written:
            raise DuplicatePage(f"two pages want to be written to {target} ({page.url})")
        written.add(target)
        path = out_dir / target
        path.parent.mkdir(parents=True, exist_ok=True)
        if page.body is not None:
            path.write_bytes(page.body)
        else:
            assert page.template is not None, f"page {page.url} has neither a template nor a body"
            html = env.get_template(page.template).render(page=page, **page.context)
            path.write_text(html, encoding="utf-8")
    return len(written)
