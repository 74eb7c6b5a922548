"""Areas of the site. Each module offers `load(ctx)`, `pages(ctx)` and optionally `start(ctx)`,
`bundle_section(ctx)` and `template_globals(env)` (functions its templates call).

A new area (insights, score, gym, teams, account) adds its name to AREA_NAMES; order matters only
where one area reads another's loaded data (home first: it loads the site settings).

Areas are imported when a build first asks for them, and those with a `start` (STARTED_FIRST) before
the rest: insights forks its parsing workers ~35 ms into a clean build instead of ~120 ms, while this
process goes on importing Jinja2 and the other areas.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol

from sitegen.context import BuildContext, Page

if TYPE_CHECKING:
    from jinja2 import Environment

AREA_NAMES = ("home", "gym", "insights", "score", "teams", "account")
STARTED_FIRST = ("insights",)


class Area(Protocol):
    def load(self, ctx: BuildContext) -> None: ...

    def pages(self, ctx: BuildContext) -> Iterable[Page]: ...


def area(name: str) -> ModuleType:
    """One area's module (imported on first use)."""
    return import_module(f"{__name__}.{name}")


def areas() -> list[ModuleType]:
    """Every area's module, in AREA_NAMES order."""
    return [area(name) for name in AREA_NAMES]


def bundle_sections(ctx: BuildContext) -> dict[str, Any]:
    """Each area's private data for the functions, by area name."""
    sections: dict[str, Any] = {}
    for module in areas():
        build_section = getattr(module, "bundle_section", None)
        if build_section is not None:
            sections[module.__name__.rsplit(".", 1)[-1]] = build_section(ctx)
    return sections


def template_globals(env: Environment) -> dict[str, Any]:
    """What the areas add to the templates' globals for one build."""
    added: dict[str, Any] = {}
    for module in areas():
        make = getattr(module, "template_globals", None)
        if make is not None:
            added.update(make(env))
    return added
