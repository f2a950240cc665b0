#!/usr/bin/env bash
# Sets up the book's own environment on a fresh machine; safe to run again.
#   - a virtual environment in .venv (made with the system's python3; Debian's python3-venv is installed
#     first when it is missing and this user may install Debian packages);
#   - the Python packages pinned in requirements.txt, inside .venv (including the helper package `dsr`);
#   - Debian's `chromium`, for the browser tests and the figure snapshots (Playwright drives it; it never
#     downloads a browser of its own).
# Nothing is installed outside .venv except the Debian packages. Remove everything with `rm -rf .venv _build`.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv

SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
can_apt() { command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = "0" ] || [ -n "$SUDO" ]; }; }
APT_UPDATED=""
apt_install() {
  if [ -z "$APT_UPDATED" ]; then $SUDO apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

PY=$(command -v python3 || true)
if [ -z "$PY" ]; then
  echo "setup: no python3 found. Install Python 3.11 or newer (Debian/Ubuntu: apt install python3 python3-venv)." >&2
  exit 1
fi
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "setup: $PY is Python $("$PY" -c 'import platform; print(platform.python_version())'); the book needs 3.11 or newer." >&2
  exit 1
fi

if [ ! -x "$VENV/bin/python" ]; then
  if ! "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    if can_apt; then
      ver=$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
      echo "setup: installing Debian's python3-venv (needed to create $VENV)"
      apt_install python3-venv "python$ver-venv" || apt_install python3-venv
    else
      echo "setup: $PY cannot create a virtual environment. Install Debian's python3-venv" \
           "(sudo apt install python3-venv) and run this again." >&2
      exit 1
    fi
  fi
  echo "setup: creating the virtual environment $VENV with $PY"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
fi

"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt
echo "setup: Python packages installed in $VENV ($("$VENV/bin/python" --version))"

if command -v chromium >/dev/null 2>&1; then
  echo "setup: chromium found at $(command -v chromium)"
elif can_apt; then
  echo "setup: installing Debian's chromium for the browser tests and figure snapshots"
  apt_install chromium
else
  echo "setup: chromium is not installed and this user cannot install it; figure snapshots and the browser" \
       "tests will be skipped (install the Debian package 'chromium' to run them)" >&2
fi

# Node tools, from package-lock.json only: esbuild and npm's plotly.js (the same version as the Python plotly
# package's) for the partial plotly.js bundle dsr/plotly-dsr.min.js (scripts/build_plotly.mjs), and Lighthouse
# and axe-core for scripts/benchmark.py. Optional: without them the book serves the full plotly.min.js.
if ! command -v npm >/dev/null 2>&1; then
  if can_apt; then
    echo "setup: installing Debian's nodejs and npm for the plotly.js bundle and the benchmark"
    apt_install nodejs npm || true
  else
    echo "setup: npm is not installed; the book will serve the full plotly.js (install Debian's nodejs and npm for the partial bundle)" >&2
  fi
fi
if command -v npm >/dev/null 2>&1; then
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error \
      || echo "setup: npm ci failed (offline?); the book will serve the full plotly.js" >&2
  fi
  if [ -d node_modules/plotly.js ]; then
    want=$("$VENV/bin/python" -c 'import pathlib, re, plotly; t = (pathlib.Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text()[:400]; print(re.search(r"plotly\.js v([0-9.]+)", t).group(1))')
    node scripts/build_plotly.mjs --expect "$want"
  fi
fi
