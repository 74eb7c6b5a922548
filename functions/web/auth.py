"""Bearer-token authentication: the one place that parses and verifies Cognito JWTs.

Routes declare `auth="user"` or `auth="admin"` on their operation; `authorize` runs before the
view and leaves the verified caller in `current_principal()`.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import jwt
from flask import current_app, g, request

from functions.errors import Forbidden, Unauthorized

AuthLevel = Literal["public", "user", "admin"]
JwksFetcher = Callable[[], dict[str, Any]]
LEEWAY_SECONDS = 30


@dataclass(frozen=True)
class Principal:
    """The verified caller: Cognito's `sub` is the user id everywhere in the portal."""

    user_id: str
    username: str
    groups: frozenset[str]

    @property
    def is_admin(self) -> bool:
        return "admin" in self.groups


class TokenVerifier:
    """Verifies access tokens against the pool's JWKS, fetched once and refreshed on an unknown kid."""

    def __init__(self, *, issuer: str, client_id: str, fetch_jwks: JwksFetcher) -> None:
        self._issuer = issuer
        self._client_id = client_id
        self._fetch_jwks = fetch_jwks
        self._keys: dict[str, Any] = {}
        self._lock = threading.Lock()

    def _key_for(self, kid: str) -> Any:
        with self._lock:
            if kid not in self._keys:
                jwks = jwt.PyJWKSet.from_dict(self._fetch_jwks())
                self._keys = {key.key_id: key.key for key in jwks.keys if key.key_id}
            if kid not in self._keys:
                raise Unauthorized("The token was signed by an unknown key.")
            return self._keys[kid]

    def verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
            claims = jwt.decode(
                token,
                self._key_for(str(header.get("kid", ""))),
                algorithms=["RS256"],
                issuer=self._issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "sub", "token_use"], "verify_aud": False},
            )
        except jwt.PyJWTError as exc:
            raise Unauthorized("The access token is not valid.") from exc
        if claims.get("token_use") != "access":
            raise Unauthorized("An access token is required.")
        if claims.get("client_id") != self._client_id:
            raise Unauthorized("The token was issued to another client.")
        return Principal(
            user_id=str(claims["sub"]),
            username=str(claims.get("username", claims["sub"])),
            groups=frozenset(claims.get("cognito:groups", [])),
        )


def fetch_jwks_over_http(url: str) -> JwksFetcher:
    def fetch() -> dict[str, Any]:
        if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise Unauthorized("The key set address is not trusted.")
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (scheme checked above)
            return json.loads(response.read())  # type: ignore[no-any-return]

    return fetch


def authorize(level: AuthLevel) -> None:
    """Check the bearer token for a route of the given level; public routes pass untouched."""
    if level == "public":
        return
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Sign in to use this.")
    verifier: TokenVerifier = current_app.extensions["token_verifier"]
    principal = verifier.verify(token.strip())
    if level == "admin" and not principal.is_admin:
        raise Forbidden("This needs the admin role.")
    g.principal = principal


def current_principal() -> Principal:
    """The verified caller of a protected route (only valid inside one)."""
    principal: Principal = g.principal
    return principal
