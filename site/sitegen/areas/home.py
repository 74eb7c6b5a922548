"""The home page, the 404 page and the site-wide settings."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

from sitegen.contentmodel import CONTENT_MODEL
from sitegen.context import BuildContext, Page, SiteSettings
from sitegen.frontmatter import read_yaml_file


class Offer(BaseModel):
    model_config = CONTENT_MODEL

    title: str = Field(min_length=2, max_length=60)
    audience: str = Field(min_length=2, max_length=60)
    text: str = Field(min_length=20, max_length=400)
    href: str = Field(pattern=r"^/[a-z0-9/_-]*$")
    action: str = Field(min_length=2, max_length=40)


class ProfileRow(BaseModel):
    model_config = CONTENT_MODEL

    label: str = Field(min_length=2, max_length=40)
    value: int = Field(ge=0, le=100)


class SampleProfile(BaseModel):
    """The illustrative Score profile beside the headline: clearly labelled as an example."""

    model_config = CONTENT_MODEL

    title: str = Field(min_length=5, max_length=60)
    caption: str = Field(min_length=10, max_length=200)
    overall: int = Field(ge=0, le=100)
    band: str = Field(min_length=2, max_length=40)
    rows: list[ProfileRow] = Field(min_length=3, max_length=8)


class Step(BaseModel):
    model_config = CONTENT_MODEL

    title: str = Field(min_length=2, max_length=60)
    text: str = Field(min_length=10, max_length=240)


class HomeContent(BaseModel):
    """`content/home.yml`."""

    model_config = CONTENT_MODEL

    headline: str = Field(min_length=5, max_length=90)
    lede: str = Field(min_length=20, max_length=400)
    sample_profile: SampleProfile
    offers: list[Offer] = Field(min_length=4, max_length=4)
    steps_title: str = Field(min_length=5, max_length=80)
    steps: list[Step] = Field(min_length=3, max_length=4)
    closing: str = Field(min_length=20, max_length=400)
    closing_action: str = Field(min_length=2, max_length=40)


def load(ctx: BuildContext) -> None:
    content = ctx.options.content_dir
    ctx.settings = read_yaml_file(content / "site.yml", SiteSettings, ctx.problems)
    ctx.data["home"] = read_yaml_file(content / "home.yml", HomeContent, ctx.problems)


def pages(ctx: BuildContext) -> Iterable[Page]:
    yield Page("/", "home.html", {"home": ctx.data["home"]})
    yield Page("/404.html", "404.html")
    yield Page("/robots.txt", body=robots_txt(ctx).encode("utf-8"))


def robots_txt(ctx: BuildContext) -> str:
    """Crawlers may read the public site; the API and the account pages are nobody's search result."""
    return f"User-agent: *\nDisallow: /api/\nDisallow: /account/\n\nSitemap: {ctx.base_url}/sitemap.xml\n"
