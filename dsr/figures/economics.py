"""Chart builders for the economics chapter (notebooks/02-economics.ipynb).

Each function takes a table the chapter has already computed and returns a Plotly figure, so that
the chapter's chart cells stay a few lines long. Findings, titles and summaries stay in the chapter.
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from .. import charts, controls

FLOW_CLASSES = ["ODA-like", "OOF-like", "Vague (Official Finance)"]
SECTOR_GROUPS = {
    "COMMUNICATIONS": "Communications (ICT)",
    "TRANSPORT AND STORAGE": "Transport",
    "ENERGY": "Energy",
    "INDUSTRY, MINING, CONSTRUCTION": "Industry, mining, construction",
}
GROUP_ORDER = [*SECTOR_GROUPS.values(), "Other sectors"]
DEBT_BINS = [0, 1, 2.5, 5, 10, 20, 40, 1000]
DEBT_LABELS = ["<1%", "1-2.5%", "2.5-5%", "5-10%", "10-20%", "20-40%", ">40%"]
#: Country names that take "the" inside a sentence.
WITH_THE = {
    "Philippines",
    "Netherlands",
    "Gambia",
    "Bahamas",
    "United States",
    "United Kingdom",
    "United Arab Emirates",
    "Central African Republic",
    "Dominican Republic",
    "Maldives",
    "Comoros",
    "Seychelles",
    "Solomon Islands",
}


def with_the(name: str) -> str:
    """``name`` as it reads inside a sentence ("the Philippines", "Pakistan")."""
    return f"the {name}" if name in WITH_THE else name


def flows_bars(flows: pd.DataFrame) -> go.Figure:
    """Stacked bars of yearly commitments by flow class (``gcdf_yearly_flows``)."""
    fig = px.bar(
        flows,
        x="year",
        y="commitments_bn",
        color="flow_class",
        category_orders={"flow_class": FLOW_CLASSES},
        labels={"flow_class": "Flow class"},
    )
    fig.update_xaxes(title_text="Year of commitment", dtick=2)
    return fig.update_yaxes(title_text="Commitments (constant 2021 USD bn)")


def sector_bars(yearly: pd.DataFrame) -> tuple[go.Figure, controls.Groups]:
    """Stacked bars by sector group and year, one group of traces per measure (money committed,
    number of projects); returns the figure and the groups for :func:`dsr.controls.menu`. ``yearly``
    has columns year, group, amount_usd2021, projects."""
    long = pd.concat(
        [
            yearly.assign(
                measure="Amount committed (USD bn)", value=yearly["amount_usd2021"] / 1e9
            ),
            yearly.assign(measure="Number of projects", value=yearly["projects"]),
        ]
    )
    colour = dict(zip(GROUP_ORDER, charts.PALETTE, strict=False))
    fig = go.Figure()
    groups = controls.add_groups(
        fig,
        long,
        by="measure",
        trace=lambda d, m: [
            go.Bar(
                x=g["year"], y=g["value"], name=name, marker_color=colour[name], legendgroup=name
            )
            for name in GROUP_ORDER
            for g in [d[d["group"] == name]]
        ],
    )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="Year of commitment", dtick=2)
    fig.update_yaxes(title_text="Constant 2021 USD bn, or number of projects")
    return fig, groups


def ict_layers(ict_geo: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The two layers of the ICT map, money and projects, for :func:`dsr.charts.choropleth_menu`
    (``ict_geo``: iso3, country, usd_bn, projects; the layer's value is in ``usd_bn``)."""
    d = ict_geo.assign(
        hover=controls.hover(
            ict_geo,
            {
                "country": "Country",
                "usd_bn": "ICT finance (constant 2021 USD bn)",
                "projects": "Projects",
            },
            formats={"usd_bn": ".2f"},
        )
    )
    return {
        "ICT commitments (USD bn)": d[d["usd_bn"] > 0],
        "ICT projects (number)": d.assign(usd_bn=d["projects"]),
    }


def half_year_bars(half: pd.DataFrame, tech: pd.Series) -> go.Figure:
    """Half-yearly deal values stacked by the tracker's Belt and Road flag, with technology deals as
    a line."""
    fig = go.Figure(
        [
            go.Bar(
                x=half.index,
                y=half["Belt and Road (tracker's flag)"],
                name="Belt and Road deals (tracker's flag)",
                marker_color=charts.PALETTE[0],
            ),
            go.Bar(
                x=half.index,
                y=half["Other or not coded"],
                name="Other deals",
                marker_color=charts.PALETTE[4],
            ),
            go.Scatter(
                x=tech.index,
                y=tech.values,
                name="Technology sector, all deals",
                mode="lines+markers",
                marker_color=charts.PALETTE[1],
            ),
        ]
    )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="Half-year (H1 = January-June)", tickangle=-45)
    return fig.update_yaxes(title_text="Deal value (current USD bn)")


