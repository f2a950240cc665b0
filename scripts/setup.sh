#!/usr/bin/env bash
# Installs everything the book needs on a fresh machine:
#   - the Python packages, pinned in requirements.txt (including the book's helper package, `-e .`);
#   - Debian's `chromium`, used only by the browser tests (headless, driven by Playwright; Playwright
#     never downloads a browser of its own).
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r requirements.txt

if command -v chromium >/dev/null 2>&1; then
  echo "setup: chromium found at $(command -v chromium)"
elif command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
  fi
  if [ "$(id -u)" = "0" ] || [ -n "$SUDO" ]; then
    echo "setup: installing Debian's chromium for the browser tests"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: chromium is not installed and this user cannot install it; the browser tests will be" \
         "skipped (install the Debian package 'chromium' to run them)" >&2
  fi
else
  echo "setup: no apt-get here; install Chromium yourself to run the browser tests" >&2
fi
