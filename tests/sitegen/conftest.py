"""Builds of the small content tree in tests/sitegen/content (and of variants made in tmp dirs)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CONTENT = HERE / "content"
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


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the test content tree."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture(scope="module")
def test_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test content tree, built once per module."""
    return build_tree(CONTENT, tmp_path_factory.mktemp("site"))
