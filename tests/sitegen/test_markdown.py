"""The Markdown renderer: no link or image that could run script, however spelled; words counted from the text."""

from __future__ import annotations

import pytest
from sitegen.markdown import render_markdown

HOSTILE = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "&#106;avascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_a_hostile_link_or_image_target_is_dropped(url: str) -> None:
    html = render_markdown(f"[a link](<{url}>) and ![an image](<{url}>)\n").html
    assert "href=" not in html
    assert "src=" not in html
    assert "<a>a link</a>" in html


@pytest.mark.parametrize("url", ["https://example.org/a?b=1&c=2", "/score/", "#part", "mailto:team@example.org",
                                 "chart.png"])  # fmt: skip
def test_ordinary_targets_are_kept_as_written(url: str) -> None:
    html = render_markdown(f"[a link]({url})\n").html
    assert f'href="{url.replace("&", "&amp;")}"' in html


def test_words_are_counted_in_the_text_not_in_anchors_or_highlighting_markup() -> None:
    text = "## A heading here\n\nOne two three.\n\n```python\nvalue = compute(1, 2)\n```\n"
    rendered = render_markdown(text)
    assert "heading-anchor" in rendered.html  # the heading got its link
    assert '<span class="m">1</span>' in rendered.html  # and the code its spans
    assert rendered.words == 3 + 3 + 4  # heading, sentence, and `value = compute(1, 2)`
