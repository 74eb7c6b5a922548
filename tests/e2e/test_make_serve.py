"""`make serve` as a newcomer runs it: it starts, prints the URL, serves, and Ctrl-C stops everything cleanly."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from devstack.aws import free_port

ROOT = Path(__file__).resolve().parents[2]


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _read_until(process: subprocess.Popen[str], pattern: str, timeout: float) -> str:
    """Collect the child's output until `pattern` appears (or fail with what it printed)."""
    assert process.stdout is not None
    seen = ""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        seen += line
        if re.search(pattern, seen):
            return seen
    pytest.fail(f"no {pattern!r} within {timeout}s; output:\n{seen}")


@pytest.mark.slow
@pytest.mark.parametrize("sigint", ["default", "ignored"], ids=["from-a-terminal", "started-in-the-background"])
def test_make_serve_prints_the_url_serves_and_stops_cleanly_on_ctrl_c(sigint: str, tmp_path: Path) -> None:
    """`ignored`: a shell's background job starts with SIGINT ignored; the server must still stop on it.

    Each run builds into its own BUILD_DIR, so it shares no output tree with another test's build
    or a developer's `make serve` in the same work tree.
    """
    build_dir = tmp_path / "build"
    port = free_port()

    def child_signals() -> None:
        if sigint == "ignored":
            signal.signal(signal.SIGINT, signal.SIG_IGN)

    # A child make must not join the parent make's jobserver; the stack must not see real AWS settings.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS", "AWS_", "OPENAI_"))}
    process = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"PORT={port}", f"BUILD_DIR={build_dir}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, so SIGINT reaches it as a terminal's Ctrl-C does
        preexec_fn=child_signals,  # only sets a signal disposition before exec
    )
    try:
        banner = _read_until(process, r"Press Ctrl-C to stop", timeout=90)
        assert f"running at http://127.0.0.1:{port}/" in banner
        moto_port = int(re.search(r"moto at http://127\.0\.0\.1:(\d+)", banner)[1])  # type: ignore[index]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=5) as response:
            assert b'"table_reachable":true' in response.read()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert b"Agent Boss" in response.read()
        # `make admin` in another terminal finds this stack (its state file is in the same BUILD_DIR).
        admin = subprocess.run(
            ["make", "--no-print-directory", "admin", "EMAIL=boss@example.com", "PASSWORD=Staff-password-1",
             f"BUILD_DIR={build_dir}"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert admin.returncode == 0, admin.stdout + admin.stderr
        assert (build_dir / "dev" / "site" / "index.html").is_file()
        os.killpg(process.pid, signal.SIGINT)
        rest, _ = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
    assert "Stopped." in rest
    assert "Traceback" not in banner + rest
    assert not _listening(port)
    assert not _listening(moto_port)
