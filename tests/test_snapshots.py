"""Static first paint (dsr.snapshots): keys, rendering offline, and the built book's snapshots."""

import re

import plotly.graph_objects as go
import pytest
from conftest import IN_CI, chromium

from dsr import charts, snapshots
from dsr.sphinxext import SNAPSHOT_DIR, geo_script, plotly_js_source


def payload(y=(1, 2, 3)):
    fig = go.Figure(go.Bar(x=["a", "b", "c"], y=list(y)))
    fig.update_xaxes(title_text="Letter")
    fig.update_yaxes(title_text="Count (number)")
    return charts.publish(
        fig, title="B is the largest", summary="Three bars.", sources=["claims"]
    ).payload()


def test_keys_follow_the_figure_and_the_width():
    js = plotly_js_source()
    a, b = payload(), payload((3, 2, 1))
    keys = {snapshots.key(snapshots.wide_spec(p), js, charts.WIDE_WIDTH) for p in (a, b)}
    assert len(keys) == 2  # different data, different snapshot
    assert snapshots.key(snapshots.wide_spec(a), js, charts.WIDE_WIDTH) == snapshots.key(
        snapshots.wide_spec(payload()), js, charts.WIDE_WIDTH
    )
    assert snapshots.key(snapshots.narrow_spec(a), js, charts.NARROW_WIDTH) != snapshots.key(
        snapshots.wide_spec(a), js, charts.WIDE_WIDTH
    )


def test_render_makes_svgs_offline_and_caches_them(tmp_path):
    if chromium() is None:
        if IN_CI:
            pytest.fail("Chromium missing in CI")
        pytest.skip("headless Chromium not found: install it with scripts/setup.sh")
    p = payload()
    jobs = {
        "wide": (snapshots.wide_spec(p), charts.WIDE_WIDTH),
        "narrow": (snapshots.narrow_spec(p), charts.NARROW_WIDTH),
    }
    made = snapshots.render(jobs, tmp_path, plotly_js_source(), geo_script())
    assert made == 2
    for name, width in (("wide", charts.WIDE_WIDTH), ("narrow", charts.NARROW_WIDTH)):
        svg = (tmp_path / f"{name}.svg").read_text()
        assert svg.startswith("<svg") and f'width="{width}"' in svg and "Letter" in svg
    assert snapshots.render(jobs, tmp_path, plotly_js_source(), geo_script()) == 0  # cached


@pytest.mark.build
def test_every_figure_of_the_built_book_has_both_snapshots(built_book):
    html_dir, log = built_book
    if chromium() is None and not IN_CI:
        pytest.skip("headless Chromium not found: the build skipped snapshots")
    static = html_dir / "_static" / SNAPSHOT_DIR
    used = set()
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for div in re.findall(
            r'<div id="dsrfig-[0-9a-f]+" class="plotly-graph-div"[^>]*>(.*?)</div>', text, re.S
        ):
            narrow = re.search(
                rf'<source media="\(max-width: {charts.NARROW_MAX}px\)" srcset="([^"]+)"', div
            )
            wide = re.search(r'<img class="dsr-snapshot" src="([^"]+)"', div)
            assert narrow and wide, f"{page.name}: a figure without its two snapshots"
            for src in (narrow.group(1), wide.group(1)):
                target = (page.parent / src).resolve()
                assert target.is_file(), f"{page.name}: {src} missing"
                used.add(target.name)
    assert used and used == {p.name for p in static.glob("*.svg")}, (
        "stale or missing snapshot files"
    )
    assert "[dsr] figures:" in log and "snapshots:" in log
