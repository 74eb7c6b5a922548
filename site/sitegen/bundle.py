"""The content bundle: versioned JSON for the functions (answer keys, grading specs) — never published."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

BUNDLE_FORMAT = 1


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def write_bundle(sections: dict[str, Any], bundle_dir: Path) -> str:
    """Write `bundle.json`; returns its content hash (what attempts record)."""
    content_hash = hashlib.sha256(canonical_json(sections).encode("utf-8")).hexdigest()[:16]
    bundle_dir.mkdir(parents=True, exist_ok=True)
    document = {"format": BUNDLE_FORMAT, "content_hash": content_hash, "sections": sections}
    (bundle_dir / "bundle.json").write_text(canonical_json(document), encoding="utf-8")
    return content_hash
