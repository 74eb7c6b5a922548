"""The stylesheet's blocks close where they should, so no section swallows the ones after it."""

from __future__ import annotations

import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[2] / "site" / "sitegen" / "static" / "css" / "site.css"


def test_every_block_of_the_stylesheet_is_closed_before_the_next_section_comment() -> None:
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n") + "/**/", CSS.read_text("utf-8"), flags=re.S)
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("/**/"):
            # A top-level section comment inside an open block means a brace went missing above it.
            assert depth == 0, f"site.css:{number}: a block is still open where a new section starts"
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"site.css:{number}: a closing brace with no block to close"
    assert depth == 0
