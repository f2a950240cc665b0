"""Sphinx extension: the book's figures, and the assets each page needs, from the doctree.

* **Figures as data.** :class:`FigureMimeRenderer` is a myst-nb MIME renderer, registered from this
  package's ``pyproject.toml`` (entry point group ``myst_nb.mime_renderers``). It turns each
  ``application/vnd.dsr.figure+json`` output of :func:`dsr.charts.publish` into a
  :class:`dsr_figure` node (no HTML is parsed or rewritten); the HTML writer renders that node with
  :func:`dsr.charts.figure_html`: header, plot ``<div>`` holding a ``<picture>`` of the static
  snapshots (narrow and wide), the figure's JSON and the caption with "Download the data (CSV)". The
  live-Jupyter copies of the figure (``application/vnd.plotly.v1+json``, marked as belonging to a
  dsr figure in the output's metadata) and of its caption render as nothing; any other Plotly output
  still gets myst-nb's ``unknown_mime_type`` warning.
* **Environment.** :class:`FigureCollector` records, per document, its figures (spec, narrow
  variant, data table) and whether it has maps or the claims ledger; incremental and parallel builds
  keep it right. When reading is done (``env-updated``), the figures' snapshots are rendered with
  headless Chromium and the book's plotly.js (only those not in the ``_build/.dsr-snapshots`` cache,
  keyed by a hash of the figure, plotly.js and the width) and copied into ``_static/dsr-snapshots``,
  and each figure's CSV is written into ``_static/dsr-data``; files no figure uses are removed.
* **Assets.** At build start, copies ``plotly.min.js`` (the partial bundle ``dsr/plotly-dsr.min.js``
  when present, else the full file from the installed ``plotly`` package), the map geometry script,
  ``dsr-plots.js`` and the CSS into ``_static``. Pages with figures load only the small deferred
  ``dsr-plots.js``, which fetches plotly.js when a reader reaches for a chart; other pages load
  none.
* **Theme.** Drops the 1.45 MiB Font Awesome script (the icons the theme uses become CSS masks made
  from the same icon paths, :func:`icon_css`) and the synchronous search index outside the search
  page (template ``dsr/templates/layout.html``); adds a favicon and a per-page meta description.
* When the ``dsr`` package or ``data/`` changes, marks every page for re-reading and clears the
  notebook execution cache, so cached outputs never outlive the code and data that made them.

Enable it in ``_config.yml`` under ``sphinx.extra_extensions``.
"""

from __future__ import annotations

import hashlib
import html as html_mod
import json
import os
import posixpath
import re
import shutil
from pathlib import Path

import plotly
from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging

from . import charts, paths

logger = logging.getLogger(__name__)

PLOTLY_JS = "plotly.min.js"
GEO_JS = "dsr-geo-world_110m.js"
CSS = "dsr.css"
FIGURES_CSS = "dsr-figures.css"
DRAW_JS = "dsr-plots.js"
LEDGER_JS = "dsr-ledger.js"
CONTROLS_JS = "dsr-controls.js"
FAVICON = "favicon.svg"
SNAPSHOT_DIR = "dsr-snapshots"
DATA_DIR = "dsr-data"
HERE = Path(__file__).parent
#: The partial plotly.js bundle (only the trace types the book uses), built by
#: scripts/build_plotly.mjs.
PARTIAL_BUNDLE = HERE / "plotly-dsr.min.js"


def full_plotly_js() -> Path:
    return Path(plotly.__file__).parent / "package_data" / PLOTLY_JS


def plotly_js_source() -> Path:
    """The plotly.js the book serves: the partial bundle if built, else the installed package's
    file."""
    return PARTIAL_BUNDLE if PARTIAL_BUNDLE.is_file() else full_plotly_js()


def geo_script(topojson_path: Path = paths.WORLD_TOPOJSON) -> str:
    topo = json.loads(topojson_path.read_text(encoding="utf-8"))
    return (
        "window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};\n"
        "window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};\n"
        "window.PlotlyGeoAssets.topojson['world_110m'] = "
        + json.dumps(topo, separators=(",", ":"))
        + ";\n"
    )


# -- icons: Font Awesome's own paths as CSS masks, without its 1.45 MiB script
# -------------------------

#: Icons the theme and launch buttons use (class names without "fa-").
ICONS = [
    "magnifying-glass",
    "list",
    "sun",
    "moon",
    "circle-half-stroke",
    "expand",
    "chevron-down",
    "bars",
    "arrow-up",
    "file-pdf",
    "file",
    "download",
    "angle-right",
    "angle-left",
    "rocket",
    "code",
    "arrow-up-right-from-square",
    "xmark",
    "compress",
    "github",
    "markdown",
    "file-arrow-down",
    "book",
    "lightbulb",
    "pencil",
    "square-caret-right",
]


def _fontawesome_js() -> Path | None:
    import pydata_sphinx_theme

    f = (
        Path(pydata_sphinx_theme.__file__).parent
        / "theme"
        / "pydata_sphinx_theme"
        / "static"
        / "scripts"
        / "fontawesome.js"
    )
    return f if f.is_file() else None


def icon_css(fa_js: Path | None = None) -> str:
    """CSS that draws the theme's ``<i class="fa-... fa-NAME">`` icons as masks filled with the
    current text colour, from the SVG paths in the theme's own Font Awesome script (CC BY 4.0)."""
    fa_js = fa_js or _fontawesome_js()
    if fa_js is None:
        return ""
    text = fa_js.read_text(encoding="utf-8", errors="ignore")
    rules = [
        (
            ".fa, .fas, .fab, .far, .fa-solid, .fa-regular, .fa-brands { display: inline-block;"
            " width: 1em; height: 1em; vertical-align: -0.125em; background-color: currentColor;"
            " -webkit-mask: var(--dsr-icon) center / contain no-repeat; mask: var(--dsr-icon)"
            " center / contain no-repeat; font-style: normal; }"
        ),
        ".fa-lg { width: 1.25em; height: 1.25em; vertical-align: -0.2em; }",
    ]
    for name in ICONS:
        n = re.escape(name)
        m = re.search(rf'(?:"{n}"|[{{,]{n}):\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","(M[^"]+)"', text)
        if not m:
            continue
        w, h, d = m.groups()
        svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {w} {h}'><path d='{d}'/></svg>"
        url = "data:image/svg+xml," + svg.replace("#", "%23").replace('"', "'").replace(
            "<", "%3C"
        ).replace(">", "%3E")
        rules.append(f'.fa-{name} {{ --dsr-icon: url("{url}"); }}')
    return "\n".join(rules) + "\n"


def _write_assets(app) -> None:
    if app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(plotly_js_source(), static / PLOTLY_JS)
    (static / GEO_JS).write_text(geo_script(), encoding="utf-8")
    for name in (CSS, DRAW_JS, LEDGER_JS, CONTROLS_JS):
        if (HERE / name).is_file():
            shutil.copyfile(HERE / name, static / name)
    css = (
        (HERE / FIGURES_CSS).read_text(encoding="utf-8")
        + "\n/* Theme icons (see dsr.sphinxext.icon_css) */\n"
        + icon_css()
    )
    (static / FIGURES_CSS).write_text(css, encoding="utf-8")


# -- figures: MIME renderer, node, collector, build-time files
# -----------------------------------------


class dsr_figure(nodes.General, nodes.Element):
    """A book figure: ``payload`` is the :data:`dsr.charts.FIGURE_MIME` content, ``figure_id`` its
    anchor on the page, ``snapshots`` the (wide, narrow) snapshot keys, ``csv`` its CSV file
    name."""


def _payload(content) -> dict:
    return json.loads(content) if isinstance(content, (str, bytes)) else content


def _docname(renderer) -> str:
    try:
        return renderer.renderer.document.settings.env.docname
    except AttributeError:
        return "index"


def snapshot_keys(payload: dict, plotly_js: Path | None = None) -> tuple[str, str]:
    from . import snapshots

    js = plotly_js or plotly_js_source()
    return (
        snapshots.key(snapshots.wide_spec(payload), js, charts.WIDE_WIDTH),
        snapshots.key(snapshots.narrow_spec(payload), js, charts.NARROW_WIDTH),
    )


class FigureMimeRenderer:
    """myst-nb MIME renderer plugin (``myst_nb.mime_renderers`` entry point ``dsr``)."""

    #: The figure as data wins wherever it is offered; other builders fall back to text/plain.
    mime_priority_overrides = [
        (b, charts.FIGURE_MIME, 1) for b in ("html", "dirhtml", "singlehtml", "readthedocs")
    ] + [("*", charts.CAPTION_MIME, 2)]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type == charts.FIGURE_MIME:
            payload = _payload(data.content)
            doc = renderer.renderer.document
            used = doc.__dict__.setdefault("_dsr_figure_ids", set())
            fid = base = f"fig-{charts.slug(payload['title'])}"
            n = 2
            while fid in used:
                fid, n = f"{base}-{n}", n + 1
            used.add(fid)
            node = dsr_figure()
            node["payload"] = payload
            node["figure_id"] = fid
            node["snapshots"] = list(snapshot_keys(payload))
            node["csv"] = f"{posixpath.basename(_docname(renderer))}--{fid}.csv"
            return [node]
        if data.mime_type == charts.CAPTION_MIME:
            # Live Jupyter's copy of the caption: in the book the caption is part of the figure.
            return [nodes.comment("", "dsr: figure caption (rendered with the figure)")]
        if data.mime_type == charts.PLOTLY_MIME and (data.output_metadata or {}).get(
            charts.PLOTLY_MIME, {}
        ).get("dsr_figure"):
            return []  # live Jupyter's copy of a dsr figure whose data the same output carries
        return None


def _root(docname: str) -> str:
    return posixpath.relpath(".", posixpath.dirname(docname) or ".")


def visit_dsr_figure_html(self, node):
    builder, env = self.builder, self.builder.env
    docname = builder.current_docname
    root = _root(docname)
    payload = node["payload"]
    hrefs = {}
    for s in payload["sources"]:
        target = f"book/data/{s['name']}"
        if target not in env.found_docs:
            logger.warning(
                f"[dsr] figure {payload['title']!r}: no dataset page {target}", location=node
            )
        hrefs[s["name"]] = builder.get_relative_uri(docname, target)
    count = getattr(self, "_dsr_figures", 0)
    self._dsr_figures = count + 1
    snaps = None
    if getattr(env, "dsr_snapshots_ready", False):
        wide, narrow = node["snapshots"]
        snaps = (
            f"{root}/_static/{SNAPSHOT_DIR}/{wide}.svg",
            f"{root}/_static/{SNAPSHOT_DIR}/{narrow}.svg",
        )
    self.body.append(
        charts.figure_html(
            payload,
            hrefs,
            csv_href=f"{root}/_static/{DATA_DIR}/{node['csv']}",
            snapshots=snaps,
            eager=count == 0,
            figure_id=node["figure_id"],
        )
    )
    raise nodes.SkipNode


def _skip(self, node):
    raise nodes.SkipNode


def visit_dsr_figure_text(self, node):
    p = node["payload"]
    self.body.append(f"{p['title']}\n{p['summary']}\n") if hasattr(self, "body") else None
    raise nodes.SkipNode


class FigureCollector(EnvironmentCollector):
    """Per document: its figures (for snapshots and CSVs) and what scripts it needs."""

    def clear_doc(self, app, env, docname):
        for attr in ("dsr_figures", "dsr_pages"):
            getattr(env, attr, {}).pop(docname, None)

    def merge_other(self, app, env, docnames, other):
        for attr in ("dsr_figures", "dsr_pages"):
            mine = env.__dict__.setdefault(attr, {})
            for d in docnames:
                if d in getattr(other, attr, {}):
                    mine[d] = getattr(other, attr)[d]

    def process_doc(self, app, doctree):
        env = app.env
        docname = env.docname
        figs = [
            {
                "figure_id": n["figure_id"],
                "snapshots": n["snapshots"],
                "csv": n["csv"],
                "payload": n["payload"],
            }
            for n in doctree.findall(dsr_figure)
        ]
        ledger = any('class="dsr-ledger' in n.astext() for n in doctree.findall(nodes.raw))
        env.__dict__.setdefault("dsr_figures", {})[docname] = figs
        env.__dict__.setdefault("dsr_pages", {})[docname] = {
            "figures": len(figs),
            "geo": any(f["payload"].get("geo") for f in figs),
            "ledger": ledger,
        }


def _write_if_changed(path: Path, text: str) -> bool:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def _figure_files(app, env) -> None:
    """After reading: every figure's snapshots (rendered only when not cached) and CSV, in
    ``_static``."""
    if app.builder.format != "html":
        return
    from . import snapshots

    figs = [(doc, f) for doc, fs in sorted(getattr(env, "dsr_figures", {}).items()) for f in fs]
    static = Path(app.outdir) / "_static"
    # CSVs: exactly the table of each figure, with its title, sources and licences.
    data_dir = static / DATA_DIR
    data_dir.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for doc, f in figs:
        wanted.add(f["csv"])
        url = f"{app.builder.get_target_uri(doc)}#{f['figure_id']}"
        _write_if_changed(data_dir / f["csv"], charts.csv_text(f["payload"], page_url=url))
    for stale in data_dir.glob("*.csv"):
        if stale.name not in wanted:
            stale.unlink()
    # Snapshots: two per figure (wide and narrow).
    jobs = {}
    for _, f in figs:
        wide, narrow = f["snapshots"]
        jobs[wide] = (snapshots.wide_spec(f["payload"]), charts.WIDE_WIDTH)
        jobs[narrow] = (snapshots.narrow_spec(f["payload"]), charts.NARROW_WIDTH)
    cache = Path(app.outdir).parent / ".dsr-snapshots"
    try:
        made = snapshots.render(jobs, cache, plotly_js_source(), geo_script())
    except FileNotFoundError as err:
        env.dsr_snapshots_ready = False
        logger.info(
            f"[dsr] figure snapshots skipped: {err}; figures draw when plotly.js has loaded"
        )
        return
    snap_dir = static / SNAPSHOT_DIR
    snap_dir.mkdir(parents=True, exist_ok=True)
    for k in jobs:
        if not (snap_dir / f"{k}.svg").exists():
            shutil.copyfile(cache / f"{k}.svg", snap_dir / f"{k}.svg")
    for stale in snap_dir.iterdir():
        if stale.stem not in jobs:
            stale.unlink()
    env.dsr_snapshots_ready = True
    logger.info(
        f"[dsr] figures: {len(figs)}, snapshots: {len(jobs)} in use, {made} rendered; CSVs:"
        f" {len(wanted)}"
    )


# -- per page
# ---------------------------------------------------------------------------------------------


def _dedupe_inline_scripts(context) -> None:
    """sphinx-thebe 0.3.1 registers its inline configuration script twice under Jupyter Book, which
    makes every page log "Identifier 'THEBE_JS_URL' has already been declared". Keep the first
    copy."""
    files = context.get("script_files")
    if not isinstance(files, list):
        return
    seen, keep = set(), []
    for js in files:
        body = (
            getattr(js, "attributes", {}).get("body") if not getattr(js, "filename", None) else None
        )
        if body is not None:
            if body in seen:
                continue
            seen.add(body)
        keep.append(js)
    files[:] = keep


def _description(doctree, context) -> str:
    """A page's meta description: its first paragraph of prose (about 155 characters)."""
    text = ""
    if doctree is not None:
        for p in doctree.findall(nodes.paragraph):
            if isinstance(p.parent, (nodes.caption, nodes.legend)):
                continue
            t = " ".join(p.astext().split())
            if len(t) > 40:
                text = t
                break
    if not text:
        title = re.sub(r"<[^>]+>", "", context.get("title") or "").strip()
        text = (
            f"{title + ' - ' if title else ''}{context.get('docstitle') or 'The book'}: an open,"
            " data-driven book on China's Digital Silk Road, its economics, security and"
            " geopolitics."
        )
    text = re.sub(r"<[^>]+>", "", text)
    if len(text) > 160:
        text = text[:157].rsplit(" ", 1)[0] + "..."
    return text


#: Scripts that inline code on the page uses at once: they stay synchronous. Every other script file
#: is deferred (it still runs in order, before DOMContentLoaded), so none blocks the first paint.
SYNC_SCRIPTS = {"documentation_options.js"}


