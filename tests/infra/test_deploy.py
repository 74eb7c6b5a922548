"""`make deploy`: the dry run prints every step offline; the site sync and invalidation work on moto."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from deploy import site_sync
from tests.infra.conftest import run_make

# The cache headers as the deploy must set them (written out: a weaker value must fail here).
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=0, s-maxage=300, must-revalidate"

# One xdist worker runs every infra test, so the service is packaged once (into folders of its own).
pytestmark = pytest.mark.xdist_group("infra")

REGION = "eu-west-2"
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _dry_run(target: str, folder: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    # Any AWS call would go to a closed port and fail the run.
    env.update(AWS_ENDPOINT_URL="http://127.0.0.1:9", AWS_ACCESS_KEY_ID="none", AWS_SECRET_ACCESS_KEY="none")
    build_dir, service_dir = folder / "build", folder / "service"
    result = run_make(target, "STAGE=preview", "DRY_RUN=1", build_dir=build_dir, service_dir=service_dir, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_a_dry_run_prints_every_step_and_never_reaches_aws(tmp_path: Path) -> None:
    out = _dry_run("deploy", tmp_path)
    assert "DRY RUN: deploying stage preview" in out
    for number, words in enumerate(
        [
            "Build the site",
            "Stage the functions",
            "Pin the origin secret's current version",
            "serverless deploy --stage preview",
            "Read the outputs of stack agent-boss-preview",
            "Record the site's pages in the edge's key value store",
            "Sync build/site/",
            "Invalidate the CloudFront",
            "Record the next scheduled article's publish time",
        ],
        start=1,
    ):
        assert f"[{number}] " in out
        assert words in out
    assert out.count("(dry run: skipped)") == 4
    assert re.search(
        r"PUT static/\S+\.[0-9a-f]{8,}\.css  \(text/css; charset=utf-8; "
        r"Cache-Control: public, max-age=31536000, immutable\)",
        out,
    )
    assert re.search(r"PUT \S+\.html  \(text/html; charset=utf-8; Cache-Control: public, max-age=0, s-maxage=300", out)
    assert "would set /agent-boss-preview/site/next-publish-at = " in out
    assert re.search(r"would list \d{2,} pages \(and the ready marker\) in the store", out)
    # Built and staged where it was told, as any test's make runs: never into the shared build/.
    assert (tmp_path / "build" / "site" / "index.html").is_file()
    assert (tmp_path / "service" / "build" / "lambda" / "api" / "functions" / "api.py").is_file()


def test_a_site_only_dry_run_leaves_the_stack_alone(tmp_path: Path) -> None:
    out = _dry_run("deploy-site", tmp_path)
    assert "serverless deploy" not in out
    assert "Stage the functions" not in out
    assert "[2] Read the outputs of stack agent-boss-preview" in out
    assert "[5] Invalidate the CloudFront distribution" in out


def _site(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def bucket(aws: Any) -> tuple[Any, str]:
    import boto3

    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="agent-boss-test-site", CreateBucketConfiguration={"LocationConstraint": REGION})
    return s3, "agent-boss-test-site"


def test_sync_sets_immutable_caching_on_fingerprinted_assets_and_short_on_pages(
    bucket: tuple[Any, str], tmp_path: Path
) -> None:
    s3, name = bucket
    site = _site(
        tmp_path / "v1",
        {"index.html": "<p>home", "insights/feed.xml": "<feed/>", "static/css/site.0123abcd89.css": "p{}"},
    )
    plan = site_sync.sync_site(s3, name, site, now=NOW)
    assert next(u.key for u in plan.uploads) == "static/css/site.0123abcd89.css"  # assets before pages
    asset = s3.head_object(Bucket=name, Key="static/css/site.0123abcd89.css")
    assert (asset["CacheControl"], asset["ContentType"]) == (IMMUTABLE, "text/css; charset=utf-8")
    page = s3.head_object(Bucket=name, Key="index.html")
    assert (page["CacheControl"], page["ContentType"]) == (SHORT, "text/html; charset=utf-8")
    assert s3.head_object(Bucket=name, Key="insights/feed.xml")["CacheControl"] == SHORT


def test_a_second_sync_uploads_only_what_changed_and_keeps_recent_old_assets(
    bucket: tuple[Any, str], tmp_path: Path
) -> None:
    s3, name = bucket
    first = {"index.html": "<p>home", "old/index.html": "<p>old", "static/js/app.0123abcd89.js": "1"}
    site_sync.sync_site(s3, name, _site(tmp_path / "v1", first), now=NOW)
    second = {"index.html": "<p>home", "static/js/app.fedcba9876.js": "2"}
    plan = site_sync.sync_site(s3, name, _site(tmp_path / "v2", second), now=NOW)
    assert [u.key for u in plan.uploads] == ["static/js/app.fedcba9876.js"]
    assert plan.unchanged == 1
    assert plan.deletions == ["old/index.html"]
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=name)["Contents"]}
    # A page cached before the deploy may still ask for the previous script for a while.
    assert keys == {"index.html", "static/js/app.0123abcd89.js", "static/js/app.fedcba9876.js"}
    later = site_sync.sync_site(s3, name, tmp_path / "v2", now=datetime.now(UTC) + timedelta(days=8))
    assert later.deletions == ["static/js/app.0123abcd89.js"]


def test_the_404_page_is_marked_for_its_status_and_put_on_every_sync(bucket: tuple[Any, str], tmp_path: Path) -> None:
    s3, name = bucket
    site = _site(tmp_path / "v1", {"index.html": "<p>home", "404.html": "<p>lost"})
    site_sync.sync_site(s3, name, site, now=NOW)
    assert s3.head_object(Bucket=name, Key="404.html")["Metadata"] == {"http-status": "404"}
    assert s3.head_object(Bucket=name, Key="index.html")["Metadata"] == {}
    # A listing does not show metadata: the marker is written again even when the page is unchanged.
    again = site_sync.sync_site(s3, name, site, now=NOW)
    assert [u.key for u in again.uploads] == ["404.html"]


def test_invalidation_asks_cloudfront_to_drop_every_path(aws: Any) -> None:
    import boto3

    cloudfront = boto3.client("cloudfront", region_name="us-east-1")
    config = {
        "CallerReference": "test",
        "Comment": "",
        "Enabled": True,
        "Origins": {
            "Quantity": 1,
            "Items": [
                {"Id": "site", "DomainName": "example.s3.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}}
            ],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "site",
            "ViewerProtocolPolicy": "redirect-to-https",
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
        },
    }
    distribution = cloudfront.create_distribution(DistributionConfig=config)["Distribution"]["Id"]
    invalidation = site_sync.invalidate(cloudfront, distribution)
    found = cloudfront.get_invalidation(DistributionId=distribution, Id=invalidation)["Invalidation"]
    assert found["InvalidationBatch"]["Paths"]["Items"] == ["/*"]


def test_a_site_deploy_to_a_stack_without_the_page_store_says_so_and_touches_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from deploy.deploy import Context, steps

    def no_clients(service: str) -> Any:
        raise AssertionError(f"no {service} client should be needed")

    ctx = Context(stage="old", region=REGION, dry_run=False, outputs={"SiteBucketName": "b"}, build_dir=tmp_path)
    (record,) = [s for s in steps(ctx, no_clients) if "key value store" in s.title]
    record.run()
    assert "the stack has no page store yet: run `make deploy`" in capsys.readouterr().out
