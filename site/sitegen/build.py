"""One build: load every area's content, generate pages, write them and the content bundle."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass

from sitegen.areas import AREAS, bundle_sections
from sitegen.assets import publish_assets
from sitegen.bundle import write_bundle
from sitegen.context import BuildContext, BuildOptions, Page
from sitegen.problems import ContentInvalid, Problems
from sitegen.writer import make_environment, write_pages

NAVIGATION = [
    ("Insights", "/insights/"),
    ("Score", "/score/"),
    ("Gym", "/gym/"),
    ("Teams", "/teams/"),
]


@dataclass(frozen=True)
class BuildReport:
    pages_written: int
    content_hash: str
    seconds: float

    def summary(self) -> str:
        return f"built {self.pages_written} pages in {self.seconds:.2f}s (content {self.content_hash})"


def load_content(options: BuildOptions) -> BuildContext:
    """Read and validate every content file; raises ContentInvalid listing all problems."""
    ctx = BuildContext(options=options, problems=Problems(root=options.content_dir))
    for area in AREAS:
        area.load(ctx)
    if ctx.problems:
        raise ContentInvalid(ctx.problems)
    return ctx


def build(options: BuildOptions) -> BuildReport:
    """A clean build of the site and the bundle."""
    started = time.perf_counter()
    ctx = load_content(options)
    out = options.out_dir
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    manifest = publish_assets(out)
    pages: list[Page] = [page for area in AREAS for page in area.pages(ctx)]
    env = make_environment(
        {
            "site": ctx.settings,
            "base_url": ctx.base_url,
            "navigation": NAVIGATION,
            "asset": lambda name: manifest[name],
            "build_year": options.now.year,
        }
    )
    written = write_pages(pages, out, env)
    content_hash = write_bundle(bundle_sections(ctx), options.bundle_dir)
    return BuildReport(written, content_hash, time.perf_counter() - started)
