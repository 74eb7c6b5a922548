"""The token verifier's key cache: fetched once, refetched on an unknown kid at most once a minute."""

from __future__ import annotations

import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from functions.errors import Unauthorized, UpstreamUnavailable
from functions.web.auth import TokenVerifier

ISSUER = "https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_pool"


def key_pair(kid: str) -> tuple[Any, dict[str, Any]]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
    return private, {**public_jwk, "kid": kid, "alg": "RS256", "use": "sig"}


def token(private: Any, kid: str, **claims: Any) -> str:
    now = int(time.time())
    body = {"sub": "u1", "iss": ISSUER, "client_id": "web", "token_use": "access", "iat": now, "exp": now + 600}
    return jwt.encode({**body, **claims}, private, algorithm="RS256", headers={"kid": kid})


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class KeySet:
    def __init__(self, *jwks: dict[str, Any]) -> None:
        self.keys = list(jwks)
        self.fetches = 0
        self.failing = False

    def __call__(self) -> dict[str, Any]:
        self.fetches += 1
        if self.failing:
            raise OSError("connection refused")
        return {"keys": self.keys}


def verifier(keys: KeySet, clock: Clock) -> TokenVerifier:
    return TokenVerifier(issuer=ISSUER, client_id="web", fetch_jwks=keys, monotonic=clock)


def test_the_key_set_is_fetched_once_for_many_tokens() -> None:
    private, public = key_pair("k1")
    keys, clock = KeySet(public), Clock()
    check = verifier(keys, clock)
    for _ in range(20):
        assert check.verify(token(private, "k1")).user_id == "u1"
    assert keys.fetches == 1


def test_a_flood_of_unknown_kids_fetches_the_key_set_at_most_once_a_minute() -> None:
    _, public = key_pair("k1")
    forger, _ = key_pair("evil")
    keys, clock = KeySet(public), Clock()
    check = verifier(keys, clock)
    for n in range(50):
        with pytest.raises(Unauthorized):
            check.verify(token(forger, f"evil-{n}"))
    assert keys.fetches == 1
    clock.now += 61
    with pytest.raises(Unauthorized):
        check.verify(token(forger, "evil-late"))
    assert keys.fetches == 2


def test_a_rotated_key_is_picked_up_on_its_first_token_once_the_interval_has_passed() -> None:
    old_private, old_public = key_pair("old")
    new_private, new_public = key_pair("new")
    keys, clock = KeySet(old_public), Clock()
    check = verifier(keys, clock)
    check.verify(token(old_private, "old"))
    keys.keys.append(new_public)
    clock.now += 61
    assert check.verify(token(new_private, "new")).user_id == "u1"
    assert check.verify(token(old_private, "old")).user_id == "u1"


def test_an_unreachable_key_set_is_a_503_not_a_500_and_cached_keys_keep_working() -> None:
    private, public = key_pair("k1")
    keys, clock = KeySet(public), Clock()
    keys.failing = True
    check = verifier(keys, clock)
    with pytest.raises(UpstreamUnavailable):
        check.verify(token(private, "k1"))
    keys.failing = False
    assert check.verify(token(private, "k1")).user_id == "u1"
    keys.failing = True
    clock.now += 120
    with pytest.raises(Unauthorized):
        check.verify(token(private, "unknown"))
    assert check.verify(token(private, "k1")).user_id == "u1"


def test_expiry_has_a_small_leeway_and_no_more() -> None:
    private, public = key_pair("k1")
    check = verifier(KeySet(public), Clock())
    now = int(time.time())
    assert check.verify(token(private, "k1", iat=now - 700, exp=now - 10)).user_id == "u1"
    with pytest.raises(Unauthorized):
        check.verify(token(private, "k1", iat=now - 700, exp=now - 60))


def test_an_oversized_token_is_refused_without_parsing() -> None:
    keys = KeySet()
    check = verifier(keys, Clock())
    with pytest.raises(Unauthorized):
        check.verify("a" * 20_000)
    assert keys.fetches == 0
