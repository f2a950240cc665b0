"""Chart plumbing for the Central Asia case study (notebooks/05-central-asia.ipynb).

Each function takes tables the chapter has already loaded and returns a Plotly figure (and, for a
chart with a menu, the ``{label: trace indices}`` groups that :func:`dsr.controls.menu` turns into
the menu), ready for ``dsr.charts.publish``. The findings the text states (shares, ratios, counts)
are computed in the chapter itself, never here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from .. import charts, controls, countries
from . import debt_share_line

#: Countries drawn dotted beside the five states, for comparison.
COMPARE = ("RUS", "CHN")


def connectivity_table(
    series: Mapping[str, pd.DataFrame], shown: Sequence[str], since: int = 2000
) -> pd.DataFrame:
    """One long table (indicator, iso3, country, year, value) from ``{indicator label: table with
    iso3, year and value}``: the rows the connectivity chart draws, and the CSV offered under it."""
    parts = [
        df.loc[df["iso3"].isin(shown) & (df["year"] >= since), ["iso3", "year", "value"]].assign(
            indicator=label
        )
        for label, df in series.items()
    ]
    out = pd.concat(parts)
    out["indicator"] = pd.Categorical(
        out["indicator"], categories=list(series)
    )  # menu order = order of ``series``
    out = out.sort_values(["indicator", "iso3", "year"])
    out["country"] = out["iso3"].map(countries.name)
    return out[["indicator", "iso3", "country", "year", "value"]].reset_index(drop=True)


def connectivity(long: pd.DataFrame, shown: Sequence[str]) -> tuple[go.Figure, dict]:
    """One line per country for each indicator of ``long`` (see :func:`connectivity_table`); a group
    per indicator, for the menu. Russia and China are dotted."""

    def lines(d, _label):
        return [
            go.Scatter(
                x=s["year"],
                y=s["value"],
                name=countries.name(c),
                mode="lines+markers",
                marker=dict(size=4),
                line=dict(color=charts.PALETTE[i], dash="dot" if c in COMPARE else "solid"),
            )
            for i, c in enumerate(shown)
            for s in [d[d["iso3"] == c]]
        ]

    fig = go.Figure()
    groups = controls.add_groups(fig, long, by="indicator", trace=lines)
    fig.update_xaxes(title_text="Year")
    fig.update_yaxes(title_text="Value (unit in the menu)")
    return fig, groups


def trade_bars(trade: pd.DataFrame, names: Mapping[str, str]) -> tuple[go.Figure, dict]:
    """China's exports to and imports from each state (current USD bn), a group per state."""
    trade = trade.assign(state=trade["iso3"].map(names))

    def bars(d, _label):
        return [
            go.Bar(
                x=d["year"],
                y=d["exports_usd"] / 1e9,
                name="China's exports to it",
                marker_color=charts.PALETTE[0],
            ),
            go.Bar(
                x=d["year"],
                y=d["imports_usd"] / 1e9,
                name="China's imports from it",
                marker_color=charts.PALETTE[1],
            ),
        ]

    fig = go.Figure()
    groups = controls.add_groups(
        fig, trade, by="state", trace=bars, order=[names[c] for c in names]
    )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text="Year")
    fig.update_yaxes(title_text="Merchandise trade (current USD bn)")
    return fig, groups


def ppg_shares(
    china: pd.Series, article: pd.DataFrame, order: Sequence[str], names: Mapping[str, str]
) -> tuple[go.Figure, dict]:
    """China's share of each state's public external debt (``china``: share by iso3 and year), with
    the article's figures as diamonds (``article``: iso3, year, value, claim_id). Groups: all five,
    then one per state with its diamond."""
    fig, groups = go.Figure(), {"All five": []}
    for i, c in enumerate(order):
        fig.add_trace(debt_share_line(china[c], names[c], i))
        groups[names[c]] = [len(fig.data) - 1]
    for a in article.itertuples():
        i = list(order).index(a.iso3)
        fig.add_trace(
            go.Scatter(
                x=[a.year],
                y=[a.value],
                mode="markers+text",
                name=f"Article ({names[a.iso3]})",
                marker=dict(
                    symbol="diamond-open", size=15, color=charts.PALETTE[i], line=dict(width=2.5)
                ),
                text=[f"article: {a.value}%"],
                textposition="bottom right" if i == 0 else "top left",
                textfont=dict(color=charts.PALETTE[i]),
                hovertemplate=(
                    f"The article: China holds {a.value}% of {names[a.iso3]}'s debt (claim"
                    f" {a.claim_id}; read as end-{a.year})<extra></extra>"
                ),
            )
        )
        groups[names[a.iso3]].append(len(fig.data) - 1)
    groups["All five"] = list(range(len(fig.data)))
    fig.update_xaxes(title_text="Year (debt stock at end of year)")
    fig.update_yaxes(title_text="China's share of public external debt (%)", rangemode="tozero")
    return fig, groups


#: The three kinds of series on debt to China: origin in the contested-series table, legend, mode,
#: axis.
DEBT_KINDS = [
    (
        "hrt_debt_stock",
        "Debt owed to China, % of GDP (Horn, Reinhart and Trebesch)",
        "lines+markers",
        "y",
    ),
    ("article", "The article's share of debt held by China, % (read as end-{y0})", "markers", "y"),
    (
        "ids_china_debt_service",
        "Debt service paid to China, USD million (World Bank; right axis)",
        "lines",
        "y2",
    ),
]


