"""Figures for every reader, in headless Chromium on the built book with the network cut.

* Every chart control is reachable and operable by keyboard: each Plotly menu and slider has a
  native HTML control above its chart, Tab reaches it, the keyboard changes it, and the drawn plot's
  visible traces change (and the Plotly menu follows); a choice made before plotly.js has loaded is
  applied once it has; a click on the Plotly menu updates the HTML control.
* The "Data table" toggle shows the chart's data; the chart's SVG is hidden from screen readers and
  its toolbar is one tab stop.
* axe-core reports no serious or critical violation on any page
  (``node_modules/axe-core/axe.min.js``
  from ``npm install``; without it these tests are skipped, except in CI, where they fail), and the
  links inside output panels keep their contrast in dark mode.
* No page scrolls sideways on a 390 px phone.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from conftest import IN_CI, ROOT, served_browser, toc_files

pytestmark = [pytest.mark.build, pytest.mark.browser]

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHAPTERS = [f for f in toc_files() if f.startswith("notebooks/")]
PHONE = dict(
    viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
)


@pytest.fixture(scope="module")
def reader_session(built_book, chromium_path):
    html_dir, _ = built_book
    with served_browser(html_dir, chromium_path) as (browser, base):
        yield browser, base


@pytest.fixture(scope="module")
def axe_js():
    if not AXE_JS.is_file():
        msg = (
            f"axe-core not found at {AXE_JS.relative_to(ROOT)}: run `npm install` in the repository"
            " (package.json pins axe-core) to run the accessibility checks"
        )
        if IN_CI:
            pytest.fail(msg + " (CI=true: these checks are never skipped in CI)")
        pytest.skip(msg)
    return AXE_JS.read_text(encoding="utf-8")


class Page:
    """A page opened with every non-local request blocked; console errors collected."""

    def __init__(self, browser, url, hold=None, dark=False, **context):
        self.ctx = browser.new_context(**(context or {"viewport": {"width": 1280, "height": 900}}))
        self.page = self.ctx.new_page()
        self.blocked, self.errors, self.held = [], [], []

        def route(r):
            url = r.request.url
            if hold and url.endswith(hold):
                self.held.append(r)  # answered later: the page runs without it meanwhile
            elif urlparse(url).hostname in ("127.0.0.1", "localhost") or url.startswith(
                ("data:", "blob:")
            ):
                r.continue_()
            else:
                self.blocked.append(url)
                r.abort()

        self.page.route("**/*", route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        if dark:
            self.page.add_init_script(
                "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');"
            )
        self.page.goto(url, wait_until="load", timeout=60_000)

    def draw_all(self):
        """Have every figure drawn (as when a reader reaches each one) and wait until it is."""
        if not self.page.evaluate(
            "() => document.querySelectorAll('figure.dsr-figure .plotly-graph-div').length"
        ):
            return
        if not self.page.evaluate(
            "() => !!(window.dsr && window.dsr.ready)"
        ):  # no API: scroll like a reader
            self.page.evaluate(
                """async () => { for (let y = 0; y < document.body.scrollHeight; y += 500) {
                window.scrollTo(0, y); await new Promise(r => setTimeout(r, 60)); } window.scrollTo(0, 0); }"""  # noqa: E501 (embedded HTML, CSS or JavaScript)
            )
        else:
            self.page.evaluate(
                "() => Promise.all([...document.querySelectorAll("
                "'figure.dsr-figure .plotly-graph-div')].map(d => window.dsr.ready(d.id)))"
            )
        self.page.wait_for_function(
            "() => [...document.querySelectorAll('figure.dsr-figure .plotly-graph-div')]"
            ".every(d => d.querySelector('.main-svg'))",
            timeout=30_000,
        )

    def close(self):
        self.ctx.close()


# Figures with Plotly menus or sliders, and their native controls (filled in by dsr-controls.js).
CONTROLS = """() => [...document.querySelectorAll('script.dsr-figure-spec')].map(s => {
  const spec = JSON.parse(s.textContent), lay = spec.layout || {};
  const div = document.getElementById(s.dataset.target), fig = div.closest('figure');
  const menus = (lay.updatemenus || []).filter(m => m.visible !== false);
  const native = [...fig.querySelectorAll('.dsr-chart-controls .dsr-control')].map(c => {
    const el = c.querySelector('select, input[type=range], button');
    return {kind: el.tagName === 'SELECT' ? 'select' : el.type === 'range' ? 'range' : 'buttons',
            label: (c.querySelector('label, .dsr-control-label') || {}).textContent || ''};
  });
  return {id: div.id, menus: menus.map(m => m.type || 'dropdown'), sliders: (lay.sliders || []).length, native};
}).filter(f => f.menus.length || f.sliders)"""  # noqa: E501 (embedded HTML, CSS or JavaScript)

# The tab stop before ``el`` in document order: candidates that are rendered and visible (not inside
# a closed <details>, e.g. a hidden code cell, whose content takes no focus), and of those the
# nearest one that really takes focus. ``el`` itself must be a tab stop.
TABBABLE = """(el) => {
  const shown = e => (e.checkVisibility ? e.checkVisibility({visibilityProperty: true})
                                        : e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
                     && !(e.closest('details:not([open])') && !e.matches('details:not([open]) > summary'));
  const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex], summary')]
    .filter(e => e.tabIndex >= 0 && !e.disabled && shown(e));
  const i = all.indexOf(el);
  if (i < 1) return false;
  for (let j = i - 1; j >= 0; j--) {
    all[j].focus();
    if (document.activeElement === all[j]) return true;
  }
  return false;
}"""  # noqa: E501 (embedded HTML, CSS or JavaScript)

VISIBLE = (
    "(id) => document.getElementById(id).data.map(t => t.visible === undefined ? true : t.visible)"
)
SPEC_VISIBLE = """(id) => JSON.parse(document.querySelector(`script.dsr-figure-spec[data-target="${id}"]`).textContent)
  .data.map(t => t.visible === undefined ? true : t.visible)"""  # noqa: E501 (embedded HTML, CSS or JavaScript)


def _tab_to(page, handle):
    """Focus the tab stop just before ``handle``, press Tab, and say whether focus landed on it."""
    assert page.evaluate(TABBABLE, handle), "no tab stop before the control"
    page.keyboard.press("Tab")
    return page.evaluate("(el) => document.activeElement === el", handle)


def _operate(page, fig_id, k_native, kind):
    """Change native control number ``k_native`` of figure ``fig_id`` with the keyboard; return the
    index (in the Plotly menu or slider) it now selects."""
    control = (
        page.locator(f"#{fig_id}")
        .locator("xpath=ancestor::figure")
        .locator(".dsr-control")
        .nth(k_native)
    )
    if kind == "select":
        el = control.locator("select").element_handle()
        assert _tab_to(page, el), "Tab does not reach the drop-down"
        n = page.evaluate("(s) => s.options.length", el)
        start = page.evaluate("(s) => s.selectedIndex", el)
        page.keyboard.press("ArrowUp" if start == n - 1 else "ArrowDown")
        return int(page.evaluate("(s) => s.value", el))
    if kind == "range":
        el = control.locator("input[type=range]").element_handle()
        assert _tab_to(page, el), "Tab does not reach the slider"
        start = int(page.evaluate("(s) => s.value", el))
        page.keyboard.press("ArrowRight" if start == 0 else "ArrowLeft")
        value = int(page.evaluate("(s) => s.value", el))
        assert value != start
        out = page.evaluate("(s) => s.parentNode.querySelector('output').textContent", el)
        assert out.strip(), "the slider's value is not shown"
        return value
    buttons = control.locator("button")
    first = buttons.nth(0).element_handle()
    assert _tab_to(page, first), "Tab does not reach the button group"
    if buttons.nth(0).get_attribute("aria-pressed") == "true":
        page.keyboard.press("Tab")
        target = buttons.nth(1)
    else:
        target = buttons.nth(0)
    assert page.evaluate("(el) => document.activeElement === el", target.element_handle())
    page.keyboard.press("Space")
    assert target.get_attribute("aria-pressed") == "true"
    return int(target.get_attribute("data-index"))


@pytest.mark.parametrize("doc", CHAPTERS)
def test_every_chart_control_works_by_keyboard(reader_session, doc):
    browser, base = reader_session
    p = Page(browser, f"{base}/{doc}.html")
    try:
        figures = p.page.evaluate(CONTROLS)
        for f in figures:
            expected = [("select" if t == "dropdown" else "buttons") for t in f["menus"]] + [
                "range"
            ] * f["sliders"]
            assert [c["kind"] for c in f["native"]] == expected, (
                f"{f['id']}: native controls {f['native']}"
            )
            assert all(c["label"].strip() for c in f["native"]), (
                f"{f['id']}: a control has no label"
            )
            for k, kind in enumerate(expected):
                if p.page.evaluate(
                    "(id) => !!document.getElementById(id).querySelector('.main-svg')", f["id"]
                ):
                    before = p.page.evaluate(VISIBLE, f["id"])
                else:  # not drawn yet: as the spec has it
                    before = p.page.evaluate(SPEC_VISIBLE, f["id"])
                chosen = _operate(p.page, f["id"], k, kind)
                layout_key, index = (
                    ("sliders", k - len(f["menus"])) if kind == "range" else ("updatemenus", k)
                )
                # Focus on the control asks for the chart; once drawn, it shows the choice.
                p.page.wait_for_function(
                    """([id, key, k, i]) => { const d = document.getElementById(id);
                       return d.querySelector('.main-svg') && d.layout && d.layout[key] && d.layout[key][k]
                              && d.layout[key][k].active === i; }""",  # noqa: E501 (embedded HTML, CSS or JavaScript)
                    arg=[f["id"], layout_key, index, chosen],
                    timeout=30_000,
                )
                p.page.wait_for_timeout(100)
                after = p.page.evaluate(VISIBLE, f["id"])
                expect = p.page.evaluate(
                    """([id, key, k, i]) => {
                       const spec = JSON.parse(document.querySelector(`script.dsr-figure-spec[data-target="${id}"]`).textContent);
                       const item = key === 'sliders' ? spec.layout.sliders[k].steps[i] : spec.layout.updatemenus[k].buttons[i];
                       return item.args[0].visible; }""",  # noqa: E501 (embedded HTML, CSS or JavaScript)
                    [f["id"], layout_key, index, chosen],
                )
                if isinstance(expect, list):
                    assert after == expect, (
                        f"{f['id']} control {k}: visible traces {after}, expected {expect}"
                    )
                assert after != before, f"{f['id']} control {k}: the visible traces did not change"
    finally:
        p.close()
    assert not p.blocked, f"requests left the book: {p.blocked}"
    assert not p.errors, f"console errors: {p.errors}"


def _first_with_menu(page, kind):
    return page.evaluate(
        """(kind) => { for (const s of document.querySelectorAll('script.dsr-figure-spec')) {
        const lay = JSON.parse(s.textContent).layout || {};
        if ((lay.updatemenus || []).some(m => (m.type || 'dropdown') === kind)) return s.dataset.target; }
        return null; }""",  # noqa: E501 (embedded HTML, CSS or JavaScript)
        kind,
    )


def test_a_choice_made_before_plotly_js_has_loaded_is_applied(reader_session):
    """plotly.js withheld: the native control works at once, and the chart shows the choice when
    drawn."""
    browser, base = reader_session
    p = Page(browser, f"{base}/notebooks/02-economics.html", hold="plotly.min.js")
    try:
        fig_id = _first_with_menu(p.page, "dropdown")
        assert fig_id
        assert not p.page.evaluate(
            "(id) => !!document.getElementById(id).querySelector('.main-svg')", fig_id
        )
        chosen = _operate(p.page, fig_id, 0, "select")
        assert chosen != 0
        assert p.page.evaluate("() => typeof window.Plotly") == "undefined", (
            "plotly.js was not withheld"
        )
        p.page.wait_for_timeout(300)
        for r in p.held:
            r.continue_()
        p.page.route("**/plotly.min.js", lambda r: r.continue_())
        p.page.wait_for_function(
            """([id, i]) => { const d = document.getElementById(id);
               return d.querySelector('.main-svg') && d.layout.updatemenus[0].active === i; }""",
            arg=[fig_id, chosen],
            timeout=30_000,
        )
        p.page.wait_for_timeout(200)
        visible = p.page.evaluate(VISIBLE, fig_id)
        spec_vis = p.page.evaluate(
            """([id, i]) => JSON.parse(document.querySelector(
            `script.dsr-figure-spec[data-target="${id}"]`).textContent).layout.updatemenus[0].buttons[i].args[0].visible""",
            [fig_id, chosen],
        )
        select_value = (
            p.page.locator(f"#{fig_id}")
            .locator("xpath=ancestor::figure")
            .locator("select")
            .first.input_value()
        )
    finally:
        p.close()
    assert visible == spec_vis
    assert select_value == str(chosen)
    assert not p.errors, f"console errors: {p.errors}"


def test_the_plotly_menu_and_the_html_control_stay_in_sync(reader_session):
    """A click on the chart's own (Plotly) button menu updates the native buttons."""
    browser, base = reader_session
    doc = next(d for d in CHAPTERS if "economics" in d)
    p = Page(browser, f"{base}/{doc}.html")
    try:
        fig_id = _first_with_menu(p.page, "buttons")
        assert fig_id, "no chart with a button menu"
        p.page.evaluate("(id) => window.dsr.ready(id)", fig_id)
        p.page.wait_for_function(
            "(id) => document.getElementById(id).querySelector('.updatemenu-button')",
            arg=fig_id,
            timeout=30_000,
        )
        p.page.locator(f"#{fig_id} .updatemenu-button").nth(1).click()
        fig = p.page.locator(f"#{fig_id}").locator("xpath=ancestor::figure")
        p.page.wait_for_function(
            """(id) => { const f = document.getElementById(id).closest('figure');
            const b = f.querySelectorAll('.dsr-control-button'); return b[1] && b[1].getAttribute('aria-pressed') === 'true'; }""",  # noqa: E501 (embedded HTML, CSS or JavaScript)
            arg=fig_id,
            timeout=10_000,
        )
        pressed = fig.locator(".dsr-control-button[aria-pressed=true]").count()
    finally:
        p.close()
    assert pressed == 1
    assert not p.errors, f"console errors: {p.errors}"


