"""One JSON error handler for everything: project errors, Flask's own, and bugs."""

from __future__ import annotations

import logging

from flask import Flask, Response
from werkzeug.exceptions import HTTPException

from functions.errors import ProjectError, RateLimited
from functions.web.routing import json_response
from functions.web.schemas import ErrorBody, ErrorResponse, FieldProblem

log = logging.getLogger("functions.web")


def error_response(status: int, code: str, message: str, fields: list[FieldProblem] | None = None) -> Response:
    body = ErrorResponse(error=ErrorBody(code=code, message=message, fields=fields or []))
    return json_response(body, status=status)


def install_error_handlers(app: Flask) -> None:
    @app.errorhandler(ProjectError)
    def project_error(exc: ProjectError) -> Response:
        fields = [FieldProblem(field=f.field, message=f.message) for f in exc.fields]
        response = error_response(exc.status, exc.code, exc.message, fields)
        if isinstance(exc, RateLimited):
            response.headers["Retry-After"] = str(exc.retry_after_seconds)
        if exc.status >= 500:
            log.error("request failed", exc_info=exc)
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        status = exc.code or 500
        code = (exc.name or "error").lower().replace(" ", "_")
        response = error_response(status, code, exc.description or exc.name or "error")
        if status == 405 and exc.response is None:
            allowed = getattr(exc, "valid_methods", None)
            if allowed:
                response.headers["Allow"] = ", ".join(allowed)
        return response

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception) -> Response:
        log.exception("unhandled error")
        return error_response(500, "internal_error", "Something went wrong on our side; it has been logged.")