def debt_series(
    cs: pd.DataFrame, quoted: pd.DataFrame, order: Sequence[str], names: Mapping[str, str], y0: int
) -> tuple[go.Figure, dict]:
    """Every series on debt to China for one state at a time: the contested-series rows (``cs``) and
    the article's figures (``quoted``, same columns); a group per state."""
    fig, groups = go.Figure(), {}
    for c in order:
        start = len(fig.data)
        for j, (origin, label, mode, axis) in enumerate(DEBT_KINDS):
            d = (
                quoted[quoted["iso3"] == c]
                if origin == "article"
                else cs[(cs["iso3"] == c) & cs["origin"].eq(origin)].sort_values("year")
            )
            fig.add_trace(
                go.Scatter(
                    x=d["year"],
                    y=d["value"],
                    name=label.format(y0=y0),
                    mode=mode,
                    yaxis=axis,
                    marker=dict(
                        size=12 if origin == "article" else 6,
                        color=charts.PALETTE[j],
                        symbol="diamond" if origin == "article" else "circle",
                    ),
                    line=dict(color=charts.PALETTE[j], dash="dot" if axis == "y2" else "solid"),
                    hovertext=d["measure"] + " (" + d["source_key"] + ")",
                    hoverinfo="x+y+text",
                )
            )
        groups[names[c]] = list(range(start, len(fig.data)))
    controls.show(fig, groups, names[order[0]])
    fig.update_layout(
        yaxis2=dict(
            title=dict(text="USD million"), overlaying="y", side="right", rangemode="tozero"
        ),
        yaxis=dict(title=dict(text="Per cent (see legend)"), rangemode="tozero"),
        legend=dict(orientation="h", x=0, y=-0.25, yanchor="top"),
        margin=dict(b=150),
    )
    fig.update_xaxes(title_text="Year")
    return fig, groups


def since_2021(change: pd.DataFrame) -> tuple[go.Figure, dict]:
    """Dumbbells: each state's value in 2021 (open circle) and in the latest year (filled), a group
    per measure. ``change`` has columns measure, state, value_2021, latest, latest_year."""

    def dumbbells(d, _label):
        d = d.assign(
            hover=d["state"]
            + ": "
            + d["value_2021"].round(1).astype(str)
            + " (2021) to "
            + d["latest"].round(1).astype(str)
            + " ("
            + d["latest_year"].astype(str)
            + ")"
        )
        links = go.Scatter(
            x=[v for a, b in zip(d["value_2021"], d["latest"], strict=False) for v in (a, b, None)],
            y=[s for s in d["state"] for _ in range(3)],
            mode="lines",
            line=dict(color="#999", width=2),
            hoverinfo="skip",
            showlegend=False,
            name="change",
        )
        return [
            links,
            go.Scatter(
                x=d["value_2021"],
                y=d["state"],
                mode="markers",
                name="2021",
                text=d["hover"],
                hoverinfo="text",
                marker=dict(
                    size=11, symbol="circle-open", color=charts.PALETTE[0], line=dict(width=2)
                ),
            ),
            go.Scatter(
                x=d["latest"],
                y=d["state"],
                mode="markers",
                name="Latest year (see hover)",
                text=d["hover"],
                hoverinfo="text",
                marker=dict(size=11, color=charts.PALETTE[3]),
            ),
        ]

    fig = go.Figure()
    groups = controls.add_groups(fig, change, by="measure", trace=dumbbells)
    fig.update_xaxes(title_text="Per cent (measure in the menu)", rangemode="tozero")
    fig.update_yaxes(title_text="State", autorange="reversed")
    return fig, groups


def scorecard(score: pd.DataFrame, names: Mapping[str, str]) -> go.Figure:
    """The scorecard as a heatmap: each cell shows its value (or "no data"), the shading ranks the
    states within a row."""
    scaled = (score - score.min()) / (score.max() - score.min())
    text = score.round(1).astype(object).where(score.notna(), "no data").values.T
    fig = go.Figure(
        go.Heatmap(
            z=scaled.values.T,
            x=[names[c] for c in score.index],
            y=[charts.wrap(c, 26) for c in score.columns],
            text=text,
            texttemplate="%{text}",
            colorscale=charts.SEQUENTIAL,
            reversescale=True,
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate="%{x}<br>%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_xaxes(title_text="State")
    fig.update_yaxes(title_text="Measure (shading: rank within row)", autorange="reversed")
    return fig


def map_layers(score: pd.DataFrame, names: Mapping[str, str]) -> dict[str, pd.DataFrame]:
    """One map layer (iso3, country, v, hover) per scorecard measure, except years (a year is not a
    quantity to shade); states without a value are left out of the layer."""
    layers = {}
    for col in score.columns:
        if "year adopted" in col:
            continue
        d = score[[col]].rename(columns={col: "v"}).dropna().rename_axis("iso3").reset_index()
        d["country"] = d["iso3"].map(names)
        d["hover"] = "<b>" + d["country"] + "</b><br>" + col + ": " + d["v"].round(1).astype(str)
        layers[col] = d
    return layers
