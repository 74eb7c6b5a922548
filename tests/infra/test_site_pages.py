"""The deploy keeps the edge's key value store equal to the site's pages (deploy/site_pages.py).

moto has no CloudFront KeyValueStore; botocore's Stubber checks each call against the real service
model (parameter names, types, required fields) and answers as the service would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from deploy import site_pages

ARN = "arn:aws:cloudfront::111122223333:key-value-store/0f1e2d3c-aaaa-bbbb-cccc-123456789abc"


@pytest.fixture
def stubbed() -> Any:
    import boto3
    from botocore.stub import Stubber

    client = boto3.client(
        "cloudfront-keyvaluestore", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def _site(root: Path, names: list[str]) -> Path:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    return root


def _store(stubber: Any, keys: list[str]) -> None:
    items = [{"Key": key, "Value": "1"} for key in keys]
    stubber.add_response("list_keys", {"Items": items}, {"KvsARN": ARN})


def _describe(stubber: Any, etag: str) -> None:
    response = {"ItemCount": 0, "TotalSizeInBytes": 0, "KvsARN": ARN, "Created": "2026-11-24T09:00:00Z", "ETag": etag}
    stubber.add_response("describe_key_value_store", response, {"KvsARN": ARN})


def _update(stubber: Any, if_match: str, puts: list[str], deletes: list[str], etag: str) -> None:
    expected = {
        "KvsARN": ARN,
        "IfMatch": if_match,
        "Puts": [{"Key": key, "Value": "1"} for key in puts],
        "Deletes": [{"Key": key} for key in deletes],
    }
    stubber.add_response("update_keys", {"ItemCount": 1, "TotalSizeInBytes": 1, "ETag": etag}, expected)


def test_every_file_outside_static_is_a_page_key(tmp_path: Path) -> None:
    site = _site(tmp_path, ["index.html", "insights/feed.xml", "gym/x/index.html", "static/css/site.0123abcd.css"])
    assert site_pages.page_keys(site) == {"/index.html", "/insights/feed.xml", "/gym/x/index.html"}


def test_a_path_too_long_for_the_store_fails_the_deploy_instead_of_answering_404(tmp_path: Path) -> None:
    site = _site(tmp_path, ["a" * 200 + "/" + "b" * 200 + "/" + "c" * 120 + "/index.html"])
    with pytest.raises(site_pages.PathTooLong):
        site_pages.page_keys(site)


def test_a_first_sync_adds_every_page_then_the_ready_marker_last(stubbed: Any, tmp_path: Path) -> None:
    client, stubber = stubbed
    names = [f"p{n:03d}/index.html" for n in range(60)]
    site = _site(tmp_path, names)
    keys = sorted("/" + name for name in names)
    _store(stubber, [])
    _describe(stubber, "e0")
    # Batches of 50, each conditional on the version the previous one left.
    _update(stubber, "e0", keys[:50], [], "e1")
    _update(stubber, "e1", [*keys[50:], "ready"], [], "e2")
    change = site_pages.sync_pages(client, ARN, site)
    assert change.deletes == []
    assert len(change.puts) == 61


def test_a_later_sync_adds_new_pages_and_removes_dropped_ones_only(stubbed: Any, tmp_path: Path) -> None:
    client, stubber = stubbed
    site = _site(tmp_path, ["index.html", "new/index.html"])
    _store(stubber, ["/index.html", "/old/index.html", "ready"])
    _describe(stubber, "e5")
    _update(stubber, "e5", ["/new/index.html"], [], "e6")
    _update(stubber, "e6", [], ["/old/index.html"], "e7")
    change = site_pages.sync_pages(client, ARN, site)
    assert (change.puts, change.deletes) == (["/new/index.html"], ["/old/index.html"])


def test_an_unchanged_site_writes_nothing(stubbed: Any, tmp_path: Path) -> None:
    client, stubber = stubbed
    site = _site(tmp_path, ["index.html"])
    _store(stubber, ["/index.html", "ready"])
    _describe(stubber, "e9")
    assert site_pages.sync_pages(client, ARN, site) == site_pages.PagesChange()
