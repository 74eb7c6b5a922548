"""Every protected operation the app has, against every kind of bad credential.

The operations come from walking the app's URL map (matched to `REGISTRY.operations`), so a
route added later is covered without touching this file. Each bad credential must be refused
with 401/403/404, never 500, and never answer with another user's data.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from werkzeug.routing import IntegerConverter, Rule

from functions.config import Settings
from functions.web.app import create_app
from functions.web.routing import REGISTRY, Operation


def protected_operations() -> list[tuple[Rule, Operation]]:
    """(rule, operation) for every non-public route of the real app, in URL-map order."""
    app = create_app(settings=Settings(user_pool_id="eu-west-2_probe", user_pool_client_id="probe"))
    by_endpoint = {(op.endpoint, op.method): op for op in REGISTRY.operations}  # filled as create_app loads the areas
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            op = by_endpoint.get((rule.endpoint, method))
            if op is not None and op.auth != "public":
                found.append((rule, op))
    return found


PROTECTED = protected_operations()


def test_the_matrix_sees_the_account_routes_so_it_is_not_vacuous() -> None:
    seen = {(op.method, op.rule) for _, op in PROTECTED}
    assert {("GET", "/api/me"), ("GET", "/api/me/export"), ("DELETE", "/api/me")} <= seen


def url_for(rule: Rule) -> str:
    """The rule with a plausible value in each variable (ids nobody owns)."""
    values: dict[str, Any] = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        values[name] = 7 if isinstance(converter, IntegerConverter) else "a0b1c2d3e4f5a6b7c8d9"
    path = rule.rule
    for name, value in values.items():
        path = path.replace(f"<{name}>", str(value))
        for prefix in ("int:", "string:", "path:", "uuid:"):
            path = path.replace(f"<{prefix}{name}>", str(value))
    return path


def call(client: Any, rule: Rule, op: Operation, headers: dict[str, str]) -> Any:
    kwargs: dict[str, Any] = {"headers": headers}
    if op.method in ("POST", "PUT", "PATCH"):
        kwargs["json"] = {}
    return client.open(url_for(rule), method=op.method, **kwargs)


def moto_private_key() -> Any:
    from moto.utilities.utils import load_resource

    jwk = load_resource("cognitoidp/resources/jwks-private.json")
    return jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(jwk))


def claims(settings: Settings, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {
        "sub": "3f1c5a4e-0000-4000-8000-00000000abcd",
        "iss": settings.cognito_issuer,
        "client_id": settings.user_pool_client_id,
        "token_use": "access",
        "iat": now,
        "auth_time": now,
        "exp": now + 3600,
        "jti": "j1",
        "username": "3f1c5a4e-0000-4000-8000-00000000abcd",
        "cognito:groups": ["admin"],
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def signed(payload: dict[str, Any], key: Any = None, kid: str = "dummy", alg: str = "RS256") -> str:
    return jwt.encode(payload, key if key is not None else moto_private_key(), algorithm=alg, headers={"kid": kid})


def other_rsa_key() -> Any:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def forged_hs256(settings: Settings) -> str:
    """HS256 "signed" with the public key: the classic algorithm-confusion forgery."""
    import base64
    import hashlib
    import hmac

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = b64(json.dumps({"alg": "HS256", "kid": "dummy"}).encode())
    body = b64(json.dumps(claims(settings)).encode())
    from moto.utilities.utils import load_resource

    secret = json.dumps(load_resource("cognitoidp/resources/jwks-public.json")).encode()
    signature = b64(hmac.new(secret, f"{header}.{body}".encode(), hashlib.sha256).digest())
    return f"{header}.{body}.{signature}"


BadToken = Callable[[Settings], str | None]
BAD_CREDENTIALS: dict[str, BadToken] = {
    "no token": lambda s: None,
    "malformed token": lambda s: "not.a.jwt",
    "garbage in the bearer slot": lambda s: "Zm9v",
    "bad signature (another RSA key, same kid)": lambda s: signed(claims(s), key=other_rsa_key()),
    "unknown key id": lambda s: signed(claims(s), key=other_rsa_key(), kid="rotated-away"),
    "wrong issuer": lambda s: signed(claims(s, iss="https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_other")),
    "wrong audience (client_id)": lambda s: signed(claims(s, client_id="another-app-client")),
    "id token instead of access token": lambda s: signed(
        claims(s, token_use="id", client_id=None, aud=s.user_pool_client_id)
    ),
    "expired": lambda s: signed(claims(s, iat=int(time.time()) - 7200, exp=int(time.time()) - 3600)),
    "issued in the future": lambda s: signed(claims(s, iat=int(time.time()) + 3600, exp=int(time.time()) + 7200)),
    "missing client_id": lambda s: signed(claims(s, client_id=None)),
    "alg none": lambda s: jwt.encode(claims(s), key=None, algorithm="none", headers={"kid": "dummy"}),
    "HS256 with the public key as secret": forged_hs256,
}


@pytest.mark.parametrize("case", list(BAD_CREDENTIALS))
def test_every_protected_route_refuses_a_bad_credential(client: Any, deps: Any, case: str) -> None:
    token = BAD_CREDENTIALS[case](deps.settings)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    answers = {f"{op.method} {op.rule}": call(client, rule, op, headers).status_code for rule, op in PROTECTED}
    assert answers == {name: 401 for name in answers}


def test_a_token_that_is_valid_except_for_the_signature_would_pass_so_the_cases_are_meaningful(
    client: Any, deps: Any
) -> None:
    """The same claims, properly signed, are accepted by the verifier (it is the one thing wrong each time)."""
    verifier = client.application.extensions["token_verifier"]
    principal = verifier.verify(signed(claims(deps.settings)))
    assert principal.user_id == "3f1c5a4e-0000-4000-8000-00000000abcd"


@pytest.mark.parametrize(("rule", "op"), PROTECTED, ids=[f"{op.method} {op.rule}" for _, op in PROTECTED])
def test_another_users_valid_token_never_reaches_this_users_data(
    client: Any, signed_in: Any, rule: Rule, op: Operation
) -> None:
    ann = signed_in("ann@example.com", name="Ann Owner")
    bob = signed_in("bob@example.com", name="Bob Other")
    response = call(client, rule, op, bob.headers)
    assert response.status_code < 500
    text = response.get_data(as_text=True)
    assert ann.user_id not in text
    assert "ann@example.com" not in text
    assert "Ann Owner" not in text
    if op.auth == "admin":
        assert response.status_code == 403
    if rule.arguments:
        # Ids Bob does not own (here: that nobody owns) are never a success.
        assert 400 <= response.status_code < 500
    # Ann's account is untouched by whatever Bob did.
    assert client.get("/api/me", headers=ann.headers).get_json()["email"] == "ann@example.com"
