"""Declared API operations: one decorator validates the request and records the OpenAPI entry.

Written here rather than taken from flask-openapi3 or spectree: those replace Flask's app or
response classes and shape errors their own way, while this keeps the one error shape, adds
nothing to cold start and is about a hundred lines.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import Blueprint, Response, current_app, request
from pydantic import BaseModel, ValidationError

from functions.deps import Deps
from functions.errors import BadRequest, FieldError, PayloadTooLarge, UnsupportedMediaType, ValidationFailed
from functions.web.auth import AuthLevel, authorize


@dataclass(frozen=True)
class Operation:
    """What the OpenAPI document says about one route."""

    rule: str
    method: str
    endpoint: str
    summary: str
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    responses: dict[int, type[BaseModel] | None]
    auth: AuthLevel
    tag: str
    headers: tuple[str, ...] = ()


@dataclass
class Registry:
    operations: list[Operation] = field(default_factory=list)


REGISTRY = Registry()


def validation_error(exc: ValidationError, prefix: str = "") -> ValidationFailed:
    """Turn pydantic's errors into field-named ones (`answers.q1`)."""
    fields = []
    for problem in exc.errors(include_url=False):
        path = ".".join(str(part) for part in problem["loc"])
        name = f"{prefix}.{path}" if prefix and path else (prefix or path or "body")
        fields.append(FieldError(name, problem["msg"]))
    return ValidationFailed("The request has invalid fields.", fields=fields)


def parse_body(model: type[BaseModel], max_bytes: int) -> BaseModel:
    """Read a JSON body into `model`, with every failure a 4xx naming the field."""
    if request.content_length is not None and request.content_length > max_bytes:
        raise PayloadTooLarge(f"The body is larger than {max_bytes} bytes.", fields=[FieldError("body", "too large")])
    if request.mimetype != "application/json":
        raise UnsupportedMediaType(
            "Send the body as application/json.",
            fields=[FieldError("Content-Type", "must be application/json")],
        )
    raw = request.get_data(cache=True)
    if len(raw) > max_bytes:
        raise PayloadTooLarge(f"The body is larger than {max_bytes} bytes.", fields=[FieldError("body", "too large")])
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest("The body is not valid JSON.", fields=[FieldError("body", str(exc))]) from exc
    except RecursionError as exc:  # "[[[[..." thousands deep fits in a small body
        raise BadRequest("The body is nested too deeply.", fields=[FieldError("body", "nested too deeply")]) from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc) from exc


def parse_query(model: type[BaseModel]) -> BaseModel:
    data = {key: values[0] if len(values) == 1 else values for key, values in request.args.lists()}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc) from exc


class ApiBlueprint(Blueprint):
    """A Blueprint whose routes are declared with `operation`, so each is validated and documented."""

    def __init__(self, name: str, import_name: str, *, tag: str, max_body_bytes: int = 64 * 1024) -> None:
        super().__init__(name, import_name)
        self.tag = tag
        self.max_body_bytes = max_body_bytes

    def operation(
        self,
        rule: str,
        method: str,
        *,
        summary: str,
        responses: dict[int, type[BaseModel] | None],
        body: type[BaseModel] | None = None,
        query: type[BaseModel] | None = None,
        auth: AuthLevel = "public",
        headers: tuple[str, ...] = (),
    ) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
        def decorator(view: Callable[..., Response]) -> Callable[..., Response]:
            @wraps(view)
            def validated(**kwargs: Any) -> Response:
                authorize(auth)
                if body is not None:
                    kwargs["body"] = parse_body(body, self.max_body_bytes)
                if query is not None:
                    kwargs["query"] = parse_query(query)
                return view(**kwargs)

            self.add_url_rule(rule, endpoint=view.__name__, view_func=validated, methods=[method])
            REGISTRY.operations.append(
                Operation(
                    rule=rule,
                    method=method,
                    endpoint=f"{self.name}.{view.__name__}",
                    summary=summary,
                    body=body,
                    query=query,
                    responses=responses,
                    auth=auth,
                    tag=self.tag,
                    headers=headers,
                )
            )
            return validated

        return decorator


def current_deps() -> Deps:
    """The app's dependencies (settings, clock, AWS clients), for a view serving a request."""
    deps: Deps = current_app.extensions["deps"]
    return deps


def json_response(
    payload: BaseModel | dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """Serialise a model (or a plain dict) as the response body."""
    data = payload.model_dump(mode="json") if isinstance(payload, BaseModel) else payload
    return Response(
        json.dumps(data, separators=(",", ":")), status=status, headers=headers, mimetype="application/json"
    )
