"""`make package`: stage the functions, then `serverless package` offline, skipped when nothing changed.

Serverless runs with fake credentials and no telemetry, so packaging needs no AWS account and,
once the requirements cache is warm, no network. The packaged template and zips land in
<service dir>/.serverless/. The service dir is the repository, or (`--service-dir`, as the tests
use it) a folder of its own holding copies of serverless.yml and infra/, so that two packagings
never share build/lambda/ or .serverless/.
"""

from __future__ import annotations

import argparse
import fcntl
import glob
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from deploy import stage

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_NAME = "cloudformation-template-update-stack.json"
DIGEST_NAME = "inputs.sha256"
# What Serverless reads from the service dir besides the staged build/ (node_modules is linked).
SERVICE_FILES = ("serverless.yml", "package.json", "package-lock.json")
DEFAULT_BUNDLE = ROOT / "build" / "bundle" / "bundle.json"
CACHE_ROOT = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "agentboss-lambda-requirements"


def find_build_python() -> tuple[str, bool]:
    """A Python 3.12 to run pip and compile bytecode with; else this one, which cannot compile for 3.12."""
    candidates = [os.environ.get("LAMBDA_BUILD_PYTHON", ""), "python3.12"]
    candidates += sorted(glob.glob(str(Path.home() / ".pyenv/versions/3.12*/bin/python3.12")), reverse=True)
    candidates += ["/usr/local/bin/python3.12", "/usr/bin/python3.12"]
    for candidate in filter(None, candidates):
        if stage.python_version(candidate) == stage.LAMBDA_PYTHON:
            return candidate, True
    return sys.executable, False


def serverless_env(build_python: str, compiles: bool, cache_dir: Path, fake_credentials: bool) -> dict[str, str]:
    """The environment `serverless package` and `serverless deploy` run with."""
    env = dict(os.environ)
    env.update(
        SLS_TELEMETRY_DISABLED="1",
        SLS_NOTIFICATIONS_MODE="off",
        LAMBDA_BUILD_PYTHON=build_python,
        LAMBDA_PIP_COMPILE="--compile" if compiles else "--no-compile",
        LAMBDA_REQUIREMENTS_CACHE=str(cache_dir),
    )
    if fake_credentials:
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
            env.pop(name, None)
        fake = "packaging-needs-no-account"  # not a secret: `serverless package` never calls AWS
        env.update(AWS_ACCESS_KEY_ID=fake, AWS_SECRET_ACCESS_KEY=fake)
    return env


def requirements_cache_dir(build_python: str) -> Path:
    """The plugin keys its cache by requirements.txt only: pip flags and interpreter go in the folder name."""
    config = yaml.safe_load((ROOT / "serverless.yml").read_text(encoding="utf-8"))
    key = repr((stage.python_version(build_python), config["custom"])).encode()
    return CACHE_ROOT / hashlib.sha256(key).hexdigest()[:16]


def prepare_service_dir(service_dir: Path) -> Path:
    """The folder Serverless runs in: the repository itself, or a fresh copy of its service files."""
    service_dir = service_dir.resolve()
    if service_dir == ROOT:
        return service_dir
    service_dir.mkdir(parents=True, exist_ok=True)
    for name in SERVICE_FILES:
        shutil.copy2(ROOT / name, service_dir / name)
    shutil.rmtree(service_dir / "infra", ignore_errors=True)
    shutil.copytree(ROOT / "infra", service_dir / "infra")
    modules = service_dir / "node_modules"
    if not modules.exists():
        modules.symlink_to(ROOT / "node_modules", target_is_directory=True)
    return service_dir


