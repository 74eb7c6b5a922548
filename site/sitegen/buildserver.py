"""A resident builder: `python -m sitegen serve-builds --cache DIR` keeps the generator loaded and its
cache in memory, and `sitegen build` with the same cache folder hands it the work.

A separate build after one edit spends most of its time starting Python and importing pydantic and
Jinja2 (~0.13 s of ~0.22 s at 1,000 articles, docs/performance.md). Handed over, the client needs
only the standard library and the builder's rebuild is as fast as `make serve`'s. Like Gradle's
daemon it must be started (CI and one-off builds never leave a process behind), and it never builds
with stale code: a client whose generator files, libraries or Python differ from the ones the
builder started with makes it exit, and builds by itself.

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
    listener.settimeout(idle_seconds)
    # `kill` stops it as Ctrl-C does: through the `finally` below, which removes the socket.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        print(f"builder ready for {cache_dir} (stops after {idle_seconds:.0f} s idle)", flush=True)
        while True:
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                print("builder idle: stopping", flush=True)
                return 0
            with connection:
                if not _answer(connection, code, run):
                    print("builder: the generator changed: stopping", flush=True)
                    return 0
    except KeyboardInterrupt:
        print("builder stopped", flush=True)
        return 0
    finally:
        listener.close()
        path.unlink(missing_ok=True)


def _answer(connection: socket.socket, code: dict[str, Any], run: Callable[[dict[str, Any]], int]) -> bool:
    """Answer one request; False when this builder must stop (the client runs other code)."""
    connection.settimeout(60)
    try:
        request = json.loads(_receive_all(connection))
    except (OSError, ValueError):
        return True
    if not isinstance(request, dict) or not isinstance(request.get("inputs", {}), dict):
        return True  # not from `sitegen build`: nothing to answer
    if request.get("ping"):
        reply: dict[str, Any] = {"code": 0, "stdout": "", "stderr": ""}
        current = True
    elif {key: request.get("inputs", {}).get(key) for key in code} != code:
        reply, current = {"code": None}, False
    else:
        started = time.perf_counter()
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = run(request)
            except Exception as exc:  # noqa: BLE001 - a bug in one build must not kill the builder
                print(f"sitegen: the build failed: {exc!r}", file=sys.stderr)
                status = 1
        reply, current = {"code": status, "stdout": out.getvalue(), "stderr": err.getvalue()}, True
        print(f"built in {time.perf_counter() - started:.3f} s: exit {status}", flush=True)
    with contextlib.suppress(OSError):
        connection.sendall(json.dumps(reply).encode("utf-8"))
    return current
