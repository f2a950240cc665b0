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
    args = dict(
        title="B is twice A", summary="A bar chart of two things.", sources=["dsr_projects"]
    )
    args.update(kw)
    return charts.publish(fig or bar(), **args)


def test_publish_returns_figure_with_title_source_and_palette():
    out = publish()
    assert "B is twice A" in out.figure.layout.title.text
    assert list(out.figure.layout.colorway) == charts.PALETTE
    assert (
        "Source: [Register of named Digital Silk Road projects](book/data/dsr_projects.md)"
        in out.caption_markdown()
    )


@pytest.mark.parametrize(
    "kw, message",
    [
        ({"title": " "}, "title is empty"),
        ({"summary": ""}, "summary is empty"),
        ({"summary": "One sentence. Two sentences."}, "exactly one sentence"),
        ({"summary": "no full stop"}, "exactly one sentence"),
        ({"sources": []}, "sources is empty"),
    ],
)
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


def test_html_has_no_plotly_js_and_a_parseable_spec():
    out = publish()
    html = out.to_html()
    assert "Plotly, Inc." not in html and len(html) < 50_000  # plotly.js is never inlined
    assert 'class="plotly-graph-div"' in html
    spec = re.search(
        r'<script type="application/json" class="dsr-figure-spec"'
        r' data-target="([^"]+)">(.*?)</script>',
        html,
        re.S,
    )
    assert spec and spec.group(1) == out._id
    fig = json.loads(spec.group(2))
    assert fig["data"][0]["type"] == "bar" and fig["config"]["responsive"] is True
    assert "title" not in fig["layout"]  # the title is in the HTML header
    assert '<p class="dsr-figure-title"' in html and "B is twice A" in html
    assert fig["narrow"]["height"] > 0 and "layout" in fig["narrow"]
    assert "In short:</strong> A bar chart of two things." in html
    assert re.search(r'Source: <a href="[^"]*book/data/dsr_projects\.html">', html)


def test_spec_cannot_close_its_script_element():
    fig = bar()
    fig.data[0].hovertext = ["</script><script>alert(1)</script>", "x"]
    html = publish(fig).to_html()
    body = html.split('class="dsr-figure-spec"', 1)[1]
    assert body.count("</script>") == 1


def test_one_bundle_for_every_front_end_without_environment_switches(monkeypatch):
    """The same output in the book build and in live Jupyter: the figure as data for the book's
    renderer, native Plotly JSON for JupyterLab (with the live map config), text for everything
    else."""
    monkeypatch.delenv(charts.BOOK_BUILD_ENV, raising=False)
    live = publish()._repr_mimebundle_()
    monkeypatch.setenv(charts.BOOK_BUILD_ENV, "1")
    book = publish()._repr_mimebundle_()
    assert live == book
    assert set(book) == {charts.FIGURE_MIME, charts.PLOTLY_MIME, "text/plain"}
    payload = book[charts.FIGURE_MIME]
    assert payload["title"] == "B is twice A" and payload["summary"] == "A bar chart of two things."
    assert payload["sources"][0]["name"] == "dsr_projects" and payload["sources"][0]["licence"]
    assert payload["table"]["columns"] == ["trace", "x", "y"]
    json.dumps(payload, allow_nan=False)  # valid JSON, no NaN


def test_display_marks_the_live_copies_for_the_book_renderer(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *a, **kw: shown.append((a, kw)))
    fig = publish()
    fig._ipython_display_()
    (bundle,), kw = shown[0]
    assert (
        charts.FIGURE_MIME in bundle and kw["metadata"][charts.PLOTLY_MIME]["dsr_figure"] == fig._id
    )
    (caption,), _ = shown[1]
    assert charts.CAPTION_MIME in caption and "**In short:**" in caption["text/markdown"]


