"""A build with nothing changed does nothing, and any change to its inputs, options, time or output builds."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sitegen import cache, uptodate
from sitegen.cli import main

UP_TO_DATE = "nothing changed since that build"


@pytest.fixture(autouse=True)
def trust_fresh_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests write files and build at once; the racy-timestamp guard has its own test."""
    monkeypatch.setattr(cache, "SETTLED_NS", 0)


def _build(content: Path, out: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> tuple[int, str]:
    code = main(["build", "--content", str(content), "--out", str(out / "site"), "--jobs", "1", *flags])
    return code, capsys.readouterr().out


def _signatures(site: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_mtime_ns, p.stat().st_ino) for p in site.rglob("*") if p.is_file()}


def test_a_second_build_with_nothing_changed_writes_nothing(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, first = _build(content_copy, tmp_path, capsys)
    assert code == 0
    assert UP_TO_DATE not in first
    before = _signatures(tmp_path / "site")
    code, second = _build(content_copy, tmp_path, capsys)
    assert code == 0
    assert UP_TO_DATE in second
    assert first.splitlines()[0] in second  # the last build's summary is repeated
    assert _signatures(tmp_path / "site") == before


def test_an_edited_article_is_built(content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _build(content_copy, tmp_path, capsys)
    article = content_copy / "insights" / "first-steps.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nA sentence added later.\n", encoding="utf-8")
    code, out = _build(content_copy, tmp_path, capsys)
    assert code == 0
    assert UP_TO_DATE not in out
    assert "A sentence added later." in (tmp_path / "site/insights/first-steps/index.html").read_text(encoding="utf-8")


def test_a_deleted_output_file_is_written_again(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _build(content_copy, tmp_path, capsys)
    page = tmp_path / "site/insights/first-steps/index.html"
    page.unlink()
    code, out = _build(content_copy, tmp_path, capsys)
    assert code == 0
    assert UP_TO_DATE not in out
    assert page.is_file()


def test_other_options_build(content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _build(content_copy, tmp_path, capsys)
    code, out = _build(content_copy, tmp_path, capsys, "--drafts")
    assert code == 0
    assert UP_TO_DATE not in out
    assert (tmp_path / "site/insights/not-yet/index.html").is_file()


def test_the_output_holds_until_the_next_scheduled_article(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    soon = (datetime.now(UTC) + timedelta(hours=1)).replace(microsecond=0)
    scheduled = (content_copy / "insights" / "first-steps.md").read_text(encoding="utf-8")
    scheduled = scheduled.replace("title: ", "slug: soon\ntitle: Soon, ", 1)
    scheduled = "\n".join(f"date: {soon.isoformat()}" if ln.startswith("date:") else ln for ln in scheduled.split("\n"))
    (content_copy / "insights" / "soon.md").write_text(scheduled, encoding="utf-8")
    _build(content_copy, tmp_path, capsys)
    stamp = tmp_path / "cache" / uptodate.STAMP_NAME
    valid_until = datetime.fromisoformat(json.loads(stamp.read_text(encoding="utf-8"))["valid_until"])
    # The footer's year ends sooner only in the last hour of a year.
    assert valid_until == min(soon, datetime(datetime.now(UTC).year + 1, 1, 1, tzinfo=UTC))
    taken = json.loads(stamp.read_text(encoding="utf-8"))
    taken = {key: taken[key] for key in ("format", "python", "options", "content", "generator", "libraries")}
    assert uptodate.still_valid(stamp, taken, now=valid_until - timedelta(seconds=1)) is not None
    assert uptodate.still_valid(stamp, taken, now=valid_until) is None


def test_a_failed_build_leaves_no_claim_of_success(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _build(content_copy, tmp_path, capsys)
    article = content_copy / "insights" / "first-steps.md"
    good = article.read_bytes()
    article.write_text("---\ntitle: [broken\n---\nbody\n", encoding="utf-8")
    code, _ = _build(content_copy, tmp_path, capsys)
    assert code == 1
    assert not (tmp_path / "cache" / uptodate.STAMP_NAME).exists()
    article.write_bytes(good)
    code, out = _build(content_copy, tmp_path, capsys)
    assert code == 0
    assert UP_TO_DATE not in out


def test_no_stamp_is_trusted_while_an_input_is_too_fresh_to_judge(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "SETTLED_NS", 3_600 * 10**9)
    generator = tmp_path / "generator"  # stands in for the package's own files, which may be fresh
    generator.mkdir()
    (generator / "code.py").write_text("# settled\n", encoding="utf-8")
    monkeypatch.setattr(uptodate, "PACKAGE_DIR", generator)
    two_hours_ago = time.time() - 2 * 3_600
    for path in [*content_copy.rglob("*"), generator / "code.py"]:
        os.utime(path, (two_hours_ago, two_hours_ago))
    _build(content_copy, tmp_path, capsys)
    stamp = tmp_path / "cache" / uptodate.STAMP_NAME
    assert stamp.exists()
    os.utime(content_copy / "insights" / "first-steps.md")  # just saved: a same-size save could go unseen
    _build(content_copy, tmp_path, capsys)
    assert not stamp.exists()
