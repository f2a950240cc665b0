"""Measure the book's build and page performance, and print a Markdown report.

    python scripts/benchmark.py [--runs 5] [--skip-build]

Reports: cold build time (empty _build), no-change rebuild time, each page's HTML size, the bytes a
first visit to each page fetches, and the times until the first figure is visible (its static snapshot
has loaded) and until it is drawn by plotly.js (interactive) in headless Chromium
(median of --runs fresh browser contexts; cold caches each time). For comparison it also measures a
"naive" variant of each figure page, with plotly.js inlined in the HTML as Plotly's `notebook`
renderer does. This is a report, not a test: nothing here passes or fails.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import FLAGS, chromium, toc_files  # noqa: E402

FIRST_FIGURE = """
window.__dsrFirst = null;
window.__dsrPaint = null;
document.addEventListener('load', (e) => {
  const t = e.target;
  if (window.__dsrPaint === null && t.classList && t.classList.contains('dsr-snapshot')) window.__dsrPaint = performance.now();
}, true);
new MutationObserver((m, obs) => {
  if (document.querySelector('.js-plotly-plot .main-svg')) { window.__dsrFirst = performance.now(); obs.disconnect(); }
}).observe(document, {subtree: true, childList: true});
"""


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"{' '.join(cmd)} failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    return time.perf_counter() - t


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(root: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def visit(browser, url: str) -> dict:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.add_init_script(FIRST_FIGURE)
    sizes, blocked = {}, []

    def route(r):
        if urlparse(r.request.url).hostname in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    def on_response(resp):
        # Content-Length, not resp.body(): copying every body out of the browser slows the page being timed.
        sizes[resp.url] = int(resp.headers.get("content-length") or 0)

    page.route("**/*", route)
    page.on("response", on_response)
    page.goto(url, wait_until="load", timeout=60_000)
    n = page.evaluate("() => document.querySelectorAll('.plotly-graph-div').length")
    if n:
        page.wait_for_function("() => window.__dsrFirst !== null", timeout=60_000)
    page.wait_for_timeout(300)
    timing = page.evaluate("""() => ({first: window.__dsrFirst, paint: window.__dsrPaint,
        dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd})""")
    ctx.close()
    seen = [t for t in (timing["paint"], timing["first"]) if t is not None]
    return {"figures": n, "first_ms": timing["first"], "visible_ms": min(seen) if seen else None,
            "dcl_ms": timing["dcl"], "bytes": sum(sizes.values()),
            "requests": len(sizes), "blocked": blocked}


def naive_copy(html_dir: Path, pages: list[str]) -> Path:
    """A copy of the site where each figure page inlines plotly.js, as the `notebook` renderer does
    (and, like it, has no static snapshots)."""
    tmp = Path(tempfile.mkdtemp(prefix="dsr-naive-"))
    shutil.copytree(html_dir, tmp / "html")
    plotly_js = (html_dir / "_static" / "plotly.min.js").read_text(encoding="utf-8")
    for p in pages:
        f = tmp / "html" / f"{p}.html"
        text = f.read_text(encoding="utf-8")
        text = re.sub(r'<script async="async" id="dsr-plotly-js" src="[^"]+"></script>',
                      lambda _: "<script>" + plotly_js + "</script>", text)
        text = re.sub(r'<img class="dsr-snapshot"[^>]*>', "", text)
        f.write_text(text, encoding="utf-8")
    return tmp / "html"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--skip-build", action="store_true", help="measure the existing _build/html only")
    args = ap.parse_args()
    exe = shutil.which("jupyter-book") or str(Path(sys.executable).parent / "jupyter-book")
    build = [exe, "build", ".", "-W", "-n", "--keep-going"]
    print(f"# Benchmark ({platform.node()}, {platform.processor() or platform.machine()}, "
          f"{__import__('os').cpu_count()} cores, {time.strftime('%Y-%m-%d')})\n")
    if not args.skip_build:
        shutil.rmtree(ROOT / "_build", ignore_errors=True)
        cold = timed(build)
        warm = timed(build)
        print("| build | seconds |\n|---|---|")
        print(f"| cold (empty `_build`, executes every notebook) | {cold:.1f} |")
        print(f"| no-change rebuild | {warm:.1f} |\n")

    html_dir = ROOT / "_build" / "html"
    pages = toc_files()
    path = chromium()
    if path is None:
        sys.exit("chromium not found: run `bash scripts/setup.sh`")
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=FLAGS)
        httpd = serve(html_dir)
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        for page in pages:
            runs = [visit(browser, f"{base}/{page}.html") for _ in range(args.runs)]
            results[page] = runs
        httpd.shutdown()
        figure_pages = [pg for pg in pages if results[pg][0]["figures"]]
        naive_dir = naive_copy(html_dir, figure_pages)
        httpd = serve(naive_dir)
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        naive = {pg: [visit(browser, f"{base}/{pg}.html") for _ in range(args.runs)] for pg in figure_pages}
        httpd.shutdown()
        shutil.rmtree(naive_dir.parent, ignore_errors=True)
        browser.close()

    def med(runs, key):
        vals = [r[key] for r in runs if r[key] is not None]
        return statistics.median(vals) if vals else None

    print(f"| page | HTML | figures | first visit fetches | requests | blocked | text ready (DCL) | "
          f"first figure visible | first figure interactive | naive: first figure |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for page in pages:
        runs = results[page]
        html = (html_dir / f"{page}.html").stat().st_size
        first, visible = med(runs, "first_ms"), med(runs, "visible_ms")
        nv = med(naive[page], "first_ms") if page in naive else None
        print(f"| {page} | {html / 1e3:.0f} kB | {runs[0]['figures']} | {runs[0]['bytes'] / 1e6:.2f} MB | "
              f"{runs[0]['requests']} | {len(runs[0]['blocked'])} | {med(runs, 'dcl_ms'):.0f} ms | "
              f"{f'{visible:.0f} ms' if visible else '-'} | {f'{first:.0f} ms' if first else '-'} | "
              f"{f'{nv:.0f} ms' if nv else '-'} |")
    print(f"\nTimes are medians of {args.runs} visits, each in a fresh browser context (cold cache), served "
          "from localhost by Python's http.server, all requests outside 127.0.0.1 blocked. plotly.min.js "
          f"is {(html_dir / '_static' / 'plotly.min.js').stat().st_size / 1e6:.1f} MB and is fetched once "
          "per site visit; later pages take it from the browser cache. 'Visible': the first figure's static "
          "snapshot (dsr.snapshots) has loaded, or plotly.js has drawn it, whichever comes first; "
          "'interactive': plotly.js has drawn it.")


if __name__ == "__main__":
    main()
