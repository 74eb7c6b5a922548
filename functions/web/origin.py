"""Only CloudFront may call the API: it adds a secret header that a direct caller of execute-api lacks.

The HTTP API's own address stays public (CloudFront needs it as its origin), and a request sent
there directly would skip the response headers policy and could forge `CloudFront-Viewer-Address`,
the address every per-client rate limit counts. The distribution adds `X-Origin-Verify` to each
API request (infra/edge.yml), replacing any a viewer sent, and the API refuses requests without it.

The setting holds the Secrets Manager secret's JSON: `current` is the value CloudFront sends;
`also_accept`, set only during a rotation, is accepted too, so that no edge is refused while the
distribution and the function change over (docs/deploy.md). Empty: no check (unit tests);
`make serve` sets it and its gateway adds the header, as CloudFront does.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from flask import Flask, request

from functions.deps import Deps
from functions.errors import Forbidden

ORIGIN_VERIFY_HEADER = "X-Origin-Verify"
# A generated value is 32+ characters; anything shorter is a mistake, not a secret.
MIN_SECRET_LENGTH = 32


class OriginSecretMisconfigured(ValueError):
    """The setting is not the secret's JSON: the function must fail at start, not serve unprotected."""


def accepted_values(document: str) -> list[bytes]:
    """The header values the API accepts, from the secret's JSON; none when no secret is configured."""
    if not document.strip():
        return []
    try:
        parsed = json.loads(document)
    except ValueError as exc:
        raise OriginSecretMisconfigured("ORIGIN_VERIFY_SECRET is not JSON") from exc
    if not isinstance(parsed, dict) or not isinstance(parsed.get("current"), str):
        raise OriginSecretMisconfigured('ORIGIN_VERIFY_SECRET needs a "current" string')
    values = [parsed["current"], parsed.get("also_accept") or ""]
    accepted = [v.encode("utf-8") for v in values if isinstance(v, str) and v]
    if any(len(v) < MIN_SECRET_LENGTH for v in accepted):
        raise OriginSecretMisconfigured(f"an origin secret is shorter than {MIN_SECRET_LENGTH} characters")
    return accepted


def is_expected(presented: str, accepted: list[bytes]) -> bool:
    """Whether the header value is one of the accepted ones, in time independent of both.

    Digests first, so the comparison never depends on the lengths; every value is compared, so the
    time does not tell which one matched.
    """
    digest = hashlib.sha256(presented.encode("utf-8", "replace")).digest()
    matched = False
    for value in accepted:
        matched |= hmac.compare_digest(digest, hashlib.sha256(value).digest())
    return matched


def install_origin_check(app: Flask) -> None:
    """Refuse (403) every request without the origin secret, when one is configured."""
    deps: Deps = app.extensions["deps"]
    accepted = accepted_values(deps.settings.origin_verify_secret)
    if not accepted:
        return

    @app.before_request
    def require_origin_secret() -> None:
        if not is_expected(request.headers.get(ORIGIN_VERIFY_HEADER, ""), accepted):
            raise Forbidden("This API answers only through the site's own address.")
