"""Static first paint for the book's figures.

plotly.js is large and takes seconds to download on a slow link and to execute, and no figure can be
drawn before it has run; the book loads it only when a reader reaches for a chart. So that readers
see every chart at once, the build renders two SVG snapshots of each figure (the desktop layout at
:data:`dsr.charts.WIDE_WIDTH` px and the narrow layout at :data:`dsr.charts.NARROW_WIDTH` px) with
headless Chromium and the same plotly.js; :mod:`dsr.sphinxext` writes them into the figure's plot
``<div>`` as a ``<picture>`` (narrow source below :data:`dsr.charts.NARROW_MAX` px), and
``dsr-plots.js`` replaces it with the interactive figure once plotly.js has drawn it. The snapshot
is decorative (``alt=""``): the figure's header and caption carry its title and one-sentence
summary.

Snapshots are cached by a hash of the figure's JSON, the plotly.js file and the width, in
``_build/.dsr-snapshots``, so a rebuild renders only figures that changed. Without Chromium (e.g. a
build run by hand before ``scripts/setup.sh``) the figures have no snapshots and the build log says
so; they still draw."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from . import charts

FORMAT = "svg"
#: Bumped when the rendering itself changes (fonts, format), to invalidate cached snapshots.
RENDERER_VERSION = "2"


@lru_cache(maxsize=4)
def _digest(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def wide_spec(payload: dict) -> dict:
    """The figure as drawn on a desktop page."""
    spec = payload["spec"]
    return {
        "data": spec["data"],
        "layout": dict(spec["layout"], height=payload["height"]),
        "config": spec.get("config", {}),
    }


def narrow_spec(payload: dict) -> dict:
    """The figure as drawn at narrow widths (its narrow variant merged in)."""
    return charts.narrow_spec(payload["spec"], payload["narrow"])


def key(spec: dict | str, plotly_js: Path, width: int) -> str:
    """Snapshot file name: changes with the figure, the plotly.js file and the width."""
    text = (
        spec if isinstance(spec, str) else json.dumps(spec, sort_keys=True, separators=(",", ":"))
    )
    h = hashlib.sha256()
    h.update(text.encode("utf-8"))
    h.update(_digest(plotly_js))
    h.update(f"{width}/{FORMAT}/{RENDERER_VERSION}".encode())
    return h.hexdigest()[:20]


#: Headless Chromium flags shared by the snapshot renderer, the browser tests and the benchmark.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str | None:
    """Path of a Chromium-family browser on PATH, or None."""
    return next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
    )


def render(jobs: dict[str, tuple[dict, int]], cache: Path, plotly_js: Path, geo_js: str) -> int:
    """Render the SVG of every job (key -> (figure spec, width)) not yet in ``cache``; return how
    many were made. The page used for rendering loads nothing from the network."""
    cache.mkdir(parents=True, exist_ok=True)
    missing = {k: j for k, j in jobs.items() if not (cache / f"{k}.{FORMAT}").exists()}
    if not missing:
        return 0
    exe = chromium()
    if exe is None:
        raise FileNotFoundError("headless Chromium not found (install it with scripts/setup.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=FLAGS)
        page = browser.new_page()
        page.route("**/*", lambda r: r.abort())
        page.set_content("<!doctype html><html><body></body></html>")
        page.add_script_tag(path=str(plotly_js))
        page.add_script_tag(content=geo_js)
        for k, (spec, width) in missing.items():
            url = page.evaluate(
                """async ([f, width, format]) => {
                    const height = (f.layout && f.layout.height) || 460;
                    const layout = Object.assign({}, f.layout, {width: width, height: height});
                    return await Plotly.toImage({data: f.data, layout: layout, config: f.config},
                                                {format: format, width: width, height: height, scale: 1});
                }""",  # noqa: E501 (embedded HTML, CSS or JavaScript)
                [spec, width, FORMAT],
            )
            head, body = url.split(",", 1)
            svg = (
                base64.b64decode(body).decode("utf-8")
                if head.endswith(";base64")
                else unquote(body)
            )
            (cache / f"{k}.{FORMAT}").write_text(svg, encoding="utf-8")
        browser.close()
    return len(missing)
