"""The API's platform behaviour on moto: health, the error shape, limits and request ids."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from flask import Response

from functions.errors import ValidationFailed
from functions.web.routing import ApiBlueprint, json_response
from functions.web.schemas import StrictModel


def test_health_reports_versions_and_a_reachable_table(client: Any, bundle_dir: Any) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["table_reachable"] is True
    assert len(body["content_version"] or "") == 16
    assert body["code_version"] == "dev"


def test_health_says_degraded_when_the_table_is_missing(client: Any, aws: Any) -> None:
    import boto3

    boto3.client("dynamodb").delete_table(TableName=aws.outputs["TableName"])
    body = client.get("/api/health").get_json()
    assert body == {**body, "status": "degraded", "table_reachable": False}


def test_unknown_route_is_a_json_404(client: Any) -> None:
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_wrong_method_is_a_json_405_with_allow(client: Any) -> None:
    response = client.delete("/api/health")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


def test_every_response_carries_a_request_id_and_security_headers(client: Any) -> None:
    response = client.get("/api/health", headers={"X-Request-Id": "abcdef123456"})
    assert response.headers["X-Request-Id"] == "abcdef123456"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    forged = client.get("/api/health", headers={"X-Request-Id": "<script>"})
    assert forged.headers["X-Request-Id"] != "<script>"
    assert len(forged.headers["X-Request-Id"]) == 32


class Echo(StrictModel):
    name: str
    count: int


echo = ApiBlueprint("echo_test", __name__, tag="test")


@echo.operation("/api/test/echo", "POST", summary="echo", body=Echo, responses={200: Echo})
def echo_view(body: Echo) -> Response:
    if body.name == "boom":
        raise RuntimeError("a bug")
    if body.name == "invalid":
        raise ValidationFailed("bad")
    return json_response(body)


@pytest.fixture
def echo_client(deps: Any) -> Any:
    from functions.web.app import create_app

    app = create_app(deps=deps)
    app.register_blueprint(echo)
    return app.test_client()


def test_a_valid_body_reaches_the_view(echo_client: Any) -> None:
    response = echo_client.post("/api/test/echo", json={"name": "x", "count": 2})
    assert response.status_code == 200
    assert response.get_json() == {"name": "x", "count": 2}


@pytest.mark.parametrize(
    ("kwargs", "status", "field"),
    [
        ({"data": "{not json", "content_type": "application/json"}, 400, "body"),
        ({"data": "[" * 5_000 + "]" * 5_000, "content_type": "application/json"}, 400, "body"),  # too deep
        ({"data": "name=x", "content_type": "application/x-www-form-urlencoded"}, 415, "Content-Type"),
        ({"json": {"name": "x"}}, 422, "count"),
        ({"json": {"name": "x", "count": "many"}}, 422, "count"),
        ({"json": {"name": "x", "count": 1, "extra": 1}}, 422, "extra"),
        ({"json": ["name"]}, 422, "body"),
        (
            {"data": '{"name": "' + "x" * 70_000 + '", "count": 1}', "content_type": "application/json"},
            413,
            "body",
        ),
    ],
)
def test_bad_bodies_get_a_4xx_naming_the_field(
    echo_client: Any, kwargs: dict[str, Any], status: int, field: str
) -> None:
    response = echo_client.post("/api/test/echo", **kwargs)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert field in [f["field"] for f in error["fields"]]
    assert "Traceback" not in response.get_data(as_text=True)


def test_a_bug_answers_500_json_and_logs_the_request_id(echo_client: Any, caplog: Any) -> None:
    logging.getLogger("functions").addHandler(caplog.handler)
    try:
        response = echo_client.post(
            "/api/test/echo", json={"name": "boom", "count": 1}, headers={"X-Request-Id": "req-12345678"}
        )
    finally:
        logging.getLogger("functions").removeHandler(caplog.handler)
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal_error"
    assert "a bug" not in response.get_data(as_text=True)
    (record,) = [r for r in caplog.records if r.name == "functions.web"]
    assert record.request_id == "req-12345678"
    assert record.exc_info is not None
    assert str(record.exc_info[1]) == "a bug"


def test_openapi_lists_every_declared_route(client: Any) -> None:
    from functions.web.routing import REGISTRY

    document = client.get("/api/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    for operation in REGISTRY.operations:
        if operation.tag == "test":
            continue
        path = operation.rule.replace("<", "{").replace(">", "}")
        assert operation.method.lower() in document["paths"][path]
