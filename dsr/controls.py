"""Chart controls without hand-built visibility masks.

The book's menus, button groups and sliders switch between groups of traces (a measure, a country, a
year). Chapters describe the groups; these helpers add the traces, remember which traces belong to
which group, and build the Plotly control (``dsr.charts.menu`` / ``dsr.charts.slider``), so that a
label can never be paired with the wrong mask::

    fig = go.Figure()
    groups = controls.add_groups(fig, df, by="measure",
                                 trace=lambda d, g: go.Bar(x=d["year"], y=d["value"], name=g))
    fig.update_layout(updatemenus=[controls.menu(fig, groups)])

``hover`` builds hover text from named columns, so chart cells do not format strings by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from . import charts

Groups = dict[str, list[int]]


def add_groups(
    fig: go.Figure,
    df: pd.DataFrame,
    *,
    by: str,
    trace: Callable[[pd.DataFrame, str], object],
    order: Iterable | None = None,
    shown: str | None = None,
) -> Groups:
    """Add the traces of each value of column ``by`` (in ``order``, default: order of appearance)
    and return ``{label: [trace indices]}``. ``trace(rows, label)`` returns one trace or a list of
    traces. Only the group ``shown`` (default: the first) starts visible."""
    if by not in df.columns:
        raise KeyError(f"add_groups: no column {by!r} (columns: {', '.join(map(str, df.columns))})")
    values = list(order) if order is not None else list(dict.fromkeys(df[by]))
    missing = [v for v in values if not (df[by] == v).any()]
    if missing:
        raise ValueError(f"add_groups: column {by!r} has no rows for {missing}")
    first = str(shown) if shown is not None else str(values[0])
    groups: Groups = {}
    for v in values:
        made = trace(df[df[by] == v], str(v))
        made = made if isinstance(made, (list, tuple)) else [made]
        start = len(fig.data)
        for t in made:
            fig.add_trace(t)
        groups[str(v)] = list(range(start, len(fig.data)))
    if first not in groups:
        raise ValueError(f"add_groups: shown={shown!r} is not one of {list(groups)}")
    show(fig, groups, first)
    return groups


def masks(
    n_traces: int, groups: Mapping[str, Sequence[int]], always: Sequence[int] = ()
) -> list[list[bool]]:
    """One visibility list per group: its own traces and the ``always`` traces on, the rest off."""
    out = []
    for label, idx in groups.items():
        bad = [i for i in idx if not 0 <= i < n_traces]
        if bad:
            raise IndexError(
                f"group {label!r}: trace indices {bad} out of range (the figure has {n_traces})"
            )
        on = set(idx) | set(always)
        out.append([i in on for i in range(n_traces)])
    return out


def show(
    fig: go.Figure, groups: Mapping[str, Sequence[int]], label: str, always: Sequence[int] = ()
) -> None:
    """Make ``label``'s traces (and ``always``) the visible ones, as the control does when
    chosen."""
    mask = masks(len(fig.data), {label: groups[label]}, always)[0]
    for t, v in zip(fig.data, mask, strict=False):
        t.visible = v


def menu(
    fig: go.Figure,
    groups: Mapping[str, Sequence[int]],
    *,
    kind: str = "dropdown",
    always: Sequence[int] = (),
) -> dict:
    """A dropdown (``kind="dropdown"``) or button group (``kind="buttons"``) with one entry per
    group."""
    return charts.menu(list(groups), masks(len(fig.data), groups, always), kind=kind)


def slider(
    fig: go.Figure,
    groups: Mapping[str, Sequence[int]],
    *,
    prefix: str = "",
    active: int = -1,
    always: Sequence[int] = (),
) -> dict:
    """A slider with one step per group (e.g. per year); ``active`` is the step shown first."""
    labels = list(groups)
    show(fig, groups, labels[active], always)
    return charts.slider(labels, masks(len(fig.data), groups, always), prefix=prefix, active=active)


def hover(
    df: pd.DataFrame, columns: Mapping[str, str], *, formats: Mapping[str, str] | None = None
) -> list[str]:
    """Hover text, one line per column: ``{"usd_bn": "Commitments (USD bn)"}`` gives
    ``"Commitments (USD bn): 1.2"``. ``formats`` maps a column to a format spec (default ``,.4g``
    for numbers); missing values show as "no data"."""
    formats = dict(formats or {})
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KeyError(
            f"hover: no column(s) {missing} (columns: {', '.join(map(str, df.columns))})"
        )

    def cell(col, v):
        if pd.isna(v):
            return "no data"
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return format(v, formats.get(col, ",.4g"))
        return str(v)

    return [
        "<br>".join(f"{label}: {cell(col, row[col])}" for col, label in columns.items())
        for _, row in df.iterrows()
    ]
