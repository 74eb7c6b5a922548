"""Pagination, tag and author lists, and "Keep reading", on a generated tree of many articles."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.sitegen.conftest import assemble_content, build_tree

TEMPLATE = """---
title: Article number {n}
date: 2026-{month:02d}-{day:02d}
author: {author}
summary: The summary of article number {n}, long enough to pass.
tags: [{tags}]
{extra}---

Body of article {n}.
"""


def make_tree(root: Path, articles: list[dict[str, object]]) -> Path:
    content = assemble_content(root / "content")
    shutil.rmtree(content / "insights")
    (content / "insights").mkdir()
    for spec in articles:
        n = int(spec["n"])  # type: ignore[call-overload]
        text = TEMPLATE.format(
            n=n,
            month=1 + n // 28,
            day=1 + n % 28,
            author=spec.get("author", "ada"),
            tags=", ".join(spec.get("tags", ())),  # type: ignore[arg-type]
            extra=spec.get("extra", ""),
        )
        (content / "insights" / f"article-{n:02d}.md").write_text(text, encoding="utf-8")
    return content


def keep_reading(site: Path, n: int) -> list[str]:
    page = (site / f"insights/article-{n:02d}/index.html").read_text(encoding="utf-8")
    section = page.split('id="related-title"', 1)[1]
    return re.findall(r'href="/insights/(article-\d+)/"', section)


def listed(page: Path) -> list[str]:
    return re.findall(r'<h2 class="article-card-title"><a href="/insights/(article-\d+)/"', page.read_text("utf-8"))


def test_the_index_is_newest_first_and_paginated(tmp_path: Path) -> None:
    site = build_tree(make_tree(tmp_path, [{"n": n, "tags": ["briefing"]} for n in range(1, 31)]), tmp_path / "o")
    first, second, third = (site / "insights/index.html", site / "insights/page/2/index.html",
                            site / "insights/page/3/index.html")  # fmt: skip
    assert listed(first) == [f"article-{n:02d}" for n in range(30, 18, -1)]
    assert listed(second) == [f"article-{n:02d}" for n in range(18, 6, -1)]
    assert listed(third) == [f"article-{n:02d}" for n in range(6, 0, -1)]
    assert not (site / "insights/page/4").exists()
    assert 'rel="next" href="/insights/page/2/"' in first.read_text("utf-8")
    middle = second.read_text("utf-8")
    assert 'rel="prev" href="/insights/"' in middle
    assert 'rel="next" href="/insights/page/3/"' in middle
    assert "Page 2 of 3" in middle
    assert len(listed(site / "insights/tags/briefing/page/3/index.html")) == 6


def test_keep_reading_prefers_shared_tags_then_recency(tmp_path: Path) -> None:
    specs = [
        {"n": 1, "tags": ["a", "b", "c"]},
        {"n": 2, "tags": ["a", "b"]},  # two shared with 1
        {"n": 3, "tags": ["a"]},  # one shared, older than 5
        {"n": 4, "tags": ["z"]},  # none shared, newest of all
        {"n": 5, "tags": ["c"]},  # one shared
        {"n": 6, "tags": ["a", "b", "c"], "extra": "draft: true\n"},  # a draft is never suggested
    ]
    content = make_tree(tmp_path, specs)
    (content / "insights/article-07.md").write_text(
        TEMPLATE.format(n=7, month=12, day=1, author="ben", tags="a, b, c", extra="").replace("2026-12", "2099-12"),
        encoding="utf-8",
    )  # scheduled: never suggested either
    site = build_tree(content, tmp_path / "o", drafts=True)
    assert keep_reading(site, 1) == ["article-02", "article-05", "article-03"]
    assert keep_reading(site, 4) == ["article-05", "article-03", "article-02"]  # nothing shared: newest first
    assert keep_reading(site, 6) == ["article-01", "article-02", "article-05"]  # a draft page still gets suggestions
    assert (
        build_tree(content, tmp_path / "again", drafts=True).joinpath("insights/article-01/index.html").read_bytes()
        == (site / "insights/article-01/index.html").read_bytes()
    )


@pytest.mark.parametrize("author", ["ada", "ben"])
def test_each_author_has_a_page_listing_their_articles(tmp_path: Path, author: str) -> None:
    specs = [{"n": n, "author": "ada" if n % 2 else "ben", "tags": ["x"]} for n in range(1, 6)]
    site = build_tree(make_tree(tmp_path, specs), tmp_path / "o")
    page = site / f"insights/authors/{author}/index.html"
    expected = [f"article-{n:02d}" for n in range(5, 0, -1) if (n % 2 == 1) == (author == "ada")]
    assert listed(page) == expected


@given(
    articles=st.lists(st.frozensets(st.sampled_from("abcdef"), max_size=4), max_size=40),
    tags=st.frozensets(st.sampled_from("abcdefg"), max_size=4),
)
def test_the_set_based_ranking_for_a_few_tags_is_the_counting_one(
    articles: list[frozenset[str]], tags: frozenset[str]
) -> None:
    from sitegen.areas.insights.pages import _most_shared, _most_shared_few

    by_tag: dict[str, list[int]] = {}
    for number, article_tags in enumerate(articles):
        for tag in article_tags:
            by_tag.setdefault(tag, []).append(number)
    sharing = {tag: set(numbers) for tag, numbers in by_tag.items()}
    newest = range(min(4, len(articles)))
    assert _most_shared_few(tags, sharing, newest, 4) == _most_shared(tags, by_tag, newest, 4)
