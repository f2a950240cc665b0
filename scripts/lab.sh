#!/usr/bin/env bash
# Starts JupyterLab on the chapter notebooks, from the book's own environment (.venv). Runs
# scripts/setup.sh first if .venv has no JupyterLab yet. Nothing needs activating.
# The server's root is the repository (so the chapters can reach data/ and book/); it opens the
# notebooks/ folder. Extra arguments go to `jupyter lab`, e.g. `bash scripts/lab.sh --no-browser`.
# For the classic one-document interface use Notebook 7: `.venv/bin/jupyter notebook notebooks/`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/jupyter-lab ]; then bash scripts/setup.sh; fi
export PATH="$PWD/.venv/bin:$PATH"
ROOT_OPT=()
if [ "$(id -u)" = "0" ]; then ROOT_OPT=(--allow-root); fi   # containers and CI run as root
exec jupyter lab --ServerApp.root_dir="$PWD" --ServerApp.default_url=/lab/tree/notebooks "${ROOT_OPT[@]}" "$@"
