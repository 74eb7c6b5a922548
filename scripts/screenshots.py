"""Screenshots of the home page at phone and desktop widths, light and dark, into docs/screenshots/.

`make screenshots` builds the site first, then this starts the local stack (as the tests do),
drives Debian's Chromium through Playwright and writes `home-<width>-<scheme>.png`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = {375: 812, 1280: 900}
SCHEMES = ("light", "dark")


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("No Chromium on the PATH: run `make chromium`.")


def shrink(png: Path) -> None:
    """Re-save as a 256-colour palette PNG: a flat UI loses nothing visible and the file is a third."""
    from PIL import Image

    with Image.open(png) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(png, optimize=True)


def shoot(url: str, out_dir: Path, paths: list[str]) -> list[Path]:
    """Launch Chromium and shoot every page; returns the files written."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])
        try:
            return shoot_with(browser, url, out_dir, paths)
        finally:
            browser.close()


def shoot_with(browser: Any, url: str, out_dir: Path, paths: list[str]) -> list[Path]:
    """One full-page PNG per page, width and colour scheme, with a browser already running."""
    written: list[Path] = []
    for path in paths:
        name = path.strip("/").replace("/", "-") or "home"
        for width, height in WIDTHS.items():
            for scheme in SCHEMES:
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme=scheme, device_scale_factor=1
                )
                page = context.new_page()
                page.goto(url + path, wait_until="networkidle")
                target = out_dir / f"{name}-{width}-{scheme}.png"
                page.screenshot(path=str(target), full_page=True)
                context.close()
                shrink(target)
                written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--bundle", type=Path, default=ROOT / "build" / "bundle")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("paths", nargs="*", default=["/"], help="site paths to shoot (default: the home page)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        print(f"No built site at {args.site}: run `make build` first.", file=sys.stderr)
        return 2
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    from devstack.launch import running_stack

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, running_stack(args.site, args.bundle, Path(tmp) / "serve.log") as url:
        for target in shoot(url, args.out, args.paths):
            print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
