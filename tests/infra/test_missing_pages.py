"""A missing page through CloudFront is the site's 404.html with status 404; the API's errors are untouched.

The router (viewer request) checks the path against the key value store the deploy fills; the
status function (viewer response) gives 404.html its status; the sync marks 404.html for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from deploy import site_pages
from tests.infra.conftest import Packaged
from tests.infra.edge_functions import run_function, viewer_request, viewer_response

pytestmark = pytest.mark.xdist_group("infra")

PAGES = {"/index.html", "/insights/index.html", "/insights/feed.xml", "/404.html", "ready"}


def _route(uris: list[str], tmp_path: Path, keys: set[str] = PAGES) -> list[dict[str, Any]]:
    return run_function("SiteRouterFunction", [viewer_request(uri) for uri in uris], keys, tmp_path)


def test_pages_files_and_directory_urls_go_to_their_objects(tmp_path: Path) -> None:
    routed = _route(["/", "/insights/", "/insights/feed.xml", "/index.html"], tmp_path)
    assert [r["uri"] for r in routed] == ["/index.html", "/insights/index.html", "/insights/feed.xml", "/index.html"]


def test_a_missing_page_or_file_gets_the_404_page(tmp_path: Path) -> None:
    routed = _route(["/no/such/page/", "/insights/typo.xml", "/" + "x" * 600 + "/"], tmp_path)
    assert [r["uri"] for r in routed] == ["/404.html"] * 3


def test_a_directory_without_its_slash_redirects_only_when_the_page_exists(tmp_path: Path) -> None:
    redirect, missing = run_function(
        "SiteRouterFunction",
        [viewer_request("/insights", {"page": "2"}), viewer_request("/nowhere")],
        PAGES,
        tmp_path,
    )
    assert redirect["statusCode"] == 301
    assert redirect["headers"]["location"]["value"] == "/insights/?page=2"
    assert missing["uri"] == "/404.html"


def test_assets_pass_to_s3_unlisted_because_old_ones_are_kept_a_week(tmp_path: Path) -> None:
    (routed,) = _route(["/static/css/site.0123456789ab.css"], tmp_path)
    assert routed["uri"] == "/static/css/site.0123456789ab.css"


def test_before_a_deploy_has_filled_the_store_every_path_passes(tmp_path: Path) -> None:
    routed = _route(["/insights/", "/new-page/"], tmp_path, keys={"/index.html"})
    assert [r["uri"] for r in routed] == ["/insights/index.html", "/new-page/index.html"]


def test_a_store_failure_never_hides_the_site(tmp_path: Path) -> None:
    (routed,) = _route(["/insights/"], tmp_path, keys={"<broken>"})
    assert routed["uri"] == "/insights/index.html"


def test_the_marked_404_page_goes_out_with_status_404_and_without_the_marker(tmp_path: Path) -> None:
    events = [
        viewer_response(200, {"x-amz-meta-http-status": "404", "content-type": "text/html"}),
        viewer_response(200, {"content-type": "text/html"}),
        viewer_response(304, {"x-amz-meta-http-status": "404"}),
    ]
    marked, plain, revalidated = run_function("SiteStatusFunction", events, set(), tmp_path)
    assert marked["statusCode"] == 404
    assert "x-amz-meta-http-status" not in marked["headers"]
    assert marked["headers"]["content-type"] == {"value": "text/html"}
    assert plain["statusCode"] == 200
    assert revalidated["statusCode"] == 304


def test_only_the_site_behaviour_runs_the_functions_and_no_custom_error_page_touches_the_api(
    packaged: Packaged,
) -> None:
    (distribution,) = packaged.of_type("AWS::CloudFront::Distribution").values()
    config = distribution["Properties"]["DistributionConfig"]
    # Custom error responses would replace the API's JSON 403/404 bodies too.
    assert "CustomErrorResponses" not in config
    associations = {a["EventType"]: a["FunctionARN"] for a in config["DefaultCacheBehavior"]["FunctionAssociations"]}
    assert associations == {
        "viewer-request": {"Fn::GetAtt": ["SiteRouterFunction", "FunctionMetadata.FunctionARN"]},
        "viewer-response": {"Fn::GetAtt": ["SiteStatusFunction", "FunctionMetadata.FunctionARN"]},
    }
    (api,) = [b for b in config["CacheBehaviors"] if b["PathPattern"] == "/api/*"]
    assert "FunctionAssociations" not in api
    router = packaged.resources["SiteRouterFunction"]["Properties"]["FunctionConfig"]
    assert router["KeyValueStoreAssociations"] == [{"KeyValueStoreARN": {"Fn::GetAtt": ["SitePagesStore", "Arn"]}}]
    assert packaged.template["Outputs"]["SitePagesStoreArn"]["Value"] == {"Fn::GetAtt": ["SitePagesStore", "Arn"]}


def test_the_router_and_the_deploy_agree_on_the_ready_marker_and_the_key_limit() -> None:
    from tests.infra.edge_functions import function_code

    code = function_code("SiteRouterFunction")
    assert f"var READY = '{site_pages.READY_KEY}';" in code
    assert f"var MAX_KEY = {site_pages.MAX_KEY_BYTES};" in code
