"""The PNG writer of the social cards: what it writes decodes to exactly the pixels it was given."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageDraw
from sitegen.png import SIGNATURE, encode_rgb
from sitegen.score_og import preview_image


def test_an_rgb_image_round_trips_pixel_for_pixel() -> None:
    noise = random.Random(7)
    image = Image.new("RGB", (123, 45), "#16324f")
    draw = ImageDraw.Draw(image)
    for _ in range(200):
        x, y = noise.randrange(123), noise.randrange(45)
        draw.point((x, y), fill=(noise.randrange(256), noise.randrange(256), noise.randrange(256)))
    draw.text((5, 5), "Orchestrator", fill="#ffd166")
    data = encode_rgb(image)
    assert data.startswith(SIGNATURE)
    with Image.open(io.BytesIO(data)) as decoded:
        decoded.load()  # reads every chunk: a bad CRC or a short stream raises here
        assert (decoded.mode, decoded.size) == ("RGB", (123, 45))
        assert decoded.tobytes() == image.tobytes()


def test_an_image_that_is_not_rgb_is_refused() -> None:
    with pytest.raises(ValueError, match="an RGB image is needed, not L"):
        encode_rgb(Image.new("L", (4, 4)))


def test_a_score_card_is_a_1200_by_630_png_of_modest_size() -> None:
    data = preview_image("Agent Boss Score", "Orchestrator", "You design work so agents carry it.", "example.org")
    with Image.open(io.BytesIO(data)) as card:
        card.load()
        assert card.size == (1200, 630)
    assert len(data) < 60_000
