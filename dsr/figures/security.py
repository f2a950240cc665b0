"""Chart plumbing for the security chapter (notebooks/03-security.ipynb).

Each function takes the chapter's tables and returns a Plotly figure (or the groups of traces a menu
switches), so that the chapter's chart cells stay a few lines long. Titles, summaries and sources
stay in the chapter, where the findings are computed."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import charts, controls, countries

DECISION_COLOURS = {
    "restricts": charts.PALETTE[3],
    "under review": charts.PALETTE[1],
    "cooperates": charts.PALETTE[0],
}
REGIMES = {
    "CA": "Closed autocracy",
    "EA": "Electoral autocracy",
    "ED": "Electoral democracy",
    "LD": "Liberal democracy",
}
SUPPLIERS = {"china_ai_tech": "Chinese", "us_ai_tech": "US", "japan_ai_tech": "Japanese"}
TECHNIQUES = {
    "smart_city_safe_city": "Smart or safe city platforms",
    "facial_recognition": "Facial recognition",
    "smart_policing": "Smart policing",
}


def decision_dots(decisions: pd.DataFrame) -> go.Figure:
    """One dot per 5G vendor decision (data/fiveg_decisions.csv): country by year, colour by
    decision, marker by confidence grade; the hover gives the detail and the source."""
    d = decisions.assign(country=decisions["iso3"].map(countries.name))
    d["hover"] = (
        "<b>"
        + d["country"]
        + ", "
        + d["year"].astype(str)
        + "</b><br>"
        + d["detail"].map(lambda s: charts.wrap(s, 55))
        + "<br><i>"
        + d["source_key"]
        + "; grade "
        + d["confidence"]
        + "</i>"
    )
    fig = go.Figure()
    for decision, g in d.groupby("decision"):
        fig.add_trace(
            go.Scatter(
                x=g["year"],
                y=g["country"],
                mode="markers",
                name=decision,
                hovertext=g["hover"],
                hoverinfo="text",
                marker=dict(
                    size=14,
                    color=DECISION_COLOURS[decision],
                    symbol=[charts.GRADE_SYMBOLS[v] for v in g["confidence"]],
                ),
            )
        )
    order = d.sort_values(["decision", "year"])["country"].tolist()
    fig.update_yaxes(title_text="Country", categoryorder="array", categoryarray=order[::-1])
    fig.update_xaxes(title_text="Year of decision or report", dtick=1)
    return fig


def steps_by_year(steps: pd.DataFrame) -> go.Figure:
    """Stacked bars: recorded 5G steps per year (columns year, kind, count), one colour per kind."""
    fig = go.Figure()
    for i, (kind, g) in enumerate(steps.groupby("kind", sort=False)):
        fig.add_trace(
            go.Bar(
                x=g["year"],
                y=g["count"],
                name=kind,
                marker_color=charts.PALETTE[[3, 5, 0, 1][i % 4]],
                hovertemplate="%{x}: %{y} " + kind.lower() + "<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", legend=dict(orientation="h", y=-0.25))
    fig.update_xaxes(title_text="Year", dtick=1)
    fig.update_yaxes(title_text="Recorded steps", dtick=1)
    return fig


def count_bars(series: pd.DataFrame) -> go.Figure:
    """Horizontal bars of the contested safe-city counts, coloured by confidence grade."""
    fig = go.Figure()
    for grade, d in series.groupby("confidence"):
        fig.add_trace(
            go.Bar(
                x=d["value"],
                y=d["label"],
                orientation="h",
                name=charts.GRADE_LABELS[grade],
                marker_color=charts.GRADE_COLOURS[grade],
                text=d["value"].map(lambda v: f"{v:g} ") + d["unit"],
                textposition="outside",
                cliponaxis=False,
                hovertext=d["source_key"] + " (" + d["origin"] + ")",
                hoverinfo="text",
            )
        )
    fig.update_xaxes(
        title_text="Count (unit shown on each bar)", range=[0, series["value"].max() * 1.35]
    )
    fig.update_yaxes(
        title_text="What is counted (year)",
        categoryorder="array",
        categoryarray=series["label"].tolist(),
    )
    return fig


def supplier_layers(aigs: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The map's layers: the index's countries where each supplier (country or firm) is present,
    with the number of techniques in use and a hover text."""
    a = aigs.assign(
        country=aigs["iso3"].map(countries.name), techniques=aigs[list(TECHNIQUES)].sum(axis=1)
    )
    a["hover"] = (
        "<b>"
        + a["country"]
        + "</b><br>Techniques in use: "
        + a["techniques"].astype(str)
        + "<br>Key companies: "
        + a["key_companies"].fillna("").map(lambda s: charts.wrap(s, 50))
    )
    return {
        "Chinese technology present": a[a["china_ai_tech"] == 1],
        "Huawei among key companies": a[a["huawei"] == 1],
        "Hikvision or Dahua among key companies": a[(a["hikvision"] == 1) | (a["dahua"] == 1)],
        "US technology present": a[a["us_ai_tech"] == 1],
        "Japanese technology present": a[a["japan_ai_tech"] == 1],
    }


