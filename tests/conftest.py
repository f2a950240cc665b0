"""Shared fixtures: the built book (built once per session) and the browser for the page tests."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from dsr.snapshots import (
    FLAGS,
    chromium,
)  # noqa: F401 - one browser lookup for the build, tests and benchmark

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
IN_CI = os.environ.get("CI", "").lower() == "true"


def toc_files() -> list[str]:
    """Every document in _toc.yml, in order (paths without suffix, relative to the root)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    out = [toc["root"]]

    def walk(entries):
        for e in entries:
            if "file" in e:
                out.append(e["file"])
            for key in ("sections", "chapters"):
                walk(e.get(key, []))
            for part in e.get("parts", []):
                walk(part.get("chapters", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    walk(toc.get("chapters", []))
    return out


def notebook_sources() -> list[Path]:
    return [ROOT / f"{f}.ipynb" for f in toc_files() if (ROOT / f"{f}.ipynb").exists()]


@pytest.fixture(scope="session")
def built_book():
    """Build the book exactly as the README says (warnings are errors) and return (html dir,
    log)."""
    exe = shutil.which("jupyter-book") or str(Path(sys.executable).parent / "jupyter-book")
    proc = subprocess.run(
        [exe, "build", str(ROOT), "-W", "-n", "--keep-going"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3000,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"book build failed:\n{log[-5000:]}"
    return HTML, log


@pytest.fixture(scope="session")
def chromium_path():
    path = chromium()
    if path is None:
        msg = (
            "headless Chromium not found: install it with `bash scripts/setup.sh` "
            "(Debian package `chromium`) to run the browser tests"
        )
        if IN_CI:
            pytest.fail(msg + " (CI=true: browser tests are never skipped in CI)")
        pytest.skip(msg)
    return path


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served_browser(html_dir: Path, chromium_path: str):
    """Serve ``html_dir`` on 127.0.0.1 and launch headless Chromium: yields (browser, base URL)."""
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html_dir))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path, args=FLAGS)
            try:
                yield browser, f"http://127.0.0.1:{httpd.server_address[1]}"
            finally:
                browser.close()
    finally:
        httpd.shutdown()
