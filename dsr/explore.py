"""Live explorers (ipywidgets) for readers who run the notebooks in Jupyter.

Widgets need a running kernel, so in the static book an explorer shows a short note instead; every
explorer in the book has a static counterpart (a Plotly figure with its own menu) right beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from IPython.display import Markdown, display

from .charts import in_book_build

LIVE_NOTE = (
    "This cell is a live explorer. Run the notebook in Jupyter (see *How to use this book*) to"
    " choose {what} from a drop-down list; the chart above shows the same information through its"
    " own menu."
)


#: Labels for raw column names that explorers show; other snake_case names are turned into words.
LABELS = {
    "iso3": "ISO code",
    "country": "Country",
    "density": "Population density (people per km²)",
    "cost_per_person_usd": "Cost per person (USD)",
    "year": "Year",
    "value": "Value",
}
_UNITS = {"usd": "USD", "pct": "%", "bn": "bn", "m": "m", "km": "km", "gdp": "GDP"}


def label(name: Any) -> Any:
    """A reader-facing label for a column or index name: ``LABELS``, else snake_case made into words
    (``internet_users_pct`` -> "Internet users (%)"); names that already read as text are kept."""
    if not isinstance(name, str) or not name:
        return name
    if name in LABELS:
        return LABELS[name]
    if "_" not in name and not name.islower():
        return name
    words = name.split("_")
    unit = _UNITS.get(words[-1]) if len(words) > 1 else None
    text = " ".join(_UNITS.get(w, w) for w in (words[:-1] if unit else words))
    text = text[:1].upper() + text[1:]
    return f"{text} ({unit})" if unit else text


def number(x: Any) -> str:
    """How the book writes a number in a table: whole numbers without decimals, other values with
    one decimal below 100 and none from 100 up (as the charts' hover labels), with thousands
    separators."""
    import math
    import numbers

    if isinstance(x, bool) or not isinstance(x, numbers.Number):
        return "" if x is None else str(x)
    if isinstance(x, float) and math.isnan(x):
        return "–"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.1f}"


def tidy(obj: Any) -> Any:
    """Round and label what an explorer shows, as the book does: a pandas table gets reader-facing
    column and index labels and every number formatted by :func:`number` (also in columns of mixed
    type, which ``DataFrame.round`` leaves alone); anything else is returned unchanged."""
    import pandas as pd

    if isinstance(obj, pd.Series):
        obj = obj.to_frame()
    if not isinstance(obj, pd.DataFrame):
        return obj
    df = obj.rename(columns=label, index=label)
    df.index.name = label(df.index.name)
    text = df.map(number)
    numeric = [
        c
        for c in df.columns
        if pd.api.types.is_numeric_dtype(df[c])
        or df[c].map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)).all()
    ]
    styler = (
        text.style.set_properties(subset=numeric, **{"text-align": "right"})
        if numeric
        else text.style
    )
    return styler


def explorer(options: list[str], render: Callable[[str], Any], *, label: str, what: str):
    """A drop-down of ``options`` whose choice is passed to ``render``; what ``render`` returns is
    displayed under it, rounded and labelled by :func:`tidy`. In the book build, returns the note
    instead."""
    if not options:
        raise ValueError("an explorer needs at least one option")
    if in_book_build():
        return Markdown(LIVE_NOTE.format(what=what))
    import ipywidgets as widgets

    choice = widgets.Dropdown(options=options, value=options[0], description=label)
    out = widgets.interactive_output(lambda value: display(tidy(render(value))), {"value": choice})
    return widgets.VBox([choice, out], layout=widgets.Layout(margin="0 0 1em 0"))
