"""The Lambda serves each area of the API from an app built on the area's first request."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from werkzeug.test import Client

from functions.config import Settings
from functions.web.app import create_app
from functions.web.areas import AREAS, PLATFORM, area_for, lazy_api
from functions.web.routing import REGISTRY

# Written out, not read from the app: a weakened header must fail here.
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}

_VARIABLE = re.compile(r"<(?:[a-z_]+:)?[a-z_]+>")


def _sample_path(rule: str) -> str:
    return _VARIABLE.sub("a0b1c2d3", rule)


def _routes(app: Any) -> set[tuple[str, str]]:
    return {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }


def test_every_route_lives_in_the_area_its_path_falls_in_and_in_no_other() -> None:
    settings = Settings(user_pool_id="eu-west-2_probe", user_pool_client_id="probe")
    by_area = {area.name: _routes(create_app(settings=settings, areas=[area])) for area in AREAS}
    for name, routes in by_area.items():
        assert routes, f"area {name} has no routes"
        assert {rule for rule, _ in routes if area_for(_sample_path(rule)).name != name} == set()
    every = [route for routes in by_area.values() for route in routes]
    assert len(every) == len(set(every))
    assert set(every) == _routes(create_app(settings=settings))
    assert set(every) == {(op.rule, op.method) for op in REGISTRY.operations if op.tag != "test"}


@pytest.mark.parametrize(
    ("path", "area"),
    [
        ("/api/me", "me"),
        ("/api/me/export", "me"),
        ("/api/meow", "platform"),
        ("/api/me/gym/profile", "gym"),
        ("/api/me/gymnastics", "me"),
        ("/api/teams", "teams"),
        ("/api/teams/orgs", "organisations"),
        ("/api/teams/orgs/o1/teams", "organisations"),
        ("/api/teams/orgsx", "teams"),
        ("/api/scorecard", "platform"),
        ("/", "platform"),
        ("", "platform"),
    ],
)
def test_an_area_owns_whole_path_segments(path: str, area: str) -> None:
    assert area_for(path).name == area


def test_the_platform_area_takes_every_path_nobody_claims() -> None:
    assert PLATFORM.prefixes == ()
    assert area_for("/api/no-such-thing") is PLATFORM


@pytest.fixture
def lambda_app(deps: Any) -> Any:
    return lazy_api(deps)


def test_a_request_builds_only_its_own_area(lambda_app: Any) -> None:
    client = Client(lambda_app)
    assert client.get("/api/me").status_code == 401
    assert lambda_app.loaded == ["me"]
    assert client.post("/api/score/attempts", json={}).status_code == 422
    assert client.get("/api/me/export").status_code == 401
    assert lambda_app.loaded == ["me", "score"]


def test_the_areas_of_one_container_share_its_token_verifier(lambda_app: Any) -> None:
    verifiers = {id(lambda_app.app_for(area).extensions["token_verifier"]) for area in AREAS}
    assert len(verifiers) == 1


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "code"),
    [
        ("GET", "/api/no-such-thing", {}, 404, "not_found"),
        ("GET", "/api/score/no-such-thing", {}, 404, "not_found"),
        ("GET", "/api/teams/orgs/o1/nothing-here", {}, 404, "not_found"),
        ("PUT", "/api/score/attempts", {"json": {}}, 405, "method_not_allowed"),
        ("DELETE", "/api/health", {}, 405, "method_not_allowed"),
        ("POST", "/api/auth/sign-in", {"data": "{not json", "content_type": "application/json"}, 400, "bad_request"),
        ("POST", "/api/teams/requests", {"data": "x" * 70_000, "content_type": "application/json"}, 413, None),
    ],
)
def test_every_area_answers_errors_in_the_one_shape_with_request_ids_and_headers(
    lambda_app: Any, method: str, path: str, kwargs: dict[str, Any], status: int, code: str | None
) -> None:
    response = Client(lambda_app).open(path, method=method, **kwargs)
    assert response.status_code == status
    error = json.loads(response.get_data())["error"]
    assert set(error) == {"code", "message", "fields"}
    assert code is None or error["code"] == code
    assert len(response.headers["X-Request-Id"]) == 32
    assert {name: response.headers.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS
    if status == 405:
        assert response.headers["Allow"]


def test_the_openapi_document_lists_every_area_whichever_was_loaded(lambda_app: Any) -> None:
    document = json.loads(Client(lambda_app).get("/api/openapi.json").get_data())
    documented = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    routes = {(re.sub(r"<(?:[a-z_]+:)?([a-z_]+)>", r"{\1}", rule), method) for rule, method in _routes(create_app())}
    assert routes <= documented
    assert {path for path, _ in documented - routes} <= {"/api/test/echo"}  # another test module's blueprint
    assert lambda_app.loaded == ["platform"]
