"""Lambda entry point for HTTP: API Gateway (HTTP API) -> Mangum -> a2wsgi -> the API's areas."""

from __future__ import annotations

from functools import cache
from typing import Any

from a2wsgi import WSGIMiddleware
from mangum import Mangum

from functions.web.areas import LazyAreas, lazy_api


def create_app() -> LazyAreas:
    """The API as a WSGI app whose areas (routes and their models) load on each area's first request."""
    return lazy_api()


@cache
def _adapter() -> Mangum:
    # Lifespan off: with "auto" Mangum runs a startup/shutdown cycle on every call.
    return Mangum(WSGIMiddleware(create_app()), lifespan="off")  # type: ignore[arg-type]


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Serve one API Gateway event; each area's app is built on its first request, not at import."""
    return _adapter()(event, context)