def test_the_book_renderer_turns_the_figure_into_a_node_and_drops_only_its_own_copies():
    from types import SimpleNamespace

    from docutils import nodes
    from docutils.utils import new_document

    from dsr import sphinxext

    doc = new_document("x")
    doc.settings.env = SimpleNamespace(docname="notebooks/x")
    renderer = SimpleNamespace(renderer=SimpleNamespace(document=doc))
    bundle = publish()._repr_mimebundle_()

    def md(mime, meta=None):
        return SimpleNamespace(
            mime_type=mime, content=bundle.get(mime, {}), output_metadata=meta or {}
        )

    out = sphinxext.FigureMimeRenderer.handle_mime(renderer, md(charts.FIGURE_MIME), False)
    assert len(out) == 1 and isinstance(out[0], sphinxext.dsr_figure)
    assert out[0]["figure_id"] == "fig-b-is-twice-a" and out[0]["csv"] == "x--fig-b-is-twice-a.csv"
    again = sphinxext.FigureMimeRenderer.handle_mime(renderer, md(charts.FIGURE_MIME), False)
    assert again[0]["figure_id"] == "fig-b-is-twice-a-2"  # unique anchors on a page
    marked = md(charts.PLOTLY_MIME, {charts.PLOTLY_MIME: {"dsr_figure": "x"}})
    assert sphinxext.FigureMimeRenderer.handle_mime(renderer, marked, False) == []
    # A Plotly figure that is not a dsr figure is left to myst-nb, which warns (unknown_mime_type).
    assert sphinxext.FigureMimeRenderer.handle_mime(renderer, md(charts.PLOTLY_MIME), False) is None
    caption = sphinxext.FigureMimeRenderer.handle_mime(renderer, md(charts.CAPTION_MIME), False)
    assert isinstance(caption[0], nodes.comment)
    assert ("html", charts.FIGURE_MIME, 1) in sphinxext.FigureMimeRenderer.mime_priority_overrides


def test_the_renderer_is_registered_as_a_myst_nb_entry_point():
    from importlib.metadata import entry_points

    eps = {e.name: e.value for e in entry_points(group="myst_nb.mime_renderers")}
    assert eps.get("dsr") == "dsr.sphinxext:FigureMimeRenderer"


def test_trace_table_has_one_row_per_point_and_per_heatmap_cell():
    fig = go.Figure(
        [
            go.Bar(x=["a", "b"], y=[1, 2], name="one", customdata=[[10, "p"], [20, "q"]]),
            go.Scatter(x=[1.5], y=[float("nan")], name="two", text=["t"]),
        ]
    )
    cols, rows = charts.trace_table(json.loads(fig.to_json())["data"])
    assert cols == ["trace", "x", "y", "text", "customdata_0", "customdata_1"]
    assert rows == [
        ["one", "a", 1, None, 10, "p"],
        ["one", "b", 2, None, 20, "q"],
        ["two", 1.5, None, "t", None, None],
    ]
    heat = go.Figure(go.Heatmap(z=[[1, 2], [3, 4]], x=["c1", "c2"], y=["r1", "r2"], name="h"))
    cols, rows = charts.trace_table(json.loads(heat.to_json())["data"])
    assert cols == ["trace", "x", "y", "z"] and rows[1] == ["h", "c2", "r1", 2] and len(rows) == 4


def test_csv_carries_sources_licence_and_exactly_the_table():
    import numpy as np

    fig = px.line(x=np.arange(3), y=np.array([0.5, 1.5, 2.5]))
    fig.update_xaxes(title_text="Year")
    fig.update_yaxes(title_text="Share (%)")
    payload = publish(fig).payload()
    text = charts.csv_text(payload, page_url="notebooks/x.html#fig-b")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any(
        "Source: Register of named Digital Silk Road projects" in h and "licence:" in h
        for h in header
    )
    body = pd.read_csv(pd.io.common.StringIO(text), comment=None, skiprows=len(header))
    assert list(body.columns) == ["trace", "x", "y"] and list(body["y"]) == [0.5, 1.5, 2.5]
    explicit = publish(bar(), data=pd.DataFrame({"country": ["A"], "value": [1.0]})).payload()
    assert explicit["table"] == {
        "columns": ["country", "value"],
        "rows": [["A", 1.0]],
        "axes": explicit["table"]["axes"],
    }


