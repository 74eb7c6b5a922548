"""The browser session's cookies and the CSRF check on the routes that use them.

- The refresh token lives in `__Secure-ab_refresh`: HttpOnly (no script can read it), Secure,
  SameSite=Strict, and Path=/api/auth, so the browser sends it to the refresh and sign-out
  routes only and never to any other API route or page.
- `__Host-ab_csrf` holds a random token that scripts on our origin can read (not HttpOnly). The
  cookie-authenticated routes require it back in the `X-CSRF-Token` header (double submit).
  Another site can make the browser send our cookies (SameSite=Strict already stops that in
  current browsers) but can neither read the token nor set a custom header without CORS,
  which this API never grants. The `__Host-` prefix stops a sibling subdomain from planting
  its own token. Its presence also tells the pages "probably signed in" without a request.
"""

from __future__ import annotations

import hmac
import secrets

from flask import Response, request

from functions.errors import Forbidden

REFRESH_COOKIE = "__Secure-ab_refresh"
REFRESH_COOKIE_PATH = "/api/auth"
CSRF_COOKIE = "__Host-ab_csrf"
CSRF_HEADER = "X-CSRF-Token"


def set_session_cookies(response: Response, refresh_token: str, max_age_seconds: int) -> None:
    """Start a browser session: the refresh cookie and a fresh CSRF token."""
    response.set_cookie(
        REFRESH_COOKIE,
        refresh_token,
        max_age=max_age_seconds,
        path=REFRESH_COOKIE_PATH,
        secure=True,
        httponly=True,
        samesite="Strict",
    )
    response.set_cookie(
        CSRF_COOKIE,
        secrets.token_urlsafe(32),
        max_age=max_age_seconds,
        path="/",
        secure=True,
        httponly=False,
        samesite="Strict",
    )


def clear_session_cookies(response: Response) -> None:
    response.delete_cookie(REFRESH_COOKIE, path=REFRESH_COOKIE_PATH, secure=True, httponly=True, samesite="Strict")
    response.delete_cookie(CSRF_COOKIE, path="/", secure=True, samesite="Strict")


def refresh_token_from_cookie() -> str | None:
    return request.cookies.get(REFRESH_COOKIE) or None


def require_csrf_token() -> None:
    """Refuse a cookie-authenticated request whose X-CSRF-Token header does not match its CSRF cookie."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    header = request.headers.get(CSRF_HEADER, "")
    if not cookie or not hmac.compare_digest(cookie.encode("utf-8"), header.encode("utf-8")):
        raise Forbidden("The request is missing its CSRF token: reload the page and try again.")
