"""Measure the book's build and page performance, and print a Markdown report.

    python scripts/benchmark.py [--runs 3] [--skip-build] [--skip-visits] [--skip-lighthouse]
    [--skip-axe]

Lighthouse (npm `lighthouse`, from `npm ci`) runs in mobile and desktop mode on the intro, the
how-to page, every chapter (the claims ledger is chapter 07), with the book served with gzip as real
hosts do, in headless Debian Chromium with every host but 127.0.0.1 unresolvable; axe-core (npm
`axe-core`) runs on every page of the table of contents. Medians of --runs runs.

Reports: cold build time (empty _build), no-change rebuild time, each page's HTML size, the bytes a
first visit to each page fetches, and the times until the first figure is visible (its static
snapshot has loaded) and until it is drawn by plotly.js (interactive) in headless Chromium (median
of --runs fresh browser contexts; cold caches each time). For comparison it also measures a "naive"
variant of each figure page, with plotly.js inlined in the HTML as Plotly's `notebook` renderer
does. This is a report, not a test: nothing here passes or fails."""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
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
"""  # noqa: E501 (embedded HTML, CSS or JavaScript)


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
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(root))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


class Gzip(Quiet):
    """http.server with gzip for text files, as real static hosts serve the book."""

    TEXT = (".html", ".js", ".css", ".json", ".svg", ".txt", ".csv", ".map", ".xml")
    cache: dict = {}

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if (
            path.endswith(self.TEXT)
            and "gzip" in self.headers.get("Accept-Encoding", "")
            and os.path.isfile(path)
        ):
            key = (path, os.path.getmtime(path))
            body = self.cache.get(key)
            if body is None:
                body = self.cache[key] = gzip.compress(Path(path).read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=3600")
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


def serve_gzip(root: Path):
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Gzip, directory=str(root))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


LH_FLAGS = (
    "--headless --no-sandbox --disable-gpu --host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE"
    " 127.0.0.1"
)


def lighthouse(url: str, mode: str, chrome: str) -> dict:
    """One Lighthouse run (mode 'mobile': its default, simulated slow 4G and a mid-range phone;
    'desktop':
    its desktop preset), offline: every host but 127.0.0.1 is unresolvable."""
    cli = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "lh.json"
        cmd = [
            "node",
            str(cli),
            url,
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={LH_FLAGS}",
            "--quiet",
            "--only-categories=performance,accessibility,best-practices,seo",
        ]
        if mode == "desktop":
            cmd.append("--preset=desktop")
        r = subprocess.run(
            cmd,
            env={**os.environ, "CHROME_PATH": chrome},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if r.returncode or not out.exists():
            return {"error": (r.stderr or r.stdout).strip()[-300:]}
        d = json.loads(out.read_text())
    a = d["audits"]
    requests = a.get("network-requests", {}).get("details", {}).get("items", [])
    return {
        **{k: round(100 * (v["score"] or 0)) for k, v in d["categories"].items()},
        "fcp_ms": a["first-contentful-paint"]["numericValue"],
        "lcp_ms": a["largest-contentful-paint"]["numericValue"],
        "tbt_ms": a["total-blocking-time"]["numericValue"],
        "cls": a["cumulative-layout-shift"]["numericValue"],
        "kib": a["total-byte-weight"]["numericValue"] / 1024,
        "plotly": any("plotly.min.js" in i.get("url", "") for i in requests),
        "lcp_element": (
            (a.get("largest-contentful-paint-element", {}).get("details", {}).get("items") or [{}])[
                0
            ]
            .get("items", [{}])[0]
            .get("node", {})
            .get("nodeLabel", "")
        )[:60],
    }


AXE = """async () => { const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => ({id: v.id, impact: v.impact, n: v.nodes.length})); }"""


def axe(browser, url: str, axe_js: Path) -> list[dict]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.route(
        "**/*",
        lambda r: (
            r.continue_()
            if urlparse(r.request.url).hostname in ("127.0.0.1", "localhost")
            else r.abort()
        ),
    )
    page.goto(url, wait_until="load", timeout=60_000)
    page.add_script_tag(path=str(axe_js))
    found = page.evaluate(AXE)
    ctx.close()
    return found


def visit(browser, url: str, reach: bool = True) -> dict:
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
        # Content-Length, not resp.body(): copying every body out of the browser slows the page
        # being timed.
        sizes[resp.url] = int(resp.headers.get("content-length") or 0)

    page.route("**/*", route)
    page.on("response", on_response)
    page.goto(url, wait_until="load", timeout=60_000)
    n = page.evaluate("() => document.querySelectorAll('.plotly-graph-div').length")
    page.wait_for_timeout(1000)
    before = sum(sizes.values()), len(sizes)
    touch = None
    if n and reach:
        # The reader reaches for the first chart (what a pointer over it does): time until it is
        # drawn.
        touch = page.evaluate(
            "() => { const t = performance.now(); window.__dsrTouch = t; if (window.dsr) "
            "dsr.ready(document.querySelector('.plotly-graph-div').id); return t; }"
        )
    if n:
        page.wait_for_function("() => window.__dsrFirst !== null", timeout=60_000)
    page.wait_for_timeout(300)
    timing = page.evaluate("""() => ({first: window.__dsrFirst, paint: window.__dsrPaint,
        dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd})""")
    ctx.close()
    seen = [
        t
        for t in (timing["paint"], timing["first"])
        if t is not None and (touch is None or t < touch)
    ]
    return {
        "figures": n,
        "first_ms": (
            (timing["first"] - touch) if touch is not None and timing["first"] else timing["first"]
        ),
        "visible_ms": min(seen) if seen else None,
        "dcl_ms": timing["dcl"],
        "bytes": before[0],
        "requests": before[1],
        "blocked": blocked,
    }


def naive_copy(html_dir: Path, pages: list[str]) -> Path:
    """A copy of the site where each figure page inlines plotly.js, as the `notebook` renderer does
    (and, like it, has no static snapshots)."""
    tmp = Path(tempfile.mkdtemp(prefix="dsr-naive-"))
    shutil.copytree(html_dir, tmp / "html")
    plotly_js = (html_dir / "_static" / "plotly.min.js").read_text(encoding="utf-8")
    for p in pages:
        f = tmp / "html" / f"{p}.html"
        text = f.read_text(encoding="utf-8")
        text = text.replace(
            "</head>",
            "<script>" + plotly_js.replace("</script", "<\\/script") + "</script>"
            "<script>document.addEventListener('DOMContentLoaded', () => document.querySelectorAll("
            "'.plotly-graph-div').forEach(d => window.dsr.ready(d.id)));</script></head>",
            1,
        )
        text = re.sub(r'<picture class="dsr-snapshot">.*?</picture>', "", text, flags=re.S)
        f.write_text(text, encoding="utf-8")
    return tmp / "html"


def lighthouse_report(html_dir: Path, pages: list[str], runs: int, chrome: str) -> None:
    httpd = serve_gzip(html_dir)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    print(
        "| page | mode | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS"
        " | KiB (gzip) | plotly.js fetched | LCP element |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    try:
        for page in pages:
            for mode in ("mobile", "desktop"):
                results = [lighthouse(f"{base}/{page}.html", mode, chrome) for _ in range(runs)]
                ok = [r for r in results if "error" not in r]
                if not ok:
                    print(f"| {page} | {mode} | error: {results[0]['error'][:80]} |")
                    continue

                def m(k, ok=ok):
                    return statistics.median(r[k] for r in ok)

                print(
                    f"| {page} | {mode} | {m('performance'):.0f} | {m('accessibility'):.0f} |"
                    f" {m('best-practices'):.0f} | {m('seo'):.0f} | {m('fcp_ms') / 1000:.1f} s |"
                    f" {m('lcp_ms') / 1000:.1f} s | {m('tbt_ms'):.0f} ms | {m('cls'):.3f} |"
                    f" {m('kib'):.0f} | {'yes' if any(r['plotly'] for r in ok) else 'no'} |"
                    f" {ok[0]['lcp_element'].replace('|', '/')} |",
                    flush=True,
                )
    finally:
        httpd.shutdown()
    print(
        "\nLighthouse"
        f" {json.loads((ROOT / 'node_modules/lighthouse/package.json').read_text())['version']},"
        f" medians of {runs} runs, gzip server on 127.0.0.1, every other host unresolvable.\n"
    )


def axe_report(html_dir: Path, pages: list[str], chrome: str) -> None:
    from playwright.sync_api import sync_playwright

    axe_js = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    httpd = serve(html_dir)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    print("| page | axe-core: critical | serious | moderate | minor | rules |")
    print("|---|---|---|---|---|---|")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chrome, args=FLAGS)
        for page in pages:
            found = axe(browser, f"{base}/{page}.html", axe_js)
            by = {
                k: sum(v["n"] for v in found if v["impact"] == k)
                for k in ("critical", "serious", "moderate", "minor")
            }
            rules = ", ".join(sorted({f"{v['id']} ({v['impact']})" for v in found})) or "-"
            print(
                f"| {page} | {by['critical']} | {by['serious']} | {by['moderate']} | {by['minor']}"
                f" | {rules} |",
                flush=True,
            )
        browser.close()
    httpd.shutdown()
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument(
        "--skip-build", action="store_true", help="measure the existing _build/html only"
    )
    ap.add_argument("--skip-visits", action="store_true")
    ap.add_argument("--skip-lighthouse", action="store_true")
    ap.add_argument("--skip-axe", action="store_true")
    ap.add_argument(
        "--html",
        type=Path,
        default=ROOT / "_build" / "html",
        help="the built book to measure (default _build/html; with --skip-build, a copy works)",
    )
    ap.add_argument(
        "--lighthouse-pages", nargs="*", help="default: the intro, how-to-use and every chapter"
    )
    args = ap.parse_args()
    exe = shutil.which("jupyter-book") or str(Path(sys.executable).parent / "jupyter-book")
    build = [exe, "build", ".", "-W", "-n", "--keep-going"]
    print(
        f"# Benchmark ({platform.node()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')})\n"
    )
    if not args.skip_build:
        shutil.rmtree(ROOT / "_build", ignore_errors=True)
        cold = timed(build)
        warm = timed(build)
        print("| build | seconds |\n|---|---|")
        print(f"| cold (empty `_build`, executes every notebook) | {cold:.1f} |")
        print(f"| no-change rebuild | {warm:.1f} |\n")

    html_dir = args.html
    pages = toc_files()
    path = chromium()
    if path is None:
        sys.exit("chromium not found: run `bash scripts/setup.sh`")
    if not args.skip_lighthouse:
        lh_pages = args.lighthouse_pages or (
            [pages[0], "book/how-to-use"] + [p for p in pages if p.startswith("notebooks/")]
        )
        lighthouse_report(html_dir, lh_pages, args.runs, path)
    if not args.skip_axe:
        axe_report(html_dir, pages, path)
    if not args.skip_visits:
        visits_report(html_dir, pages, args.runs, path)


def visits_report(html_dir: Path, pages: list[str], runs_n: int, path: str) -> None:
    from playwright.sync_api import sync_playwright

    class args:  # noqa: N801 - the report below predates the split into functions
        runs = runs_n

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
        naive = {
            pg: [visit(browser, f"{base}/{pg}.html", reach=False) for _ in range(args.runs)]
            for pg in figure_pages
        }
        httpd.shutdown()
        shutil.rmtree(naive_dir.parent, ignore_errors=True)
        browser.close()

    def med(runs, key):
        vals = [r[key] for r in runs if r[key] is not None]
        return statistics.median(vals) if vals else None

    print(
        "| page | HTML | figures | first visit fetches (no gzip) | requests | blocked | text ready"
        " (DCL) | first figure visible | first figure interactive after a reach | naive: first"
        " figure |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for page in pages:
        runs = results[page]
        html = (html_dir / f"{page}.html").stat().st_size
        first, visible = med(runs, "first_ms"), med(runs, "visible_ms")
        nv = med(naive[page], "first_ms") if page in naive else None
        print(
            f"| {page} | {html / 1e3:.0f} kB | {runs[0]['figures']} | {runs[0]['bytes'] / 1e6:.2f}"
            f" MB | {runs[0]['requests']} | {len(runs[0]['blocked'])} | {med(runs, 'dcl_ms'):.0f}"
            f" ms | {f'{visible:.0f} ms' if visible else '-'} |"
            f" {f'{first:.0f} ms' if first else '-'} | {f'{nv:.0f} ms' if nv else '-'} |"
        )
    print(
        f"\nTimes are medians of {args.runs} visits, each in a fresh browser context (cold cache),"
        " served from localhost by Python's http.server (no gzip), all requests outside 127.0.0.1"
        " blocked. plotly.min.js is"
        f" {(html_dir / '_static' / 'plotly.min.js').stat().st_size / 1e6:.1f} MB and is fetched"
        " only when a reader reaches for a chart. 'First visit fetches': bytes before any chart is"
        " touched. 'Visible': the first figure's static snapshot has loaded; 'interactive after a"
        " reach': from `dsr.ready()` on the first figure (what a pointer over it does) until"
        " plotly.js has drawn it; 'naive': plotly.js inlined, no snapshots, time from navigation."
    )


if __name__ == "__main__":
    main()
