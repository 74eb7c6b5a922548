"""OpenGraph images: a 1200x630 PNG per article, drawn at build time from its title and author."""

from __future__ import annotations

import io
import textwrap
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
OG_VERSION = "1"
# A palette image keeps encoding fast and files small: index 0..199 fades brand blue -> white (text
# is drawn antialiased in those shades), 255 is the accent.
_BG, _FG, _ACCENT = (22, 50, 79), (255, 255, 255), (255, 209, 102)
_TEXT = 199
_ACCENT_INDEX = 255


def _palette() -> list[int]:
    colours: list[int] = []
    for index in range(256):
        if index == _ACCENT_INDEX:
            colours.extend(_ACCENT)
            continue
        share = min(index, _TEXT) / _TEXT
        colours.extend(round(b + (f - b) * share) for b, f in zip(_BG, _FG, strict=True))
    return colours


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def og_image(title: str, byline: str, site_title: str) -> bytes:
    """The PNG bytes for one article's social card."""
    canvas = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, 24, HEIGHT), fill=_ACCENT_INDEX)
    draw.text((80, 70), site_title.upper(), font=_font(34), fill=_TEXT)
    lines = textwrap.wrap(title, width=30)[:4]
    size = 72 if len(lines) <= 3 else 60
    y = 170
    for line in lines:
        draw.text((80, y), line, font=_font(size), fill=_TEXT)
        y += int(size * 1.2)
    draw.text((80, HEIGHT - 110), byline, font=_font(36), fill=_TEXT)
    image = Image.frombytes("P", canvas.size, canvas.tobytes())
    image.putpalette(_palette())
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()