def inputs_digest(service_dir: Path, extra: list[str]) -> str:
    """A hash of everything the packaged output depends on."""
    digest = hashlib.sha256("\0".join(extra).encode())
    files = [service_dir / "serverless.yml", service_dir / "package-lock.json"]
    files += sorted((service_dir / "infra").glob("*.yml"))
    folders = (service_dir / "build" / "lambda", service_dir / "build" / "infra")
    files += sorted(p for folder in folders for p in folder.rglob("*") if p.is_file())
    for path in files:
        digest.update(str(path.relative_to(service_dir)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def serverless_bin() -> str:
    path = ROOT / "node_modules" / ".bin" / "serverless"
    if not path.exists():
        raise SystemExit("node_modules is missing: run `make node_modules` (npm ci)")
    return str(path)


def stage_into(service_dir: Path, bundle: Path, build_python: str) -> None:
    """Stage the functions and the generated infra into <service_dir>/build/."""
    if stage.main(["--python", build_python, "--bundle", str(bundle), "--out", str(service_dir / "build")]) != 0:
        raise SystemExit(1)


def reuse_output(source_dir: Path, service_dir: Path, digest: str) -> bool:
    """Copy another service dir's output when it was packaged from identical inputs (read, never written).

    Its digest is checked before and after the copy: a packaging running there meanwhile (which
    removes the digest first and writes it last) makes this return False and package afresh.
    """
    source, target = source_dir.resolve() / ".serverless", service_dir / ".serverless"
    if source == target.resolve() or _digest_of(source) != digest:
        return False
    shutil.rmtree(target, ignore_errors=True)
    try:
        shutil.copytree(source, target)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        return False
    if _digest_of(source) != digest or not (target / TEMPLATE_NAME).exists():
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def _digest_of(output: Path) -> str:
    try:
        return (output / DIGEST_NAME).read_text()
    except OSError:
        return ""


def package(
    stage_name: str,
    region: str,
    bundle: Path = DEFAULT_BUNDLE,
    service_dir: Path = ROOT,
    force: bool = False,
    reuse_from: Path | None = None,
) -> bool:
    """Package the service; False when an earlier output (its own, or `reuse_from`'s) was still current."""
    build_python, compiles = find_build_python()
    if not compiles:
        print("warning: no Python 3.12 found; dependencies ship without bytecode (set LAMBDA_BUILD_PYTHON)")
    service_dir = prepare_service_dir(service_dir)
    # stage.main takes the build lock itself; this second hold covers packaging from the staged files.
    stage_into(service_dir, bundle, build_python)
    output = service_dir / ".serverless"
    with stage.build_lock(service_dir / "build"):
        env_inputs = [stage_name, region, os.environ.get("CODE_VERSION", ""), build_python, str(compiles)]
        digest = inputs_digest(service_dir, env_inputs)
        if not force and (output / TEMPLATE_NAME).exists() and _digest_of(output) == digest:
            print(f"package: {output} is up to date")
            return False
        if not force and reuse_from is not None and reuse_output(reuse_from, service_dir, digest):
            print(f"package: copied {reuse_from / '.serverless'}, packaged from the same inputs")
            return False
        run_serverless_package(stage_name, region, build_python, compiles, service_dir)
        (output / DIGEST_NAME).write_text(digest)
    return True


def run_serverless_package(stage_name: str, region: str, build_python: str, compiles: bool, service_dir: Path) -> None:
    """`serverless package` into <service_dir>/.serverless/, offline; the plugin's cache is shared by worktrees."""
    cache_dir = requirements_cache_dir(build_python)
    cache_dir.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(service_dir / ".serverless", ignore_errors=True)
    started = time.monotonic()
    # Worktrees share the requirements cache; the plugin is not safe against a concurrent writer.
    with (cache_dir / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(
            [serverless_bin(), "package", "--stage", stage_name, "--region", region],
            cwd=service_dir,
            env=serverless_env(build_python, compiles, cache_dir, fake_credentials=True),
            check=True,
        )
    print(f"package: done in {time.monotonic() - started:.1f}s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", default=os.environ.get("STAGE", "dev"))
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "eu-west-2"))
    parser.add_argument("--force", action="store_true", help="package even when the inputs are unchanged")
    parser.add_argument("--bundle", type=Path, default=DEFAULT_BUNDLE, help="the content bundle `make build` wrote")
    parser.add_argument("--service-dir", type=Path, default=ROOT, help="where to stage and run Serverless")
    parser.add_argument("--reuse-from", type=Path, help="a service dir whose output to copy if its inputs were equal")
    args = parser.parse_args(argv)
    package(args.stage, args.region, args.bundle, args.service_dir, force=args.force, reuse_from=args.reuse_from)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
