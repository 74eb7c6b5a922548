"""The social cards' own PNG encoder: valid files, and exactly the pixels drawn."""

from __future__ import annotations

import io
import struct
import textwrap
import zlib

import pytest
from PIL import Image, ImageDraw
from sitegen.areas.insights import ogimage

SITE = "Agent Boss"
BYLINE = "Mira Okafor · Head of Operations"


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = [], 8
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind, data = png[offset + 4 : offset + 8], png[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", png[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + data), f"bad CRC in {kind!r}"
        chunks.append((kind, data))
        offset += 12 + length
    return chunks


def _reference(title: str) -> bytes:
    """The card drawn the plain way (no margin, no segments), as RGB pixels."""
    canvas = Image.new("L", (ogimage.WIDTH, ogimage.HEIGHT), 0)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, 24, ogimage.HEIGHT), fill=15)
    draw.text((80, 70), SITE.upper(), font=ogimage._font(34), fill=14)
    lines = textwrap.wrap(title, width=30)[:4]
    size = 72 if len(lines) <= 3 else 60
    for index, line in enumerate(lines):
        draw.text((80, 170 + int(size * 1.2) * index), line, font=ogimage._font(size), fill=14)
    draw.text((80, ogimage.HEIGHT - 110), BYLINE, font=ogimage._font(36), fill=14)
    canvas.putpalette(ogimage._palette())
    return canvas.convert("RGB").tobytes()


TITLES = [
    "Briefs that survive contact",
    "Why quality gates belong before the merge, not after the incident: a field guide",  # four lines
    "Ågÿ gjpqy: descenders, accents and ‘quotes’",
]


@pytest.mark.parametrize("title", TITLES)
def test_a_card_is_a_valid_png_with_exactly_the_drawn_pixels(title: str) -> None:
    png = ogimage.og_image(title, BYLINE, SITE)
    chunks = dict(_chunks(png))
    assert struct.unpack(">IIBB", chunks[b"IHDR"][:10]) == (1200, 630, 4, 3)
    raw = zlib.decompress(chunks[b"IDAT"])  # checks the stream's Adler-32 as well
    assert len(raw) == 630 * (1 + 600)
    assert all(raw[row * 601] == 0 for row in range(630))
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (1200, 630)
        assert image.convert("RGB").tobytes() == _reference(title)


def test_cards_of_different_titles_differ_and_the_same_title_gives_the_same_bytes() -> None:
    first, again, other = (ogimage.og_image(t, BYLINE, SITE) for t in (TITLES[0], TITLES[0], TITLES[1]))
    assert first == again
    assert first != other
