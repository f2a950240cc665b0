"""Static first paint for the book's figures.

plotly.js (4.8 MB) takes seconds to download on a slow link and about two seconds to execute even on a
fast machine, and no figure can be drawn before it has run. So that readers see every chart at once, the
book build renders a PNG snapshot of each figure with headless Chromium and the same plotly.js, and
puts it inside the figure's plot ``<div>``; ``dsr-plots.js`` replaces it with the interactive figure as
soon as plotly.js is ready. The snapshot is decorative (``alt=""``): the figure's caption carries the
one-sentence summary for screen readers.

Snapshots are cached by a hash of the figure's JSON, the plotly.js file and the width, in
``_build/.dsr-snapshots``, so a rebuild renders only figures that changed. Without Chromium (e.g. a
build run by hand before ``scripts/setup.sh``) pages are written without snapshots and say so in the
build log; figures still draw.
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
from functools import lru_cache
from pathlib import Path

WIDTH = 760          # px: the book's text column at common desktop widths
STATIC_DIR = "dsr-snapshots"
FIGURE = re.compile(
    r'(<div id="(?P<id>dsrfig-[0-9a-f]+)" class="plotly-graph-div" style="height:(?P<h>\d+)px; width:100%;">)'
    r'(?P<inner>(?:<img class="dsr-snapshot"[^>]*>)?)</div>'
    r'(?P<script><script type="application/json" class="dsr-figure-spec" data-target="(?P=id)">(?P<spec>.*?)</script>)',
    re.S)


@lru_cache(maxsize=4)
def _digest(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def key(spec_json: str, plotly_js: Path) -> str:
    """Snapshot file name: changes with the figure, the plotly.js file and the width."""
    h = hashlib.sha256()
    h.update(spec_json.encode("utf-8"))
    h.update(_digest(plotly_js))
    h.update(str(WIDTH).encode())
    return h.hexdigest()[:20]


def figures(page_html: str) -> list[tuple[str, str]]:
    """(snapshot key input, i.e. the spec JSON as written in the page, has a snapshot already) per figure."""
    return [(m.group("spec"), bool(m.group("inner"))) for m in FIGURE.finditer(page_html)]


#: Headless Chromium flags shared by the snapshot renderer, the browser tests and the benchmark.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str | None:
    """Path of a Chromium-family browser on PATH, or None."""
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


def render(specs: dict[str, str], cache: Path, plotly_js: Path, geo_js: str) -> int:
    """Render the PNG of every spec (key -> figure JSON) not yet in ``cache``; return how many were made.
    The page used for rendering loads nothing from the network: every request is refused."""
    from playwright.sync_api import sync_playwright

    cache.mkdir(parents=True, exist_ok=True)
    missing = {k: s for k, s in specs.items() if not (cache / f"{k}.png").exists()}
    if not missing:
        return 0
    exe = chromium()
    if exe is None:
        raise FileNotFoundError("headless Chromium not found (install it with scripts/setup.sh)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=FLAGS)
        page = browser.new_page()
        page.route("**/*", lambda r: r.abort())
        page.set_content("<!doctype html><html><body></body></html>")
        page.add_script_tag(path=str(plotly_js))
        page.add_script_tag(content=geo_js)
        for k, spec in missing.items():
            url = page.evaluate(
                """async ([spec, width]) => {
                    const f = JSON.parse(spec);
                    const height = (f.layout && f.layout.height) || 460;
                    const layout = Object.assign({}, f.layout, {width: width, height: height});
                    return await Plotly.toImage({data: f.data, layout: layout, config: f.config},
                                                {format: "png", width: width, height: height, scale: 1});
                }""", [spec.replace("<\\/", "</"), WIDTH])
            (cache / f"{k}.png").write_bytes(base64.b64decode(url.split(",", 1)[1]))
        browser.close()
    return len(missing)


def inject(page_html: str, keys: dict[str, str], root_rel: str) -> str:
    """The page with a snapshot <img> in every figure's plot div (the first eager, the rest lazy)."""
    count = 0

    def sub(m):
        nonlocal count
        k = keys.get(m.group("spec"))
        if k is None:
            return m.group(0)
        loading = "eager" if count == 0 else "lazy"
        count += 1
        img = (f'<img class="dsr-snapshot" src="{root_rel}/_static/{STATIC_DIR}/{k}.png" alt="" '
               f'width="{WIDTH}" height="{m.group("h")}" loading="{loading}" decoding="async">')
        return f'{m.group(1)}{img}</div>{m.group("script")}'

    return FIGURE.sub(sub, page_html)


def add_to_site(outdir: Path, plotly_js: Path, geo_js: str, log) -> None:
    """Give every figure of every page in ``outdir`` its snapshot (rendering only what the cache lacks),
    and keep in ``_static`` exactly the snapshots the pages use."""
    pages = {p: p.read_text(encoding="utf-8") for p in outdir.rglob("*.html") if "_static" not in p.parts}
    pages = {p: t for p, t in pages.items() if "dsr-figure-spec" in t}
    specs = {spec: key(spec, plotly_js) for t in pages.values() for spec, _ in figures(t)}
    cache = outdir.parent / ".dsr-snapshots"
    try:
        made = render({k: s for s, k in specs.items()}, cache, plotly_js, geo_js)
    except FileNotFoundError as err:
        log.info(f"[dsr] figure snapshots skipped: {err}; figures draw when plotly.js has loaded")
        return
    static = outdir / "_static" / STATIC_DIR
    static.mkdir(parents=True, exist_ok=True)
    used = set(specs.values())
    for k in used:
        if not (static / f"{k}.png").exists():
            shutil.copyfile(cache / f"{k}.png", static / f"{k}.png")
    for stale in static.glob("*.png"):
        if stale.stem not in used:
            stale.unlink()
    changed = 0
    for p, text in pages.items():
        new = inject(text, specs, Path(os.path.relpath(outdir, p.parent)).as_posix())
        if new != text:
            p.write_text(new, encoding="utf-8")
            changed += 1
    log.info(f"[dsr] figure snapshots: {len(used)} in use, {made} rendered, {changed} pages updated")
