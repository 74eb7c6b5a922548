"""The Flask app factory: built at first use, dependencies passed in."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask

from functions.config import Settings, get_settings
from functions.deps import Deps
from functions.logs import configure_logging
from functions.web.areas import AREAS, Area
from functions.web.auth import TokenVerifier, fetch_jwks_over_http
from functions.web.errors import install_error_handlers
from functions.web.headers import install_request_context
from functions.web.origin import install_origin_check
from functions.web.rules import LazyBuilderRule


def create_app(settings: Settings | None = None, deps: Deps | None = None, areas: Iterable[Area] = AREAS) -> Flask:
    """Build the API app for `areas` (all by default); nothing touches AWS until a request needs it."""
    settings = settings or (deps.settings if deps else get_settings())
    deps = deps or Deps(settings=settings)
    configure_logging(settings.log_level)

    app = Flask("functions", static_folder=None)  # the API serves no files; the site is on S3
    app.url_rule_class = LazyBuilderRule
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["deps"] = deps
    # One verifier per set of dependencies, so the areas of a container share its cached keys.
    if "token_verifier" not in deps.overrides:
        deps.overrides["token_verifier"] = TokenVerifier(
            issuer=settings.cognito_issuer,
            client_id=settings.user_pool_client_id,
            fetch_jwks=deps.overrides.get("jwks_fetcher") or fetch_jwks_over_http(settings.jwks_url),
        )
    app.extensions["token_verifier"] = deps.overrides["token_verifier"]
    install_request_context(app)
    install_origin_check(app)  # after the request id: a refused request is still traceable by it
    install_error_handlers(app)
    for area in areas:
        for blueprint in area.blueprints():
            app.register_blueprint(blueprint)
    return app
