"""`make screenshots` (scripts/screenshots.py) writes the home page at phone and desktop widths, light and dark."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts" / "screenshots.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_screenshot_script_shoots_each_width_in_both_schemes(browser: Any, live_url: str, tmp_path: Path) -> None:
    written = _script().shoot_with(browser, live_url, tmp_path, ["/"])
    assert sorted(p.name for p in written) == [
        "home-1280-dark.png",
        "home-1280-light.png",
        "home-375-dark.png",
        "home-375-light.png",
    ]
    for png in written:
        with Image.open(png) as image:
            assert image.width == int(png.name.split("-")[1])
            assert image.height > 800  # the full page, not only the first screen
            brightness = image.convert("L").resize((1, 1)).getpixel((0, 0))
        assert (brightness > 128) == png.name.endswith("light.png")  # type: ignore[operator]
