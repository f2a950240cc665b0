import ipywidgets
from IPython.display import Markdown

from dsr import charts, explore


def test_explorer_is_a_note_in_the_book(monkeypatch):
    monkeypatch.setenv(charts.BOOK_BUILD_ENV, "1")
    out = explore.explorer(["a", "b"], lambda v: v, label="Pick", what="a country")
    assert isinstance(out, Markdown) and "a country" in out.data and "Jupyter" in out.data


def test_explorer_is_a_widget_live(monkeypatch):
    monkeypatch.delenv(charts.BOOK_BUILD_ENV, raising=False)
    seen = []
    out = explore.explorer(["a", "b"], lambda v: seen.append(v) or v, label="Pick", what="a country")
    assert isinstance(out, ipywidgets.VBox)
    dropdown = out.children[0]
    assert list(dropdown.options) == ["a", "b"] and seen == ["a"]
    dropdown.value = "b"
    assert seen == ["a", "b"]
