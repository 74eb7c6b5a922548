"""infra/security-headers.yml is the one definition: CloudFront's policy and the local server send it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from werkzeug.test import Client

from deploy.headers_policy import headers_from_config, policy_config, policy_resources, read_headers
from devstack.gateway import Gateway, security_headers

# One xdist worker runs every infra test, so the service is packaged once (into folders of its own).
pytestmark = pytest.mark.xdist_group("infra")


def _api(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json", "content-security-policy": "default-src 'none'"},
        "body": "{}",
    }


def test_the_local_server_sends_exactly_the_defined_headers_on_pages(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    response = Client(Gateway(tmp_path, _api)).get("/")
    assert response.status_code == 200
    assert {name: response.headers[name] for name in read_headers()} == read_headers()


def test_like_cloudfront_the_local_server_lets_the_api_keep_its_own_stricter_csp(tmp_path: Path) -> None:
    response = Client(Gateway(tmp_path, _api)).get("/api/anything")
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    assert response.headers["Strict-Transport-Security"] == read_headers()["Strict-Transport-Security"]


def test_the_gateway_and_the_policy_generator_read_the_same_values() -> None:
    assert security_headers() == read_headers()
    config = policy_resources()["Resources"]["SecurityHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]
    assert headers_from_config(config) == read_headers()


def test_any_header_file_round_trips_through_the_cloudfront_policy(tmp_path: Path) -> None:
    headers = {
        "Content-Security-Policy": "default-src 'self'",
        "Strict-Transport-Security": "max-age=300",
        "X-Frame-Options": "SAMEORIGIN",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
    path = tmp_path / "headers.yml"
    path.write_text(yaml.safe_dump(headers), encoding="utf-8")
    assert headers_from_config(policy_config(read_headers(path), name="x")) == headers


def test_a_header_cloudfront_cannot_express_is_refused() -> None:
    with pytest.raises(ValueError, match="nosniff"):
        policy_config({"X-Content-Type-Options": "sniff-away"}, name="x")
    with pytest.raises(ValueError, match="max-age"):
        policy_config({"Strict-Transport-Security": "includeSubDomains"}, name="x")
