"""The home page, the 404 page and the site-wide settings."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from sitegen.context import BuildContext, Page, SiteSettings
from sitegen.frontmatter import read_yaml_file


class Offer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=2, max_length=60)
    audience: str = Field(min_length=2, max_length=60)
    text: str = Field(min_length=20, max_length=400)
    href: str = Field(pattern=r"^/[a-z0-9/_-]*$")
    action: str = Field(min_length=2, max_length=40)


class HomeContent(BaseModel):
    """`content/home.yml`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    headline: str = Field(min_length=5, max_length=90)
    lede: str = Field(min_length=20, max_length=400)
    offers: list[Offer] = Field(min_length=4, max_length=4)
    closing: str = Field(min_length=20, max_length=400)


def load(ctx: BuildContext) -> None:
    content = ctx.options.content_dir
    ctx.settings = read_yaml_file(content / "site.yml", SiteSettings, ctx.problems)
    ctx.data["home"] = read_yaml_file(content / "home.yml", HomeContent, ctx.problems)


def pages(ctx: BuildContext) -> Iterable[Page]:
    yield Page("/", "home.html", {"home": ctx.data["home"]})
    yield Page("/404.html", "404.html")
