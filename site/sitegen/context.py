"""What one build knows: options, site settings, every area's loaded content, and the problems found."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, HttpUrl

from sitegen.problems import Problems


class SiteSettings(BaseModel):
    """`content/site.yml`: the site-wide words and addresses."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    tagline: str
    description: str
    base_url: HttpUrl
    language: str = "en-GB"
    organisation: str


@dataclass(frozen=True)
class BuildOptions:
    content_dir: Path
    out_dir: Path
    bundle_dir: Path
    drafts: bool = False
    future: bool = False
    now: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass
class Page:
    """One output file: rendered from `template` with `context`, or written as `body` as is."""

    url: str
    template: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    body: bytes | None = None

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

    @property
    def base_url(self) -> str:
        return str(self.settings.base_url).rstrip("/") if self.settings else ""
