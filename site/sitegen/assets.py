"""Static assets: copied with a content hash in the name so they can be cached forever."""

from __future__ import annotations

import hashlib
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"
# Files browsers ask for by a fixed name keep it.
FIXED_NAMES = {"favicon.svg", "favicon.ico", "robots.txt"}


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


def publish_assets(out_dir: Path, static_dir: Path = STATIC_DIR) -> dict[str, str]:
    """Copy static/ into out_dir; returns logical name -> URL (`css/site.css` -> `/static/css/site.<hash>.css`)."""
    manifest: dict[str, str] = {}
    for source in sorted(p for p in static_dir.rglob("*") if p.is_file()):
        data = source.read_bytes()
        logical = source.relative_to(static_dir).as_posix()
        if logical in FIXED_NAMES:
            target = out_dir / logical
            manifest[logical] = f"/{logical}"
        else:
            hashed = f"{source.stem}.{fingerprint(data)}{source.suffix}"
            target = out_dir / "static" / source.parent.relative_to(static_dir) / hashed
            manifest[logical] = "/" + target.relative_to(out_dir).as_posix()
        if not (target.is_file() and target.read_bytes() == data):  # rebuilds leave unchanged files alone
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return manifest
