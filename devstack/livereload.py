"""`make serve`'s content loop: a development build (drafts and scheduled articles shown and marked),
rebuilt incrementally on every change under content/ and site/, and a Server-Sent Events endpoint
that tells open pages to reload, or shows them why the rebuild failed while the last good site stays.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from sitegen.build import build
from sitegen.cache import BuildCache
from sitegen.context import BuildOptions
from sitegen.problems import ContentInvalid
from werkzeug.wrappers import Request, Response

SCRIPT = Path(__file__).resolve().parent / "static" / "livereload.js"
KEEPALIVE_SECONDS = 15.0


class DevSite:
    """Builds the development site and announces each outcome to the pages listening."""

    def __init__(self, options: BuildOptions, log: Callable[[str], None] = print) -> None:
        self.options = replace(options, dev=True, drafts=True, future=True)
        self.cache = BuildCache()  # in memory: a rebuild re-reads only what changed
        self.log = log
        self.generation = 0
        self.event = ("reload", "")
        self.changed = threading.Condition()
        self.last_seconds = 0.0

    def rebuild(self) -> bool:
        """One incremental build; on failure the previous output stays and the errors are announced."""
        started = time.perf_counter()
        try:
            report = build(replace(self.options, now=datetime.now(UTC)), self.cache)
        except ContentInvalid as exc:
            self._announce("failed", exc.problems.report(), f"rebuild failed: {len(exc.problems.items)} problem(s)")
            return False
        except Exception:  # noqa: BLE001 - a template or code error must not stop the server
            self._announce("failed", traceback.format_exc(), "rebuild failed with an error")
            return False
        self.last_seconds = time.perf_counter() - started
        self._announce("reload", "", report.summary())
        return True

    def _announce(self, kind: str, data: str, summary: str) -> None:
        self.log(f"{summary}\n{data}".rstrip())
        with self.changed:
            self.generation += 1
            self.event = (kind, data)
            self.changed.notify_all()

    def watch(self, paths: Iterable[Path], stop: threading.Event) -> None:
        """Rebuild whenever a file under `paths` changes, until `stop` is set."""
        from watchfiles import watch

        # A short step: a save is usually one write, and 0.1 s from save to reload is the goal.
        for _changes in watch(*paths, stop_event=stop, debounce=200, step=10, rust_timeout=500):
            self.rebuild()

    def _moved_past(self, seen: int) -> bool:
        return self.generation != seen

    def events(self, since: int) -> Iterator[bytes]:
        """The Server-Sent Events stream for one page: each rebuild's outcome after `since`."""
        yield b"retry: 500\n\n"
        # A page opened after a failed rebuild is shown that failure at once.
        seen = since - 1 if self.event[0] == "failed" else since
        while True:
            with self.changed:
                self.changed.wait_for(partial(self._moved_past, seen), timeout=KEEPALIVE_SECONDS)
                generation, (kind, data) = self.generation, self.event
            if generation == seen:
                yield b": keepalive\n\n"
                continue
            seen = generation
            lines = "".join(f"data: {line}\n" for line in (data.splitlines() or [""]))
            yield f"event: {kind}\n{lines}\n".encode()


class DevRoutes:
    """WSGI middleware: `/_dev/events` and `/_dev/livereload.js` (outside /api/), the rest to the gateway."""

    def __init__(self, app: Callable[..., Iterable[bytes]], site: DevSite) -> None:
        self.app = app
        self.site = site

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        if request.path == "/_dev/events":
            stream = self.site.events(self.site.generation)
            response = Response(stream, mimetype="text/event-stream", direct_passthrough=True)
            response.headers["Cache-Control"] = "no-store"
            return response(environ, start_response)
        if request.path == "/_dev/livereload.js":
            response = Response(SCRIPT.read_bytes(), mimetype="text/javascript")
            response.headers["Cache-Control"] = "no-store"
            return response(environ, start_response)
        return self.app(environ, start_response)
