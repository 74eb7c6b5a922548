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


def _listening_inodes(port: int) -> set[str]:
    """Socket inodes listening on a loopback TCP port, from /proc/net/tcp (Linux)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":  # 0A = LISTEN
                inodes.add(fields[9])
    return inodes


def is_listening(pid: int, port: int) -> bool:
    """Whether process `pid` itself holds the listening socket on `port` (not some other server)."""
    if not Path("/proc/net/tcp").exists():
        return True  # not Linux: fall back to trusting the health answer
    inodes = _listening_inodes(port)
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False
    for fd in fds:
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:[") and target[8:-1] in inodes:
            return True
    return False


def wait_until_healthy(url: str, process: subprocess.Popen[bytes], log_path: Path, timeout: float = 60) -> None:
    """Poll `/api/health` until our child answers 200; raise with its log if it dies or times out.

    The port is chosen before the child binds it, so another process may take it first: the answer
    only counts when the child itself is the one listening.
    """
    port = int(url.rsplit(":", 1)[1])
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200 and process.poll() is None and is_listening(process.pid, port):
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise StackDidNotStart(f"the local stack did not start:\n{log_path.read_text(errors='replace')}")
        time.sleep(0.2)


START_ATTEMPTS = 3


@contextmanager
def running_stack(site_dir: Path, bundle_dir: Path, log_path: Path, port: int | None = None) -> Iterator[str]:
    """The whole portal on a free loopback port, as `make serve` runs it; yields its base URL.

    A chosen free port can be taken by another process before the child binds it: then it retries
    on a new port (only when the port was not given).
    """
    attempts = 1 if port else START_ATTEMPTS
    for attempt in range(1, attempts + 1):
        try:
            process, url = _start(site_dir, bundle_dir, log_path, port or free_port())
            break
        except StackDidNotStart:
            if attempt == attempts:
                raise
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _start(site_dir: Path, bundle_dir: Path, log_path: Path, port: int) -> tuple[subprocess.Popen[bytes], str]:
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            serve_command(port, site_dir, bundle_dir),
            cwd=ROOT,
            env=child_environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    wait_until_healthy(url, process, log_path)
    return process, url
