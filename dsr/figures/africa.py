"""Chart plumbing for the Africa case study (notebooks/08-africa.ipynb).

Each function takes tables the chapter has already computed and returns a Plotly figure, with the
groups of traces its menu switches where it has one (the chapter builds the menu with
``dsr.controls.menu``), or the layers of a map. Titles, summaries and sources stay in the chapter,
where the findings are computed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from .. import charts
from . import debt_share_line

Groups = dict[str, list[int]]
REGIMES = {
    "CA": "Closed autocracy",
    "EA": "Electoral autocracy",
    "ED": "Electoral democracy",
    "LD": "Liberal democracy",
}


def _start(fig: go.Figure) -> int:
    return len(fig.data)


def finance_bars(by_year: pd.DataFrame, n_year: pd.DataFrame) -> tuple[go.Figure, Groups]:
    """Stacked bars of communications finance by year (columns True: Africa, False: others), one
    group per measure: amount (USD bn) and number of projects."""
    fig, groups = go.Figure(), {}
    for table, unit, label in [
        (by_year, "USD bn", "Amount (constant 2021 USD bn)"),
        (n_year, "projects", "Number of projects"),
    ]:
        start = _start(fig)
        for j, (flag, name) in enumerate(
            [(True, "African recipients"), (False, "Other recipients")]
        ):
            fig.add_trace(
                go.Bar(
                    x=table.index,
                    y=table[flag],
                    name=name,
                    marker_color=charts.PALETTE[j],
                    visible=not groups,
                    hovertemplate=f"{name}, %{{x}}: %{{y:,.2f}} {unit}<extra></extra>",
                )
            )
        groups[label] = list(range(start, _start(fig)))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="Commitment year")
    fig.update_yaxes(title_text="Amount or projects (unit in the menu)")
    return fig, groups


def share_lines(
    china: pd.Series, debtors: Sequence[str], names: Mapping[str, str]
) -> tuple[go.Figure, Groups]:
    """China's share of each debtor's public external debt (``china``: index iso3, year), one line
    per country; groups: all four, then each country alone."""
    fig = go.Figure()
    for i, c in enumerate(debtors):
        fig.add_trace(debt_share_line(china[c], names[c], i))
    groups = {"All four": list(range(len(debtors)))} | {
        names[c]: [i] for i, c in enumerate(debtors)
    }
    fig.update_xaxes(title_text="Year (debt stock at end of year)")
    fig.update_yaxes(title_text="China's share of public external debt (%)", rangemode="tozero")
    return fig, groups


def debt_measures(
    hrt: pd.DataFrame,
    china: pd.Series,
    ds: pd.DataFrame,
    debtors: Sequence[str],
    names: Mapping[str, str],
) -> tuple[go.Figure, Groups]:
    """Three measures of debt to China per country (debt/GDP, share of external debt, debt service
    paid and projected); one group of four traces per country."""
    fig, groups = go.Figure(), {}
    hollow = dict(color="rgba(0,0,0,0)", line=dict(color=charts.PALETTE[2], width=2))
    for k, c in enumerate(debtors):
        start, on = _start(fig), k == 0
        h = hrt[hrt["iso3"] == c].sort_values("year")
        own = ds[ds["iso3"] == c].sort_values("year")
        paid, proj = own[~own["projected"]], own[own["projected"]]
        fig.add_trace(
            go.Scatter(
                x=h["year"],
                y=h["china_debt_pct_gdp"],
                name="Debt owed to China, % of GDP (HRT)",
                mode="lines+markers",
                marker=dict(size=5),
                line=dict(color=charts.PALETTE[0]),
                visible=on,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=china[c].index,
                y=china[c].values,
                mode="lines",
                visible=on,
                name="China's share of public external debt, % (World Bank)",
                line=dict(color=charts.PALETTE[1]),
            )
        )
        fig.add_trace(
            go.Bar(
                x=paid["year"],
                y=paid["usd_m"],
                name="Debt service paid to China, USD m (right axis)",
                yaxis="y2",
                marker_color=charts.PALETTE[2],
                opacity=0.6,
                visible=on,
            )
        )
        fig.add_trace(
            go.Bar(
                x=proj["year"],
                y=proj["usd_m"],
                name="Projected debt service, USD m (right axis)",
                yaxis="y2",
                marker=hollow,
                visible=on,
            )
        )
        groups[names[c]] = list(range(start, _start(fig)))
    fig.update_layout(
        barmode="overlay",
        legend=dict(orientation="h", x=0, y=-0.25, yanchor="top"),
        margin=dict(b=170),
        yaxis2=dict(
            title=dict(text="USD million"), overlaying="y", side="right", rangemode="tozero"
        ),
    )
    fig.update_xaxes(title_text="Year")
    fig.update_yaxes(title_text="Per cent (see legend)", rangemode="tozero")
    return fig, groups


CABLE_ROLES = [
    ("cables", "planned", "All cable systems", charts.PALETTE[6]),
    (
        "chinese_owned",
        "chinese_owned_planned",
        "Chinese-owned (a Chinese owner among the owners)",
        charts.PALETTE[1],
    ),
    (
        "chinese_built",
        "chinese_built_planned",
        "Chinese-built (HMN Tech a supplier)",
        charts.PALETTE[3],
    ),
]


def cable_bars(shown: pd.DataFrame) -> tuple[go.Figure, Groups]:
    """Grouped horizontal bars of cable systems per country by Chinese role; groups: with and
    without the cables still planned in October 2022."""
    fig, groups = go.Figure(), {}
    for label, in_service in [("With planned systems", False), ("In service only", True)]:
        start = _start(fig)
        for col, planned, name, colour in CABLE_ROLES:
            v = shown[col] - (shown[planned] if in_service else 0)
            fig.add_trace(
                go.Bar(
                    y=shown["country"],
                    x=v,
                    name=name,
                    orientation="h",
                    visible=not groups,
                    marker_color=colour,
                    hovertemplate="%{y}: %{x} " + name.split(" (")[0].lower() + "<extra></extra>",
                )
            )
        groups[label] = list(range(start, _start(fig)))
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text="Cable systems landing in the country")
    fig.update_yaxes(title_text="Country (15 with most cables)")
    return fig, groups


def internet_lines(
    net: pd.DataFrame, shown: Sequence[str], solid: Sequence[str], names: Mapping[str, str]
) -> go.Figure:
    """Internet use since 2000, one line per country; the ``solid`` countries drawn solid, the rest
    dotted."""
    fig = go.Figure()
    for i, c in enumerate(shown):
        d = net[(net["iso3"] == c) & (net["year"] >= 2000)].sort_values("year")
        fig.add_trace(
            go.Scatter(
                x=d["year"],
                y=d["internet_users_pct"],
                name=names[c],
                mode="lines+markers",
                marker=dict(size=4),
                line=dict(color=charts.PALETTE[i], dash="solid" if c in solid else "dot"),
            )
        )
    fig.update_xaxes(title_text="Year")
    fig.update_yaxes(
        title_text="Individuals using the internet (% of population)", rangemode="tozero"
    )
    return fig


def surveillance_bars(scopes: Mapping[str, pd.DataFrame]) -> tuple[go.Figure, Groups]:
    """Stacked bars of states in Carnegie's index by regime type, split by whether Chinese
    technology is recorded; one group per scope (e.g. African states, all states)."""
    fig, groups = go.Figure(), {}
    for scope, sub in scopes.items():
        counts = (
            sub.groupby(["regime_type", "china_ai_tech"])
            .size()
            .unstack(fill_value=0)
            .reindex(list(REGIMES), fill_value=0)
        )
        start = _start(fig)
        for j, (flag, label) in enumerate(
            [(1, "Chinese AI surveillance technology recorded"), (0, "None recorded from China")]
        ):
            fig.add_trace(
                go.Bar(
                    x=list(REGIMES.values()),
                    y=counts.get(flag, 0),
                    name=label,
                    visible=not groups,
                    marker_color=[charts.PALETTE[3], charts.PALETTE[4]][j],
                    hovertemplate="%{x}: %{y} states<extra>" + label + "</extra>",
                )
            )
        groups[scope] = list(range(start, _start(fig)))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="Regime type (2018 score)")
    fig.update_yaxes(title_text="States with AI surveillance (count)")
    return fig, groups


def profile_layers(region: pd.DataFrame, names: Mapping[str, str]) -> dict[str, pd.DataFrame]:
    """One map layer per column of ``region`` (index iso3): the value and a hover line."""
    layers = {}
    for col in region.columns:
        d = region[col].dropna().reset_index().rename(columns={col: "v"})
        d["hover"] = (
            "<b>" + d["iso3"].map(names) + "</b><br>" + col + ": " + d["v"].round(1).astype(str)
        )
        layers[col] = d
    return layers
