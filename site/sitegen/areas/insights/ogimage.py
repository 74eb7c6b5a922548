"""OpenGraph images: a 1200x630 PNG per article, drawn at build time from its title and author."""

from __future__ import annotations

import io
import textwrap
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
OG_VERSION = "2"
# Drawn on a greyscale canvas whose values are palette indexes: 0 is the brand blue, antialiased text
# blends towards 14 (white), 15 is the accent. Stored as a 4-bit palette PNG: small files and fast
# encoding (a build makes one per article).
_BG, _FG, _ACCENT = (22, 50, 79), (255, 255, 255), (255, 209, 102)
_SHADES = 15
_TEXT, _ACCENT_INDEX = _SHADES - 1, _SHADES


@lru_cache(maxsize=1)
def _palette() -> list[int]:
    colours: list[int] = []
    for index in range(_SHADES):
        share = index / (_SHADES - 1)
        colours.extend(round(b + (f - b) * share) for b, f in zip(_BG, _FG, strict=True))
    return [*colours, *_ACCENT]


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


@lru_cache(maxsize=4)
def _background(site_title: str) -> Image.Image:
    """What every card shares (drawn once a build): the accent bar and the site's name."""
    canvas = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, 24, HEIGHT), fill=_ACCENT_INDEX)
    draw.text((80, 70), site_title.upper(), font=_font(34), fill=_TEXT)
    return canvas


def og_image(title: str, byline: str, site_title: str) -> bytes:
    """The PNG bytes for one article's social card."""
    canvas = _background(site_title).copy()
    draw = ImageDraw.Draw(canvas)
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
    image.save(out, "PNG", compress_level=1, bits=4)
    return out.getvalue()
