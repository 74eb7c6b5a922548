"""The built home page: the content it promises, and the files crawlers ask for."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_robots_txt_lets_crawlers_in_but_keeps_them_off_the_api(built_site: Path) -> None:
    robots = (built_site / "site" / "robots.txt").read_text(encoding="utf-8")
    assert robots.startswith("User-agent: *\n")
    assert "Disallow: /api/\n" in robots
    assert "Disallow: /\n" not in robots


def test_the_sample_profile_draws_each_bar_at_its_value_and_says_it_is_an_example(built_site: Path) -> None:
    html = (built_site / "site" / "index.html").read_text(encoding="utf-8")
    profile = yaml.safe_load((ROOT / "content" / "home.yml").read_text(encoding="utf-8"))["sample_profile"]
    widths = [int(w) for w in re.findall(r'class="profile-fill" width="(\d+)"', html)]
    assert widths == [row["value"] for row in profile["rows"]]
    assert "example" in profile["title"].lower()
    assert profile["title"] in html


def test_the_home_page_has_no_inline_styles_or_scripts_the_csp_would_block(built_site: Path) -> None:
    html = (built_site / "site" / "index.html").read_text(encoding="utf-8")
    assert " style=" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None
