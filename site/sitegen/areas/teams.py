"""Team assessments: the public page with its request form, the member, organisation-admin and
portal-admin pages (rendered in the browser from the API), and the report's dimensions and lessons."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, Field

from sitegen.contentmodel import CONTENT_MODEL
from sitegen.context import BuildContext, Page
from sitegen.frontmatter import read_yaml_file

# The shared dimension ids; names come from the Score's bank when it is part of the build.
DIMENSION_IDS = ("decomposition", "sequencing", "guardrails", "quality-checks", "ownership", "briefing", "fleet-design")
FALLBACK_NAMES = {
    "decomposition": "Decomposition",
    "sequencing": "Sequencing",
    "guardrails": "Guardrails and autonomy",
    "quality-checks": "Checkpoints and quality control",
    "ownership": "Ownership of the result",
    "briefing": "Briefing and iteration",
    "fleet-design": "Fleet design",
}
TEAM_SIZES = ("1-10", "11-50", "51-200", "201-1000", "1000+")


class Step(BaseModel):
    model_config = CONTENT_MODEL

    title: str = Field(min_length=2, max_length=80)
    text: str = Field(min_length=10, max_length=300)


class TeamsContent(BaseModel):
    """`content/teams/teams.yml`."""

    model_config = CONTENT_MODEL

    title: str = Field(min_length=2, max_length=60)
    lede: str = Field(min_length=20, max_length=400)
    what: list[str] = Field(min_length=1, max_length=4)
    steps: list[Step] = Field(min_length=2, max_length=6)
    anonymity: list[str] = Field(min_length=1, max_length=4)
    form_title: str = Field(min_length=2, max_length=80)
    form_intro: str = Field(min_length=10, max_length=300)
    join_intro: str = Field(min_length=10, max_length=400)


def load(ctx: BuildContext) -> None:
    path = ctx.options.content_dir / "teams" / "teams.yml"
    if not path.is_file():  # a problem to report with the others, not a crash
        ctx.problems.add(path, 1, "document", "the teams page's words are missing")
        ctx.data["teams"] = None
        return
    ctx.data["teams"] = read_yaml_file(path, TeamsContent, ctx.problems)


def _dimensions(ctx: BuildContext) -> list[dict[str, str]]:
    bank = ctx.data.get("score")
    names = dict(FALLBACK_NAMES)
    if bank is not None and hasattr(bank, "dimensions"):
        names |= {d.id: d.name for d in bank.dimensions.dimensions}
    return [{"id": dim, "name": names[dim]} for dim in DIMENSION_IDS]


def _lessons(ctx: BuildContext) -> list[dict[str, Any]]:
    """The gym's lessons (public fields only), when the gym is part of the build."""
    lessons = ctx.data.get("gym") or []
    return [
        {"id": ls["id"], "title": ls["title"], "url": ls["url"], "dimensions": list(ls["dimensions"])} for ls in lessons
    ]


def pages(ctx: BuildContext) -> Iterable[Page]:
    content = ctx.data["teams"]
    common = {"teams": content, "dimensions": _dimensions(ctx)}
    yield Page("/teams/", "teams/index.html", {**common, "team_sizes": TEAM_SIZES})
    yield Page("/teams/join/", "teams/join.html", common)
    yield Page("/teams/accept/", "teams/accept.html", common)
    yield Page("/teams/manage/", "teams/manage.html", common)
    yield Page("/teams/report/", "teams/report.html", common)
    yield Page("/admin/", "teams/admin.html", common)


def bundle_section(ctx: BuildContext) -> dict[str, Any]:
    """What a report names: the dimensions (ids and names) and the lessons that train each."""
    return {"dimensions": _dimensions(ctx), "lessons": _lessons(ctx)}
