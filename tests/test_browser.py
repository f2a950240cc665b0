"""Open every page of the built book in headless Chromium with the network cut: every figure draws,
every map has its country shapes, no request leaves the book, no script error; plotly.js waits for
the reader; at 390 px no chart text leaves its figure and no page scrolls sideways."""

from urllib.parse import urlparse

import pytest
from conftest import served_browser, toc_files

pytestmark = [pytest.mark.build, pytest.mark.browser]


PROBE = """() => {
  const plots = [...document.querySelectorAll('div.plotly-graph-div')];
  return plots.map(p => ({
    id: p.id,
    drawn: !!p.querySelector('.main-svg'),
    snapshot_left: !!p.querySelector('img.dsr-snapshot'),
    geo: !!p.closest('figure.dsr-geo'),
    countries: p.querySelectorAll('.choroplethlayer path.choroplethlocation').length,
    basemap: p.querySelectorAll('.geolayer path').length,
    expected: (p.data || []).filter(t => t.type === 'choropleth' && t.visible !== false)
                            .reduce((n, t) => n + (t.locations || []).length, 0),
    menus: p.querySelectorAll('.updatemenu-container').length,
    rotation: p._fullLayout.geo ? p._fullLayout.geo.projection.rotation.lon : 0,
  }));
}"""


@pytest.fixture(scope="module")
def browser_session(built_book, chromium_path):
    html_dir, _ = built_book
    with served_browser(html_dir, chromium_path) as (browser, base):
        yield browser, base, html_dir


CHAPTERS = [f for f in toc_files() if f.startswith("notebooks/")]
DRAW_ALL = """() => Promise.all([...document.querySelectorAll('figure.dsr-figure div.plotly-graph-div')]
                                .map(d => window.dsr.ready(d.id))).then(divs => divs.length)"""  # noqa: E501 (embedded HTML, CSS or JavaScript)


def open_page(browser, url, **context):
    ctx = browser.new_context(**({"viewport": {"width": 1280, "height": 900}} | context))
    page = ctx.new_page()
    blocked, errors = [], []

    def route(r):
        if urlparse(r.request.url).hostname in (
            "127.0.0.1",
            "localhost",
        ) or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="load", timeout=60_000)
    return ctx, page, blocked, errors


@pytest.mark.parametrize("doc", toc_files())
def test_page_draws_every_figure_offline(browser_session, doc):
    browser, base, html_dir = browser_session
    ctx, page, blocked, errors = open_page(browser, f"{base}/{doc}.html")
    try:
        n = page.evaluate("() => document.querySelectorAll('div.plotly-graph-div').length")
        if n:
            assert page.evaluate(DRAW_ALL) == n
            page.wait_for_function(
                "() => [...document.querySelectorAll('div.plotly-graph-div')].every(p =>"
                " p.querySelector('.main-svg')) && [...document.querySelectorAll('figure.dsr-geo"
                " div.plotly-graph-div')].every(p =>    p.querySelectorAll('.geolayer path').length"
                " > 0)",
                timeout=30_000,
            )
        figures = page.evaluate(PROBE)
    finally:
        ctx.close()
    assert not blocked, f"requests left the book: {blocked}"
    assert not errors, f"console errors: {errors}"
    assert len(figures) == n
    for f in figures:
        assert f["drawn"], f"figure {f['id']} was not drawn"
        assert not f["snapshot_left"], f"figure {f['id']}: the static snapshot was not replaced"
        if f["geo"]:
            assert f["basemap"] > 0, f"map {f['id']} has no base map"
            assert isinstance(f["rotation"], (int, float)), f"map {f['id']}: projection not fitted"
            assert f["countries"] == f["expected"], (
                f"map {f['id']}: {f['countries']} shapes, {f['expected']} expected"
            )


def test_a_map_menu_switches_layers(browser_session):
    """The Plotly-native dropdown works in the static page: choosing a pillar redraws the map."""
    browser, base, _ = browser_session
    ctx, page, blocked, errors = open_page(browser, f"{base}/notebooks/01-what-is-the-dsr.html")
    try:
        page.evaluate(DRAW_ALL)
        page.wait_for_function(
            "() => document.querySelector('figure.dsr-geo .choroplethlayer path')", timeout=30_000
        )
        geo = page.locator("figure.dsr-geo div.plotly-graph-div")
        before = geo.evaluate(
            "p => p.querySelectorAll('.choroplethlayer path.choroplethlocation').length"
        )
        geo.evaluate(
            "p => Plotly.restyle(p, p.layout.updatemenus[0].buttons[2].args[0])"
        )  # what a click does
        page.wait_for_timeout(300)
        after = geo.evaluate(
            "p => p.querySelectorAll('.choroplethlayer path.choroplethlocation').length"
        )
        expected = geo.evaluate(
            "p => p.data.filter(t => t.type === 'choropleth' && t.visible === true)"
            ".reduce((n, t) => n + t.locations.length, 0)"
        )
    finally:
        ctx.close()
    assert not errors
    assert after == expected and after != before


