"""One origin, as CloudFront gives in production: `/api/*` to the API Lambda, the rest from the built site."""

from __future__ import annotations

import asyncio
import base64
import gzip
import mimetypes
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml
from werkzeug.wrappers import Request, Response

from devstack.lambda_events import LocalContext, http_api_event

SECURITY_HEADERS_FILE = Path(__file__).resolve().parent.parent / "infra" / "security-headers.yml"
_FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.[a-z0-9]+$")
# CloudFront compresses these types when the viewer accepts gzip and the body is 1,000 bytes or more.
_COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/xml", "image/svg+xml")
_MIN_COMPRESS_BYTES = 1000

LambdaHandler = Callable[[dict[str, Any], Any], dict[str, Any]]


def security_headers() -> dict[str, str]:
    """The site's security headers, from the one definition CloudFront uses too."""
    headers: dict[str, str] = yaml.safe_load(SECURITY_HEADERS_FILE.read_text(encoding="utf-8"))
    return {name: " ".join(str(value).split()) for name, value in headers.items()}


def compress_like_cloudfront(request: Request, response: Response) -> None:
    """Gzip a compressible body when the client accepts it, as the distribution's `Compress: true` does."""
    if response.direct_passthrough or "Content-Encoding" in response.headers:
        return
    if not (response.mimetype or "").startswith(_COMPRESSIBLE):
        return
    response.vary.add("Accept-Encoding")
    body = response.get_data()
    if len(body) < _MIN_COMPRESS_BYTES or request.accept_encodings.quality("gzip") <= 0:
        return
    response.set_data(gzip.compress(body, mtime=0))
    response.headers["Content-Encoding"] = "gzip"


class Gateway:
    """A WSGI app that routes like the CloudFront distribution."""

    def __init__(
        self, site_dir: Path, api_handler: LambdaHandler, origin_headers: dict[str, str] | None = None
    ) -> None:
        self.site_dir = site_dir.resolve()
        self.api_handler = api_handler
        self.headers = security_headers()
        # The API origin's custom headers (the distribution's OriginCustomHeaders): the origin secret.
        self.origin_headers = {name.lower(): value for name, value in (origin_headers or {}).items()}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        response = self.api(request) if request.path.startswith("/api/") else self.static(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        compress_like_cloudfront(request, response)
        return response(environ, start_response)

    def api(self, request: Request) -> Response:
        # Mangum drives the app on the thread's event loop; Lambda's main thread has one, server threads do not.
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            event = http_api_event(request)
            # As CloudFront does, an origin custom header replaces one of that name from the viewer.
            event["headers"].update(self.origin_headers)
            result = self.api_handler(event, LocalContext(timeout_seconds=29))
        finally:
            asyncio.set_event_loop(None)
            loop.close()
        body = result.get("body") or ""
        data = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode("utf-8")
        response = Response(data, status=result["statusCode"])
        response.headers.clear()
        for name, value in (result.get("headers") or {}).items():
            response.headers[name] = value
        for name, values in (result.get("multiValueHeaders") or {}).items():
            for value in values:
                response.headers.add(name, value)
        for cookie in result.get("cookies") or []:
            response.headers.add("Set-Cookie", cookie)
        return response

    def resolve(self, url_path: str) -> Path | None:
        """The file a URL path maps to (directories serve index.html), never outside the site."""
        candidate = (self.site_dir / url_path.lstrip("/")).resolve()
        if not candidate.is_relative_to(self.site_dir):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def static(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response("Method not allowed", status=405, headers={"Allow": "GET, HEAD"})
        if not request.path.endswith("/") and (self.site_dir / request.path.lstrip("/")).is_dir():
            return Response(status=301, headers={"Location": request.path + "/"})
        path = self.resolve(request.path)
        status = 200
        if path is None:
            path, status = self.resolve("/404.html"), 404
            if path is None:
                return Response("Not found", status=404, mimetype="text/plain")
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        response = Response(path.read_bytes(), status=status, mimetype=mimetype)
        immutable = _FINGERPRINTED.search(path.name) is not None
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable" if immutable else "no-cache"
        return response
