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
    out = explore.explorer(
        ["a", "b"], lambda v: seen.append(v) or v, label="Pick", what="a country"
    )
    assert isinstance(out, ipywidgets.VBox)
    dropdown = out.children[0]
    assert list(dropdown.options) == ["a", "b"] and seen == ["a"]
    dropdown.value = "b"
    assert seen == ["a", "b"]


def test_explorer_output_is_rounded_and_labelled():
    import pandas as pd

    row = (
        pd.DataFrame(
            {
                "Internet use, latest (%)": [92.8785],
                "Chinese deals (USD bn)": [3.657465],
                "Projects": [4],
            },
            index=["KAZ"],
        )
        .loc[["KAZ"]]
        .T
    )
    text = explore.tidy(row).data
    assert list(text["KAZ"]) == ["92.9", "3.7", "4"]
    costs = explore.tidy(
        pd.DataFrame({"country": ["Russia"], "density": [8.81], "cost_per_person_usd": [4383.4]})
    )
    assert list(costs.data.columns) == [
        "Country",
        "Population density (people per km²)",
        "Cost per person (USD)",
    ]
    assert list(costs.data.iloc[0]) == ["Russia", "8.8", "4,383"]
    assert explore.label("internet_users_pct") == "Internet users (%)"
