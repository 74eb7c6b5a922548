"""Every content problem is reported as `path:line: field: message`, all of them in one run."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitegen.problems import ContentInvalid

from tests.sitegen.conftest import build_tree

GOOD = """---
title: A valid article
date: 2026-05-01
author: ada
summary: Valid front matter, so that each test breaks exactly one thing.
tags: [briefing]
---

Body text.
"""


def problems_for(content: Path, tmp_path: Path, **flags: object) -> list[str]:
    with pytest.raises(ContentInvalid) as raised:
        build_tree(content, tmp_path / "out", **flags)
    return [str(p) for p in sorted(set(raised.value.problems.items))]


def write(content: Path, name: str, text: str) -> None:
    (content / "insights" / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD.replace("title: A valid article\n", ""), "content/insights/bad.md:2: title: Field required"),
        (GOOD.replace("date: 2026-05-01", "date: next tuesday"), "content/insights/bad.md:3: date:"),
        (GOOD.replace("date: 2026-05-01", "date: 2026-05-01T10:00:00"), "needs a timezone"),
        (GOOD.replace("tags: [briefing]", "tags: briefing"),
         "content/insights/bad.md:6: tags: Input should be a valid list"),
        (GOOD.replace("tags: [briefing]", "tagz: [briefing]"),
         "content/insights/bad.md:6: tagz: Extra inputs are not permitted"),
        (GOOD.replace("author: ada", "author: nobody"), "content/insights/bad.md:4: author: unknown author 'nobody'"),
        (GOOD.replace("tags: [briefing]", "tags: [briefing]\ncta: gym-lesson-that-does-not-exist"),
         "content/insights/bad.md:7: cta: unknown target 'gym-lesson-that-does-not-exist'"),
        (GOOD.replace("summary: Valid front matter, so that each test breaks exactly one thing.",
                      "summary: Too short."),
         "content/insights/bad.md:5: summary: String should have at least 20 characters"),
        (GOOD.replace("summary: Valid front matter", "summary: One. Two. Three sentences"),
         "content/insights/bad.md:5: summary: Value error, the summary should be one or two sentences"),
        (GOOD.replace("title: A valid article", "title: [unclosed"), "content/insights/bad.md:3: yaml:"),
        ("", "content/insights/bad.md:1: document: the file is empty"),
        ("Just text, no front matter.\n", "content/insights/bad.md:1: front matter:"),
        (GOOD.replace("Body text.", "Read [this](/insights/no-such-article/)."),
         "content/insights/bad.md:9: link: '/insights/no-such-article/' leads to no page of this site"),
        (GOOD.replace("Body text.", "![a chart](missing.png)"),
         "content/insights/bad.md:9: image: image 'missing.png' not found next to the article"),
        (GOOD.replace("Body text.", "See `[x](/nowhere/)`.\n\nThen [the list][l].\n\n[l]: /insights/gone/"),
         "content/insights/bad.md:13: link: '/insights/gone/' leads to no page of this site"),
        (GOOD.replace("Body text.", "Intro.\n\n<p>A <a href=\"/teams/nope/\">raw link</a>.</p>"),
         "content/insights/bad.md:11: link: '/teams/nope/' leads to no page of this site"),
        (GOOD.replace("Body text.", "Intro.\n\n<img src=\"chart.png\" alt=\"A chart\">"),
         "content/insights/bad.md:11: image: image 'chart.png' not found next to the article"),
        (GOOD.replace("tags: [briefing]", "tags: [briefing]\nimage:\n  src: nope.png\n  alt: Missing lead image"),
         "content/insights/bad.md:7: image.src: image 'nope.png' not found next to the article"),
    ],
    ids=[
        "missing-field", "mistyped-date", "naive-datetime", "tags-not-a-list", "unknown-key", "unknown-author",
        "unknown-cta", "summary-too-short", "summary-too-many-sentences", "yaml-syntax", "empty-file",
        "no-front-matter", "broken-internal-link", "missing-local-image", "broken-reference-link",
        "broken-raw-html-link", "missing-raw-html-image", "missing-lead-image",
    ],
)  # fmt: skip
def test_each_content_problem_is_reported_with_its_file_line_and_field(
    content_copy: Path, tmp_path: Path, text: str, expected: str
) -> None:
    write(content_copy, "bad.md", text)
    problems = problems_for(content_copy, tmp_path)
    assert any(expected in problem for problem in problems), problems
    assert all(problem.startswith("content/insights/bad.md:") for problem in problems), problems


def test_duplicate_slugs_name_both_files(content_copy: Path, tmp_path: Path) -> None:
    write(content_copy, "copy-one.md", GOOD.replace("tags:", "slug: same-slug\ntags:"))
    write(content_copy, "copy-two.md", GOOD.replace("tags:", "slug: same-slug\ntags:"))
    problems = problems_for(content_copy, tmp_path)
    assert "content/insights/copy-one.md:6: slug: 'same-slug' is also used by content/insights/copy-two.md" in problems
    assert "content/insights/copy-two.md:6: slug: 'same-slug' is also used by content/insights/copy-one.md" in problems


def test_every_problem_in_every_file_is_reported_in_one_run(content_copy: Path, tmp_path: Path) -> None:
    write(content_copy, "a.md", GOOD.replace("author: ada", "author: nobody").replace("title: A valid article\n", ""))
    write(content_copy, "b.md", "")
    write(content_copy, "c.md", GOOD.replace("tags: [briefing]", "tags: [briefing]\ncta: nowhere"))
    with (content_copy / "authors.yml").open("a", encoding="utf-8") as authors:
        authors.write("ghost:\n  name: G\n  role: Nobody\n  bio: Too short\n")
    problems = problems_for(content_copy, tmp_path)
    files = {problem.split(":", 1)[0] for problem in problems}
    assert files == {"content/insights/a.md", "content/insights/b.md", "content/insights/c.md", "content/authors.yml"}
    assert len(problems) >= 5, problems


def test_the_command_line_prints_the_problems_and_exits_non_zero(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sitegen.cli import main

    write(content_copy, "bad.md", GOOD.replace("author: ada", "author: nobody"))
    status = main(["build", "--content", str(content_copy), "--out", str(tmp_path / "out" / "site")])
    assert status == 1
    err = capsys.readouterr().err
    assert "content/insights/bad.md:4: author: unknown author 'nobody'" in err
    assert "build failed: 1 content problem(s)" in err


def test_a_missing_settings_file_or_content_folder_is_a_clear_error_not_a_traceback(
    content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sitegen.cli import main

    (content_copy / "site.yml").unlink()
    assert main(["build", "--content", str(content_copy), "--out", str(tmp_path / "out" / "site")]) == 1
    assert "content/site.yml:1: document: the file is missing" in capsys.readouterr().err
    assert main(["build", "--content", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out" / "site")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_link_syntax_inside_code_is_text_not_a_link_to_check(content_copy: Path, tmp_path: Path) -> None:
    body = "Write `[x](/nowhere/)` or:\n\n```markdown\n![chart](missing.png) and [y](/gone/)\n```\n"
    write(content_copy, "code.md", GOOD.replace("Body text.", body))
    build_tree(content_copy, tmp_path / "out")  # raises ContentInvalid if any of them were checked


@pytest.mark.parametrize(
    "address", ["agentboss.example", "ftp://agentboss.example", "https://", "https://a.example/?x=1"]
)
def test_a_base_url_that_is_not_a_web_address_is_reported_on_its_line(
    content_copy: Path, tmp_path: Path, address: str
) -> None:
    settings = content_copy / "site.yml"
    settings.write_text(settings.read_text("utf-8").replace("https://agentboss.example", address), "utf-8")
    problems = problems_for(content_copy, tmp_path)
    assert problems == ["content/site.yml:7: base_url: Value error, must be a web address such as https://example.org"]


@pytest.mark.parametrize("files_known", [False, True], ids=["read-by-workers", "read-here"])
def test_unusable_files_are_reported_whether_the_workers_or_this_process_read_them(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files_known: bool
) -> None:
    from sitegen.areas.insights import reader
    from sitegen.cache import StatMemo

    memo = StatMemo()
    if files_known:  # any file known: this process hashes every file to look for cached parses
        memo.put(tmp_path / "elsewhere.md", (1, 0, 1), "hash")
    monkeypatch.setattr(reader, "_KNOWN_FILES", memo)
    monkeypatch.setattr(reader, "PARALLEL_MIN_ARTICLES", 1)
    write(content_copy, "empty.md", "  \n")
    (content_copy / "insights" / "latin1.md").write_bytes("---\ntitle: café\n---\n".encode("latin-1"))
    problems = problems_for(content_copy, tmp_path, jobs=2)
    assert sorted(problems) == [
        "content/insights/empty.md:1: document: the file is empty",
        "content/insights/latin1.md:1: document: not UTF-8 text (invalid continuation byte)",
    ]


def test_a_build_that_fails_while_articles_are_being_parsed_leaves_no_worker_behind(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from sitegen.areas import gym
    from sitegen.areas.insights import reader

    monkeypatch.setattr(reader, "PARALLEL_MIN_ARTICLES", 1)
    started: list[int] = []
    original = reader.ForkedMap.__init__

    def record_children(self: reader.ForkedMap[object, object], *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        started.extend(self.children)

    def broken_load(ctx: object) -> None:
        raise RuntimeError("a bug in another area")

    monkeypatch.setattr(reader.ForkedMap, "__init__", record_children)
    monkeypatch.setattr(gym, "load", broken_load)
    with pytest.raises(RuntimeError, match="a bug in another area"):
        build_tree(content_copy, tmp_path / "out", jobs=2)
    assert started, "the articles were not being parsed in a worker"
    for pid in started:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped already: not running, not a zombie