def test_narrow_variant_puts_the_legend_under_the_plot_and_hides_nothing():
    fig = go.Figure(
        [go.Bar(x=["a"], y=[1], name="first series"), go.Bar(x=["a"], y=[2], name="second series")]
    )
    fig.update_xaxes(title_text="Thing")
    fig.update_yaxes(title_text="Count (n)")
    payload = publish(fig).payload()
    narrow = payload["narrow"]
    assert (
        narrow["layout"]["legend"]["orientation"] == "h"
        and narrow["layout"]["legend"]["yanchor"] == "bottom"
    )
    assert narrow["layout"]["margin"]["b"] > 56 and narrow["layout"]["xaxis"]["automargin"] is True
    spec = charts.narrow_spec(payload["spec"], narrow)
    assert (
        spec["layout"]["height"] == narrow["height"] and spec["config"]["displayModeBar"] is False
    )
    assert len(spec["data"]) == 2 and spec["layout"]["legend"]["x"] == 0
    layers = {"All": pd.DataFrame({"iso3": ["KAZ"], "n": [1], "h": ["Kazakhstan"]})}
    geo = publish(
        charts.choropleth_menu(layers, value="n", hover="h", colorbar_title="n")
    ).payload()["narrow"]
    assert geo["data"][0]["colorbar"]["orientation"] == "h" and geo["height"] >= 300
    assert geo["layout"]["updatemenus"][0]["type"] == "dropdown"


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
    assert list(fig.data[0].locations) == ["KAZ"]  # shape
    assert len(fig.data[1].lon) == 1  # Singapore as a point
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["All", "One"]
    assert buttons[1].args[0]["visible"] == [False, False, True, True]


def test_choropleth_menu_refuses_a_country_it_cannot_draw():
    layers = {"All": pd.DataFrame({"iso3": ["XXX"], "n": [1], "h": ["?"]})}
    with pytest.raises(ValueError, match="no shape or point for \\['XXX'\\]"):
        charts.choropleth_menu(layers, value="n", hover="h", colorbar_title="n")


def test_timeline_buttons_show_one_group_at_a_time():
    df = pd.DataFrame(
        {
            "x": [2015.5, 2016.5, 2017.5],
            "g": ["P", "S", "P"],
            "t": ["a", "b", "c"],
            "h": ["a", "b", "c"],
            "confidence": ["A", "C", "B"],
        }
    )
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
    okabe_ito = {
        "#000000",
        "#E69F00",
        "#56B4E9",
        "#009E73",
        "#F0E442",
        "#0072B2",
        "#D55E00",
        "#CC79A7",
    }
    assert set(charts.PALETTE) == okabe_ito


def test_no_button_sends_data_off_the_machine():
    from dsr import charts as c

    assert c.PLOT_CONFIG["displaylogo"] is False and c.PLOT_CONFIG["showSendToCloud"] is False
    assert "sendChartToCloud" in c.PLOT_CONFIG["modeBarButtonsToRemove"]


def test_live_maps_use_the_repository_geometry(monkeypatch):
    import base64

    import plotly.graph_objects as go

    from dsr import charts as c
    from dsr import paths

    monkeypatch.delenv(paths.TOPOJSON_URL_ENV, raising=False)
    monkeypatch.setattr(
        paths,
        "_jupyter_servers",
        lambda: [{"pid": -1, "root_dir": str(paths.ROOT.parent), "base_url": "/user/ana/"}],
    )
    fig = go.Figure(go.Choropleth(locations=["KAZ"], z=[1], locationmode="ISO-3"))
    url = c.live_config(fig)["topojsonURL"]
    assert url == f"/user/ana/files/{paths.ROOT.name}/data/geo/"
    monkeypatch.setattr(paths, "_jupyter_servers", lambda: [])
    url = c.live_config(fig)["topojsonURL"]
    assert url.startswith("data:application/json;base64,") and url.endswith("#")
    assert base64.b64decode(url.split(",", 1)[1][:-1]) == paths.WORLD_TOPOJSON.read_bytes()
    assert "topojsonURL" not in c.live_config(go.Figure(go.Bar(x=[1], y=[2])))


def test_live_caption_links_resolve_from_the_notebook_folder(monkeypatch):
    from dsr import paths

    monkeypatch.chdir(paths.ROOT / "notebooks")
    href = paths.data_page_source_href("internet_use")
    assert (
        href == "../book/data/internet_use.md"
        and (paths.ROOT / "notebooks" / href).resolve().exists()
    )
