"""The content bundle that sitegen writes and the functions read at cold start."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ConfigDict

from functions.lazy_model import LazyModel


class Bundle(LazyModel):
    """Versioned content: `sections` holds each feature's private data (answer keys, grading specs)."""

    model_config = ConfigDict(frozen=True)

    format: int
    content_hash: str
    sections: dict[str, Any]

    def section(self, name: str) -> Any:
        """One feature's section; a missing one is a build error, not a request error."""
        try:
            return self.sections[name]
        except KeyError:
            raise LookupError(f"content bundle has no section {name!r}; run `make build`") from None


@cache
def load_bundle(bundle_dir: Path) -> Bundle:
    """Read `bundle.json` once per container."""
    return Bundle.model_validate(json.loads((bundle_dir / "bundle.json").read_text(encoding="utf-8")))


def bundle_version_or_none(bundle_dir: Path) -> str | None:
    """The bundle's content hash, or None when no bundle was built (health reports it)."""
    try:
        return load_bundle(bundle_dir).content_hash
    except (OSError, ValueError):
        return None
