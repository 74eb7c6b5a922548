"""The local gateway behaves as the CloudFront distribution: one origin, safe paths, caching, headers."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from werkzeug.test import Client

from devstack.gateway import Gateway

ROOT = Path(__file__).resolve().parents[2]


def _fake_api(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json", "cache-control": "no-store"},
        "body": '{"path": "' + event["rawPath"] + '"}',
    }


@pytest.fixture
def site(built_site: Path, tmp_path: Path) -> Path:
    """A copy of the built site with a secret file next to it, outside the served folder."""
    copy = tmp_path / "site"
    shutil.copytree(built_site / "site", copy)
    (tmp_path / "secret.txt").write_text("do not serve me", encoding="utf-8")
    return copy


@pytest.fixture
def gateway(site: Path) -> Client:
    return Client(Gateway(site, _fake_api))


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/static/..%2f..%2fsecret.txt",
        "/static/../../secret.txt",
        "/static/%2e%2e/%2e%2e/secret.txt",
    ],
)
def test_paths_outside_the_site_are_refused(gateway: Client, path: str) -> None:
    response = gateway.get(path)
    assert response.status_code == 404
    assert b"do not serve me" not in response.get_data()


def test_a_symlink_out_of_the_site_is_not_followed(gateway: Client, site: Path) -> None:
    (site / "escape.txt").symlink_to(site.parent / "secret.txt")
    assert gateway.get("/escape.txt").status_code == 404


def test_a_directory_without_its_slash_redirects_to_it(gateway: Client) -> None:
    response = gateway.get("/static")
    assert response.status_code == 301
    assert response.headers["Location"] == "/static/"


def test_an_unknown_page_serves_the_404_page_with_status_404(gateway: Client) -> None:
    response = gateway.get("/no/such/page/")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "We could not find that page" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-cache"


def test_fingerprinted_assets_are_cached_for_a_year_and_immutable(gateway: Client, site: Path) -> None:
    (css,) = (site / "static" / "css").glob("site.*.css")
    response = gateway.get(f"/static/css/{css.name}")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("path", ["/", "/404.html", "/favicon.svg"])
def test_html_and_fixed_name_files_are_revalidated(gateway: Client, path: str) -> None:
    assert gateway.get(path).headers["Cache-Control"] == "no-cache"


def _declared_headers() -> dict[str, str]:
    raw = yaml.safe_load((ROOT / "infra" / "security-headers.yml").read_text(encoding="utf-8"))
    return {name: " ".join(str(value).split()) for name, value in raw.items()}


@pytest.mark.parametrize("path", ["/", "/static/css/", "/no/such/page/"])
def test_site_responses_carry_exactly_the_declared_security_headers(gateway: Client, path: str) -> None:
    declared = _declared_headers()
    assert {"Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options"} <= set(declared)
    response = gateway.get(path)
    assert {name: response.headers.get(name) for name in declared} == declared


def test_api_paths_go_to_the_lambda_handler_and_keep_its_own_headers(gateway: Client) -> None:
    response = gateway.get("/api/anything?x=1")
    assert response.get_json() == {"path": "/api/anything"}
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_writes_to_the_static_site_are_refused(gateway: Client) -> None:
    response = gateway.post("/")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD"


def test_text_is_gzipped_for_clients_that_accept_it_as_cloudfront_does(gateway: Client) -> None:
    plain = gateway.get("/")
    compressed = gateway.get("/", headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in plain.headers
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed.headers["Vary"]
    assert gzip.decompress(compressed.get_data()) == plain.get_data()


def test_the_gateway_adds_the_origin_secret_to_api_requests_replacing_a_viewers_as_cloudfront_does(
    site: Path,
) -> None:
    seen: list[dict[str, str]] = []

    def api(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen.append(event["headers"])
        return _fake_api(event, context)

    client = Client(Gateway(site, api, origin_headers={"X-Origin-Verify": "the-secret"}))
    client.get("/api/health")
    client.get("/api/health", headers={"X-Origin-Verify": "forged-by-the-viewer"})
    assert [headers["x-origin-verify"] for headers in seen] == ["the-secret", "the-secret"]
    assert "forged-by-the-viewer" not in str(seen)


def test_make_serve_protects_its_api_with_the_origin_secret_its_gateway_sends(
    site: Path, deps: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`serve` sets the API's secret and the gateway's header from one value: the local path is production's."""
    from dataclasses import replace

    from devstack.__main__ import use_origin_secret
    from functions import api
    from functions.config import Settings
    from functions.web.areas import lazy_api

    monkeypatch.delenv("ORIGIN_VERIFY_SECRET", raising=False)
    origin_headers = use_origin_secret()
    settings = Settings()  # what the API reads from the environment `serve` prepared
    assert settings.origin_verify_secret
    api._adapter.cache_clear()
    monkeypatch.setattr(api, "create_app", lambda: lazy_api(replace(deps, settings=settings)))
    try:
        assert _on_own_thread(Client(Gateway(site, api.handler, origin_headers)), "/api/health").status_code == 200
        refused = _on_own_thread(Client(Gateway(site, api.handler)), "/api/health")
        assert refused.status_code == 403
        assert refused.get_json()["error"]["code"] == "forbidden"
    finally:
        api._adapter.cache_clear()


def _on_own_thread(client: Client, path: str) -> Any:
    """GET on a fresh thread, as the server's threads do (a browser test may hold this thread's loop)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(client.get, path).result()
