"""Chart builders for the claims ledger (notebooks/07-claims-ledger.ipynb).

Each function takes a table the page has computed and returns a frame or a Plotly figure, so that
the page's chart cells stay a few lines long. Findings, titles and summaries stay in the notebook.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import claims, controls

COUNT, SHARE = "Number of claims", "Share of the article's claims (%)"


def verdicts_long(table: pd.DataFrame) -> pd.DataFrame:
    """``claims.summary`` (articles by verdicts, counts) as one row per article and verdict, with
    the count and the share of the article's claims in per cent; also the CSV offered under the
    chart."""
    shares = table.div(table.sum(axis=1), axis=0) * 100
    long = table.stack().rename("claims").to_frame().join(shares.stack().rename("share_pct"))
    long.index.names = ["article", "verdict"]
    return long.reset_index().round({"share_pct": 1})


def verdict_bars(long: pd.DataFrame) -> go.Figure:
    """Stacked bars of verdicts by article; buttons switch between counts and shares."""
    views = pd.concat(
        [
            long.assign(view=COUNT, x=long["claims"], fmt="%{x} claims"),
            long.assign(view=SHARE, x=long["share_pct"], fmt="%{x:.0f}% of its claims"),
        ]
    )
    fig = go.Figure()
    groups = controls.add_groups(
        fig,
        views,
        by="view",
        order=[COUNT, SHARE],
        trace=lambda d, _: [
            go.Bar(
                y=s["article"],
                x=s["x"],
                name=status,
                orientation="h",
                marker_color=claims.STATUS_COLOURS[status],
                legendgroup=status,
                hovertemplate="%{y}: " + s["fmt"].iloc[0] + " " + status + "<extra></extra>",
            )
            for status in claims.STATUSES
            for s in [d[d["verdict"] == status]]
        ],
    )
    fig.update_layout(barmode="stack", updatemenus=[controls.menu(fig, groups, kind="buttons")])
    fig.update_xaxes(title_text="Claims (number, or % of the article's claims)")
    return fig.update_yaxes(title_text="Article", autorange="reversed")
