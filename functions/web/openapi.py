"""The OpenAPI 3.1 document, generated from the same pydantic models that validate requests."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from functions.web.routing import Operation
from functions.web.schemas import ErrorResponse

_FLASK_PARAM = re.compile(r"<(?:[a-z_]+:)?([a-zA-Z_][a-zA-Z0-9_]*)>")
_REF = "#/components/schemas/{model}"


def _schema_ref(model: type[BaseModel], components: dict[str, Any]) -> dict[str, str]:
    schema = model.model_json_schema(ref_template=_REF)
    components.update(schema.pop("$defs", {}))
    components[model.__name__] = schema
    return {"$ref": _REF.format(model=model.__name__)}


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(ref_template=_REF)
    required = set(schema.get("required", []))
    return [
        {"name": name, "in": "query", "required": name in required, "schema": prop}
        for name, prop in schema.get("properties", {}).items()
    ]


def _operation(op: Operation, components: dict[str, Any]) -> dict[str, Any]:
    params: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
        for name in _FLASK_PARAM.findall(op.rule)
    ]
    if op.query is not None:
        params += _query_parameters(op.query)
    params += [{"name": name, "in": "header", "required": False, "schema": {"type": "string"}} for name in op.headers]
    error = {"content": {"application/json": {"schema": _schema_ref(ErrorResponse, components)}}}
    responses: dict[str, Any] = {}
    for status, model in op.responses.items():
        entry: dict[str, Any] = {"description": f"HTTP {status}"}
        if model is not None:
            entry["content"] = {"application/json": {"schema": _schema_ref(model, components)}}
        responses[str(status)] = entry
    responses["4XX"] = {"description": "Invalid request; the body names the field.", **error}
    doc: dict[str, Any] = {
        "operationId": op.endpoint.replace(".", "_"),
        "summary": op.summary,
        "tags": [op.tag],
        "parameters": params,
        "responses": responses,
    }
    if op.body is not None:
        doc["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _schema_ref(op.body, components)}},
        }
    if op.auth != "public":
        doc["security"] = [{"bearer": []}]
    return doc


def build_openapi(operations: list[Operation], *, version: str) -> dict[str, Any]:
    """Every declared operation, with its schemas under components."""
    components: dict[str, Any] = {}
    paths: dict[str, dict[str, Any]] = {}
    for op in sorted(operations, key=lambda o: (o.rule, o.method)):
        path = _FLASK_PARAM.sub(r"{\1}", op.rule)
        paths.setdefault(path, {})[op.method.lower()] = _operation(op, components)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Agent Boss portal API", "version": version},
        "paths": paths,
        "components": {
            "schemas": dict(sorted(components.items())),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }
