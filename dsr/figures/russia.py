"""Chart plumbing for the Russia case study (notebooks/06-russia.ipynb).

Each function takes the tables the chapter has already loaded and returns a Plotly figure, ready for
``dsr.charts.publish``; the findings (counts, shares, ratios) are computed in the chapter itself.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import charts, controls, countries, model
from .what_is_the_dsr import timeline_frame

#: Colours of the register's delivery statuses.
STATUS_COLOUR = {
    "delivered": charts.PALETTE[2],
    "delayed": charts.PALETTE[1],
    "stalled": charts.PALETTE[3],
    "unknown": "#999999",
}
#: The register's stages, in the order a project passes them.
STAGES = ["proposal", "agreement signed", "in development", "under way", "criminal charges"]
HIGHLIGHT, OTHER = charts.PALETTE[3], charts.PALETTE[0]


def register_figure(reg: pd.DataFrame) -> go.Figure:
    """The cooperation register as a dot chart: stage reached (x), project (y), status (colour),
    confidence grade (marker shape)."""
    reg = reg.assign(
        label=reg["project"].map(lambda s: charts.wrap(s, 38)),
        hover=(
            "<b>"
            + reg["project"]
            + "</b><br>"
            + reg["russian_partners"]
            + " / "
            + reg["chinese_partners"]
            + "<br>"
            + reg["evidence"].map(lambda s: charts.wrap(s, 60))
            + "<br><i>"
            + reg["source_key"]
            + ", "
            + reg["section"]
            + "; grade "
            + reg["confidence"]
            + "</i>"
        ),
    )
    fig = go.Figure()
    for status, d in reg.groupby("status"):
        fig.add_trace(
            go.Scatter(
                x=d["stage"],
                y=d["label"],
                mode="markers",
                name=status,
                hovertext=d["hover"],
                hoverinfo="text",
                marker=dict(
                    size=16,
                    color=STATUS_COLOUR[status],
                    symbol=[charts.GRADE_SYMBOLS[g] for g in d["confidence"]],
                ),
            )
        )
    fig.update_xaxes(
        title_text="Stage reached when reported", categoryorder="array", categoryarray=STAGES
    )
    fig.update_yaxes(title_text="Project")
    return fig


def break_timeline(events: pd.DataFrame) -> go.Figure:
    """The dated events around the break of 2022 (rows of ``dsr_timeline``), one row per kind of
    event, marker shape by grade."""
    t = timeline_frame(events)
    order = [c for c in ["Policy", "Corporate", "Diplomacy", "Security"] if c in set(t["category"])]
    fig = charts.timeline(
        t, x="when", group="category", text="event", hover="hover", group_order=order
    )
    fig.update_xaxes(title_text="Year (events placed at mid-month)", dtick=1)
    fig.update_yaxes(title_text="Kind of event")
    return fig


def membership_layers(
    mem: pd.DataFrame, bri: pd.DataFrame, area: set[str]
) -> dict[str, pd.DataFrame]:
    """The map's layers for ``dsr.charts.choropleth_menu``: one per organisation (EAEU, SCO: year
    joined) and one for the states of ``area`` with a dated BRI memorandum (year signed)."""
    layers = {}
    for org in ["EAEU", "SCO"]:
        d = mem[mem["organisation"] == org]
        layers[f"{org} members"] = d.assign(
            value=d["year_joined"],
            hover=d["iso3"].map(countries.name)
            + ": "
            + org
            + " member since "
            + d["year_joined"].astype(str)
            + " ("
            + d["source_key"]
            + ")",
        )
    b = bri[bri["iso3"].isin(area) & bri["join_date"].notna()]
    layers["BRI members among them"] = b.assign(
        value=b["join_date"].dt.year,
        hover=b["iso3"].map(countries.name) + ": BRI since " + b["join_date"].dt.strftime("%Y"),
    )
    return layers


def density_figure(
    dens: pd.DataFrame, radii: list[float], cost_per_site: float, highlight, reference: str
) -> tuple[go.Figure, controls.Groups]:
    """Modelled 5G cost per person by country (bars, log scale), one group of bars per cell radius
    in ``radii`` (returned as ``{label: trace indices}`` for the chapter's slider), and last a
    dashed line marking the cost of covering ``reference`` (ISO3) with 1 km cells. ``dens`` has
    columns ``country`` and ``density`` (index: ISO3); countries in ``highlight`` are drawn in red.
    """
    colours = [HIGHLIGHT if c in highlight else OTHER for c in dens.index]
    rows = pd.concat(
        [
            dens.assign(
                radius=r, cost=[model.cost_per_person(d, r, cost_per_site) for d in dens["density"]]
            )
            for r in radii
        ]
    )
    fig = go.Figure()
    groups = controls.add_groups(
        fig,
        rows,
        by="radius",
        trace=lambda d, g: go.Bar(
            x=d["country"],
            y=d["cost"],
            name=f"{g} km",
            marker_color=colours,
            customdata=d["density"],
            hovertemplate=(
                "%{x}: USD %{y:,.0f} per person<br>density %{customdata:.0f} per km²<extra></extra>"
            ),
        ),
    )
    ref = model.cost_per_person(dens.loc[reference, "density"], 1, cost_per_site)
    fig.add_trace(
        go.Scatter(
            x=list(dens["country"]),
            y=[ref] * len(dens),
            mode="lines",
            hoverinfo="text",
            name=f"{countries.name(reference)} with 1 km cells",
            line=dict(color="#444", dash="dash"),
            text=f"{countries.name(reference)} with 1 km cells: USD {ref:,.0f} per person",
        )
    )
    fig.update_layout(showlegend=False)
    fig.update_yaxes(title_text="Cost per person (USD, log)", type="log")
    fig.update_xaxes(title_text="Country (by density)")
    return fig, groups


def connectivity_figure(
    indicators: dict[str, pd.DataFrame], group: list[str], highlight: str
) -> go.Figure:
    """The latest value of each indicator ({label: table with iso3, year, value}) for the countries
    of ``group`` (bars; ``highlight`` in red), with a menu to switch indicator."""
    names = [countries.name(c) for c in group]
    colours = [HIGHLIGHT if c == highlight else OTHER for c in group]
    rows = pd.concat(
        [
            df[df["iso3"].isin(group)]
            .sort_values("year")
            .groupby("iso3")
            .last()
            .reindex(group)
            .assign(indicator=label, country=names)
            for label, df in indicators.items()
        ]
    )
    fig = go.Figure()
    groups = controls.add_groups(
        fig,
        rows,
        by="indicator",
        trace=lambda d, g: go.Bar(
            x=d["country"],
            y=d["value"],
            name=g,
            marker_color=colours,
            customdata=d["year"],
            hovertemplate="%{x}: %{y:.1f} (%{customdata})<extra></extra>",
        ),
    )
    fig.update_layout(updatemenus=[controls.menu(fig, groups)], showlegend=False)
    fig.update_xaxes(title_text="Country")
    fig.update_yaxes(title_text="Value (unit in the menu)")
    return fig


def armenia_figure(
    gdp: pd.Series, low: float, high: float, years: int, announced: int
) -> go.Figure:
    """Armenia's GDP (bars, USD bn) against an announced total cost (``low``-``high``, in the year
    ``announced``) and the high cost spread over ``years`` years (dashed line)."""
    per_year = high / years
    fig = go.Figure(
        [
            go.Bar(x=gdp.index, y=gdp.values, name="Armenia's GDP", marker_color=charts.PALETTE[4]),
            go.Scatter(
                x=[announced, announced],
                y=[low, high],
                mode="markers+lines",
                name="Announced total cost (low-high)",
                marker=dict(size=12, color=charts.PALETTE[3], symbol="diamond"),
            ),
            go.Scatter(
                x=list(range(announced + 1, announced + 1 + years)),
                y=[per_year] * years,
                mode="lines",
                name="Announced cost per year (high)",
                line=dict(color=charts.PALETTE[1], dash="dash"),
            ),
        ]
    )
    fig.update_xaxes(title_text="Year")
    fig.update_yaxes(title_text="Current USD bn")
    return fig
