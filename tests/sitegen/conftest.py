"""Builds of the small content tree in tests/sitegen/content (and of variants made in tmp dirs)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
TREE = HERE / "content"  # authors.yml and insights/ only: other areas' content comes from the real tree
REAL_CONTENT = HERE.parent.parent / "content"
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def build_tree(content: Path, out_root: Path, **flags: object) -> Path:
    """Build `content` into out_root/site with a fixed clock; returns the site directory."""
    from sitegen.build import build
    from sitegen.context import BuildOptions

    options = BuildOptions(
        content_dir=content,
        out_dir=out_root / "site",
        bundle_dir=out_root / "bundle",
        now=flags.pop("now", NOW),  # type: ignore[arg-type]
        **flags,  # type: ignore[arg-type]
    )
    build(options)
    return out_root / "site"


def assemble_content(target: Path) -> Path:
    """The test tree plus the real content of every other area, so it follows their models."""
    shutil.copytree(TREE, target)
    for entry in REAL_CONTENT.iterdir():
        if entry.name not in ("insights", "authors.yml"):
            copy = shutil.copytree if entry.is_dir() else shutil.copyfile
            copy(entry, target / entry.name)
    return target


@pytest.fixture(scope="session")
def content_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test content tree, read-only."""
    return assemble_content(tmp_path_factory.mktemp("tree") / "content")


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the test content tree."""
    return assemble_content(tmp_path / "content")


@pytest.fixture(scope="module")
def test_site(content_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test content tree, built once per module."""
    return build_tree(content_root, tmp_path_factory.mktemp("site"))
