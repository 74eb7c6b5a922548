"""A resident builder: `python -m sitegen serve-builds --cache DIR` keeps the generator loaded and its
cache in memory, and `sitegen build` with the same cache folder hands it the work.

A separate build after one edit spends most of its time starting Python and importing pydantic and
Jinja2 (~0.13 s of ~0.22 s at 1,000 articles, docs/performance.md). Handed over, the client needs
only the standard library and the builder's rebuild is as fast as `make serve`'s. Like Gradle's
daemon, a build run by a person at a terminal starts one for the next build (`sitegen.cli`); CI and
scripts never get one unless they ask. It never builds with stale code: a client whose generator
files, libraries or Python differ from the ones the builder started with makes it exit, and builds
by itself. It also stops when idle, when asked (`serve-builds --stop`) and when its socket is removed
(`make clean`, or a clean benchmark run deleting the cache folder).

Standard library only at import: the client side runs before anything heavy loads.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SOCKET_NAME = "builder.sock"
MAX_SOCKET_PATH = 107  # bytes: an AF_UNIX address holds 108, with its closing NUL
WATCH_SECONDS = 1.0  # how often an idle builder checks that its socket is still there
# Builders this process started. Kept: a Popen dropped while its child runs warns (ResourceWarning),
# and these children are meant to outlive it.
_DETACHED: list[Any] = []


def socket_path(cache_dir: Path) -> Path | None:
    """Where the builder for `cache_dir` listens (None if the path is too long for a Unix socket)."""
    path = cache_dir.resolve() / SOCKET_NAME
    return path if len(os.fsencode(path)) <= MAX_SOCKET_PATH else None


def hand_over(cache_dir: Path, request: dict[str, Any]) -> dict[str, Any] | None:
    """The builder's answer (`code`, `stdout`, `stderr`) if one listens for `cache_dir` and takes the
    build; None to build in this process."""
    path = socket_path(cache_dir)
    if path is None or not path.exists():
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(600)
            connection.connect(str(path))
            connection.sendall(json.dumps(request).encode("utf-8"))
            connection.shutdown(socket.SHUT_WR)
            reply = json.loads(_receive_all(connection))
    except (OSError, ValueError):
        return None  # no builder, or it went away: build here
    if not isinstance(reply, dict) or not isinstance(reply.get("code"), int):
        return None
    if not all(isinstance(reply.get(stream), str) for stream in ("stdout", "stderr")):
        return None
    return reply


def _receive_all(connection: socket.socket) -> bytes:
    chunks = []
    while chunk := connection.recv(1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def serve(cache_dir: Path, code: dict[str, Any], run: Callable[[dict[str, Any]], int], idle_seconds: float) -> int:
    """Answer build requests for `cache_dir` one at a time until idle for `idle_seconds` or handed a
    request from other code. `code` is this process's `uptodate.code()`, which a request's inputs must
    match; `run` builds one request."""
    path = socket_path(cache_dir)
    if path is None:
        print(f"sitegen: {cache_dir}: too long a path for the builder's socket", file=sys.stderr)
        return 2
    if hand_over(cache_dir, {"ping": True}) is not None:
        print(f"a builder already serves {cache_dir}")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)  # left by a builder that was killed
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    previous = os.umask(0o177)  # only this user may hand it work
    try:
        listener.bind(str(path))
    finally:
        os.umask(previous)
    listener.listen(8)
    listener.settimeout(min(idle_seconds, WATCH_SECONDS))
    ours = os.stat(path).st_ino
    # `kill` stops it as Ctrl-C does: through the `finally` below, which removes the socket.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        print(f"builder ready for {cache_dir} (stops after {idle_seconds:.0f} s idle)", flush=True)
        idle_until = time.monotonic() + idle_seconds
        while True:
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                if not _is_ours(path, ours):
                    print("builder: its socket was removed: stopping", flush=True)
                    return 0
                if time.monotonic() >= idle_until:
                    print("builder idle: stopping", flush=True)
                    return 0
                continue
            with connection:
                answer = _answer(connection, code, run)
            if answer != "serving":
                print(f"builder: {answer}: stopping", flush=True)
                return 0
            idle_until = time.monotonic() + idle_seconds
    except KeyboardInterrupt:
        print("builder stopped", flush=True)
        return 0
    finally:
        listener.close()
        if _is_ours(path, ours):  # not a socket another builder has put there since
            path.unlink(missing_ok=True)


def _is_ours(path: Path, inode: int) -> bool:
    try:
        return os.stat(path).st_ino == inode
    except OSError:
        return False


def _answer(connection: socket.socket, code: dict[str, Any], run: Callable[[dict[str, Any]], int]) -> str:
    """Answer one request: "serving", or why this builder must stop (asked to, or the client runs other code)."""
    connection.settimeout(60)
    try:
        request = json.loads(_receive_all(connection))
    except (OSError, ValueError):
        return "serving"
    if not isinstance(request, dict) or not isinstance(request.get("inputs", {}), dict):
        return "serving"  # not from `sitegen`: nothing to answer
    state = "serving"
    if request.get("ping") or request.get("stop"):
        reply: dict[str, Any] = {"code": 0, "stdout": "", "stderr": "", "pid": os.getpid()}
        if request.get("stop"):
            state = "asked to stop"
    elif {key: request.get("inputs", {}).get(key) for key in code} != code:
        reply, state = {"code": None}, "the generator changed"
    else:
        started = time.perf_counter()
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = run(request)
            except Exception as exc:  # noqa: BLE001 - a bug in one build must not kill the builder
                print(f"sitegen: the build failed: {exc!r}", file=sys.stderr)
                status = 1
        reply = {"code": status, "stdout": out.getvalue(), "stderr": err.getvalue()}
        print(f"built in {time.perf_counter() - started:.3f} s: exit {status}", flush=True)
    with contextlib.suppress(OSError):
        connection.sendall(json.dumps(reply).encode("utf-8"))
    return state


def start_detached(cache_dir: Path, idle_seconds: float) -> None:
    """Start a builder for `cache_dir` that outlives this process: its own session (a Ctrl-C meant for
    this build does not reach it), no terminal, its output in `<cache_dir>/builder.log`."""
    import subprocess  # only here: the client path stays light

    cache_dir.mkdir(parents=True, exist_ok=True)
    with (cache_dir / "builder.log").open("wb") as log:  # this builder's output only
        _DETACHED.append(subprocess.Popen(  # noqa: S603 - this interpreter, running this package
            [sys.executable, "-m", "sitegen", "serve-builds", "--cache", str(cache_dir), "--idle", str(idle_seconds)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        ))  # fmt: skip