@pytest.mark.parametrize("width", [1280, 390])
def test_snapshots_show_before_plotly_js_runs(browser_session, width):
    """With plotly.js withheld, a chapter still shows every figure as its static snapshot, the
    narrow one on a phone."""
    browser, base, _ = browser_session
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    page.route(
        "**/*",
        lambda r: (
            r.abort()
            if "plotly.min.js" in r.request.url
            or urlparse(r.request.url).hostname not in ("127.0.0.1", "localhost")
            else r.continue_()
        ),
    )
    try:
        page.goto(f"{base}/notebooks/04-geopolitics.html", wait_until="load", timeout=60_000)
        shown = page.evaluate("""async () => {
            const imgs = [...document.querySelectorAll('div.plotly-graph-div picture.dsr-snapshot img.dsr-snapshot')];
            imgs.forEach(i => { i.loading = 'eager'; i.scrollIntoView(); });
            await Promise.all(imgs.map(i => i.decode().catch(() => null)));
            return {divs: document.querySelectorAll('div.plotly-graph-div').length,
                    loaded: imgs.filter(i => i.complete && i.naturalWidth > 0).length,
                    narrow: imgs.filter(i => i.currentSrc === new URL(i.parentNode.querySelector('source').srcset, location.href).href).length};
        }""")  # noqa: E501 (embedded HTML, CSS or JavaScript)
    finally:
        ctx.close()
    assert shown["divs"] > 0 and shown["loaded"] == shown["divs"], shown
    assert shown["narrow"] == (shown["divs"] if width < 600 else 0), shown


def plotly_requests(page):
    seen = []
    page.on("request", lambda r: seen.append(r.url) if "plotly.min.js" in r.url else None)
    return seen


@pytest.mark.parametrize("doc", CHAPTERS)
def test_plotly_js_waits_for_the_reader(browser_session, doc):
    """A chapter loads without plotly.js; a pointer over a chart fetches it and draws that chart."""
    browser, base, _ = browser_session
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    seen = plotly_requests(page)
    try:
        page.goto(f"{base}/{doc}.html", wait_until="load", timeout=60_000)
        page.wait_for_timeout(2500)
        before = list(seen)
        fig = page.locator("figure.dsr-figure").first
        fig.scroll_into_view_if_needed()
        fig.hover()
        page.wait_for_function(
            "() => document.querySelector('figure.dsr-figure .main-svg')", timeout=30_000
        )
    finally:
        ctx.close()
    assert before == [], f"plotly.js requested before any interaction: {before}"
    assert len(seen) == 1


def test_scrolling_to_a_chart_loads_plotly_js(browser_session):
    browser, base, _ = browser_session
    ctx = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = ctx.new_page()
    seen = plotly_requests(page)
    try:
        page.goto(f"{base}/notebooks/02-economics.html", wait_until="load", timeout=60_000)
        page.wait_for_timeout(1500)
        before = list(seen)
        y = page.evaluate(
            "() => document.querySelector('figure.dsr-figure').getBoundingClientRect().top +"
            " scrollY - 200"
        )
        page.mouse.wheel(0, y)
        page.wait_for_function(
            "() => document.querySelector('figure.dsr-figure .main-svg')", timeout=30_000
        )
        variant = page.evaluate(
            "() => document.querySelector('figure.dsr-figure .plotly-graph-div').dataset.dsrVariant"
        )
        modebar = page.evaluate(
            "() => document.querySelectorAll('figure.dsr-figure .modebar-container"
            " .modebar-btn').length"
        )
    finally:
        ctx.close()
    assert before == [] and len(seen) == 1
    assert variant == "narrow" and modebar == 0


NARROW_PROBE = """() => {
  const out = [];
  for (const f of document.querySelectorAll('figure')) {
    const plot = f.querySelector('.js-plotly-plot');
    if (!plot) continue;
    const fr = f.getBoundingClientRect();
    for (const t of plot.querySelectorAll('svg text')) {
      const r = t.getBoundingClientRect();
      if (!r.width || !(t.textContent || '').trim()) continue;
      if (r.right > fr.right + 2 || r.left < fr.left - 2) out.push(plot.id + ': ' + t.textContent.slice(0, 40));
    }
    for (const t of plot.querySelectorAll('.heatmaplayer text, .xtick text, .ytick text')) {
      const size = parseFloat(getComputedStyle(t).fontSize);
      if (size < 11) out.push(plot.id + ': ' + size + 'px text ' + t.textContent.slice(0, 20));
    }
  }
  const se = document.scrollingElement;
  return {outside: out, scroll: se.scrollWidth - se.clientWidth};
}"""  # noqa: E501 (embedded HTML, CSS or JavaScript)


@pytest.mark.parametrize("doc", CHAPTERS)
def test_charts_fit_a_phone(browser_session, doc):
    """At 390 px (touch): every chart drawn with its narrow layout keeps its text inside its figure,
    no tick or heatmap label is smaller than 11 px, and the page does not scroll sideways."""
    browser, base, _ = browser_session
    ctx, page, blocked, errors = open_page(
        browser,
        f"{base}/{doc}.html",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    try:
        page.evaluate(DRAW_ALL)
        page.wait_for_timeout(500)
        result = page.evaluate(NARROW_PROBE)
    finally:
        ctx.close()
    assert not errors and not blocked
    assert result["outside"] == [], result["outside"][:10]
    assert result["scroll"] <= 0, f"the page scrolls sideways by {result['scroll']} px"
