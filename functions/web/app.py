"""The Flask app factory: built at first use, dependencies passed in."""

from __future__ import annotations

from flask import Flask

from functions.config import Settings, get_settings
from functions.deps import Deps
from functions.logs import configure_logging
from functions.web.auth import TokenVerifier, fetch_jwks_over_http
from functions.web.errors import install_error_handlers
from functions.web.headers import install_request_context
from functions.web.routes import accounts, admin, health, me, score, team_manage, teams

# Each area's blueprint; a new area adds its module here.
BLUEPRINTS = [
    health.blueprint,
    accounts.blueprint,
    me.blueprint,
    teams.blueprint,
    team_manage.blueprint,
    admin.blueprint,
    score.blueprint,
]


def create_app(settings: Settings | None = None, deps: Deps | None = None) -> Flask:
    """Build the API app; nothing touches AWS until a request needs it."""
    settings = settings or (deps.settings if deps else get_settings())
    deps = deps or Deps(settings=settings)
    configure_logging(settings.log_level)

    app = Flask("functions")
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["deps"] = deps
    app.extensions["token_verifier"] = TokenVerifier(
        issuer=settings.cognito_issuer,
        client_id=settings.user_pool_client_id,
        fetch_jwks=deps.overrides.get("jwks_fetcher") or fetch_jwks_over_http(settings.jwks_url),
    )
    install_request_context(app)
    install_error_handlers(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    return app
