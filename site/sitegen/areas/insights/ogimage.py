"""OpenGraph images: a 1200x630 PNG per article, drawn at build time from its title and author.

A build draws one per article, so the encoding is the hot spot. Drawn on a greyscale canvas whose
values are palette indexes (0 the brand blue, antialiased text blending towards 14, white; 15 the
accent), stored as a 4-bit palette PNG. Rows a card shares with the blank background (above the
title, between title and byline, below the byline) are compressed once per process and reused: each
run of rows is its own deflate segment ending in a full flush, so segments concatenate into one valid
zlib stream (the technique of pigz). So are the byline's rows, per author; only the rows of an
article's title are drawn and compressed anew. Those are deflated by ISA-L (`isal`) at its fastest
level: eight times zlib's fastest on these rows, for cards of ~19 KB instead of ~15 KB.
"""

from __future__ import annotations

import struct
import textwrap
from functools import lru_cache
from typing import Any

from isal import isal_zlib
from PIL import Image, ImageDraw, ImageFont

from sitegen.png import SIGNATURE, chunk

WIDTH, HEIGHT = 1200, 630
# The canvas has two extra pixels on the left, always 0: packed 4 bits a pixel, each row then starts
# with a zero byte, PNG's "no filter" marker, so the packed canvas IS the PNG's scanline data.
_MARGIN = 2
_ROW_BYTES = 1 + WIDTH // 2
_BG, _FG, _ACCENT = (22, 50, 79), (255, 255, 255), (255, 209, 102)
_SHADES = 15
_BYLINE_Y, _BYLINE_SIZE = HEIGHT - 110, 36
_TEXT, _ACCENT_INDEX = _SHADES - 1, _SHADES
# An empty final deflate block (fixed Huffman, end-of-block only): closes the segments.
_FINAL_BLOCK = b"\x03\x00"


@lru_cache(maxsize=1)
def _palette() -> list[int]:
    colours: list[int] = []
    for index in range(_SHADES):
        share = index / (_SHADES - 1)
        colours.extend(round(b + (f - b) * share) for b, f in zip(_BG, _FG, strict=True))
    return [*colours, *_ACCENT]


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont:
    font = ImageFont.load_default(size=size)
    assert isinstance(font, ImageFont.FreeTypeFont), "Pillow is built without FreeType"
    return font


