"""The schemathesis check is not a test that cannot fail: it catches a 5xx and an off-schema response."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask, jsonify

from tests.e2e.schema_fuzz import assert_every_operation_conforms


def _tiny_api(greeting: Any, status: int = 200) -> Flask:
    """One documented GET route whose answer the test chooses."""
    app = Flask("tiny")
    document = {
        "openapi": "3.1.0",
        "info": {"title": "tiny", "version": "1"},
        "paths": {
            "/greeting": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"text": {"type": "string"}},
                                        "required": ["text"],
                                        "additionalProperties": False,
                                    }
                                }
                            },
                        }
                    }
                }
            }
        },
    }
    app.add_url_rule("/openapi.json", "openapi", lambda: jsonify(document))
    app.add_url_rule("/greeting", "greeting", lambda: (jsonify(greeting), status))
    return app


def _check(app: Flask) -> int:
    return assert_every_operation_conforms(schemathesis.openapi.from_wsgi("/openapi.json", app), max_examples=5)


def test_the_check_passes_a_route_that_keeps_its_schema() -> None:
    assert _check(_tiny_api({"text": "hello"})) == 1


def _failures(app: Flask) -> set[str]:
    with pytest.raises(BaseExceptionGroup) as raised:
        _check(app)
    return {type(failure).__name__ for failure in raised.value.exceptions}


def test_the_check_fails_on_a_route_that_answers_500() -> None:
    assert "ServerError" in _failures(_tiny_api({"error": "boom"}, status=500))


def test_the_check_fails_on_a_response_that_breaks_its_schema() -> None:
    assert _failures(_tiny_api({"text": 42})) == {"JsonSchemaError"}