def test_data_table_toggle_chart_svg_hidden_and_one_toolbar_tab_stop(reader_session):
    browser, base = reader_session
    p = Page(browser, f"{base}/notebooks/02-economics.html")
    try:
        fig_id = p.page.evaluate(
            "() => document.querySelector('figure.dsr-figure .plotly-graph-div').id"
        )
        fig = p.page.locator(f"#{fig_id}").locator("xpath=ancestor::figure")
        toggle = fig.locator("button.dsr-table-toggle")
        assert toggle.get_attribute("aria-expanded") == "false"
        panel_id = toggle.get_attribute("aria-controls")
        assert _tab_to(p.page, toggle.element_handle()), "Tab does not reach the Data table button"
        p.page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "true"
        panel = p.page.locator(f"#{panel_id}")
        assert panel.is_visible()
        rows = panel.locator("table tbody tr").count()
        points = p.page.evaluate(
            """(id) => { const s = JSON.parse(document.querySelector(
            `script.dsr-figure-spec[data-target="${id}"]`).textContent);
            const len = v => Array.isArray(v) ? v.length : v && v.bdata ? atob(v.bdata).length / {i1:1,u1:1,i2:2,u2:2,i4:4,u4:4,f4:4,f8:8}[v.dtype] : 0;
            return s.data.filter(t => t.visible !== false && t.visible !== 'legendonly')
                         .reduce((n, t) => n + Math.max(len(t.x), len(t.y), len(t.locations), len(t.z)), 0); }""",  # noqa: E501 (embedded HTML, CSS or JavaScript)
            fig_id,
        )
        headers = panel.locator("table thead th").all_inner_texts()
        p.page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "false" and not panel.is_visible()

        p.page.evaluate("(id) => window.dsr.ready(id)", fig_id)
        p.page.wait_for_function(
            "(id) => document.getElementById(id).querySelector('.modebar-btn')",
            arg=fig_id,
            timeout=30_000,
        )
        p.page.wait_for_timeout(200)
        svg = p.page.evaluate(
            "(id) => [...document.getElementById(id).querySelectorAll('svg.main-svg')]"
            ".map(s => s.getAttribute('aria-hidden'))",
            fig_id,
        )
        tab_stops = p.page.evaluate(
            "(id) => [...document.getElementById(id).querySelectorAll('.modebar-btn')]"
            ".filter(b => b.tabIndex >= 0).length",
            fig_id,
        )
        labelled = p.page.evaluate(
            """(id) => { const f = document.getElementById(id).closest('figure');
            return !!(f.getAttribute('aria-label') || f.getAttribute('aria-labelledby')) && !!f.getAttribute('aria-describedby'); }""",  # noqa: E501 (embedded HTML, CSS or JavaScript)
            fig_id,
        )
        # The toolbar: one tab stop, the arrow keys move along it.
        first = p.page.locator(f"#{fig_id} .modebar-btn[tabindex='0']").element_handle()
        first.focus()
        p.page.keyboard.press("ArrowRight")
        moved = p.page.evaluate(
            """(id) => { const b = [...document.getElementById(id).querySelectorAll('.modebar-btn')];
            return b.indexOf(document.activeElement) === 1 && document.activeElement.tabIndex === 0; }""",  # noqa: E501 (embedded HTML, CSS or JavaScript)
            fig_id,
        )
    finally:
        p.close()
    assert rows == points and rows > 0, f"data table has {rows} rows for {points} points"
    assert len(headers) >= 2
    assert svg and all(a == "true" for a in svg), (
        "the chart's SVG is not hidden from screen readers"
    )
    assert tab_stops == 1, f"the chart toolbar has {tab_stops} tab stops"
    assert moved, "the arrow keys do not move along the chart toolbar"
    assert labelled
    assert not p.errors, f"console errors: {p.errors}"


