"""The Score through the real Lambda entry point, fed API Gateway HTTP API events."""

from __future__ import annotations

import json
from typing import Any

from functions.bundle import load_bundle
from tests.conftest import invoke_lambda, load_event
from tests.score_helpers import submission


def _post_event(body: dict[str, Any]) -> dict[str, Any]:
    event = load_event("http_post_score_attempt.json")
    event["body"] = json.dumps(body)
    event["headers"]["content-length"] = str(len(event["body"].encode()))
    return event


def test_an_attempt_posted_through_api_gateway_is_scored_stored_and_fetched(api_handler: Any, deps: Any) -> None:
    section = load_bundle(deps.settings.bundle_dir).section("score")
    created = invoke_lambda(api_handler, _post_event(submission(section)))
    assert created["statusCode"] == 201, created["body"]
    result = json.loads(created["body"])
    assert result["overall"] == 100

    replay = invoke_lambda(api_handler, _post_event(submission(section)))
    assert json.loads(replay["body"])["id"] == result["id"]  # the event's Idempotency-Key

    event = load_event("http_get_score_attempt.json")
    event["rawPath"] = event["requestContext"]["http"]["path"] = f"/api/score/attempts/{result['id']}"
    fetched = invoke_lambda(api_handler, event)
    assert fetched["statusCode"] == 200
    assert json.loads(fetched["body"]) == result


def test_the_rate_limit_counts_the_source_ip_of_the_gateway_event(api_handler: Any, deps: Any) -> None:
    section = load_bundle(deps.settings.bundle_dir).section("score")
    deps.settings = deps.settings.model_copy(update={"score_attempts_per_hour": 1})
    first = _post_event(submission(section))
    del first["headers"]["idempotency-key"]
    assert invoke_lambda(api_handler, first)["statusCode"] == 201
    limited = invoke_lambda(api_handler, first)
    assert limited["statusCode"] == 429
    assert int(limited["headers"]["retry-after"]) > 0
    first["requestContext"]["http"]["sourceIp"] = "198.51.100.77"
    assert invoke_lambda(api_handler, first)["statusCode"] == 201


def test_an_ipv6_client_cannot_escape_the_rate_limit_by_rotating_within_its_64(api_handler: Any, deps: Any) -> None:
    section = load_bundle(deps.settings.bundle_dir).section("score")
    deps.settings = deps.settings.model_copy(update={"score_attempts_per_hour": 1})
    event = _post_event(submission(section))
    del event["headers"]["idempotency-key"]
    event["requestContext"]["http"]["sourceIp"] = "2001:db8:7:1::1"
    assert invoke_lambda(api_handler, event)["statusCode"] == 201
    event["requestContext"]["http"]["sourceIp"] = "2001:db8:7:1:ffff:ffff:ffff:fffe"
    assert invoke_lambda(api_handler, event)["statusCode"] == 429
    event["requestContext"]["http"]["sourceIp"] = "2001:db8:7:2::1"  # another /64: another client
    assert invoke_lambda(api_handler, event)["statusCode"] == 201


def test_a_body_that_is_not_json_is_a_400_naming_the_body(api_handler: Any) -> None:
    event = _post_event({})
    event["body"] = "{not json"
    event["headers"]["content-length"] = str(len(event["body"]))
    response = invoke_lambda(api_handler, event)
    assert response["statusCode"] == 400
    assert json.loads(response["body"])["error"]["fields"][0]["field"] == "body"
