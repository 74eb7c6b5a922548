#!/usr/bin/env bash
# Make sure a Chromium exists for the browser tests: one on the PATH, else Debian's package
# (as root), else Playwright's own download. Prints the path it found.
set -euo pipefail
python=${1:-python3}
find_chromium() { command -v chromium || command -v chromium-browser || command -v google-chrome || true; }
path=$(find_chromium)
if [ -z "$path" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..." >&2
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 chromium >/dev/null || true
  path=$(find_chromium)
fi
if [ -z "$path" ]; then
  echo "Trying Playwright's Chromium download..." >&2
  "$python" -m playwright install chromium >&2 || true
  path=$("$python" -c 'from playwright.sync_api import sync_playwright
with sync_playwright() as p: print(p.chromium.executable_path)' 2>/dev/null || true)
  [ -x "$path" ] || path=""
fi
if [ -z "$path" ]; then
  echo "No Chromium found and none could be installed: install Debian's 'chromium' package (apt-get install chromium) and re-run." >&2
  exit 1
fi
echo "chromium: $path" >&2
