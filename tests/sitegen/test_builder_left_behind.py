"""A build run at a terminal leaves a resident builder for the next build; CI and scripts never get one."""

from __future__ import annotations

import os
import pty
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sitegen import buildserver

from tests.sitegen.test_buildserver import serving_builder
from tests.sitegen.test_golden_and_incremental import tree


def run_build(content: Path, root: Path, env: dict[str, str], *more: str, terminal: bool = False) -> tuple[int, str]:
    """`sitegen build` as a person at a terminal runs it (`terminal`: stdin and stdout a pseudo-terminal)
    or as a script does (pipes); its exit code and output."""
    command = [sys.executable, "-m", "sitegen", "build", "--content", str(content), "--out", str(root / "site"),
               "--cache", str(root / "cache"), "--jobs", "1", *more]  # fmt: skip
    if not terminal:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        return done.returncode, done.stdout + done.stderr
    controller, attached = pty.openpty()
    try:
        with subprocess.Popen(command, env=env, stdin=attached, stdout=attached, stderr=attached) as process:
            os.close(attached)
            output = b""
            while True:
                try:
                    chunk = os.read(controller, 1 << 16)
                except OSError:  # EIO: the build closed its end
                    break
                if not chunk:
                    break
                output += chunk
            return process.wait(timeout=120), output.decode("utf-8", "replace")
    finally:
        os.close(controller)


def clean_env(**settings: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("CI", "SITEGEN_BUILDER")}
    return {**env, **settings}


def wait_for_builder(cache: Path, seconds: float = 30) -> int:
    """The pid of the builder serving `cache`, once it answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        reply = buildserver.hand_over(cache, {"ping": True})
        if reply is not None:
            return int(reply["pid"])
        time.sleep(0.05)
    raise AssertionError(f"no builder answered for {cache}")


def gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A short folder (a Unix socket's address must be) whose builder, if any is left, is stopped after."""
    root = tmp_path_factory.mktemp("t")
    yield root
    reply = buildserver.hand_over(root / "cache", {"ping": True})
    if reply is not None:
        os.kill(int(reply["pid"]), signal.SIGKILL)
        pytest.fail("the test left a builder running")


def test_a_build_at_a_terminal_leaves_a_builder_that_the_next_build_uses(
    served: Path, content_copy: Path, tmp_path: Path
) -> None:
    code, output = run_build(content_copy, served, clean_env(), terminal=True)
    assert code == 0, output
    assert "a builder now keeps the generator loaded for the next build here" in output
    pid = wait_for_builder(served / "cache")
    article = content_copy / "insights" / "first-steps.md"
    article.write_text(article.read_text("utf-8") + "\nEdited once the builder was there.\n", "utf-8")
    code, output = run_build(content_copy, served, clean_env(), terminal=True)
    assert code == 0, output
    assert "a builder now keeps" not in output  # the running one took the build
    log = (served / "cache" / "builder.log").read_text("utf-8")
    assert "built in" in log
    code, output = run_build(content_copy, tmp_path / "here", clean_env(), "--here")
    assert code == 0, output
    assert tree(served / "site") == tree(tmp_path / "here" / "site")
    stop = [sys.executable, "-m", "sitegen", "serve-builds", "--stop", "--cache", str(served / "cache")]
    stopped = subprocess.run(stop, capture_output=True, text=True, timeout=60)
    assert stopped.returncode == 0
    assert "stopped" in stopped.stdout
    assert gone(pid)
    assert not (served / "cache" / buildserver.SOCKET_NAME).exists()


@pytest.mark.parametrize(
    ("env", "terminal", "more"),
    [
        (clean_env(), False, ()),
        (clean_env(CI="true"), True, ()),
        (clean_env(SITEGEN_BUILDER="off"), True, ()),
        (clean_env(SITEGEN_BUILDER="on"), True, ("--here",)),
    ],
    ids=["a script", "CI at a terminal", "turned off", "--here"],
)
def test_scripts_ci_and_builds_told_not_to_leave_no_builder(
    served: Path, content_copy: Path, env: dict[str, str], terminal: bool, more: tuple[str, ...]
) -> None:
    code, output = run_build(content_copy, served, env, *more, terminal=terminal)
    assert code == 0, output
    assert "builder" not in output
    assert not (served / "cache" / "builder.log").exists()  # opened just before a builder is started
    assert buildserver.hand_over(served / "cache", {"ping": True}) is None


def test_SITEGEN_BUILDER_on_leaves_one_from_a_script_and_a_no_change_build_too(
    served: Path, content_copy: Path
) -> None:
    env = clean_env(SITEGEN_BUILDER="on")
    time.sleep(2.1)  # content older than the stamp's settling time: the first build records its stamp
    assert run_build(content_copy, served, clean_env())[0] == 0  # a script: none yet
    code, output = run_build(content_copy, served, env)
    assert code == 0, output
    assert "nothing changed since that build" in output
    pid = wait_for_builder(served / "cache")
    assert buildserver.hand_over(served / "cache", {"stop": True}) is not None
    assert gone(pid)


def test_a_bad_SITEGEN_BUILDER_setting_is_refused_before_anything_is_built(served: Path, content_copy: Path) -> None:
    code, output = run_build(content_copy, served, clean_env(SITEGEN_BUILDER="sometimes"))
    assert code == 2
    assert "SITEGEN_BUILDER must be 'on' or 'off'" in output
    assert not (served / "site").exists()


def test_a_builder_stops_when_its_cache_folder_is_removed(served: Path) -> None:
    cache = served / "cache"
    with serving_builder(cache) as process:
        assert process.stdout is not None
        shutil.rmtree(cache)  # `make clean`, or a clean benchmark run
        assert process.wait(timeout=10) == 0
        assert "its socket was removed: stopping" in process.stdout.read()


def test_a_builder_leaves_alone_a_socket_another_builder_put_in_its_place(served: Path) -> None:
    cache = served / "cache"
    with serving_builder(cache) as first:
        (cache / buildserver.SOCKET_NAME).unlink()
        with serving_builder(cache) as second:
            assert first.wait(timeout=10) == 0
            assert buildserver.hand_over(cache, {"ping": True}) == {
                "code": 0, "stdout": "", "stderr": "", "pid": second.pid}  # fmt: skip
            second.send_signal(signal.SIGTERM)
            assert second.wait(timeout=10) == 0
    assert not (cache / buildserver.SOCKET_NAME).exists()