@lru_cache(maxsize=4)
def _background(site_title: str) -> Image.Image:
    """What every card shares (drawn once a process): the accent bar and the site's name."""
    canvas = Image.new("L", (_MARGIN + WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((_MARGIN, 0, _MARGIN + 24, HEIGHT), fill=_ACCENT_INDEX)
    draw.text((_MARGIN + 80, 70), site_title.upper(), font=_font(34), fill=_TEXT)
    return canvas


@lru_cache(maxsize=4)
def _background_scanlines(site_title: str) -> bytes:
    return _background(site_title).tobytes("raw", "L;4")


def _deflate_segment(data: bytes | memoryview) -> bytes:
    compressor = isal_zlib.compressobj(0, isal_zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(isal_zlib.Z_FULL_FLUSH)


@lru_cache(maxsize=64)
def _background_segment(site_title: str, start: int, stop: int) -> tuple[bytes, int]:
    """Rows [start, stop) of the blank card: deflated, and their Adler-32."""
    rows = _background_scanlines(site_title)[start * _ROW_BYTES : stop * _ROW_BYTES]
    return _deflate_segment(rows), isal_zlib.adler32(rows)


def _adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of two byte strings joined, from theirs (zlib's adler32_combine, which Python lacks)."""
    base = 65521
    remainder = second_length % base
    low = ((first & 0xFFFF) + (second & 0xFFFF) + base - 1) % base
    high = (remainder * (first & 0xFFFF) + (first >> 16) + (second >> 16) + base - remainder) % base
    return (high << 16) | low


# Rows [start, stop) of a card where text was drawn: deflated, and their Adler-32.
Strip = tuple[int, int, bytes, int]


def _strip(canvas: Image.Image, start: int, stop: int) -> Strip:
    scanlines = canvas.crop((0, start, canvas.width, stop)).tobytes("raw", "L;4")
    return start, stop, _deflate_segment(scanlines), isal_zlib.adler32(scanlines)


def _idat(strips: list[Strip], site_title: str) -> bytes:
    """The zlib stream of the card: cached segments for blank rows, and the strips where text was drawn
    (sorted, not overlapping)."""
    segments, row, checksum = [], 0, 1
    for start, stop, segment, adler in [*strips, (HEIGHT, HEIGHT, b"", 1)]:
        if row < start:
            blank, blank_adler = _background_segment(site_title, row, start)
            segments.append(blank)
            checksum = _adler32_combine(checksum, blank_adler, (start - row) * _ROW_BYTES)
        if segment:
            segments.append(segment)
            checksum = _adler32_combine(checksum, adler, (stop - start) * _ROW_BYTES)
        row = stop
    return b"\x78\x01" + b"".join(segments) + _FINAL_BLOCK + struct.pack(">I", checksum)


def _png(strips: list[Strip], site_title: str) -> bytes:
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 4, 3, 0, 0, 0)  # 4-bit, palette, no interlace
    return b"".join(
        (
            SIGNATURE,
            chunk(b"IHDR", header),
            chunk(b"PLTE", bytes(_palette())),
            chunk(b"IDAT", _idat(strips, site_title)),
            chunk(b"IEND", b""),
        )
    )


@lru_cache(maxsize=2048)
def _glyph(char: str, size: int) -> tuple[Any, int, int, int, float]:
    """One character's antialiased mask (None when it draws nothing), its offset from the pen (x, y),
    the row just below it (relative to the pen) and its advance: drawn once a process."""
    font = _font(size)
    mask, (dx, dy) = font.getmask2(char, mode="L")
    width, height = mask.size
    return (mask if width and height else None), dx, dy, dy + height, font.getlength(char)


def _draw_text(draw: ImageDraw.ImageDraw, x: float, y: int, text: str, size: int) -> tuple[int, int]:
    """Draw `text` glyph by glyph from the cache; returns the rows it touched, [top, bottom).

    The same pixels as `draw.text` with this font (its basic layout adds advances, no kerning; a
    test compares the two), for a fifth of the time: titles reuse the same few dozen characters, and
    the loop does little besides Pillow's own blit (~30 µs of the ~50 µs a line took).
    """
    blit = draw.draw.draw_bitmap
    top, bottom = HEIGHT, -HEIGHT  # relative to y
    for char in text:
        mask, dx, dy, below, advance = _glyph(char, size)
        if mask is not None:
            blit((int(x) + dx, y + dy), mask, _TEXT)
            if dy < top:
                top = dy
            if below > bottom:
                bottom = below
        x += advance
    if bottom == -HEIGHT:  # nothing drawn
        return HEIGHT, 0
    return max(0, y + top), min(HEIGHT, y + bottom)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, stop in sorted(span for span in spans if span[0] < span[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((start, stop))
    return merged


@lru_cache(maxsize=64)
def _byline_strip(byline: str, site_title: str) -> Strip | None:
    """The byline's rows, drawn and deflated once a process: a few authors sign every card."""
    canvas = _background(site_title).copy()
    start, stop = _draw_text(ImageDraw.Draw(canvas), _MARGIN + 80, _BYLINE_Y, byline, _BYLINE_SIZE)
    return _strip(canvas, start, stop) if start < stop else None


def og_image(title: str, byline: str, site_title: str) -> bytes:
    """The PNG bytes for one article's social card."""
    canvas = _background(site_title).copy()
    draw = ImageDraw.Draw(canvas)
    lines = textwrap.wrap(title, width=30)[:4]
    size = 72 if len(lines) <= 3 else 60
    # Only the rows the text touches differ from the background.
    spans = [
        _draw_text(draw, _MARGIN + 80, 170 + int(size * 1.2) * index, line, size) for index, line in enumerate(lines)
    ]
    signed = _byline_strip(byline, site_title)
    if signed is not None and any(start < signed[1] and signed[0] < stop for start, stop in spans):
        spans.append(_draw_text(draw, _MARGIN + 80, _BYLINE_Y, byline, _BYLINE_SIZE))  # shares rows: drawn here
        signed = None
    strips = [_strip(canvas, start, stop) for start, stop in _merge(spans)]
    return _png(sorted([*strips, signed] if signed is not None else strips), site_title)
