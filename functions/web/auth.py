"""Bearer-token authentication: the one place that parses and verifies Cognito JWTs.

Routes declare `auth="user"` or `auth="admin"` on their operation; `authorize` runs before the
view and leaves the verified caller in `current_principal()`.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from flask import current_app, g, request

from functions.errors import Forbidden, Unauthorized, UpstreamUnavailable

log = logging.getLogger("functions.web.auth")

AuthLevel = Literal["public", "user", "admin"]
JwksFetcher = Callable[[], dict[str, Any]]
Monotonic = Callable[[], float]
# Clock skew tolerated on exp/iat/nbf: small, because an access token lives only an hour.
LEEWAY_SECONDS = 30
# An unknown kid triggers at most one key-set fetch per interval, so a flood of forged
# tokens cannot turn into a flood of requests to Cognito.
JWKS_REFRESH_INTERVAL_SECONDS = 60
# Cognito access tokens are about 1 KB; anything far larger is not one (and not worth parsing).
MAX_TOKEN_BYTES = 8 * 1024
REQUIRED_CLAIMS = ["exp", "iat", "iss", "sub", "token_use", "client_id"]


@dataclass(frozen=True)
class Principal:
    """The verified caller: Cognito's `sub` is the user id everywhere in the portal."""

    user_id: str
    username: str
    groups: frozenset[str]

    @property
    def is_admin(self) -> bool:
        return "admin" in self.groups


class KeyCache:
    """The pool's signing keys: fetched at first need, refetched on an unknown kid at most once per interval."""

    def __init__(self, fetch: JwksFetcher, *, min_interval: float, monotonic: Monotonic = time.monotonic) -> None:
        self._fetch = fetch
        self._min_interval = min_interval
        self._monotonic = monotonic
        self._keys: dict[str, Any] = {}
        self._fetched_at: float | None = None
        self._lock = threading.Lock()
        self.fetches = 0

    def key_for(self, kid: str) -> Any:
        """The public key for `kid`, or Unauthorized if the pool does not (yet) have it."""
        with self._lock:
            if kid not in self._keys and self._may_fetch():
                self._refresh()
            key = self._keys.get(kid)
        if key is None:
            raise Unauthorized("The token was signed by an unknown key.")
        return key

    def _may_fetch(self) -> bool:
        return self._fetched_at is None or self._monotonic() - self._fetched_at >= self._min_interval

    def _refresh(self) -> None:
        import jwt  # deferred: PyJWT loads `cryptography` (~40 ms), which anonymous requests never need

        self._fetched_at = self._monotonic()
        self.fetches += 1
        try:
            key_set = jwt.PyJWKSet.from_dict(self._fetch())
        except (OSError, ValueError, jwt.PyJWTError) as exc:
            # Keep the keys we had; a failed fetch with none cached is an outage, not the caller's fault.
            log.warning("jwks fetch failed", extra={"error": str(exc)})
            if not self._keys:
                self._fetched_at = None
                raise UpstreamUnavailable("Sign-in keys are unavailable; try again shortly.") from exc
            return
        self._keys = {key.key_id: key.key for key in key_set.keys if key.key_id and key.public_key_use in (None, "sig")}


class TokenVerifier:
    """Verifies Cognito access tokens: RS256 signature, issuer, client_id, token_use, expiry."""

    def __init__(
        self,
        *,
        issuer: str,
        client_id: str,
        fetch_jwks: JwksFetcher,
        refresh_interval: float = JWKS_REFRESH_INTERVAL_SECONDS,
        monotonic: Monotonic = time.monotonic,
    ) -> None:
        self._issuer = issuer
        self._client_id = client_id
        self.keys = KeyCache(fetch_jwks, min_interval=refresh_interval, monotonic=monotonic)

    def verify(self, token: str) -> Principal:
        """The principal of a valid access token; Unauthorized for anything else."""
        import jwt  # deferred: see KeyCache._refresh

        if len(token) > MAX_TOKEN_BYTES:
            raise Unauthorized("The access token is not valid.")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthorized("The access token is not valid.") from exc
        # Checked before any key lookup: `none`, HS256-with-the-public-key and friends never get further.
        if header.get("alg") != "RS256" or not isinstance(header.get("kid"), str):
            raise Unauthorized("The access token is not valid.")
        key = self.keys.key_for(header["kid"])
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=["RS256"],
                issuer=self._issuer,
                leeway=LEEWAY_SECONDS,
                # Cognito access tokens carry no `aud`; their audience is the `client_id` claim, checked below.
                options={"require": REQUIRED_CLAIMS, "verify_aud": False},
            )
        except jwt.PyJWTError as exc:
            raise Unauthorized("The access token is not valid.") from exc
        if claims["token_use"] != "access":  # noqa: S105 (a claim value)
            raise Unauthorized("An access token is required.")
        if claims["client_id"] != self._client_id:
            raise Unauthorized("The token was issued to another client.")
        if not isinstance(claims["sub"], str) or not claims["sub"]:
            raise Unauthorized("The access token is not valid.")
        groups = claims.get("cognito:groups", [])
        return Principal(
            user_id=claims["sub"],
            username=str(claims.get("username", claims["sub"])),
            groups=frozenset(str(group) for group in groups) if isinstance(groups, list) else frozenset(),
        )


def fetch_jwks_over_http(url: str) -> JwksFetcher:
    """A fetcher for the pool's JWKS address (https, or loopback for the local stack)."""

    def fetch() -> dict[str, Any]:
        if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise ValueError("The key set address is not trusted.")
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (scheme checked above)
            return json.loads(response.read())  # type: ignore[no-any-return]

    return fetch


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer ...` header, if the request has one."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def authorize(level: AuthLevel) -> None:
    """Check the bearer token for a route of the given level; public routes pass untouched."""
    if level == "public":
        return
    token = bearer_token()
    if token is None:
        raise Unauthorized("Sign in to use this.")
    verifier: TokenVerifier = current_app.extensions["token_verifier"]
    principal = verifier.verify(token)
    g.principal = principal
    g.access_token = token
    if level == "admin" and not principal.is_admin:
        raise Forbidden("This needs the admin role.")


def current_principal() -> Principal:
    """The verified caller of a protected route (only valid inside one)."""
    principal: Principal = g.principal
    return principal


def current_access_token() -> str:
    """The verified access token of a protected route, for Cognito calls made on the user's behalf."""
    token: str = g.access_token
    return token
