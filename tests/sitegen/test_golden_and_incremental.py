"""The small tree's output against reviewed golden files, and incremental builds against clean ones.

Regenerate the golden files after an intended change with `UPDATE_GOLDEN=1 pytest tests/sitegen`, then
review the diff like code.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.sitegen.conftest import NOW, build_tree

GOLDEN = Path(__file__).resolve().parent / "golden"
FINGERPRINT = re.compile(r"\.[0-9a-f]{10}\.(css|js|png)")


def snapshot(site: Path) -> dict[str, str]:
    """What the golden files hold: insights pages' <main> (the rest is other areas'), feeds and indexes whole."""
    # Other areas' pages are theirs to test: only insights/ and the site-wide files are compared.
    names = sorted(
        name
        for name in (p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
        if name.startswith("insights/") or "/" not in name
    )
    files: dict[str, str] = {"files.txt": "\n".join(names) + "\n"}
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.suffix == ".html" and name.startswith("insights/"):
            text = path.read_text(encoding="utf-8")
            # From the insights stylesheet on: the head lines before it are base.html's.
            head = text.split('<link rel="stylesheet" href="/static/css/insights.', 1)[1].split("</head>", 1)[0]
            main = text.split("<main", 1)[1].split("</main>", 1)[0]
            files[name] = FINGERPRINT.sub(r".HASH.\1", "<link insights." + head + "\n<main" + main)
        elif name == "sitemap.xml":
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            files[name] = "".join(line for line in lines if "<loc>" not in line or "/insights/" in line)
        elif path.suffix in (".xml", ".json") and name.startswith("insights/"):
            files[name] = path.read_text(encoding="utf-8")
    return files


def test_the_test_tree_builds_to_the_golden_output(test_site: Path) -> None:
    actual = snapshot(test_site)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, text in actual.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_text(text, encoding="utf-8")
        pytest.fail("golden files rewritten: review the diff, then run again without UPDATE_GOLDEN")
    expected = {
        p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*") if p.is_file()
    }
    assert sorted(actual) == sorted(expected)
    for name in expected:
        assert actual[name] == expected[name], f"{name} differs from tests/sitegen/golden/{name}"


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def edit(content: Path) -> None:
    """One article changed, one added, one removed, the authors file touched."""
    first = content / "insights/first-steps.md"
    first.write_text(first.read_text("utf-8").replace("First steps with agents", "First steps, edited")
                     .replace("/insights/second-thoughts/", "/insights/with-image/"), "utf-8")  # fmt: skip
    (content / "insights/second-thoughts.md").unlink()
    (content / "insights/brand-new.md").write_text(
        "---\ntitle: Brand new\ndate: 2026-04-01\nauthor: ben\nsummary: Added between two incremental builds.\n"
        "tags: [ownership]\n---\n\nNew.\n",
        "utf-8",
    )


def test_an_incremental_build_writes_exactly_what_a_clean_build_writes(content_copy: Path, tmp_path: Path) -> None:
    from sitegen.build import build
    from sitegen.context import BuildOptions

    def options(root: Path) -> BuildOptions:
        return BuildOptions(content_copy, root / "site", root / "bundle", now=NOW, cache_dir=root / "cache")

    first = build(options(tmp_path / "incremental"))
    unchanged = build(options(tmp_path / "incremental"))
    assert first.pages_rendered == first.pages_written
    assert [path for path in unchanged.rendered_paths if path.startswith("insights/")] == []
    edit(content_copy)
    after_edit = build(options(tmp_path / "incremental"))
    assert 0 < after_edit.pages_rendered < after_edit.pages_written
    build(options(tmp_path / "clean"))
    assert tree(tmp_path / "incremental" / "site") == tree(tmp_path / "clean" / "site")


def test_a_change_to_a_template_re_renders_every_page_that_uses_it(content_copy: Path, tmp_path: Path) -> None:
    from sitegen import build as build_module
    from sitegen.build import build
    from sitegen.context import BuildOptions

    options = BuildOptions(content_copy, tmp_path / "site", tmp_path / "bundle", now=NOW, cache_dir=tmp_path / "c")
    build(options)
    original = build_module.code_hash
    try:
        build_module.code_hash = lambda: "templates changed"  # type: ignore[assignment]
        again = build(options)
    finally:
        build_module.code_hash = original  # type: ignore[assignment]
    assert again.pages_rendered == again.pages_written


def test_a_clean_build_of_the_same_content_is_byte_identical(content_root: Path, tmp_path: Path) -> None:
    assert tree(build_tree(content_root, tmp_path / "a")) == tree(build_tree(content_root, tmp_path / "b"))


def test_rendering_in_worker_processes_writes_what_one_process_writes(
    content_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitegen import writer

    monkeypatch.setattr(writer, "PARALLEL_MIN_PAGES", 1)
    parallel = build_tree(content_root, tmp_path / "parallel", jobs=2)
    assert tree(parallel) == tree(build_tree(content_root, tmp_path / "serial", jobs=1))


def test_a_build_without_a_cache_over_an_old_tree_leaves_exactly_a_clean_build(
    content_copy: Path, tmp_path: Path
) -> None:
    old = build_tree(content_copy, tmp_path / "over")
    (old / "insights/first-steps/index.html").write_text("stale", "utf-8")  # a page from older content
    (old / "insights/index.html").write_text("longer than the page " * 50_000, "utf-8")  # cut to the new length
    (old / "insights/gone").mkdir()
    (old / "insights/gone/index.html").write_text("an article since deleted", "utf-8")
    (old / "stray.txt").write_text("not ours", "utf-8")
    edit(content_copy)
    over = build_tree(content_copy, tmp_path / "over")  # no cache dir: nothing known about the old tree
    assert tree(over) == tree(build_tree(content_copy, tmp_path / "fresh"))
    assert not (over / "insights/gone").exists()  # emptied folders go too


def test_a_build_pauses_the_cyclic_collector_and_restores_it_even_when_content_is_invalid(
    content_copy: Path, tmp_path: Path
) -> None:
    import gc

    from sitegen.problems import ContentInvalid

    assert gc.isenabled()
    build_tree(content_copy, tmp_path / "good")
    assert gc.isenabled()
    (content_copy / "insights" / "broken.md").write_text("---\ntitle: [unclosed\n---\nBody.\n", "utf-8")
    with pytest.raises(ContentInvalid):
        build_tree(content_copy, tmp_path / "bad")
    assert gc.isenabled()
    (content_copy / "insights" / "broken.md").unlink()
    gc.disable()
    try:
        build_tree(content_copy, tmp_path / "again")
        assert not gc.isenabled()  # a caller's own choice is kept
    finally:
        gc.enable()


def test_compiled_templates_are_kept_beside_the_generator_unless_python_may_not_write_bytecode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from sitegen import writer

    beside = Path(writer.__file__).resolve().parent / "__pycache__" / "templates"
    for may_write, expected in ((True, beside), (False, tmp_path / "cache" / "templates")):
        writer._compiled_templates_dir.cache_clear()
        monkeypatch.setattr(sys, "dont_write_bytecode", not may_write)
        env = writer.make_environment({}, tmp_path / "cache")
        if env.cache is not None:
            env.cache.clear()  # the environment is per process: load the template afresh
        env.get_template("404.html")
        folder = Path(env.bytecode_cache.directory)  # type: ignore[union-attr]
        assert folder == expected
        assert list(folder.glob("__jinja2_*.cache")), "the compiled template was not written"
    writer._compiled_templates_dir.cache_clear()


def _replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def change(content: Path) -> None:
        target = content / path
        text = target.read_text("utf-8")
        assert old in text, f"{old!r} not in {path}"
        target.write_text(text.replace(old, new, 1), "utf-8")

    return change


FIRST = "insights/first-steps.md"
# Each is something a card shows (title, summary, date, tags, author, reading time, status) or only the
# article page does (its body): the pages that show only the article's card must follow exactly.
EDITS = {
    "body": _replace(FIRST, "Same heading twice", "The same heading twice"),
    "title": _replace(FIRST, "title: First steps with agents", "title: First steps, retitled"),
    "summary": _replace(FIRST, "summary: A short article", "summary: A brief article"),
    "date": _replace(FIRST, "date: 2026-01-05", "date: 2026-03-05"),
    "tags": _replace(FIRST, "tags: [briefing, AI Agents]", "tags: [briefing, ownership]"),
    "author's name": _replace("authors.yml", "name: Ada Example", "name: Ada Renamed"),
    "reading time": _replace(FIRST, "Same heading twice", "Same heading twice" + " and more words" * 200),
    "draft": _replace(FIRST, "cta: score", "cta: score\ndraft: true"),
    # Pages of the other areas, keyed on their template and context (writer._own_key).
    "home page": _replace("home.yml", "headline: Running AI agents", "headline: Running agents"),
    "gym lesson": _replace("gym/autonomy-procurement.md", "are a policy", "are a standing policy"),
    "score band": _replace("score/bands.yml", "name: Passenger", "name: Passenger seat"),
    "teams page": _replace("teams/teams.yml", "title: Team assessments", "title: Team assessment"),
}


@pytest.mark.parametrize("serving", [False, True], ids=["production", "make serve"])
@pytest.mark.parametrize("change", EDITS.values(), ids=EDITS.keys())
def test_every_kind_of_edit_builds_incrementally_what_a_clean_build_writes(
    change: Callable[[Path], None], serving: bool, content_copy: Path, tmp_path: Path
) -> None:
    from sitegen.build import build
    from sitegen.context import BuildOptions

    def options(root: Path) -> BuildOptions:
        return BuildOptions(content_copy, root / "site", root / "bundle", now=NOW, cache_dir=root / "cache",
                            drafts=serving, future=serving, dev=serving)  # fmt: skip

    build(options(tmp_path / "incremental"))
    change(content_copy)
    build(options(tmp_path / "incremental"))
    build(options(tmp_path / "clean"))
    assert tree(tmp_path / "incremental" / "site") == tree(tmp_path / "clean" / "site")


def test_an_edit_to_the_body_alone_rewrites_the_article_and_the_feed_and_no_other_page(
    content_copy: Path, tmp_path: Path
) -> None:
    from sitegen.build import build
    from sitegen.context import BuildOptions

    options = BuildOptions(content_copy, tmp_path / "site", tmp_path / "bundle", now=NOW, cache_dir=tmp_path / "cache")
    build(options)
    EDITS["body"](content_copy)
    again = build(options)
    assert list(again.rendered_paths) == ["insights/feed.xml", "insights/first-steps/index.html"]
