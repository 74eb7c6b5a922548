"""Areas of the site. Each module offers `load(ctx)`, `pages(ctx)` and optionally `bundle_section(ctx)`
and `template_globals(env)` (functions its templates call).

A new area (insights, score, gym, teams, account) adds its module to AREAS; order matters only
where one area reads another's loaded data (home first: it loads the site settings).
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType
from typing import Any, Protocol

from jinja2 import Environment

from sitegen.areas import account, gym, home, insights, score, teams
from sitegen.context import BuildContext, Page


class Area(Protocol):
    def load(self, ctx: BuildContext) -> None: ...

    def pages(self, ctx: BuildContext) -> Iterable[Page]: ...


AREAS: list[ModuleType] = [home, gym, insights, score, teams, account]


def bundle_sections(ctx: BuildContext) -> dict[str, Any]:
    """Each area's private data for the functions, by area name."""
    sections: dict[str, Any] = {}
    for area in AREAS:
        build_section = getattr(area, "bundle_section", None)
        if build_section is not None:
            sections[area.__name__.rsplit(".", 1)[-1]] = build_section(ctx)
    return sections


def template_globals(env: Environment) -> dict[str, Any]:
    """What the areas add to the templates' globals for one build."""
    added: dict[str, Any] = {}
    for area in AREAS:
        make = getattr(area, "template_globals", None)
        if make is not None:
            added.update(make(env))
    return added
