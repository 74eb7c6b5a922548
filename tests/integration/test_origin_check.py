"""The API answers only requests that came through CloudFront (or the local gateway): the origin secret."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from functions.web.origin import (
    ORIGIN_VERIFY_HEADER,
    OriginSecretMisconfigured,
    accepted_values,
    is_expected,
)
from tests.conftest import invoke_lambda, load_event

CURRENT = "c" * 20 + "urrent-origin-secret-value-000000"
PREVIOUS = "p" * 20 + "revious-origin-secret-value-00000"


def _client(deps: Any, document: str) -> Any:
    from functions.web.app import create_app

    settings = deps.settings.model_copy(update={"origin_verify_secret": document})
    app = create_app(deps=replace(deps, settings=settings))
    return app.test_client()


@pytest.fixture
def protected(deps: Any) -> Any:
    return _client(deps, json.dumps({"current": CURRENT}))


def test_a_request_without_the_origin_header_is_refused_with_the_json_error_shape(protected: Any) -> None:
    response = protected.get("/api/health")
    assert response.status_code == 403
    body = response.get_json()
    assert body["error"]["code"] == "forbidden"
    assert body["error"]["message"]
    # Still traceable, and still carrying the API's own headers.
    assert response.headers["X-Request-Id"]
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("wrong", ["", "x", CURRENT[:-1], CURRENT + "x", CURRENT.upper(), " " + CURRENT])
def test_a_request_with_a_wrong_origin_header_is_refused(protected: Any, wrong: str) -> None:
    response = protected.get("/api/health", headers={ORIGIN_VERIFY_HEADER: wrong})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_a_request_with_the_right_origin_header_is_served(protected: Any) -> None:
    response = protected.get("/api/health", headers={ORIGIN_VERIFY_HEADER: CURRENT})
    assert response.status_code == 200
    assert response.get_json()["table_reachable"] is True


def test_every_route_and_method_is_behind_the_check_before_any_parsing(protected: Any) -> None:
    # Refused before routing and body validation: a direct caller learns nothing about the API.
    assert protected.get("/api/no-such-thing").status_code == 403
    assert protected.post("/api/score/attempts", data="not json").status_code == 403
    assert protected.delete("/api/health").status_code == 403


def test_during_a_rotation_the_also_accepted_value_is_accepted_too(deps: Any) -> None:
    client = _client(deps, json.dumps({"current": CURRENT, "also_accept": PREVIOUS}))
    assert client.get("/api/health", headers={ORIGIN_VERIFY_HEADER: PREVIOUS}).status_code == 200
    assert client.get("/api/health", headers={ORIGIN_VERIFY_HEADER: CURRENT}).status_code == 200
    assert client.get("/api/health", headers={ORIGIN_VERIFY_HEADER: "p" * 53}).status_code == 403


def test_with_no_secret_configured_the_check_is_off(client: Any) -> None:
    assert client.get("/api/health").status_code == 200


@pytest.mark.parametrize(
    "document",
    ["not json", "[]", '{"also_accept": "' + PREVIOUS + '"}', '{"current": 7}', '{"current": "short"}'],
)
def test_a_malformed_secret_stops_the_app_from_starting_rather_than_serving_unprotected(document: str) -> None:
    with pytest.raises(OriginSecretMisconfigured):
        accepted_values(document)


def test_the_comparison_checks_every_accepted_value_and_any_length() -> None:
    accepted = accepted_values(json.dumps({"current": CURRENT, "also_accept": PREVIOUS}))
    assert accepted == [CURRENT.encode(), PREVIOUS.encode()]
    assert is_expected(PREVIOUS, accepted)
    assert not is_expected("", accepted)
    assert not is_expected("é" * 40, accepted)
    assert accepted_values("") == []


def test_the_lambda_handler_refuses_an_http_api_event_without_the_header_and_serves_one_with_it(
    deps: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from functions import api
    from functions.web.areas import lazy_api

    settings = deps.settings.model_copy(update={"origin_verify_secret": json.dumps({"current": CURRENT})})
    api._adapter.cache_clear()
    monkeypatch.setattr(api, "create_app", lambda: lazy_api(replace(deps, settings=settings)))
    try:
        event = load_event("http_get_health.json")
        refused = invoke_lambda(api.handler, event)
        assert refused["statusCode"] == 403
        assert json.loads(refused["body"])["error"]["code"] == "forbidden"
        # API Gateway lower-cases header names, as CloudFront's custom header arrives.
        event["headers"][ORIGIN_VERIFY_HEADER.lower()] = CURRENT
        assert invoke_lambda(api.handler, event)["statusCode"] == 200
    finally:
        api._adapter.cache_clear()