def supplier_bars(share: pd.DataFrame, counts: pd.Series) -> go.Figure:
    """Grouped bars: share (%) of AI-surveillance users with each supplier country's technology, by
    regime."""
    fig = go.Figure()
    for i, (col, lab) in enumerate(SUPPLIERS.items()):
        fig.add_trace(
            go.Bar(
                x=share.index,
                y=share[col],
                name=lab,
                marker_color=charts.PALETTE[i],
                customdata=counts.values,
                hovertemplate="%{x}: %{y:.0f}% of %{customdata} countries<extra>"
                + lab
                + "</extra>",
            )
        )
    fig.update_xaxes(title_text="Regime type (2018 aggregate score)")
    fig.update_yaxes(title_text="Countries with the supplier's technology (%)", range=[0, 100])
    return fig


def technique_groups(fig: go.Figure, aigs: pd.DataFrame) -> controls.Groups:
    """Add, per technique, two bar traces (with and without Chinese technology) of the share of
    users by regime type; returns the groups for ``controls.menu``."""
    long = (
        aigs.groupby(["regime", "china_ai_tech"])[list(TECHNIQUES)]
        .mean()
        .mul(100)
        .reset_index()
        .melt(id_vars=["regime", "china_ai_tech"], var_name="technique", value_name="share")
    )
    long["technique"] = long["technique"].map(TECHNIQUES)

    def bars(d, _label):
        return [
            go.Bar(
                x=g.set_index("regime").reindex(REGIMES.values()).index,
                y=g.set_index("regime").reindex(REGIMES.values())["share"],
                name=name,
                marker_color=charts.PALETTE[j],
            )
            for j, (flag, name) in enumerate(
                [(1, "With Chinese technology"), (0, "Without Chinese technology")]
            )
            for g in [d[d["china_ai_tech"] == flag]]
        ]

    groups = controls.add_groups(fig, long, by="technique", trace=bars, order=TECHNIQUES.values())
    fig.update_xaxes(title_text="Regime type")
    fig.update_yaxes(title_text="Countries using the technique (%)", range=[0, 100])
    return groups


def regime_box(score: pd.DataFrame) -> go.Figure:
    """Box plot of regime scores by presence of Chinese AI-surveillance technology (column
    ``group``)."""
    groups = ["Chinese technology present", "No Chinese technology"]
    fig = go.Figure(
        [
            go.Box(
                x=score.loc[score["group"] == g, "group"],
                y=score.loc[score["group"] == g, "regime_score"],
                name=g,
                boxpoints="all",
                hovertext=score.loc[score["group"] == g, "country"],
                marker_color=charts.PALETTE[i],
            )
            for i, g in enumerate(groups)
        ]
    )
    fig.update_xaxes(title_text="AI surveillance supplier")
    fig.update_yaxes(
        title_text="Regime score 2018 (0 = least, 10 = most democratic)", range=[0, 10]
    )
    fig.update_layout(showlegend=False)
    return fig
