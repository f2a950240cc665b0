#!/usr/bin/env bash
# Sets up a fresh machine (scripts/setup.sh) and builds the book into _build/html, warnings as errors.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
python -m dsr.data check
jupyter-book build . -W -n --keep-going
echo "built: open _build/html/index.html"
