"""Spread independent work over forked processes, which inherit their inputs instead of pickling them.

Forking is right here: the build is a short-lived process with no threads, and the work (Markdown,
highlighting, templates, images) is CPU-bound Python that threads would serialise.

The calling process works too, beside `jobs - 1` children (and may do other work first, while they
start: `ForkedMap`): with a pool of `jobs` workers it would sit
waiting and handling results, a third process on two cores (measured: 0.15 s of CPU a phase, 0.1 s of
wall time). Workers claim chunks of items from a shared counter, so a slow item delays only its own
chunk. Each child sends its results back once, pickled into a temporary file when it is done.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Generic, NoReturn, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class WorkerFailed(Exception):
    """A worker process died without sending its results (killed, or out of memory)."""


def fork_map(
    function: Callable[[T], R], items: Sequence[T], jobs: int, min_items: int, chunksize: int = 16
) -> Iterator[R]:
    """`function` over `items`, in this process and `jobs - 1` forked ones when there are at least `min_items`.

    Results come in completion order when forked (every result must say which item it is for), in item
    order otherwise. An exception in any worker is raised here.
    """
    yield from ForkedMap(function, items, jobs, min_items, chunksize)


class ForkedMap(Generic[T, R]):
    """`fork_map` started at once: the children begin on the items while this process does other work;
    iterating it then does this process's share and collects theirs. `close()` stops the children of
    one that is not iterated to its end (iterating always does, however it ends)."""

    def __init__(
        self, function: Callable[[T], R], items: Sequence[T], jobs: int, min_items: int, chunksize: int = 16
    ) -> None:
        self.function, self.items, self.chunksize = function, items, chunksize
        self.children: dict[int, Path] = {}
        self.folder: tempfile.TemporaryDirectory[str] | None = None
        if jobs <= 1 or len(items) < min_items:
            return
        self.claimed = multiprocessing.get_context("fork").Value("q", 0)  # the next unclaimed item
        self.folder = tempfile.TemporaryDirectory(prefix="sitegen-")
        sys.stdout.flush()
        sys.stderr.flush()  # or the children would write out the parent's buffered text again
        try:
            for number in range(1, jobs):
                output = Path(self.folder.name) / str(number)
                pid = os.fork()
                if pid == 0:
                    _child(function, self._claim, output)  # never returns
                self.children[pid] = output
        except BaseException:
            self.close()
            raise

    def _claim(self) -> Iterator[T]:
        while True:
            with self.claimed.get_lock():
                start = self.claimed.value
                self.claimed.value = start + self.chunksize
            if start >= len(self.items):
                return
            yield from self.items[start : start + self.chunksize]

    def __iter__(self) -> Iterator[R]:
        if self.folder is None:
            yield from map(self.function, self.items)
            return
        try:
            yield from map(self.function, self._claim())
            while self.children:
                pid, output = self.children.popitem()
                yield from _collect(pid, output)
        finally:
            self.close()

    def close(self) -> None:
        """Stop and reap the children not collected yet, and remove their result files."""
        while self.children:
            _stop(self.children.popitem()[0])
        if self.folder is not None:
            self.folder.cleanup()


def _child(function: Callable[[Any], Any], claim: Callable[[], Iterator[Any]], output: Path) -> NoReturn:
    """In a forked child: work through claimed chunks, then write the results (or the error) and exit."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops us
    code = 0
    try:
        outcome: tuple[bool, Any] = (True, [function(item) for item in claim()])
    except BaseException as exc:  # noqa: BLE001 - every failure travels to the parent, which raises it
        outcome, code = (False, exc), 1
    try:
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - an unpicklable result or error still reports back
            data, code = pickle.dumps((False, RuntimeError(f"a worker's outcome could not be sent: {exc!r}"))), 1
        output.write_bytes(data)
    finally:
        os._exit(code)  # never return into the parent's code, its atexit handlers or its buffers


def _collect(pid: int, output: Path) -> list[Any]:
    _, status = os.waitpid(pid, 0)
    try:
        with output.open("rb") as handle:
            ok, value = pickle.load(handle)  # noqa: S301 - written by our own child a moment ago
    except (OSError, EOFError, pickle.UnpicklingError) as exc:
        raise WorkerFailed(f"worker {pid} ended ({os.waitstatus_to_exitcode(status)}) without results") from exc
    if not ok:
        raise value
    return list(value)


def _stop(pid: int) -> None:
    """Make sure a child is gone and reaped (a no-op once `_collect` has reaped it)."""
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
