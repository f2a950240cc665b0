"""Chart builders for chapter 1, "What is the Digital Silk Road?"
(notebooks/01-what-is-the-dsr.ipynb).

Each function takes a table the chapter has loaded and returns a frame or a Plotly figure, so that
the chapter's chart cells stay a few lines long. Findings, titles and summaries stay in the chapter.
"""

from __future__ import annotations

import calendar

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from .. import charts, countries
from ..claims.vocab import ARTICLE_KEYS

#: Citation keys of the five source articles the book is built on.
ARTICLES = set(ARTICLE_KEYS)
#: Rows of the timeline chart, top to bottom.
CATEGORIES = ["Policy", "Diplomacy", "Infrastructure", "Corporate", "Security", "Finance"]


def when(timeline: pd.DataFrame, event_id: str) -> str:
    """The date of one timeline row as prose: "September 2021", or the year alone when no month is
    given."""
    row = timeline.set_index("event_id").loc[event_id]
    year = int(row["year"])
    return (
        f"{calendar.month_name[int(row['month'])]} {year}" if pd.notna(row["month"]) else str(year)
    )


def timeline_frame(timeline: pd.DataFrame) -> pd.DataFrame:
    """The timeline (``dsr_timeline`` rows) with the columns its charts need: ``when`` (fractional
    year, mid-month; mid-year when no month is given), ``date`` (as text), ``reported_by`` (the
    articles or other sources) and ``hover``. Chapters 01 and 06 draw from it."""
    t = timeline.copy()
    t["when"] = t["year"] + (t["month"].astype("Float64").fillna(6.5) - 0.5) / 12
    t["date"] = t["year"].astype(str) + t["month"].map(
        lambda m: f"-{int(m):02d}" if pd.notna(m) else " (year only)"
    )
    t["reported_by"] = t["source_key"].map(
        lambda k: "a source article" if k in ARTICLES else "another source"
    )
    t["hover"] = (
        "<b>"
        + t["date"]
        + "</b><br>"
        + t["event"].map(lambda s: charts.wrap(s, 60))
        + "<br><i>"
        + t["source_key"]
        + ", "
        + t["section"]
        + "; grade "
        + t["confidence"]
        + "</i>"
    )
    return t


def timeline_chart(t: pd.DataFrame, articles_end: int) -> go.Figure:
    """The dot plot of dated events (menu: one kind of event), with the years after ``articles_end``
    (the last year of an event the articles report) shaded."""
    fig = charts.timeline(
        t, x="when", group="category", text="event", hover="hover", group_order=CATEGORIES
    )
    fig.add_vrect(
        x0=articles_end + 1,
        x1=float(t["when"].max()) + 0.3,
        fillcolor="#e8e8e8",
        opacity=0.5,
        layer="below",
        line_width=0,
    )
    fig.add_annotation(
        x=articles_end + 1,
        y=1,
        yref="paper",
        yanchor="bottom",
        xanchor="left",
        showarrow=False,
        text="After the articles",
        font=dict(size=11, color="#555"),
    )
    fig.update_xaxes(title_text="Year (events with no month are placed at mid-year)", dtick=1)
    return fig.update_yaxes(title_text="Kind of event")


def timeline_table(t: pd.DataFrame) -> pd.DataFrame:
    """The CSV offered under the timeline chart: one row per event, in date order."""
    cols = [
        "event_id",
        "year",
        "month",
        "category",
        "confidence",
        "reported_by",
        "source_key",
        "event",
    ]
    return t.sort_values(["year", "month", "event_id"])[cols]


def pillar_bars(by_pillar: pd.DataFrame, pillar_order: list[str]) -> go.Figure:
    """Horizontal bars of named projects by pillar, stacked by confidence grade."""
    fig = px.bar(
        by_pillar,
        x="projects",
        y="pillar",
        color="confidence",
        orientation="h",
        category_orders={"pillar": pillar_order, "confidence": ["A", "B", "C"]},
        color_discrete_map=charts.GRADE_COLOURS,
        labels={"confidence": "Confidence grade"},
    )
    fig.for_each_trace(lambda tr: tr.update(name=charts.GRADE_LABELS[tr.name]))
    fig.update_xaxes(title_text="Named projects (rows in the register)")
    return fig.update_yaxes(title_text="Pillar")


def _country_layer(df: pd.DataFrame) -> pd.DataFrame:
    label = df["project"].map(lambda s: charts.wrap(s, 55)) + " (" + df["company"] + ")"
    g = (
        df.assign(label=label)
        .groupby("iso3")
        .agg(projects=("project_id", "size"), detail=("label", "<br>".join))
        .reset_index()
    )
    g["hover"] = (
        "<b>"
        + g["iso3"].map(countries.name)
        + "</b>: "
        + g["projects"].astype(str)
        + " named<br>"
        + g["detail"]
    )
    return g


def country_layers(projects: pd.DataFrame, pillar_order: list[str]) -> dict[str, pd.DataFrame]:
    """Named projects per country (iso3, projects, hover), for all pillars and for each pillar: the
    layers of the map's menu."""
    return {"All pillars": _country_layer(projects)} | {
        p: _country_layer(projects[projects["pillar"] == p]) for p in pillar_order
    }


def firm_heatmap(grid: pd.DataFrame) -> go.Figure:
    """Companies (columns) by pillars (rows), shaded by the number of named projects; blank:
    none."""
    fig = go.Figure(
        go.Heatmap(
            z=grid.where(grid > 0).values,
            x=[charts.wrap(c, 9) for c in grid.columns],
            y=grid.index,
            colorscale=charts.SEQUENTIAL,
            reversescale=True,
            zmin=0,
            xgap=2,
            ygap=2,
            text=grid.where(grid > 0, "").values,
            texttemplate="%{text}",
            hovertemplate="%{x}, %{y}: %{z} named projects<extra></extra>",
            colorbar=dict(title=dict(text="Named<br>projects"), thickness=12),
        )
    )
    fig.update_xaxes(title_text="Company named by the source", tickangle=0)
    return fig.update_yaxes(title_text="Pillar", autorange="reversed")
