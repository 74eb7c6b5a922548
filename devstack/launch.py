"""Run `python -m devstack serve` as a child process: for the tests' live stack and the screenshot script."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from devstack.aws import free_port

ROOT = Path(__file__).resolve().parent.parent


class StackDidNotStart(RuntimeError):
    """The child exited or never answered /api/health; the message carries its log."""


def serve_command(port: int, site_dir: Path, bundle_dir: Path) -> list[str]:
    """The command `make serve` runs, with explicit paths."""
    return [
        sys.executable,
        "-m",
        "devstack",
        "serve",
        "--port",
        str(port),
        "--site",
        str(site_dir),
        "--bundle",
        str(bundle_dir),
    ]


def child_environment() -> dict[str, str]:
    """This environment minus anything that would point the child at real AWS or a real model."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "OPENAI_"))}
    env["PYTHONPATH"] = f"{ROOT}{os.pathsep}{ROOT / 'site'}"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def wait_until_healthy(url: str, process: subprocess.Popen[bytes], log_path: Path, timeout: float = 60) -> None:
    """Poll `/api/health` until it answers 200; raise with the child's log if it dies or times out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise StackDidNotStart(f"the local stack did not start:\n{log_path.read_text(errors='replace')}")
        time.sleep(0.2)


@contextmanager
def running_stack(site_dir: Path, bundle_dir: Path, log_path: Path, port: int | None = None) -> Iterator[str]:
    """The whole portal on a free loopback port, as `make serve` runs it; yields its base URL."""
    port = port or free_port()
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            serve_command(port, site_dir, bundle_dir),
            cwd=ROOT,
            env=child_environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, log_path)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
