"""Chart plumbing for the geopolitics chapter (notebooks/04-geopolitics.ipynb).

Each function takes the chapter's tables and returns a Plotly figure (with the groups of traces its
menu switches, where it has one) or the layers of a map, so that the chapter's chart cells stay a
few lines long. Titles, summaries and sources stay in the chapter, where the findings are computed.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from .. import charts, controls, countries

ROLES = ["Chinese-built and -owned", "Chinese-built", "Chinese-owned", "Other"]
ROLE_COLOURS = dict(
    zip(ROLES, [charts.PALETTE[3], charts.PALETTE[0], charts.PALETTE[1], "#bbbbbb"], strict=False)
)
MEASURES = {"cables": "Number of cable systems", "length_km": "Length (thousand km)"}

#: Themes of the dated events since 2021, as a rule on the event's wording (first match wins).
THEMES = {
    "Submarine cables": r"\bcables?\b|pipeline|Yi Peng|Polar Bear|Eagle S",
    "5G and network vendors": r"5G|Huawei|ZTE|high-risk|network vendors|Hikvision",
    "Chips and export controls": (
        r"export control|export licen|exports of|chip|Entity List|semiconductor|lithography"
    ),
    "Global initiatives and alternatives": (
        r"Initiative|Global Gateway|Partnership for Global Infrastructure"
        r"|Belt and Road|AI Cooperation|AI capacity"
    ),
}
OTHER = "Other"


def milestones(gov: pd.DataFrame) -> go.Figure:
    """Dot plot of the timeline's policy and diplomatic events, by month, with source and grade on
    hover."""
    gov = gov.assign(when=gov["year"] + (gov["month"].astype("Float64").fillna(6.5) - 0.5) / 12)
    gov["hover"] = (
        "<b>"
        + gov["year"].astype(str)
        + "</b><br>"
        + gov["event"].map(lambda s: charts.wrap(s, 60))
        + "<br><i>"
        + gov["source_key"]
        + "; grade "
        + gov["confidence"]
        + "</i>"
    )
    fig = charts.timeline(
        gov,
        x="when",
        group="category",
        text="event",
        hover="hover",
        group_order=["Policy", "Diplomacy"],
    )
    fig.update_xaxes(title_text="Year (events with no month at mid-year)", dtick=1)
    fig.update_yaxes(title_text="Kind of event")
    return fig


def cables_by_role(cables: pd.DataFrame) -> tuple[go.Figure, dict]:
    """Stacked bars of cable systems by ready-for-service year and Chinese role, one group of traces
    per measure (count, thousand km) for a menu."""
    long = (
        cables.groupby(["rfs_year", "role"])[list(MEASURES)]
        .sum()
        .reset_index()
        .melt(id_vars=["rfs_year", "role"], var_name="measure")
    )
    long.loc[long["measure"] == "length_km", "value"] /= 1e3
    long["measure"] = long["measure"].map(MEASURES)

    def bars(d, _):
        return [
            go.Bar(x=r["rfs_year"], y=r["value"], name=role, marker_color=ROLE_COLOURS[role])
            for role, r in ((role, d[d["role"] == role]) for role in ROLES)
        ]

    fig = go.Figure()
    groups = controls.add_groups(fig, long, by="measure", trace=bars, order=list(MEASURES.values()))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="Ready-for-service year")
    fig.update_yaxes(title_text="Cable systems, or thousand km")
    return fig, groups


def landing_layers(landings: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Map layers (all cables, Chinese-built, Chinese-owned) of cable systems landing in each
    country."""
    d = landings.assign(country=landings["iso3"].map(countries.name))
    d["hover"] = controls.hover(
        d,
        {
            "country": "Country",
            "cables": "Cable systems",
            "chinese_built": "Chinese-built",
            "chinese_owned": "Chinese-owned",
        },
    )
    return {
        "All cable systems": d.assign(v=d["cables"]),
        "Chinese-built": d[d["chinese_built"] > 0].assign(v=lambda x: x["chinese_built"]),
        "Chinese-owned": d[d["chinese_owned"] > 0].assign(v=lambda x: x["chinese_owned"]),
    }