def debt_bins(hrt: pd.DataFrame, years) -> pd.DataFrame:
    """Countries per band of debt owed to China (% of GDP), one row per year and band."""
    rows = []
    for y in years:
        d = hrt.loc[hrt["year"] == y, "china_debt_pct_gdp"]
        counts = (
            pd.cut(d, bins=DEBT_BINS, labels=DEBT_LABELS, right=False)
            .value_counts()
            .reindex(DEBT_LABELS)
        )
        rows.append(pd.DataFrame({"year": y, "band": DEBT_LABELS, "countries": counts.values}))
    return pd.concat(rows, ignore_index=True)


def debt_histogram(bands: pd.DataFrame) -> go.Figure:
    """Bars of countries per debt band with a year slider; bands above 10% of GDP in red."""
    red = [charts.PALETTE[3] if b in DEBT_LABELS[4:] else charts.PALETTE[0] for b in DEBT_LABELS]
    fig = go.Figure()
    groups = controls.add_groups(
        fig,
        bands,
        by="year",
        trace=lambda d, y: go.Bar(
            x=d["band"],
            y=d["countries"],
            name=y,
            marker_color=red,
            hovertemplate="%{x}: %{y} countries<extra>" + y + "</extra>",
        ),
    )
    fig.update_layout(sliders=[controls.slider(fig, groups, prefix="Year: ")], showlegend=False)
    fig.update_xaxes(title_text="Debt owed to China (% of GDP)")
    return fig.update_yaxes(title_text="Number of countries")


def creditor_share_menu(shares: pd.DataFrame, shown: str) -> go.Figure:
    """China's shares of each debtor's PPG external debt (``ids_ppg_creditor_shares``), one debtor
    at a time from a menu: China as an official lender and Chinese private creditors."""
    china = shares[shares["creditor"] != "other"].sort_values(["country", "year"])
    names = {
        "china_bilateral": "China, official lender",
        "china_private": "Chinese private creditors",
    }
    fig = go.Figure()
    groups = controls.add_groups(
        fig,
        china,
        by="country",
        order=sorted(china["country"].unique()),
        shown=shown,
        trace=lambda d, c: [
            go.Scatter(
                x=g["year"],
                y=g["share_pct"],
                name=names[k],
                mode="lines+markers",
                marker_color=charts.PALETTE[i],
                legendgroup=k,
                hovertemplate="%{x}: %{y:.1f}%",
            )
            for i, k in enumerate(names)
            for g in [d[d["creditor"] == k]]
            if len(g)
        ],
    )
    control = controls.menu(fig, groups)
    control["active"] = list(groups).index(shown)  # the menu names the debtor shown first
    fig.update_layout(updatemenus=[control])
    fig.update_xaxes(title_text="Year (end-year debt stock)")
    return fig.update_yaxes(title_text="Share of public external debt (%)", rangemode="tozero")


def debt_service_bars(service: pd.DataFrame) -> go.Figure:
    """Yearly debt service paid to China, actual and projected (``service``: year, usd_bn,
    status)."""
    fig = px.bar(
        service,
        x="year",
        y="usd_bn",
        color="status",
        labels={"status": "Payments"},
        color_discrete_sequence=[charts.PALETTE[0], charts.PALETTE[1]],
    )
    fig.update_xaxes(title_text="Year", dtick=2)
    return fig.update_yaxes(title_text="Principal and interest paid to China (current USD bn)")


def digital_economy_bars(broad: pd.DataFrame, narrow: pd.DataFrame) -> go.Figure:
    """Bars of digital-economy estimates (``contested_figures`` rows with a ``hover`` column) on a
    broad and a narrow definition, with buttons for both, broad only or narrow only."""
    fig = go.Figure(
        [
            go.Bar(
                x=d["year"],
                y=d["value"],
                text=[f"{v:g}%" for v in d["value"]],
                name=name,
                hovertext=d["hover"],
                hoverinfo="text",
                marker_color=charts.PALETTE[i],
            )
            for i, (name, d) in enumerate([("Broad", broad), ("Narrow (core)", narrow)])
        ]
    )
    groups = {"Both definitions": [0, 1], "Broad only": [0], "Narrow (core) only": [1]}
    fig.update_layout(updatemenus=[controls.menu(fig, groups, kind="buttons")])
    fig.update_xaxes(
        title_text="Year the estimate refers to", tickvals=sorted({*broad["year"], *narrow["year"]})
    )
    return fig.update_yaxes(title_text="Digital economy (% of GDP)", range=[0, 50])


def internet_lines(med: pd.DataFrame) -> go.Figure:
    """Median internet use per year in the two groups of developing countries."""
    fig = px.line(
        med,
        x="year",
        y="internet_users_pct",
        color="group",
        markers=True,
        labels={"group": "Countries"},
        color_discrete_sequence=[charts.PALETTE[0], charts.PALETTE[1]],
    )
    fig.update_xaxes(title_text="Year")
    return fig.update_yaxes(title_text="Median share using the internet (% of population)")
