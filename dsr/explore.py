"""Live explorers (ipywidgets) for readers who run the notebooks in Jupyter.

Widgets need a running kernel, so in the static book an explorer shows a short note instead; every
explorer in the book has a static counterpart (a Plotly figure with its own menu) right beside it.
"""
from __future__ import annotations

from typing import Any, Callable

from IPython.display import Markdown, display

from .charts import in_book_build

LIVE_NOTE = ("This cell is a live explorer. Run the notebook in Jupyter (see *How to use this book*) to choose "
             "{what} from a drop-down list; the chart above shows the same information through its own menu.")


def explorer(options: list[str], render: Callable[[str], Any], *, label: str, what: str):
    """A drop-down of ``options`` whose choice is passed to ``render``; what ``render`` returns is
    displayed under it. In the book build, returns the note instead."""
    if not options:
        raise ValueError("an explorer needs at least one option")
    if in_book_build():
        return Markdown(LIVE_NOTE.format(what=what))
    import ipywidgets as widgets

    choice = widgets.Dropdown(options=options, value=options[0], description=label)
    out = widgets.interactive_output(lambda value: display(render(value)), {"value": choice})
    return widgets.VBox([choice, out])
