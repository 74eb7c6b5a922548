"""Lambda entry point for HTTP: API Gateway (HTTP API) -> Mangum -> a2wsgi -> Flask."""

from __future__ import annotations

from functools import cache
from typing import Any

from a2wsgi import WSGIMiddleware
from flask import Flask
from mangum import Mangum


def create_app() -> Flask:
    """The API app. Its route modules (every area's pydantic models) load here, at the first event."""
    from functions.web.app import create_app as build

    return build()


@cache
def _adapter() -> Mangum:
    # Lifespan off: with "auto" Mangum runs a startup/shutdown cycle on every call.
    return Mangum(WSGIMiddleware(create_app()), lifespan="off")  # type: ignore[arg-type]


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Serve one API Gateway event; the app is built on the first call, not at import."""
    return _adapter()(event, context)
