"""Cuts a submission into visible sentences with their exact text, for the offline judge's evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Text a reader does not see: HTML comments, tags, Markdown link-reference comments, zero-width characters.
HIDDEN = re.compile(
    r"<!--.*?(?:-->|$)|<[^>\n]{0,200}>|^\s*\[//\]:.*$|[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]",
    re.DOTALL | re.MULTILINE,
)
# Sentence ends, line breaks and list markers end a segment.
BOUNDARY = re.compile(r"(?<=[.!?;])\s+|\n+|^\s*(?:[-*•]|\d+[.)])\s+", re.MULTILINE)


@dataclass(frozen=True)
class Segment:
    """A visible sentence (or list item): `text` is verbatim from the submission."""

    text: str


def visible_pieces(text: str) -> list[str]:
    """The submission with hidden regions cut out, as the pieces between them."""
    pieces, last = [], 0
    for match in HIDDEN.finditer(text):
        pieces.append(text[last : match.start()])
        last = match.end()
    pieces.append(text[last:])
    return [piece for piece in pieces if piece.strip()]


def segments(text: str) -> list[Segment]:
    """Visible sentences and list items, each stripped, duplicates (after the first) dropped."""
    found: list[Segment] = []
    seen: set[str] = set()
    for piece in visible_pieces(text):
        for part in BOUNDARY.split(piece):
            cleaned = part.strip() if part else ""
            key = " ".join(cleaned.lower().split())
            if len(cleaned) >= 2 and key not in seen:
                seen.add(key)
                found.append(Segment(cleaned))
    return found
