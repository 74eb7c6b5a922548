"""What one build knows: options, site settings, every area's loaded content, and the problems found."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel

from sitegen.cache import BuildCache
from sitegen.contentmodel import CONTENT_MODEL
from sitegen.problems import Problems


def _web_address(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment or " " in value:
        raise ValueError("must be a web address such as https://example.org")
    return value


# A plain str checked with urllib: pydantic's HttpUrl would import pydantic.networks (12 ms on every build).
WebAddress = Annotated[str, AfterValidator(_web_address)]


class SiteSettings(BaseModel):
    """`content/site.yml`: the site-wide words and addresses."""

    model_config = CONTENT_MODEL

    title: str
    tagline: str
    description: str
    base_url: WebAddress
    language: str = "en-GB"
    organisation: str


@dataclass(frozen=True)
class BuildOptions:
    content_dir: Path
    out_dir: Path
    bundle_dir: Path
    drafts: bool = False
    future: bool = False
    dev: bool = False  # make serve: marks drafts and scheduled articles and adds the live-reload script
    cache_dir: Path | None = None  # where the incremental cache lives between builds (None: none kept)
    report_path: Path | None = None  # where the machine-readable build report goes
    jobs: int = 1  # worker processes for parsing and rendering (forked: never from a process that runs threads)
    now: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass
class Page:
    """One output file: rendered from `template` with `context`, or written as `body` (or `produce()`) as is.

    `key` (optional) is a hash of everything the page is made from besides templates, assets and site
    settings: an incremental build skips a page whose key has not changed since the file was written.
    Without one, a page is keyed on its `body`, or on its template and `context`; a page whose template
    reads anything else (a template global with data of its own, such as insights' `article_card`)
    must be given its key.
    `indexable=False` keeps a page out of the sitemap (drafts, error pages, non-HTML helpers).
    """

    url: str
    template: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    body: bytes | None = None
    key: str | None = None
    produce: Callable[[], bytes] | None = None
    indexable: bool = True
    lastmod: datetime | None = None

    @property
    def output_path(self) -> str:
        """`/insights/` -> `insights/index.html`; `/feed.xml` -> `feed.xml`."""
        path = self.url.lstrip("/")
        return f"{path}index.html" if path == "" or path.endswith("/") else path


@dataclass
class BuildContext:
    options: BuildOptions
    problems: Problems
    settings: SiteSettings | None = None
    data: dict[str, Any] = field(default_factory=dict)
    cache: BuildCache = field(default_factory=BuildCache)
    # Internal links found in content (file, line, URL path), checked once every page is known.
    links: list[tuple[Path, int, str]] = field(default_factory=list)
    # What areas want said in the build report (build/report.json), by area name.
    report: dict[str, Any] = field(default_factory=dict)
    # Work an area's `start` began in other processes: stopped (`close()`) if the build fails first.
    background: list[Any] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return str(self.settings.base_url).rstrip("/") if self.settings else ""
