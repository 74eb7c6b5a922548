"""The build cache's log: what one build keeps is what the next one reads, and small changes append."""

from __future__ import annotations

from pathlib import Path

from sitegen.cache import BuildCache


def _build(path: Path, used: dict[str, str], outputs: dict[str, str] | None = None) -> BuildCache:
    """One build's use of the cache: read what it needs, put what it made, finish."""
    cache = BuildCache(path)
    for key, value in used.items():
        if cache.get(key) != value:
            cache.put(key, value)
    cache.finish(outputs or {"page.html": "k"})
    return cache


def test_the_next_build_reads_exactly_what_the_last_one_used(tmp_path: Path) -> None:
    path = tmp_path / "cache.pickle"
    _build(path, {"a": "1", "b": "2", "c": "3"}, {"x.html": "1"})
    _build(path, {"a": "1", "c": "30", "d": "4"}, {"y.html": "2"})  # b dropped, c replaced, d new
    again = BuildCache(path)
    assert again.entries == {"a": "1", "c": "30", "d": "4"}
    assert again.outputs == {"y.html": "2"}


def test_a_small_change_appends_instead_of_rewriting(tmp_path: Path) -> None:
    path = tmp_path / "cache.pickle"
    big = {f"article:{n}": "x" * 10_000 for n in range(200)}
    _build(path, big)
    size = path.stat().st_size
    _build(path, {**big, "article:7": "y" * 10_000})
    grown = path.stat().st_size - size
    assert 10_000 < grown < 12_000  # the one new entry, not the 2 MB of all of them
    assert BuildCache(path).entries["article:7"] == "y" * 10_000


def test_the_log_is_rewritten_once_mostly_dropped_entries(tmp_path: Path) -> None:
    path = tmp_path / "cache.pickle"
    for round_ in range(5):
        _build(path, {f"k{round_}:{n}": "v" * 100 for n in range(100)})  # every build replaces everything
    assert path.stat().st_size < 2 * 100 * 150  # one build's worth, not five
    assert sorted(BuildCache(path).entries) == sorted(f"k4:{n}" for n in range(100))


def test_a_torn_last_record_loses_only_that_record(tmp_path: Path) -> None:
    path = tmp_path / "cache.pickle"
    _build(path, {"a": "1"})
    _build(path, {"a": "1", "b": "2"})
    path.write_bytes(path.read_bytes()[:-5])  # an interrupted append
    cache = BuildCache(path)
    assert cache.get("a") == "1"
    cache.put("b", "2")
    cache.finish({"page.html": "k"})
    assert BuildCache(path).entries == {"a": "1", "b": "2"}


def test_a_file_that_is_not_a_cache_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "cache.pickle"
    path.write_bytes(b"not a pickle at all")
    assert BuildCache(path).entries == {}
    _build(path, {"a": "1"})
    assert BuildCache(path).entries == {"a": "1"}
