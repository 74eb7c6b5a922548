"""`make deploy STAGE=<name>`: build, `serverless deploy`, sync the site, invalidate CloudFront.

With --dry-run every step is printed and only the local ones run (the site build and the staging
of the functions, so the printed upload plan is the real one); nothing talks to AWS.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from deploy import origin_secret, package, schedule, site_pages, site_sync

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Step:
    """One deploy step; a dry run runs only the steps that are safe offline (they print, not call AWS)."""

    title: str
    run: Callable[[], None]
    safe_offline: bool = False


@dataclass
class Context:
    stage: str
    region: str
    dry_run: bool
    outputs: dict[str, str]
    site_only: bool = False
    # Where the site and bundle are built, and where Serverless stages and runs (the repo by default).
    build_dir: Path = ROOT / "build"
    service_dir: Path = ROOT
    # The origin secret's version the stack pins (empty before the first deploy creates it).
    origin_secret_version: str = ""


def stack_name(stage_name: str) -> str:
    """CloudFormation stack of a stage: `<service>-<stage>`, as Serverless names it."""
    service = yaml.safe_load((ROOT / "serverless.yml").read_text(encoding="utf-8"))["service"]
    return f"{service}-{stage_name}"


def code_version() -> str:
    """The commit being deployed (marked dirty when the work tree has changes)."""
    try:
        sha = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True)
    except OSError:
        return "unversioned"
    version = sha.stdout.strip() or "unversioned"
    return f"{version}-dirty" if dirty.stdout.strip() else version


def run_command(command: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> None:
    print("  $ " + shlex.join(command), flush=True)
    subprocess.run(command, cwd=cwd, env=env, check=True)


def build_site(ctx: Context) -> None:
    # --here: what is deployed is built by this process, and no resident builder is left behind.
    run_command(
        [
            sys.executable,
            "-m",
            "sitegen",
            "build",
            "--here",
            "--content",
            "content",
            "--out",
            str(ctx.build_dir / "site"),
        ]
    )


def stage_functions(ctx: Context) -> None:
    python, _ = package.find_build_python()
    ctx.service_dir = package.prepare_service_dir(ctx.service_dir)
    package.stage_into(ctx.service_dir, ctx.build_dir / "bundle" / "bundle.json", python)


def serverless_deploy(ctx: Context) -> None:
    python, compiles = package.find_build_python()
    env = package.serverless_env(python, compiles, package.requirements_cache_dir(python), fake_credentials=False)
    env["CODE_VERSION"] = code_version()
    command = [package.serverless_bin(), "deploy", "--stage", ctx.stage, "--region", ctx.region]
    if ctx.origin_secret_version:
        command.append(f"--param=originVerifySecretVersion={ctx.origin_secret_version}")
    run_command(command, env, cwd=ctx.service_dir)


def read_outputs(ctx: Context, cloudformation: Any) -> None:
    stack = cloudformation.describe_stacks(StackName=stack_name(ctx.stage))["Stacks"][0]
    ctx.outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    print(f"  site bucket {ctx.outputs['SiteBucketName']}, distribution {ctx.outputs['SiteDistributionId']}")


def print_plan(plan: site_sync.SyncPlan, limit: int = 40) -> None:
    for upload in plan.uploads[:limit]:
        print(f"  PUT {upload.key}  ({upload.content_type}; Cache-Control: {upload.cache_control})")
    if len(plan.uploads) > limit:
        print(f"  ... and {len(plan.uploads) - limit} more")
    for key in plan.deletions:
        print(f"  DELETE {key}")
    print(f"  {len(plan.uploads)} to upload, {plan.unchanged} unchanged, {len(plan.deletions)} to delete")


def steps(ctx: Context, clients: Callable[[str], Any]) -> list[Step]:
    """The deploy, in order."""
    name = stack_name(ctx.stage)

    def pin_origin_secret() -> None:
        ctx.origin_secret_version = origin_secret.current_version(clients("secretsmanager"), name)
        print(f"  {origin_secret.secret_name(name)}: {ctx.origin_secret_version or 'not created yet (first deploy)'}")

    def deploy_stack() -> None:
        serverless_deploy(ctx)

    def outputs() -> None:
        read_outputs(ctx, clients("cloudformation"))

    site_dir = ctx.build_dir / "site"

    def record_pages() -> None:
        if ctx.dry_run:
            change = site_pages.plan_change(site_pages.page_keys(site_dir), set())
            print(f"  would list {len(change.puts) - 1} pages (and the ready marker) in the store")
            return
        store = ctx.outputs.get("SitePagesStoreArn")
        if not store:  # a stack from before the store: `make deploy` adds it
            print("  the stack has no page store yet: run `make deploy` (missing pages keep S3's error until then)")
            return
        change = site_pages.sync_pages(clients("cloudfront-keyvaluestore"), store, site_dir)
        print(f"  {len(change.puts)} keys added, {len(change.deletes)} removed")

    def sync() -> None:
        if ctx.dry_run:
            print_plan(site_sync.plan_sync(site_dir, {}, datetime.now(UTC)))
            return
        print_plan(site_sync.sync_site(clients("s3"), ctx.outputs["SiteBucketName"], site_dir))

    def invalidate() -> None:
        invalidation = site_sync.invalidate(clients("cloudfront"), ctx.outputs["SiteDistributionId"])
        print(f"  invalidation {invalidation} created")

    def record_schedule() -> None:
        when = schedule.next_publish_at(ctx.build_dir / "report.json")
        if ctx.dry_run:
            print(f"  would set {schedule.parameter_name(ctx.stage)} = {when.isoformat() if when else 'none'}")
            return
        stored = schedule.record(clients("ssm"), ctx.stage, when)
        print(f"  {schedule.parameter_name(ctx.stage)} = {stored}")

    command = shlex.join(["serverless", "deploy", "--stage", ctx.stage, "--region", ctx.region])
    build = [Step("Build the site and the content bundle into build/", partial(build_site, ctx), safe_offline=True)]
    stack = [
        Step(
            "Stage the functions into build/lambda/ (code, bundle, pinned requirements)",
            partial(stage_functions, ctx),
            True,
        ),
        Step("Pin the origin secret's current version (CloudFront and the API re-read it)", pin_origin_secret),
        Step(f"Deploy stack {name} in {ctx.region}: {command}", deploy_stack),
    ]
    site = [
        Step(f"Read the outputs of stack {name} (site bucket, distribution)", outputs),
        # Before the sync: a dropped page is 404 before its object goes; a new page reaches S3 meanwhile.
        Step("Record the site's pages in the edge's key value store (missing pages get 404.html)", record_pages, True),
        Step("Sync build/site/ to the site bucket (immutable assets first, then pages)", sync, safe_offline=True),
        Step("Invalidate the CloudFront distribution: /*", invalidate),
        Step("Record the next scheduled article's publish time (build/report.json) for CI", record_schedule, True),
    ]
    return build + ([] if ctx.site_only else stack) + site


def deploy(ctx: Context, clients: Callable[[str], Any]) -> None:
    """Run (or, in a dry run, print) every step."""
    for number, step in enumerate(steps(ctx, clients), start=1):
        skipped = ctx.dry_run and not step.safe_offline
        print(f"[{number}] {step.title}{'  (dry run: skipped)' if skipped else ''}", flush=True)
        if not skipped:
            step.run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", required=True)
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "eu-west-2"))
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--site-only", action="store_true", help="rebuild and sync the site; leave the stack")
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build", help="where the site and bundle are built")
    parser.add_argument("--service-dir", type=Path, default=ROOT, help="where Serverless stages and runs")
    args = parser.parse_args(argv)
    ctx = Context(
        stage=args.stage,
        region=args.region,
        dry_run=args.dry_run,
        outputs={},
        site_only=args.site_only,
        build_dir=args.build_dir.resolve(),
        service_dir=args.service_dir,
    )

    def clients(service: str) -> Any:
        if ctx.dry_run:
            raise RuntimeError(f"a dry run must not create an AWS client ({service})")
        import boto3

        return boto3.client(service, region_name=ctx.region)  # type: ignore[call-overload]

    print(f"{'DRY RUN: ' if ctx.dry_run else ''}deploying stage {ctx.stage} to {ctx.region}")
    deploy(ctx, clients)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