def _axe(page, axe_js, context="document", rules=None):
    page.add_script_tag(content=axe_js)
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    return page.evaluate(
        """async ([ctx, runOnly]) => (await axe.run(ctx === 'document' ? document : ctx,
        {runOnly, resultTypes: ['violations']})).violations.map(v => ({id: v.id, impact: v.impact,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.html.slice(0, 120))}))""",
        [context, run_only],
    )


@pytest.mark.parametrize("doc", toc_files())
def test_axe_finds_no_serious_or_critical_violation(reader_session, axe_js, doc):
    browser, base = reader_session
    p = Page(browser, f"{base}/{doc}.html")
    try:
        p.draw_all()
        found = _axe(p.page, axe_js)
    finally:
        p.close()
    bad = [v for v in found if v["impact"] in ("serious", "critical")]
    assert not bad, f"{doc}: axe-core: {bad}"


def test_links_in_output_panels_keep_their_contrast_in_dark_mode(reader_session, axe_js):
    browser, base = reader_session
    p = Page(browser, f"{base}/notebooks/02-economics.html", dark=True)
    try:
        assert p.page.evaluate("() => document.documentElement.dataset.theme") == "dark"
        found = _axe(p.page, axe_js, context=".bd-content", rules=["color-contrast"])
        links = p.page.evaluate(
            """() => [...document.querySelectorAll('.cell_output .text_html a')].length"""
        )
    finally:
        p.close()
    assert links > 0
    assert not [v for v in found if any("cell_output" in n or "dsr-" in n for n in v["nodes"])], (
        found
    )


@pytest.mark.parametrize("doc", toc_files())
def test_no_page_scrolls_sideways_on_a_phone(reader_session, doc):
    browser, base = reader_session
    p = Page(browser, f"{base}/{doc}.html", **PHONE)
    try:
        p.draw_all()
        widths = p.page.evaluate("""() => { const se = document.scrollingElement;
            const wide = se.scrollWidth <= se.clientWidth ? [] : [...document.querySelectorAll('.bd-article *')].filter(e => e.getBoundingClientRect().right > se.clientWidth + 1
                && !e.closest('.dsr-table-scroll, .dsr-table-panel, .highlight, .table-wrapper, .MathJax, mjx-container, [style*="overflow"]'))
                .slice(0, 3).map(e => e.tagName + '.' + e.className);
            return {scroll: se.scrollWidth, client: se.clientWidth, wide}; }""")  # noqa: E501 (embedded HTML, CSS or JavaScript)
    finally:
        p.close()
    assert widths["scroll"] <= widths["client"], f"{doc} scrolls sideways at 390 px: {widths}"
