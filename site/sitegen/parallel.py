"""Spread independent work over forked processes, which inherit their inputs instead of pickling them.

Forking is right here: the build is a short-lived process with no threads, and the work (Markdown,
highlighting, templates, images) is CPU-bound Python that threads would serialise. Only results
travel back through a pipe.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# The work a forked worker reads (set just before the fork, so the children inherit it).
_WORK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def _run(index: int) -> Any:
    assert _WORK is not None
    function, items = _WORK
    return function(items[index])


def fork_map(
    function: Callable[[T], R], items: Sequence[T], jobs: int, min_items: int, chunksize: int = 16
) -> Iterator[R]:
    """`function` over `items`, in `jobs` forked processes when there are at least `min_items`.

    Results come in completion order when forked (every result must say which item it is for),
    in item order otherwise.
    """
    global _WORK
    if jobs <= 1 or len(items) < min_items:
        yield from map(function, items)
        return
    _WORK = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap_unordered(_run, range(len(items)), chunksize=chunksize)
    finally:
        _WORK = None
