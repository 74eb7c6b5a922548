"""fork_map: every item done exactly once across the calling process and its forked workers."""

from __future__ import annotations

import os
import signal
import time
from typing import Any

import pytest
from sitegen.parallel import WorkerFailed, fork_map


def test_every_item_is_done_once_and_the_work_is_shared_with_forked_workers() -> None:
    offset = 1000  # a closure: forked workers inherit it, nothing is pickled on the way in

    def work(item: int) -> tuple[int, int]:
        time.sleep(0.001)  # long enough that every worker gets to claim chunks
        return item + offset, os.getpid()

    results = list(fork_map(work, list(range(300)), jobs=3, min_items=10, chunksize=4))
    assert sorted(value for value, _ in results) == [item + offset for item in range(300)]
    workers = {pid for _, pid in results}
    assert os.getpid() in workers  # the caller works too
    assert len(workers) == 3


def test_below_the_minimum_the_items_are_done_here_in_order() -> None:
    results = list(fork_map(lambda item: (item, os.getpid()), [3, 1, 2], jobs=4, min_items=10))
    assert results == [(3, os.getpid()), (1, os.getpid()), (2, os.getpid())]


def _raise(item: int) -> None:
    raise ValueError(f"item {item} failed in a worker")


def _die(item: int) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.parametrize(
    ("fail", "raised", "message"),
    [(_raise, ValueError, "failed in a worker"), (_die, WorkerFailed, "without results")],
    ids=["exception", "killed"],
)
def test_a_worker_that_fails_fails_the_caller(fail: Any, raised: type[Exception], message: str) -> None:
    caller = os.getpid()

    def work(item: int) -> int:
        time.sleep(0.001)
        if os.getpid() != caller:
            fail(item)
        return item

    with pytest.raises(raised, match=message):
        list(fork_map(work, list(range(200)), jobs=2, min_items=1, chunksize=1))


def test_a_result_that_cannot_be_pickled_is_an_error_not_a_hang() -> None:
    caller = os.getpid()

    def work(item: int) -> object:
        time.sleep(0.001)
        return (lambda: item) if os.getpid() != caller else item

    with pytest.raises(RuntimeError, match="could not be sent"):
        list(fork_map(work, list(range(200)), jobs=2, min_items=1, chunksize=1))
