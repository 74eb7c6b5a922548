#!/usr/bin/env bash
# Make sure the Lighthouse npm project in tests/lighthouse/ is installed (for the browser tests).
# Needs Node 18.16+ and npm: uses those on the PATH, else installs Debian's (as root).
# Reinstalls only when package-lock.json changes (a stamp in node_modules/ names its hash).
set -euo pipefail
dir="$(cd "$(dirname "$0")/.." && pwd)/tests/lighthouse"
stamp="$dir/node_modules/.installed-$(sha256sum "$dir/package-lock.json" | cut -c1-12)"
[ -f "$stamp" ] && [ -x "$dir/node_modules/.bin/lighthouse" ] && exit 0
if ! command -v npm >/dev/null && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's nodejs and npm for Lighthouse..." >&2
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 nodejs npm >/dev/null || true
fi
if ! command -v npm >/dev/null; then
  echo "Lighthouse needs Node.js 18.16+ and npm: install them (apt-get install nodejs npm) and re-run." >&2
  exit 1
fi
echo "Installing Lighthouse into tests/lighthouse/ ..." >&2
# `npm install`, not `npm ci`: one of Lighthouse's dependencies pins a range npm ci rejects.
(cd "$dir" && npm install --no-audit --no-fund --loglevel=error >&2)
# npm may rewrite the lock on install: stamp the hash it ends with.
rm -f "$dir"/node_modules/.installed-*
touch "$dir/node_modules/.installed-$(sha256sum "$dir/package-lock.json" | cut -c1-12)"
