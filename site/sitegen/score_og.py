"""OpenGraph preview images (1200x630 PNG) for the Score and each band, drawn at build time with Pillow."""

from __future__ import annotations

import textwrap

from PIL import Image, ImageDraw, ImageFont

from sitegen.png import encode_rgb

WIDTH, HEIGHT = 1200, 630
BACKGROUND = "#16324f"
INK = "#ffffff"
MUTED = "#c9d8e8"
ACCENT = "#ffd166"
MARGIN = 80


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's bundled font (FreeType build): the same image on every machine, no system fonts needed.
    return ImageFont.load_default(size=size)


def preview_image(kicker: str, title: str, text: str, footer: str) -> bytes:
    """A share card: small kicker, large title, a wrapped line of text and a footer, as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, HEIGHT), fill=ACCENT)
    y = MARGIN
    draw.text((MARGIN, y), kicker.upper(), font=_font(34), fill=ACCENT)
    y += 70
    for line in textwrap.wrap(title, width=22)[:2]:
        draw.text((MARGIN, y), line, font=_font(96), fill=INK)
        y += 110
    y += 20
    for line in textwrap.wrap(text, width=52)[:3]:
        draw.text((MARGIN, y), line, font=_font(38), fill=MUTED)
        y += 52
    draw.text((MARGIN, HEIGHT - MARGIN - 10), footer, font=_font(32), fill=INK)
    return encode_rgb(image)  # ~1.3 ms; Pillow's optimize=True took ~59 ms a card
