#!/usr/bin/env bash
# Runs every test inside the book's virtual environment (made by scripts/build.sh or scripts/setup.sh).
# Extra arguments go to pytest, e.g. `bash scripts/test.sh tests/test_data.py -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  echo "test: no .venv here yet: run 'bash scripts/build.sh' first" >&2
  exit 1
fi
export PATH="$PWD/.venv/bin:$PATH"
exec python -m pytest "$@"
