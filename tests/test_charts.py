"""The house style and the figure renderer."""
import json
import re

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import pytest

from dsr import charts, countries


def bar():
    fig = px.bar(x=["a", "b"], y=[1, 2])
    fig.update_xaxes(title_text="Thing")
    fig.update_yaxes(title_text="Count (projects)")
    return fig


def publish(fig=None, **kw):
    args = dict(title="B is twice A", summary="A bar chart of two things.", sources=["dsr_projects"])
    args.update(kw)
    return charts.publish(fig or bar(), **args)


def test_publish_returns_figure_with_title_source_and_palette():
    out = publish()
    assert "B is twice A" in out.figure.layout.title.text
    assert list(out.figure.layout.colorway) == charts.PALETTE
    assert "Source: [Register of named Digital Silk Road projects](book/data/dsr_projects.md)" in out.caption_markdown()


@pytest.mark.parametrize("kw, message", [
    ({"title": " "}, "title is empty"),
    ({"summary": ""}, "summary is empty"),
    ({"summary": "One sentence. Two sentences."}, "exactly one sentence"),
    ({"summary": "no full stop"}, "exactly one sentence"),
    ({"sources": []}, "sources is empty"),
])
def test_publish_refuses_missing_parts(kw, message):
    with pytest.raises(charts.FigureStyleError, match=message):
        publish(**kw)


def test_publish_refuses_unknown_dataset():
    with pytest.raises(KeyError, match="no dataset named 'nope'.*known: dsr_timeline"):
        publish(sources=["nope"])


def test_publish_requires_units_on_every_axis():
    fig = px.bar(x=["a", "b"], y=[1, 2])
    fig.update_xaxes(title_text="Thing")
    fig.update_yaxes(title_text=None)
    with pytest.raises(charts.FigureStyleError, match="axis 'yaxis' has no title"):
        publish(fig)


def test_maps_must_use_the_world_geometry():
    fig = go.Figure(go.Choropleth(locations=["KAZ"], z=[1], locationmode="ISO-3"))
    fig.update_geos(scope="asia")
    with pytest.raises(charts.FigureStyleError, match="scope is 'asia'"):
        publish(fig)


def test_html_has_no_plotly_js_and_a_parseable_spec(monkeypatch):
    monkeypatch.setenv(charts.BOOK_BUILD_ENV, "1")
    out = publish()
    html = out._repr_mimebundle_()["text/html"]
    assert "Plotly, Inc." not in html and len(html) < 50_000        # plotly.js is never inlined
    assert 'class="plotly-graph-div"' in html
    spec = re.search(r'<script type="application/json" class="dsr-figure-spec" data-target="([^"]+)">(.*?)</script>',
                     html, re.S)
    assert spec and spec.group(1) == out._id
    fig = json.loads(spec.group(2))
    assert fig["data"][0]["type"] == "bar" and fig["config"]["responsive"] is True
    assert "In short:</strong> A bar chart of two things." in html
    assert re.search(r'Source: <a href="[^"]*book/data/dsr_projects\.html">', html)


def test_spec_cannot_close_its_script_element():
    fig = bar()
    fig.data[0].hovertext = ["</script><script>alert(1)</script>", "x"]
    html = publish(fig).to_html()
    body = html.split('class="dsr-figure-spec"', 1)[1]
    assert body.count("</script>") == 1


def test_live_jupyter_gets_native_plotly_and_book_build_does_not(monkeypatch):
    monkeypatch.delenv(charts.BOOK_BUILD_ENV, raising=False)
    assert "application/vnd.plotly.v1+json" in publish()._repr_mimebundle_()
    monkeypatch.setenv(charts.BOOK_BUILD_ENV, "1")
    assert "application/vnd.plotly.v1+json" not in publish()._repr_mimebundle_()


def test_figure_ids_are_deterministic():
    assert publish()._id == publish()._id
    assert publish()._id != publish(summary="Another chart.")._id


def test_map_caption_names_its_boundaries():
    layers = {"All": pd.DataFrame({"iso3": ["KAZ"], "n": [1], "h": ["Kazakhstan"]})}
    fig = charts.choropleth_menu(layers, value="n", hover="h", colorbar_title="n")
    html = publish(fig).to_html()
    assert "dsr-geo" in html and "Natural Earth" in html and "not the UN boundaries" in html


def test_choropleth_menu_draws_small_states_as_points_and_switches_layers():
    layers = {
        "All": pd.DataFrame({"iso3": ["KAZ", "SGP"], "n": [2, 1], "h": ["a", "b"]}),
        "One": pd.DataFrame({"iso3": ["KAZ"], "n": [1], "h": ["a"]}),
    }
    fig = charts.choropleth_menu(layers, value="n", hover="h", colorbar_title="n")
    assert "SGP" not in countries.drawn() and "SGP" in countries.small_country_points()
    assert list(fig.data[0].locations) == ["KAZ"]                 # shape
    assert len(fig.data[1].lon) == 1                              # Singapore as a point
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["All", "One"]
    assert buttons[1].args[0]["visible"] == [False, False, True, True]


def test_choropleth_menu_refuses_a_country_it_cannot_draw():
    layers = {"All": pd.DataFrame({"iso3": ["XXX"], "n": [1], "h": ["?"]})}
    with pytest.raises(ValueError, match="no shape or point for \\['XXX'\\]"):
        charts.choropleth_menu(layers, value="n", hover="h", colorbar_title="n")


def test_timeline_buttons_show_one_group_at_a_time():
    df = pd.DataFrame({"x": [2015.5, 2016.5, 2017.5], "g": ["P", "S", "P"], "t": ["a", "b", "c"],
                       "h": ["a", "b", "c"], "confidence": ["A", "C", "B"]})
    fig = charts.timeline(df, x="x", group="g", text="t", hover="h")
    assert [tr.name for tr in fig.data] == ["P", "S"]
    assert list(fig.data[0].marker.symbol) == ["circle", "diamond"]
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["All", "P", "S"]
    assert buttons[2].args[0]["visible"] == [False, True]


def test_wrap_and_lower_first():
    assert charts.wrap("aaa bbb ccc", 7) == "aaa bbb<br>ccc"
    assert charts.lower_first("Smart cities") == "smart cities"
    assert charts.lower_first("5G networks") == "5G networks"
    assert charts.lower_first("ICT share") == "ICT share"


def test_palette_is_okabe_ito():
    okabe_ito = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
    assert set(charts.PALETTE) == okabe_ito
