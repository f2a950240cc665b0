"""Static first paint (dsr.snapshots): finding figures in a page, keys, injection, rendering, and the
built book's pages."""
import re

import plotly.graph_objects as go
import pytest

from conftest import IN_CI, chromium
from dsr import charts, snapshots
from dsr.sphinxext import geo_script, plotly_js_source


def figure_html(y=(1, 2, 3)):
    fig = go.Figure(go.Bar(x=["a", "b", "c"], y=list(y)))
    fig.update_xaxes(title_text="Letter")
    fig.update_yaxes(title_text="Count (number)")
    return charts.publish(fig, title="B is the largest", summary="Three bars.", sources=["claims"]).to_html()


def test_figures_are_found_and_keys_follow_the_spec():
    page = "<p>x</p>" + figure_html() + figure_html((3, 2, 1))
    found = snapshots.figures(page)
    assert len(found) == 2 and not any(has for _, has in found)
    keys = {snapshots.key(spec, plotly_js_source()) for spec, _ in found}
    assert len(keys) == 2   # different data, different snapshot


def test_inject_puts_one_image_in_each_plot_div_and_is_idempotent():
    page = figure_html() + figure_html((3, 2, 1))
    keys = {spec: f"k{i}" for i, (spec, _) in enumerate(snapshots.figures(page))}
    once = snapshots.inject(page, keys, "..")
    assert re.findall(r'<img class="dsr-snapshot" src="\.\./_static/dsr-snapshots/(k\d)\.png"[^>]*loading="(\w+)"', once) \
        == [("k0", "eager"), ("k1", "lazy")]
    assert all(has for _, has in snapshots.figures(once))
    assert snapshots.inject(once, keys, "..") == once


def test_render_makes_a_png_offline(tmp_path):
    if chromium() is None:
        if IN_CI:
            pytest.fail("Chromium missing in CI")
        pytest.skip("headless Chromium not found: install it with scripts/setup.sh")
    spec, _ = snapshots.figures(figure_html())[0]
    made = snapshots.render({"one": spec}, tmp_path, plotly_js_source(), geo_script())
    png = (tmp_path / "one.png").read_bytes()
    assert made == 1 and png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000
    assert snapshots.render({"one": spec}, tmp_path, plotly_js_source(), geo_script()) == 0   # cached


@pytest.mark.build
def test_every_figure_of_the_built_book_has_its_snapshot(built_book):
    html_dir, log = built_book
    if chromium() is None and not IN_CI:
        pytest.skip("headless Chromium not found: the build skipped snapshots")
    static = html_dir / "_static" / snapshots.STATIC_DIR
    used = set()
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        found = snapshots.figures(text)
        assert all(has for _, has in found), f"{page.name}: a figure without a snapshot"
        for src in re.findall(r'<img class="dsr-snapshot" src="([^"]+)"', text):
            target = (page.parent / src).resolve()
            assert target.is_file(), f"{page.name}: {src} missing"
            used.add(target.name)
    assert used and used == {p.name for p in static.glob("*.png")}, "stale or missing snapshot files"
