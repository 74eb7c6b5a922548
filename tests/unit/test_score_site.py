"""What the built site gives the browser for the Score: questions only, never the key or explanations."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def section(built_site: Path) -> dict[str, Any]:
    return json.loads((built_site / "bundle" / "bundle.json").read_text())["sections"]["score"]  # type: ignore[no-any-return]


def _published(built_site: Path) -> dict[str, str]:
    site = built_site / "site"
    return {
        path.relative_to(site).as_posix(): path.read_bytes().decode("utf-8", errors="ignore")
        for path in site.rglob("*")
        if path.is_file()
    }


def test_no_file_of_the_built_site_carries_answer_keys_or_explanations(
    built_site: Path, section: dict[str, Any]
) -> None:
    files = _published(built_site)
    assert "score/index.html" in files
    secrets: list[str] = []
    for item in section["items"]:
        secrets.append(item["explanation"][:60])
        secrets.append(json.dumps(item["key"], sort_keys=True))
        secrets.append(json.dumps(item["key"]))
    leaks = [(name, secret[:40]) for name, text in files.items() for secret in secrets if secret in text]
    assert leaks == []
    for name, text in files.items():
        for marker in ('"points"', '"places"', '"ratings"', '"correct"', "data-points", "data-correct", "data-place"):
            assert marker not in text, (name, marker)


class _Controls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attributes: set[str] = set()
        self.fieldsets: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("input", "option", "select", "label", "li", "fieldset"):
            self.attributes.update(name for name, _ in attrs)
        if tag == "fieldset":
            self.fieldsets.append(dict(attrs))


def test_every_question_is_server_rendered_as_a_fieldset_whose_controls_carry_no_scoring_data(
    built_site: Path, section: dict[str, Any]
) -> None:
    html = (built_site / "site" / "score" / "index.html").read_text()
    parser = _Controls()
    parser.feed(html)
    questions = [f for f in parser.fieldsets if f.get("class") == "score-question"]
    expected = [i["id"] for i in section["items"]] + [q["id"] for q in section["familiarity"]]
    assert [f["data-item"] for f in questions] == expected
    allowed = {
        "type",
        "name",
        "id",
        "value",
        "for",
        "class",
        "data-option",
        "data-item",
        "data-kind",
        "data-pick",
        "tabindex",
        "aria-describedby",
    }
    assert parser.attributes <= allowed
    assert f'data-version="{section["version"]}"' in html


def test_each_band_has_a_share_page_whose_preview_names_the_band(built_site: Path, section: dict[str, Any]) -> None:
    from PIL import Image

    for band in section["bands"]:
        folder = built_site / "site" / "score" / "band" / band["id"]
        html = (folder / "index.html").read_text()
        title = re.search(r'<meta property="og:title" content="([^"]+)"', html)
        image = re.search(r'<meta property="og:image" content="([^"]+)"', html)
        assert title is not None
        assert band["name"] in title.group(1)
        assert image is not None
        assert image.group(1).endswith(f"/score/band/{band['id']}/og.png")
        with Image.open(folder / "og.png") as preview:
            assert preview.size == (1200, 630)
