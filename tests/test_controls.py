"""dsr.controls: trace groups, the masks built from them, and hover text."""

import pandas as pd
import plotly.graph_objects as go
import pytest

from dsr import controls

DF = pd.DataFrame(
    {
        "measure": ["a", "a", "b", "c"],
        "year": [2019, 2020, 2019, 2019],
        "value": [1.0, 2.0, 3.0, None],
    }
)


def bars(d, g):
    return go.Bar(x=d["year"], y=d["value"], name=g)


def test_add_groups_records_trace_indices_and_shows_the_first():
    fig = go.Figure()
    groups = controls.add_groups(fig, DF, by="measure", trace=bars)
    assert groups == {"a": [0], "b": [1], "c": [2]}
    assert [t.visible for t in fig.data] == [True, False, False]


def test_a_group_can_add_several_traces_and_start_elsewhere():
    fig = go.Figure()
    groups = controls.add_groups(
        fig,
        DF,
        by="measure",
        trace=lambda d, g: [bars(d, g), bars(d, g + "'")],
        order=["c", "a"],
        shown="a",
    )
    assert groups == {"c": [0, 1], "a": [2, 3]}
    assert [t.visible for t in fig.data] == [False, False, True, True]


def test_menu_labels_match_their_masks():
    fig = go.Figure(go.Scatter(x=[0], y=[0], name="reference"))
    groups = controls.add_groups(fig, DF, by="measure", trace=bars)
    m = controls.menu(fig, groups, kind="buttons", always=[0])
    assert [b["label"] for b in m["buttons"]] == ["a", "b", "c"]
    assert m["buttons"][1]["args"][0]["visible"] == [True, False, True, False]


def test_slider_starts_on_the_active_step():
    fig = go.Figure()
    groups = controls.add_groups(fig, DF, by="year", trace=bars)
    s = controls.slider(fig, groups, prefix="Year: ")
    assert [st["label"] for st in s["steps"]] == ["2019", "2020"] and s["active"] == 1
    assert [t.visible for t in fig.data] == [False, True]


def test_bad_input_is_named():
    with pytest.raises(KeyError, match="no column 'nope'"):
        controls.add_groups(go.Figure(), DF, by="nope", trace=bars)
    with pytest.raises(ValueError, match="no rows for \\['z'\\]"):
        controls.add_groups(go.Figure(), DF, by="measure", trace=bars, order=["a", "z"])
    with pytest.raises(IndexError, match="group 'x': trace indices \\[5\\]"):
        controls.masks(2, {"x": [5]})


def test_hover_formats_numbers_and_names_missing_values():
    text = controls.hover(
        DF, {"measure": "Measure", "value": "Value (USD bn)"}, formats={"value": ".1f"}
    )
    assert text[0] == "Measure: a<br>Value (USD bn): 1.0" and text[3].endswith(
        "Value (USD bn): no data"
    )
    with pytest.raises(KeyError, match="hover: no column"):
        controls.hover(DF, {"x": "X"})
