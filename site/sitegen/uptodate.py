"""Is the last build's output still exactly what a build would write? Answered before anything heavy loads.

Like make: a build records the size, modification time and inode of every input (content files, the
generator's own code, templates and static files, the libraries that shape its output), its options,
every file it wrote, and until when its output holds (the next scheduled article's publish time, the
end of the year in the footer). A build with all of that unchanged has nothing to do. Standard library
only: this runs before Pydantic, Jinja2 or Pygments are imported.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sitegen import cache  # standard library only, like this module

PACKAGE_DIR = Path(__file__).resolve().parent
STAMP_NAME = "uptodate.json"
STAMP_FORMAT = 1
# Libraries whose version changes what the build writes.
LIBRARIES = ("jinja2", "markupsafe", "pydantic", "pydantic_core", "yaml", "pyromark", "pygments", "nh3", "PIL", "isal",
             "jsonschema")  # fmt: skip


def stat_tree(root: Path) -> dict[str, list[int]]:
    """Relative path -> [size, mtime_ns, inode] of every file under `root` (or of `root`, a file)."""
    if root.is_file():
        status = root.stat()
        return {".": [status.st_size, status.st_mtime_ns, status.st_ino]}
    found: dict[str, list[int]] = {}
    for name, entry in _walk(root):
        status = entry.stat()
        found[name] = [status.st_size, status.st_mtime_ns, status.st_ino]
    return found


def file_names(root: Path) -> list[str]:
    """The relative path of every file under `root` (no stat: directory entries say what is a file)."""
    return [name for name, _ in _walk(root)]


def _walk(root: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(relative path, entry) of every file under `root`, `__pycache__` folders left out."""
    if not root.is_dir():
        return
    cut = len(str(root)) + 1
    stack = [str(root)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        stack.append(entry.path)
                elif entry.is_file():
                    yield entry.path[cut:], entry


def _libraries() -> dict[str, list[int]]:
    versions: dict[str, list[int]] = {}
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)  # finds the package without importing it
        if spec is not None and spec.origin:
            status = os.stat(spec.origin)
            versions[name] = [status.st_size, status.st_mtime_ns]
    return versions


def code() -> dict[str, Any]:
    """The generator's own code, libraries and Python, as stat signatures."""
    return {
        "format": STAMP_FORMAT,
        "python": sys.version,
        "generator": stat_tree(PACKAGE_DIR),
        "libraries": _libraries(),
    }


def inputs(options: dict[str, Any], content_dir: Path) -> dict[str, Any]:
    """Everything a build's output depends on, as stat signatures (cheap to take, cheap to compare)."""
    return {**code(), "options": options, "content": stat_tree(content_dir)}


def outputs(directories: list[Path]) -> dict[str, dict[str, list[int]]]:
    return {str(directory): stat_tree(directory) for directory in directories}


def _youngest(*trees: dict[str, list[int]]) -> int:
    return max((signature[1] for tree in trees for signature in tree.values()), default=0)


def record(stamp: Path, taken: dict[str, Any], written: list[Path], valid_until: datetime | None, summary: str) -> None:
    """After a successful build: what it was made from and what it wrote (unless an input is too fresh to trust)."""
    stamp.unlink(missing_ok=True)
    if time.time_ns() - _youngest(taken["content"], taken["generator"]) < cache.SETTLED_NS:  # racy: see there
        return
    year_end = datetime(datetime.now(UTC).year + 1, 1, 1, tzinfo=UTC)
    document = {
        **taken,
        "outputs": outputs(written),
        "valid_until": min(valid_until, year_end).isoformat() if valid_until else year_end.isoformat(),
        "summary": summary,
    }
    stamp.parent.mkdir(parents=True, exist_ok=True)
    partial = stamp.with_suffix(".tmp")
    partial.write_text(json.dumps(document), encoding="utf-8")
    partial.replace(stamp)


def still_valid(stamp: Path, taken: dict[str, Any], now: datetime | None = None) -> str | None:
    """The recorded build's summary if its output is still current; None if a build has work to do."""
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(recorded, dict) or any(recorded.get(key) != value for key, value in taken.items()):
        return None
    if (now or datetime.now(UTC)) >= datetime.fromisoformat(recorded["valid_until"]):
        return None
    if outputs([Path(directory) for directory in recorded["outputs"]]) != recorded["outputs"]:
        return None  # an output was deleted, changed or added by hand: build again
    return str(recorded["summary"])


def forget(stamp: Path) -> None:
    """Before a build: a failed or interrupted one must not leave the last stamp claiming success."""
    stamp.unlink(missing_ok=True)
