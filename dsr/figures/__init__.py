"""Chart plumbing too long for a chapter cell: one small module per chapter, owned by its editor."""

import pandas as pd
import plotly.graph_objects as go

from .. import charts


def debt_share_line(share: pd.Series, name: str, i: int) -> go.Scatter:
    """One country's line of China's share of its public external debt (index: year; percent), in
    palette colour ``i``: the same line in chapters 05 and 08."""
    return go.Scatter(
        x=share.index,
        y=share.values,
        name=name,
        mode="lines+markers",
        marker=dict(size=5),
        line=dict(color=charts.PALETTE[i]),
        hovertemplate=f"{name}, end-%{{x}}: %{{y:.1f}}%<extra></extra>",
    )
