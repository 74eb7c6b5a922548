"""The incremental build cache: results of expensive work keyed by hashes of their inputs.

It lives in memory for `make serve` and in `build/cache/` between separate builds. Only entries used
by the last build are kept, so it never grows past the content it describes.
"""

from __future__ import annotations

import hashlib
import pickle
import time
from pathlib import Path
from typing import Any

CACHE_FORMAT = 1


def digest(*parts: str | bytes) -> str:
    """A short stable hash of its parts."""
    hasher = hashlib.blake2b(digest_size=12)
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\x00")
    return hasher.hexdigest()


# A file modified less than this long ago may change again within the file system's timestamp
# granularity without its mtime moving ("racy git"): its stat is not trusted yet.
SETTLED_NS = 2_000_000_000


class StatMemo:
    """Remembers a value per file while its size, mtime and inode stay the same (within one process)."""

    def __init__(self) -> None:
        self._known: dict[Path, tuple[tuple[int, int, int], Any]] = {}

    def get(self, path: Path) -> tuple[tuple[int, int, int], Any]:
        """The file's stat signature and the value remembered for it (None if none or stale)."""
        status = path.stat()
        signature = (status.st_size, status.st_mtime_ns, status.st_ino)
        known = self._known.get(path)
        return signature, (known[1] if known is not None and known[0] == signature else None)

    def put(self, path: Path, signature: tuple[int, int, int], value: Any) -> None:
        if time.time_ns() - signature[1] > SETTLED_NS:
            self._known[path] = (signature, value)


_FILE_DIGESTS = StatMemo()


def file_digest(path: Path) -> str:
    """The digest of a file's bytes, recomputed only when its size, mtime or inode changed."""
    signature, value = _FILE_DIGESTS.get(path)
    if value is None:
        value = digest(path.read_bytes())
        _FILE_DIGESTS.put(path, signature, value)
    return str(value)


class BuildCache:
    """A key -> value memo; `outputs` records which inputs each written file came from."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.entries: dict[str, Any] = {}
        self.outputs: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        self._added = False
        if path is not None and path.is_file():
            try:
                with path.open("rb") as handle:
                    stored = pickle.load(handle)  # noqa: S301 - our own file in build/
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                stored = None
            if isinstance(stored, dict) and stored.get("format") == CACHE_FORMAT:
                self.entries = stored["entries"]
                self.outputs = stored["outputs"]

    def keep_only_for(self, code: str) -> None:
        """Forget every entry made by other generator code: parsing and rendering may have changed."""
        if self.entries.get("code") != code:
            self.entries.clear()
            self._added = True
        self.put("code", code)

    def get(self, key: str) -> Any:
        value = self.entries.get(key)
        if value is not None:
            self._used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self.entries[key] = value
        self._used[key] = value
        self._added = True

    def finish(self, outputs: dict[str, Any]) -> None:
        """End of a build: keep only what it used, remember its outputs, and save if on disk (and changed)."""
        changed = self._added or len(self._used) != len(self.entries) or outputs != self.outputs
        self.entries, self._used, self._added = self._used, {}, False
        self.outputs = dict(outputs)
        if self.path is not None and (changed or not self.path.is_file()):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_suffix(".tmp")
            with partial.open("wb") as handle:
                pickle.dump({"format": CACHE_FORMAT, "entries": self.entries, "outputs": self.outputs}, handle)
            partial.replace(self.path)
