"""The resident builder: separate `build` runs hand it their work, and it never builds with stale code."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sitegen import buildserver, uptodate

from tests.sitegen.test_golden_and_incremental import tree


def sitegen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sitegen", *args], capture_output=True, text=True, timeout=120)


def build_args(content: Path, root: Path, *more: str) -> list[str]:
    return ["build", "--content", str(content), "--out", str(root / "site"), "--cache", str(root / "cache"),
            "--jobs", "1", *more]  # fmt: skip


@pytest.fixture
def served(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the builder's builds go: a short path, as a Unix socket's address must be."""
    return tmp_path_factory.mktemp("s")


@contextmanager
def serving_builder(cache: Path) -> Iterator[subprocess.Popen[str]]:
    """`serve-builds` for `cache` in a subprocess, as `make build-server` starts it, once it says it is
    ready (its stdout a pipe of text); killed on the way out if still running."""
    command = [sys.executable, "-m", "sitegen", "serve-builds", "--cache", str(cache), "--idle", "60"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("builder ready for")
        try:
            yield process
        finally:
            process.kill()


@pytest.fixture
def builder(served: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """A builder serving served/cache."""
    with serving_builder(served / "cache") as process:
        yield process, served / "cache"


def test_a_build_handed_to_the_builder_writes_what_a_build_here_writes(
    builder: tuple[subprocess.Popen[str], Path], served: Path, content_copy: Path, tmp_path: Path
) -> None:
    process, _ = builder
    here = tmp_path / "here"
    for _ in range(2):  # the first build, then one after an edit (the builder's cache in memory)
        handed = sitegen(*build_args(content_copy, served))
        local = sitegen(*build_args(content_copy, here, "--here"))
        assert handed.returncode == local.returncode == 0, handed.stderr
        assert handed.stdout.splitlines()[0].split(" in ")[0] == local.stdout.splitlines()[0].split(" in ")[0]
        assert tree(served / "site") == tree(here / "site")
        article = content_copy / "insights" / "first-steps.md"
        article.write_text(article.read_text("utf-8") + "\nOne more line, edited.\n", "utf-8")
    process.kill()
    assert process.stdout is not None
    assert process.stdout.read().count("built in") == 2


def test_content_problems_come_back_from_the_builder_with_the_exit_code(
    builder: tuple[subprocess.Popen[str], Path], served: Path, content_copy: Path
) -> None:
    (content_copy / "insights" / "broken.md").write_text("---\ntitle: [unclosed\n---\nBody.\n", "utf-8")
    handed = sitegen(*build_args(content_copy, served))
    assert handed.returncode == 1
    assert "content/insights/broken.md:3: yaml:" in handed.stderr
    assert "build failed: 1 content problem(s)" in handed.stderr


def test_a_client_running_other_code_stops_the_builder_and_builds_by_itself(
    builder: tuple[subprocess.Popen[str], Path],
) -> None:
    process, cache = builder
    inputs = uptodate.code()
    inputs["generator"] = {**inputs["generator"], "build.py": [0, 0, 0]}  # as if build.py changed since
    assert buildserver.hand_over(cache, {"args": {}, "inputs": inputs}) is None
    assert process.wait(timeout=10) == 0
    assert not (cache / buildserver.SOCKET_NAME).exists()


def test_a_request_that_is_not_a_build_gets_no_answer_and_leaves_the_builder_serving(
    builder: tuple[subprocess.Popen[str], Path], served: Path, content_copy: Path
) -> None:
    process, cache = builder
    for junk in ([1, 2], {"inputs": "not a mapping"}, "text"):
        assert buildserver.hand_over(cache, junk) is None  # type: ignore[arg-type]
    assert buildserver.hand_over(cache, {"ping": True}) == {"code": 0, "stdout": "", "stderr": "", "pid": process.pid}
    handed = sitegen(*build_args(content_copy, served))
    assert handed.returncode == 0, handed.stderr


def test_one_builder_per_cache_folder_and_a_dead_builders_socket_is_ignored(
    builder: tuple[subprocess.Popen[str], Path], tmp_path: Path
) -> None:
    _, cache = builder
    second = sitegen("serve-builds", "--cache", str(cache), "--idle", "60")
    assert second.returncode == 0
    assert "already serves" in second.stdout
    dead = tmp_path / "dead"
    dead.mkdir()
    (dead / buildserver.SOCKET_NAME).write_text("")  # left behind by a killed builder
    assert buildserver.hand_over(dead, {"ping": True}) is None


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_ctrl_c_or_kill_stops_the_builder_cleanly(served: Path, stop: signal.Signals) -> None:
    cache = served / "cache"
    with serving_builder(cache) as process:
        assert process.stdout is not None
        process.send_signal(stop)
        assert process.wait(timeout=10) == 0
        assert "Traceback" not in process.stdout.read()
    assert not (cache / buildserver.SOCKET_NAME).exists()


def test_an_idle_builder_stops_and_removes_its_socket(served: Path) -> None:
    cache = served / "cache"
    finished = sitegen("serve-builds", "--cache", str(cache), "--idle", "0.3")
    assert finished.returncode == 0
    assert "idle: stopping" in finished.stdout
    assert not (cache / buildserver.SOCKET_NAME).exists()
