"""Request ids and the headers every API response carries."""

from __future__ import annotations

import re
import uuid

from flask import Flask, Response, g, request

from functions.logs import request_id_var

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

API_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}


def install_request_context(app: Flask) -> None:
    @app.before_request
    def assign_request_id() -> None:
        incoming = request.headers.get("X-Request-Id", "")
        g.request_id = incoming if _SAFE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request_id_var.set(g.request_id)

    @app.after_request
    def add_headers(response: Response) -> Response:
        response.headers["X-Request-Id"] = g.get("request_id", "-")
        for name, value in API_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