def _defer_scripts(context) -> None:
    from sphinx.builders.html._assets import _JavaScript

    files = context.get("script_files")
    if not isinstance(files, list):
        return
    out = []
    for js in files:
        name = posixpath.basename(str(getattr(js, "filename", "") or "")).split("?")[0]
        attrs = dict(getattr(js, "attributes", {}) or {})
        if (
            name
            and name not in SYNC_SCRIPTS
            and not ({"async", "defer"} & set(attrs))
            and attrs.get("type") != "module"
        ):
            js = _JavaScript(js.filename, priority=js.priority, **attrs, defer="defer")
        out.append(js)
    files[:] = out


def _page_assets(app, pagename, templatename, context, doctree) -> None:
    _dedupe_inline_scripts(context)
    _defer_scripts(context)
    context["metatags"] = (
        context.get("metatags", "") + '\n<meta name="description"'
        f' content="{html_mod.escape(_description(doctree, context))}" />'
    )
    info = getattr(app.env, "dsr_pages", {}).get(pagename, {})
    if info.get("figures"):
        # Only dsr-plots.js (small, deferred): it fetches plotly.js (and the map geometry on pages
        # with maps) when a reader reaches for a chart, so nothing large or blocking comes with the
        # page.
        app.add_js_file(DRAW_JS, priority=220, loading_method="defer", id="dsr-plots-js")
        if (HERE / CONTROLS_JS).is_file():
            app.add_js_file(CONTROLS_JS, priority=225, loading_method="defer")
    if info.get("ledger"):
        app.add_js_file(LEDGER_JS, priority=230, loading_method="defer")


THEME_OPTIONS = {
    # the sidebar has the search box; no second one in a header bar above it
    "navbar_persistent": [],
    "show_toc_level": 2,
}


def _theme_options(app, config) -> None:
    """Add the book's theme options to those Jupyter Book derives from _config.yml (launch buttons,
    repository). Setting html_theme_options in _config.yml would replace those instead of adding."""
    config.html_theme_options = {**THEME_OPTIONS, **(config.html_theme_options or {})}


SPHINX_ONLY = {"sphinxext.py", "snapshots.py", "teaching.py", "slides.py", "a11y.py"}


def fingerprint() -> str:
    """Hash of everything a notebook's output depends on besides the notebook itself: the ``dsr``
    package and the data. jupyter-cache keys its cache on the notebook's code only."""
    h = hashlib.sha256()
    # The Python the kernels run: not the page assets (JS, CSS, templates, the plotly.js bundle) nor
    # the modules only Sphinx imports, which change no notebook output.
    files = sorted(p for p in Path(__file__).parent.rglob("*.py") if p.name not in SPHINX_ONLY)
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
    cache = getattr(app.config, "nb_execution_cache_path", "") or str(
        Path(app.outdir).parent / ".jupyter_cache"
    )
    if Path(cache).is_dir():
        logger.info(f"[dsr] helper package or data changed: clearing the execution cache {cache}")
        # Through jupyter-cache's own API: deleting its folder under an open database connection
        # makes the next write fail ("attempt to write a readonly database").
        from jupyter_cache import get_cache

        jc = get_cache(cache)
        for record in jc.list_cache_records():
            jc.remove_cache(record.pk)
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


def _config(app, config) -> None:
    _theme_options(app, config)
    templates = str(HERE / "templates")
    if templates not in config.templates_path:
        config.templates_path = [templates, *config.templates_path]
    if not config.html_favicon:
        config.html_favicon = str(HERE / FAVICON)


def setup(app):
    app.add_directive("dsr-dataset-card", DatasetCard)
    app.add_directive("dsr-derivation", Derivation)
    app.add_directive("dsr-data-overview", DataOverview)
    app.add_node(
        dsr_figure,
        html=(visit_dsr_figure_html, None),
        latex=(_skip, None),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.add_env_collector(FigureCollector)
    _encrypt_kernel_transport()
    app.connect("env-get-outdated", _outdated_when_helpers_change)
    app.connect("config-inited", _config)
    app.connect("builder-inited", _write_assets)
    app.connect("env-updated", _figure_files)
    # Only dsr.explore (live ipywidgets explorers, which show a note in the book) still reads this
    # variable; no figure output depends on it.
    os.environ[charts.BOOK_BUILD_ENV] = "1"
    app.add_css_file(CSS)
    app.add_css_file(FIGURES_CSS)
    app.connect("html-page-context", _page_assets)
    return {"version": "0.2", "parallel_read_safe": True, "parallel_write_safe": True}
