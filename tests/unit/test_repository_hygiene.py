"""Nothing generated or machine-local is tracked: a committed `.venv` symlink once replaced the shared venv."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MACHINE_LOCAL = (".venv", "build", "node_modules", ".serverless", ".mypy_cache", ".pytest_cache", ".ruff_cache")


def test_no_virtualenv_build_output_or_node_modules_is_tracked() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "--", *MACHINE_LOCAL, "**/node_modules/**"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert tracked == [], f"untrack these (git rm --cached): {tracked}"
