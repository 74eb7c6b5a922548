"""The API's areas, each loaded on its first request: a cold start pays only for the area it serves.

Every area is its own Flask app from the same factory (one error shape, request ids, security
headers), built by `LazyAreas` the first time a request's path falls in it. The imports sit
inside the loaders on purpose: importing a route module loads its area's models and services,
which is most of the API's cold start (docs/performance.md, "Cold start"). `create_app()` with
no `areas` still builds one app with every route, for tests and the OpenAPI document.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Flask

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    from functions.deps import Deps


@dataclass(frozen=True)
class Area:
    """A part of the API: the path prefixes it owns and a loader that imports its blueprints."""

    name: str
    prefixes: tuple[str, ...]
    blueprints: Callable[[], list[Blueprint]]


def _platform() -> list[Blueprint]:
    from functions.web.routes import health

    return [health.blueprint]


def _accounts() -> list[Blueprint]:
    from functions.web.routes import accounts

    return [accounts.blueprint]


def _me() -> list[Blueprint]:
    from functions.web.routes import me

    return [me.blueprint]


def _gym() -> list[Blueprint]:
    from functions.web.routes import gym_attempts

    return [gym_attempts.blueprint]


def _teams() -> list[Blueprint]:
    from functions.web.routes import teams

    return [teams.blueprint]


def _organisations() -> list[Blueprint]:
    from functions.web.routes import team_manage

    return [team_manage.blueprint]


def _admin() -> list[Blueprint]:
    from functions.web.routes import admin

    return [admin.blueprint]


def _score() -> list[Blueprint]:
    from functions.web.routes import score

    return [score.blueprint]


# A new area adds a row. The platform area takes every path no other prefix claims, so unknown
# routes get the same JSON 404 as everywhere. Prefixes match whole path segments, longest first.
PLATFORM = Area("platform", (), _platform)
AREAS = (
    PLATFORM,
    Area("accounts", ("/api/auth",), _accounts),
    Area("me", ("/api/me",), _me),
    Area("gym", ("/api/gym", "/api/me/gym"), _gym),
    Area("teams", ("/api/teams",), _teams),
    Area("organisations", ("/api/teams/orgs",), _organisations),
    Area("admin", ("/api/admin",), _admin),
    Area("score", ("/api/score",), _score),
)
_BY_PREFIX = sorted(((p, a) for a in AREAS for p in a.prefixes), key=lambda pair: -len(pair[0]))


def area_for(path: str) -> Area:
    """The area that serves `path`."""
    for prefix, area in _BY_PREFIX:
        if path == prefix or path.startswith(prefix + "/"):
            return area
    return PLATFORM


def load_all_areas() -> list[Blueprint]:
    """Every area's blueprints (importing every route module, so all operations are declared)."""
    return [blueprint for area in AREAS for blueprint in area.blueprints()]


class LazyAreas:
    """A WSGI app that hands each request to its area's Flask app, built on the area's first request."""

    def __init__(self, build: Callable[[Iterable[Area]], Flask]) -> None:
        self._build = build
        self._apps: dict[str, Flask] = {}
        self._lock = threading.Lock()

    def app_for(self, area: Area) -> Flask:
        """The area's app, built once (requests may arrive on several threads)."""
        with self._lock:
            if area.name not in self._apps:
                self._apps[area.name] = self._build([area])
            return self._apps[area.name]

    @property
    def loaded(self) -> list[str]:
        """Names of the areas built so far."""
        return list(self._apps)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Any:
        return self.app_for(area_for(environ.get("PATH_INFO", "")))(environ, start_response)


def lazy_api(deps: Deps | None = None) -> LazyAreas:
    """The API as the Lambda serves it: areas built on first use, sharing one set of dependencies."""
    from functions.deps import Deps
    from functions.web.app import create_app

    shared = deps or Deps()
    return LazyAreas(lambda areas: create_app(deps=shared, areas=areas))
