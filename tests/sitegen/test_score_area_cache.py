"""The Score's bank is read again only when a file under content/score/ changed, and its problems always show."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sitegen.areas import score
from sitegen.build import build
from sitegen.cache import BuildCache
from sitegen.context import BuildOptions
from sitegen.problems import ContentInvalid

from tests.sitegen.conftest import NOW


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every time the bank is read from its files."""
    seen: list[Path] = []
    real = score.load_bank

    def counted(content: Path, problems: Any) -> Any:
        seen.append(content)
        return real(content, problems)

    monkeypatch.setattr(score, "load_bank", counted)
    return seen


def bank_version(root: Path) -> str:
    return str(json.loads((root / "bundle" / "bundle.json").read_text("utf-8"))["sections"]["score"]["version"])


def test_an_unchanged_bank_is_not_read_again_and_an_edited_one_is(
    reads: list[Path], content_copy: Path, tmp_path: Path
) -> None:
    options = BuildOptions(content_copy, tmp_path / "site", tmp_path / "bundle", now=NOW)
    cache = BuildCache()  # as `make serve` and the resident builder keep it
    build(options, cache)
    first = bank_version(tmp_path)
    build(options, cache)
    assert len(reads) == 1
    bands = content_copy / "score" / "bands.yml"
    bands.write_text(bands.read_text("utf-8").replace("Passenger", "Passenger seat"), "utf-8")
    build(options, cache)
    assert len(reads) == 2
    assert bank_version(tmp_path) != first


def test_a_broken_bank_fails_every_build_not_only_the_first(
    reads: list[Path], content_copy: Path, tmp_path: Path
) -> None:
    options = BuildOptions(content_copy, tmp_path / "site", tmp_path / "bundle", now=NOW)
    cache = BuildCache()
    item = sorted((content_copy / "score" / "items").glob("*.yml"))[0]
    item.write_text(item.read_text("utf-8").replace("points: 1\n", "points: 3\n", 1), "utf-8")
    for _ in range(2):
        with pytest.raises(ContentInvalid) as failed:
            build(options, cache)
        assert any(problem.path.endswith(f"score/items/{item.name}") for problem in failed.value.problems.items)
    assert len(reads) == 2
