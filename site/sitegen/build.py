"""One build: load every area's content, generate pages, write what changed, the sitemap and the bundle."""

from __future__ import annotations

import gc
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.areas import STARTED_FIRST, area, areas, bundle_sections, template_globals
from sitegen.assets import publish_assets
from sitegen.bundle import write_bundle
from sitegen.cache import BuildCache, digest, file_digest
from sitegen.context import BuildContext, BuildOptions, Page
from sitegen.links import check_links
from sitegen.problems import ContentInvalid, Problems
from sitegen.seo import sitemap_entries, sitemap_xml
from sitegen.uptodate import file_names
from sitegen.writer import WriteResult, make_environment, write_file, write_pages

NAVIGATION = [
    ("Insights", "/insights/"),
    ("Score", "/score/"),
    ("Gym", "/gym/"),
    ("Teams", "/teams/"),
]
PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class BuildReport:
    pages_written: int
    content_hash: str
    seconds: float
    pages_rendered: int = 0
    areas: dict[str, Any] = field(default_factory=dict)
    rendered_paths: tuple[str, ...] = ()

    def summary(self) -> str:
        line = (
            f"built {self.pages_written} pages ({self.pages_rendered} rendered, "
            f"{self.pages_written - self.pages_rendered} unchanged) in {self.seconds:.2f}s "
            f"(content {self.content_hash})"
        )
        insights = self.areas.get("insights")
        if insights:
            line += (
                f"\n  insights: {insights['articles']} published, {insights['drafts_skipped']} drafts skipped, "
                f"{len(insights['scheduled'])} scheduled"
            )
            if insights["next_publish_at"]:
                line += f" (next at {insights['next_publish_at']}: rebuild then)"
        return line

    def as_json(self) -> str:
        document = {
            "pages_written": self.pages_written,
            "pages_rendered": self.pages_rendered,
            "seconds": round(self.seconds, 3),
            "content_hash": self.content_hash,
            **self.areas,
        }
        return json.dumps(document, indent=2, sort_keys=True) + "\n"


def load_content(options: BuildOptions, cache: BuildCache | None = None) -> BuildContext:
    """Read and validate every content file; raises ContentInvalid listing all problems."""
    ctx = BuildContext(options=options, problems=Problems(root=options.content_dir), cache=cache or BuildCache())
    try:
        # An area may start its slow reading in worker processes first (insights parses its articles),
        # so that they work while this process imports and loads the other areas.
        for name in STARTED_FIRST:
            area(name).start(ctx)
        for module in areas():
            module.load(ctx)
    finally:
        while ctx.background:
            ctx.background.pop().close()
    if ctx.problems:
        raise ContentInvalid(ctx.problems)
    return ctx


def code_hash() -> str:
    """The generator itself (code, templates, static files): a change to any re-renders every page."""
    files = sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return digest(*(part for p in files for part in (p.relative_to(PACKAGE_DIR).as_posix(), file_digest(p))))


def remove_stale(out: Path, previous: dict[str, str], current: dict[str, str]) -> None:
    """Delete files an earlier build wrote that this one did not, and directories left empty."""
    for target in sorted(set(previous) - set(current)):
        path = out / target
        path.unlink(missing_ok=True)
        for parent in path.parents:
            if parent == out or not parent.is_dir() or any(parent.iterdir()):
                break
            parent.rmdir()


def _progress(total: int) -> Any:
    if not sys.stderr.isatty():
        return None

    def show(done: int) -> None:
        if done % 50 == 0 or done == total:
            print(f"\r  rendering {done}/{total} pages", end="", file=sys.stderr, flush=True)

    return show


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """A build allocates millions of objects it keeps to the end, so the cyclic collector's passes free
    nothing and cost ~5 % of a clean build; forked workers inherit the pause and never touch the shared
    heap for it (fewer copy-on-write pages). Peak memory at 5,000 articles is the same either way."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build(options: BuildOptions, cache: BuildCache | None = None) -> BuildReport:
    """Build the site and the bundle; with a cache holding an earlier build, only what changed is rendered."""
    with _cyclic_gc_paused():
        return _build(options, cache)


def _build(options: BuildOptions, cache: BuildCache | None) -> BuildReport:
    started = time.perf_counter()
    if cache is None:
        cache = BuildCache(options.cache_dir / "sitegen.pickle" if options.cache_dir else None)
    code = code_hash()
    cache.keep_only_for(code)
    ctx = load_content(options, cache)
    out = options.out_dir
    previous = WriteResult(outputs=dict(cache.outputs.get("pages", {})), noindex=set(cache.outputs.get("noindex", ())))
    if not previous.outputs:
        # Nothing known about what is there: every page is written over it (no key matches "") and
        # whatever this build does not write is removed at the end. Writing over a tree is much
        # cheaper than deleting it and creating every file and folder again.
        previous.outputs = dict.fromkeys(file_names(out), "")
    out.mkdir(parents=True, exist_ok=True)
    manifest = publish_assets(out)
    pages: list[Page] = [page for module in areas() for page in module.pages(ctx)]
    check_links(ctx, pages, manifest)
    env = make_environment(
        {
            "site": ctx.settings,
            "base_url": ctx.base_url,
            "navigation": NAVIGATION,
            "asset": lambda name: manifest[name],
            "build_year": options.now.year,
            "dev": options.dev,
        },
        options.cache_dir,
    )
    env.globals.update(template_globals(env))
    settings_json = ctx.settings.model_dump_json() if ctx.settings else ""
    base_key = digest(code, settings_json, json.dumps(manifest, sort_keys=True), str(options.now.year),
                      str(options.dev))  # fmt: skip
    result = write_pages(pages, out, env, base_key, previous, _progress(len(pages)), jobs=options.jobs)
    if sys.stderr.isatty() and result.rendered:
        print(file=sys.stderr)
    write_file(out / "sitemap.xml", sitemap_xml(sitemap_entries(pages, result.noindex), ctx.base_url))
    outputs = {**result.outputs, "sitemap.xml": ""}
    outputs.update({url.lstrip("/"): "" for url in manifest.values()})
    remove_stale(out, previous.outputs, outputs)
    content_hash = write_bundle(bundle_sections(ctx), options.bundle_dir)
    cache.finish({"pages": outputs, "noindex": sorted(result.noindex)})
    seconds = time.perf_counter() - started
    report = BuildReport(result.written, content_hash, seconds, len(result.rendered), dict(ctx.report),
                         tuple(result.rendered))  # fmt: skip
    if options.report_path is not None:
        options.report_path.parent.mkdir(parents=True, exist_ok=True)
        options.report_path.write_text(report.as_json(), encoding="utf-8")
    return report
