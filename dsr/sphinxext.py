"""Sphinx extension: serve plotly.js and the map geometry from the book, only where needed.

* At build start, copies ``plotly.min.js`` from the installed ``plotly`` package into ``_static/``
  (so the version always matches the Python package, and nothing is committed), and writes
  ``_static/dsr-geo-world_110m.js``, which registers the book's own country geometry with plotly.js
  (``PlotlyGeoAssets``) so that maps never fetch topojson from a CDN.
* When the ``dsr`` package or ``data/`` changes, marks every page for re-reading and clears the
  notebook execution cache, so cached outputs never outlive the code and data that made them.
* For each page, adds ``plotly.min.js`` and ``dsr-plots.js`` (which draws the figures from their
  JSON) only if the page holds a figure, and the geometry script only if it holds a map; all three
  are deferred so the text shows first. Pages without figures load none of them. The claims
  ledger's filter script is added only to the page that holds the ledger.
* When the build has finished, puts a static PNG snapshot of each figure into its plot div, so that
  readers see every chart before plotly.js has loaded (:mod:`dsr.snapshots`).

Enable it in ``_config.yml`` under ``sphinx.extra_extensions``.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import plotly
from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.util import logging

from . import paths
from .charts import BOOK_BUILD_ENV

logger = logging.getLogger(__name__)

PLOTLY_JS = "plotly.min.js"
GEO_JS = "dsr-geo-world_110m.js"
CSS = "dsr.css"
DRAW_JS = "dsr-plots.js"
LEDGER_JS = "dsr-ledger.js"


def plotly_js_source() -> Path:
    return Path(plotly.__file__).parent / "package_data" / PLOTLY_JS


def geo_script(topojson_path: Path = paths.WORLD_TOPOJSON) -> str:
    topo = json.loads(topojson_path.read_text(encoding="utf-8"))
    return ("window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};\n"
            "window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};\n"
            "window.PlotlyGeoAssets.topojson['world_110m'] = "
            + json.dumps(topo, separators=(",", ":")) + ";\n")


def _write_assets(app) -> None:
    if app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(plotly_js_source(), static / PLOTLY_JS)
    (static / GEO_JS).write_text(geo_script(), encoding="utf-8")
    for name in (CSS, DRAW_JS, LEDGER_JS):
        shutil.copyfile(Path(__file__).parent / name, static / name)


def _dedupe_inline_scripts(context) -> None:
    """sphinx-thebe 0.3.1 registers its inline configuration script twice under Jupyter Book, which
    makes every page log "Identifier 'THEBE_JS_URL' has already been declared". Keep the first copy."""
    files = context.get("script_files")
    if not isinstance(files, list):
        return
    seen, keep = set(), []
    for js in files:
        body = getattr(js, "attributes", {}).get("body") if not getattr(js, "filename", None) else None
        if body is not None:
            if body in seen:
                continue
            seen.add(body)
        keep.append(js)
    files[:] = keep


def _page_assets(app, pagename, templatename, context, doctree) -> None:
    _dedupe_inline_scripts(context)
    body = context.get("body", "")
    if "plotly-graph-div" in body:
        # Nothing blocks the page's text. plotly.js is async, so it runs as soon as it arrives;
        # the geometry and dsr-plots.js are deferred, and dsr-plots.js waits for plotly.js if needed.
        app.add_js_file(PLOTLY_JS, priority=200, loading_method="async", id="dsr-plotly-js")
        if "dsr-geo" in body:
            app.add_js_file(GEO_JS, priority=210, loading_method="defer")
        app.add_js_file(DRAW_JS, priority=220, loading_method="defer")
    if 'class="dsr-ledger"' in body:
        app.add_js_file(LEDGER_JS, priority=230, loading_method="defer")


def _snapshots(app, exception) -> None:
    """Static first paint: a PNG of every figure inside its plot div (see :mod:`dsr.snapshots`)."""
    if exception is not None or app.builder.format != "html":
        return
    from . import snapshots

    snapshots.add_to_site(Path(app.outdir), plotly_js_source(), geo_script(), logger)


THEME_OPTIONS = {
    "navbar_persistent": [],   # the sidebar has the search box; no second one in a header bar above it
    "show_toc_level": 2,
}


def _theme_options(app, config) -> None:
    """Add the book's theme options to those Jupyter Book derives from _config.yml (launch buttons,
    repository). Setting html_theme_options in _config.yml would replace those instead of adding."""
    config.html_theme_options = {**THEME_OPTIONS, **(config.html_theme_options or {})}


def fingerprint() -> str:
    """Hash of everything a notebook's output depends on besides the notebook itself: the ``dsr``
    package and the data. jupyter-cache keys its cache on the notebook's code only."""
    h = hashlib.sha256()
    files = sorted(p for p in Path(__file__).parent.rglob("*") if p.suffix in {".py", ".js", ".css"})
    files += sorted(p for p in paths.DATA.rglob("*") if p.is_file())
    for p in files:
        h.update(p.relative_to(paths.ROOT).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def _outdated_when_helpers_change(app, env, added, changed, removed):
    """Re-execute every notebook when ``dsr`` or ``data/`` changed since the last build, so that the
    execution cache can never serve figures made by older code or older data."""
    current = fingerprint()
    if getattr(env, "dsr_fingerprint", None) == current:
        return []
    env.dsr_fingerprint = current
    cache = getattr(app.config, "nb_execution_cache_path", "") or str(Path(app.outdir).parent / ".jupyter_cache")
    if Path(cache).is_dir():
        logger.info(f"[dsr] helper package or data changed: clearing the execution cache {cache}")
        shutil.rmtree(cache)
    return sorted(env.found_docs - set(added) - set(changed) - set(removed))


def _encrypt_kernel_transport() -> None:
    """Ask jupyter_client to provision CurveZMQ keys for the kernels that execute the notebooks
    (the python3 kernelspec declares support for them). Without this, ipykernel logs that it runs
    over unencrypted TCP, once per notebook, into the build log."""
    import zmq
    from jupyter_client.manager import KernelManager

    if zmq.has("curve"):
        KernelManager.transport_encryption.default_value = "auto"


class _HtmlDirective(Directive):
    """Base for directives that insert HTML computed from the data package at build time."""

    required_arguments = 0
    optional_arguments = 1
    render = None

    def run(self):
        from . import pages

        name = self.arguments[0] if self.arguments else None
        try:
            html_text = getattr(pages, self.render)(*([name] if name else []))
        except Exception as err:  # noqa: BLE001 - reported as a build error naming the page and dataset
            raise self.error(f"{self.name} {name or ''}: {err}") from err
        return [nodes.raw("", html_text, format="html")]


class DatasetCard(_HtmlDirective):
    """``{dsr-dataset-card} name``: provenance, licence, dates, coverage and schema of a dataset."""
    render = "card_html"


class Derivation(_HtmlDirective):
    """``{dsr-derivation} name``: how a derived table was made and what its rules left out."""
    render = "derivation_html"


class DataOverview(_HtmlDirective):
    """``{dsr-data-overview}``: one row per dataset of the package."""
    render = "overview_html"


def setup(app):
    app.add_directive("dsr-dataset-card", DatasetCard)
    app.add_directive("dsr-derivation", Derivation)
    app.add_directive("dsr-data-overview", DataOverview)
    _encrypt_kernel_transport()
    app.connect("env-get-outdated", _outdated_when_helpers_change)
    app.connect("config-inited", _theme_options)
    # Kernels started by the build inherit this, so dsr.charts emits book-ready HTML only.
    os.environ[BOOK_BUILD_ENV] = "1"
    app.connect("builder-inited", _write_assets)
    app.add_css_file(CSS)
    app.connect("html-page-context", _page_assets)
    app.connect("build-finished", _snapshots)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