def link_network(pairs: pd.DataFrame, nodes: pd.DataFrame, centre: dict) -> go.Figure:
    """Lines between countries joined by Chinese-linked cables (width: number of cables) and a dot
    per country (size: number of partner countries)."""
    fig = go.Figure()
    for n, d in pairs.groupby("cables"):
        lon, lat = [], []
        for a, b in zip(d["iso3_a"], d["iso3_b"], strict=False):
            lon += [centre[a][0], centre[b][0], None]
            lat += [centre[a][1], centre[b][1], None]
        fig.add_trace(
            go.Scattergeo(
                lon=lon,
                lat=lat,
                mode="lines",
                opacity=0.45,
                hoverinfo="skip",
                line=dict(width=0.6 + 0.9 * n, color=charts.PALETTE[0]),
                name=f"{n} cable(s)",
                showlegend=False,
            )
        )
    fig.add_trace(
        go.Scattergeo(
            lon=[centre[c][0] for c in nodes["iso3"]],
            lat=[centre[c][1] for c in nodes["iso3"]],
            mode="markers",
            marker=dict(
                size=4 + nodes["partners"] ** 0.7,
                color=charts.PALETTE[3],
                line=dict(width=0.5, color="#333"),
            ),
            text=nodes["country"] + ": linked to " + nodes["partners"].astype(str) + " countries",
            hoverinfo="text",
            name="countries",
            showlegend=False,
        )
    )
    return fig


def bri_joining(per_year: pd.Series) -> go.Figure:
    """Bars of countries joining the Belt and Road each year, with the cumulative count on a second
    axis."""
    cumulative = per_year.cumsum()
    fig = go.Figure(
        [
            go.Bar(
                x=per_year.index,
                y=per_year.values,
                name="Joined that year",
                marker_color=charts.PALETTE[0],
            ),
            go.Scatter(
                x=cumulative.index,
                y=cumulative.values,
                name="Members (cumulative)",
                mode="lines+markers",
                line=dict(color=charts.PALETTE[1]),
                yaxis="y2",
            ),
        ]
    )
    fig.update_layout(
        yaxis=dict(title=dict(text="Countries joining")),
        yaxis2=dict(
            title=dict(text="Members (cumulative)"),
            overlaying="y",
            side="right",
            rangemode="tozero",
        ),
    )
    fig.update_xaxes(title_text="Likely year of joining", dtick=1)
    return fig


def position_layers(
    bri: pd.DataFrame, beidou: pd.DataFrame, decisions: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """Map layers: BRI members by year of joining (with exits), the named BeiDou adopters, and the
    5G decisions coded 1 cooperates, 2 under review, 3 restricts."""
    name = lambda d: d["iso3"].map(countries.name)  # noqa: E731
    b = bri.dropna(subset=["join_date"]).assign(value=lambda d: d["join_date"].dt.year)
    b["hover"] = name(b) + ": joined " + b["join_date"].dt.strftime("%b %Y")
    left = b["exit_date"].notna()
    b.loc[left, "hover"] += " (left " + b.loc[left, "exit_date"].dt.strftime("%b %Y") + ")"
    s = beidou.assign(
        value=1, hover=name(beidou) + ": BeiDou adopter (" + beidou["source_key"] + ")"
    )
    f = decisions.assign(
        value=decisions["decision"].map({"restricts": 3, "under review": 2, "cooperates": 1}),
        hover=name(decisions)
        + ": "
        + decisions["decision"]
        + " ("
        + decisions["year"].astype(str)
        + ", "
        + decisions["source_key"]
        + ")",
    )
    cols = ["iso3", "value", "hover"]
    return {
        "BRI members, by year of joining": b[cols],
        "BeiDou adopters named in the articles": s[cols],
        "5G decisions (1 cooperates, 2 under review, 3 restricts)": f[cols],
    }


def theme(event: str) -> str:
    """The theme of one event under :data:`THEMES` (first pattern that matches), else
    ``"Other"``."""
    return next((t for t, rx in THEMES.items() if re.search(rx, event, flags=re.IGNORECASE)), OTHER)


def events_by_theme(counts: pd.DataFrame) -> go.Figure:
    """Stacked bars: dated events per year (``counts``: index year, one column per theme)."""
    fig = go.Figure(
        [
            go.Bar(x=counts.index, y=counts[t], name=t, marker_color=c)
            for t, c in zip(counts.columns, [*charts.PALETTE[:4], "#bbbbbb"], strict=False)
        ]
    )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="Year of the event", dtick=1)
    fig.update_yaxes(title_text="Dated events (timeline and 5G table)")
    return fig
