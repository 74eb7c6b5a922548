"""The incremental build cache: results of expensive work keyed by hashes of their inputs.

It lives in memory for `make serve` and in `build/cache/` between separate builds. Only entries used
by the last build are kept, so it never grows past the content it describes.
"""

from __future__ import annotations

import hashlib
import pickle
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

CACHE_FORMAT = 2
T = TypeVar("T")


def digest(*parts: str | bytes) -> str:
    """A short stable hash of its parts."""
    hasher = hashlib.blake2b(digest_size=12)
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\x00")
    return hasher.hexdigest()


@lru_cache(maxsize=1 << 15)
def memo_digest(*parts: str) -> str:
    """`digest`, remembered: a rebuild asks again for the keys of the thousands of pages it does not
    render, from the same parts (~3 µs each to hash, ~0.3 µs to look up)."""
    return digest(*parts)


# A file modified less than this long ago may change again within the file system's timestamp
# granularity without its mtime moving ("racy git"): its stat is not trusted yet.
SETTLED_NS = 2_000_000_000


def stat_signature(path: Path) -> tuple[int, int, int]:
    """What tells a file changed without reading it: size, modification time and inode."""
    status = path.stat()
    return status.st_size, status.st_mtime_ns, status.st_ino


class StatMemo:
    """Remembers a value per file while its size, mtime and inode stay the same (within one process)."""

    def __init__(self) -> None:
        self._known: dict[Path, tuple[tuple[int, int, int], Any]] = {}

    def get(self, path: Path) -> tuple[tuple[int, int, int], Any]:
        """The file's stat signature and the value remembered for it (None if none or stale)."""
        signature = stat_signature(path)
        known = self._known.get(path)
        return signature, (known[1] if known is not None and known[0] == signature else None)

    def put(self, path: Path, signature: tuple[int, int, int], value: Any) -> None:
        if time.time_ns() - signature[1] > SETTLED_NS:
            self._known[path] = (signature, value)

    def __bool__(self) -> bool:
        return bool(self._known)

    def export(self) -> dict[Path, tuple[tuple[int, int, int], Any]]:
        """What is known, to be kept in the build cache for the next process."""
        return dict(self._known)

    def absorb(self, known: dict[Path, tuple[tuple[int, int, int], Any]]) -> None:
        """Take what an earlier process knew (each entry still checked against the file's stat)."""
        for path, entry in known.items():
            self._known.setdefault(path, entry)


_FILE_DIGESTS = StatMemo()


def file_digest(path: Path) -> str:
    """The digest of a file's bytes, recomputed only when its size, mtime or inode changed."""
    signature, value = _FILE_DIGESTS.get(path)
    if value is None:
        value = digest(path.read_bytes())
        _FILE_DIGESTS.put(path, signature, value)
    return str(value)


class BuildCache:
    """A key -> value memo; `outputs` records which inputs each written file came from.

    On disk it is a log of pickled records, so a build that changed a few entries appends them
    (a one-article edit writes ~15 KB, not the ~14 MB of every parsed article); the log is
    rewritten whole once it holds more dropped entries than live ones. A torn last record (an
    interrupted build) is ignored: what it held is simply made again.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.entries: dict[str, Any] = {}
        self.outputs: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        self._fresh: dict[str, Any] = {}
        self._garbage = 0  # records in the log that no longer count (dropped or replaced entries)
        self._valid_log = False
        if path is not None and path.is_file():
            self._read(path)

    def _read(self, path: Path) -> None:
        with path.open("rb") as handle:
            try:
                header = pickle.load(handle)  # noqa: S301 - our own file in build/
            except Exception:  # noqa: BLE001 - a file from other code or a broken one is no cache at all
                return
            if header != {"format": CACHE_FORMAT}:
                return
            self._valid_log = True
            while True:
                try:
                    kind, data = pickle.load(handle)  # noqa: S301
                except EOFError:
                    break
                except Exception:  # noqa: BLE001 - torn, or written by other code
                    self._valid_log = False  # a torn or unreadable tail: appending after it would be lost
                    break
                if kind == "entries":
                    self._garbage += sum(1 for key in data if key in self.entries)
                    self.entries.update(data)
                elif kind == "drop":
                    for key in data:
                        if self.entries.pop(key, None) is not None:
                            self._garbage += 1
                elif kind == "outputs":
                    self.outputs = data

    def keep_only_for(self, code: str) -> None:
        """Forget every entry made by other generator code: parsing and rendering may have changed."""
        if self.get("code") != code:
            self._garbage += len(self.entries)
            self.entries.clear()
            self.put("code", code)

    def get(self, key: str) -> Any:
        value = self.entries.get(key)
        if value is not None:
            self._used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self.entries[key] = value
        self._used[key] = value
        self._fresh[key] = value

    def remember(self, key: str, make: Callable[[], T]) -> T:
        """The value kept under `key`, else `make()`'s, kept unless it is None: content that failed its
        checks is read again by every build, so its problems show every time."""
        value: T = self.get(key)
        if value is None:
            value = make()
            if value is not None:
                self.put(key, value)
        return value

    def finish(self, outputs: dict[str, Any]) -> None:
        """End of a build: keep only what it used, remember its outputs, and save if on disk (and changed)."""
        dropped = [key for key in self.entries if key not in self._used]
        fresh, outputs_changed = self._fresh, outputs != self.outputs
        self.entries, self._used, self._fresh = self._used, {}, {}
        self.outputs = dict(outputs)
        if self.path is None:
            return
        self._garbage += len(dropped)
        if not self._valid_log or not self.path.is_file() or self._garbage > max(64, len(self.entries)):
            self._rewrite(self.path)
        elif fresh or dropped or outputs_changed:
            with self.path.open("ab") as handle:
                for record in (("entries", fresh), ("drop", dropped), ("outputs", self.outputs)):
                    if record[1] or (record[0] == "outputs" and outputs_changed):
                        pickle.dump(record, handle, protocol=pickle.HIGHEST_PROTOCOL)

    def _rewrite(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        with partial.open("wb") as handle:
            for record in ({"format": CACHE_FORMAT}, ("entries", self.entries), ("outputs", self.outputs)):
                pickle.dump(record, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
        self._garbage, self._valid_log = 0, True
