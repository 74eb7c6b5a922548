"""The dimensions and gym lessons a report refers to, from the content bundle's `teams` section."""

from __future__ import annotations

from dataclasses import dataclass

from functions.deps import Deps
from functions.teams.aggregate import Lesson
from functions.teams.report import Dimension


@dataclass(frozen=True)
class ReportContent:
    dimensions: list[Dimension]
    lessons: list[Lesson]


def report_content(deps: Deps) -> ReportContent:
    """Read once per request from the cached bundle (sitegen's teams area writes the section)."""
    section = deps.bundle.section("teams")
    return ReportContent(
        dimensions=[Dimension(id=d["id"], name=d["name"]) for d in section["dimensions"]],
        lessons=[
            Lesson(id=ls["id"], title=ls["title"], url=ls["url"], dimensions=tuple(ls["dimensions"]))
            for ls in section["lessons"]
        ],
    )
