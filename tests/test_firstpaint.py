"""First paint without render-blocking stylesheets (``dsr.firstpaint``).

Unit tests of the rule filter, the url rewriting, the script scan and the lean highlighter; on the
built book: every page inlines its first-paint rules and links no stylesheet outside ``<noscript>``;
and, in headless Chromium, every element of the pages below (light and dark mode, phone and desktop,
with a folded code cell, a solution and the download menu opened) is styled and placed exactly as it
is once the full stylesheets are added to the page.
"""

from __future__ import annotations

import re

import pytest
import tinycss2
from conftest import served_browser, toc_files

from dsr.firstpaint import (
    LOAD_STYLESHEETS_JS,
    MARK,
    PageTokens,
    fill,
    first_paint_css,
    lean_formatter,
    plain_token_types,
    script_names,
    selector_needs,
)


def needs(selector: str):
    return selector_needs(tinycss2.parse_component_value_list(selector))


def test_selector_needs_names_tags_classes_ids_and_attributes_outside_pseudo_classes():
    tags, classes, ids, attributes = needs(
        'html[data-theme="dark"] .bd-page > a.ref:not(.hidden)::before'
    )
    assert tags == {"html", "a"}
    assert classes == {"bd-page", "ref"}
    assert ids == set() and attributes == {"data-theme"}
    assert needs("#main .x:hover") == (set(), {"x"}, {"main"}, set())
    assert needs("svg|rect") == ({"svg"}, set(), set(), set())


def sheet(tmp_path, css, name="s.css"):
    path = tmp_path / name
    path.write_text(css, encoding="utf-8")
    return {"path": str(path), "href": f"../_static/styles/{name}", "media": None}


def test_rules_are_kept_when_the_page_has_what_they_name(tmp_path):
    css = """.here{color:red} .absent{color:blue} p.here, .absent span{margin:0}
             @media (max-width: 600px){.here{padding:0} .absent{padding:1px}}
             @media print{.here{display:none}} @font-face{font-family:X;src:url(../vendor/x.woff2)}
             #top .here{border:0} [data-theme=dark] .here{color:white} .here::after{content:"x"}"""
    out = first_paint_css('<p class="here" id="top">x</p>', [sheet(tmp_path, css)])
    assert ".here{color:red}" in out and ".absent{" not in out
    assert "p.here{margin:0}" in out, "only the selectors of a rule that can match are kept"
    assert "@media (max-width: 600px){.here{padding:0}}" in out
    assert "@media print{.here{display:none}}" in out
    assert "url(../_static/vendor/x.woff2)" in out, "relative urls are rewritten for the page"
    assert "#top .here{border:0}" in out and "[data-theme=dark] .here{color:white}" in out
    assert '.here::after{content:"x"}' in out


def test_a_class_a_script_adds_keeps_its_rules(tmp_path):
    script = tmp_path / "a.js"
    script.write_text(
        'el.classList.add("made-by-script"); x.innerHTML = \'<b class="also-made">\';'
    )
    assert {"made-by-script", "also-made", "b"} <= script_names(script)
    css = ".made-by-script{color:red} .also-made{color:blue} .never{color:green}"
    out = first_paint_css("<p>x</p>", [sheet(tmp_path, css)], [str(script)])
    assert ".made-by-script{" in out and ".also-made{" in out and ".never" not in out


def test_a_stylesheet_with_a_media_attribute_keeps_it_and_closing_tags_cannot_end_the_style(
    tmp_path,
):
    css = '.here{color:red} .here::before{content:"</style>"}'
    s = sheet(tmp_path, css) | {"media": "screen"}
    out = first_paint_css('<p class="here">x</p>', [s])
    assert out.startswith("@media screen{") and "</style>" not in out


def test_fill_replaces_the_mark_once_and_refuses_two(tmp_path):
    s = [sheet(tmp_path, ".a{color:red}")]
    page = f'<style>{MARK}</style><p class="a">'
    assert fill(page, s) == '<style>.a{color:red}</style><p class="a">'
    assert fill("<p>no mark</p>", s) == "<p>no mark</p>"
    with pytest.raises(ValueError, match="occurs 2 times"):
        fill(page + MARK, s)


def test_a_broken_stylesheet_is_named_with_line_and_column(tmp_path):
    s = sheet(tmp_path, ".a{color:red}\n@media screen{.b{color:red}}\n.c", "broken.css")
    with pytest.raises(ValueError, match=r"broken\.css: line 3, column"):
        first_paint_css('<p class="a">', [s])


def test_page_tokens_read_classes_ids_and_attributes():
    t = PageTokens('<div id="x" class="a b" data-k="1"><img src="i.png"/></div>')
    assert {"div", "img", "html", "body"} <= t.tags and {"a", "b"} <= t.classes
    assert "x" in t.ids and {"data-k", "src", "data-theme"} <= t.attributes


def test_lean_highlighting_drops_only_spans_drawn_like_plain_text():
    from pygments import highlight
    from pygments.lexers import PythonLexer
    from pygments.token import Keyword, Name, Punctuation

    plain = plain_token_types("a11y-high-contrast-light", "a11y-high-contrast-dark")
    assert Name in plain and Punctuation in plain and Keyword not in plain
    out = highlight("import pandas as pd\nx = f(1)\n", PythonLexer(), lean_formatter(plain)())
    assert 'class="n"' not in out and 'class="p"' not in out
    assert 'class="kn"' in out and 'class="mi"' in out
    assert re.sub(r"<[^>]+>", "", out).strip().endswith("x = f(1)")


# -- the built book -------------------------------------------------------------------------------

pages_built = pytest.mark.build


@pages_built
def test_every_page_inlines_its_rules_and_links_no_stylesheet_before_its_first_paint(built_book):
    html_dir, _ = built_book
    for doc in toc_files() + ["search", "genindex"]:
        page = (html_dir / f"{doc}.html").read_text(encoding="utf-8")
        head = page.split("</head>", 1)[0]
        style = re.findall(r'<style id="dsr-first-paint">(.*?)</style>', head, re.S)
        assert len(style) == 1 and len(style[0]) > 10000 and MARK not in style[0], doc
        outside = re.sub(r"<noscript>.*?</noscript>", "", head, flags=re.S)
        assert not re.search(r'<link[^>]*rel="stylesheet"', outside), (
            f"{doc}: a render-blocking stylesheet"
        )
        hrefs = re.findall(
            r'<noscript>\s*(?:<link rel="stylesheet" href="([^"]+)"[^>]*>\s*)+', head
        )
        linked = re.findall(r'<link rel="stylesheet" href="([^"?]+)', head)
        assert len(linked) >= 10 and hrefs, f"{doc}: readers without JavaScript get the stylesheets"
        for href in linked:
            assert (html_dir / doc).parent.joinpath(href).resolve().is_file(), (
                f"{doc}: {href} missing"
            )
        assert not re.search(r"sphinx-thebe|THEBE_JS_URL|unpkg\.com", page), (
            f"{doc}: Thebe is off; no Thebe assets"
        )


SNAPSHOT = """() => {
  // Scroll positions are the reader's (and the theme's sidebar script's), not the stylesheets'.
  for (const el of document.querySelectorAll('*')) if (el.scrollTop || el.scrollLeft) el.scrollTo(0, 0);
  window.scrollTo(0, 0);
  const props = ['display', 'position', 'visibility', 'color', 'background-color', 'font-size', 'font-weight',
    'font-family', 'margin-top', 'margin-left', 'padding-top', 'padding-left', 'border-top-width',
    'border-top-color', 'opacity', 'z-index', 'text-decoration-line', 'line-height', 'overflow-x', 'mask-image'];
  return [...document.querySelectorAll('body *')].filter(el => !el.closest('.js-plotly-plot')).map(el => {
    const cs = getComputedStyle(el), r = el.getBoundingClientRect();
    const name = el.tagName + (el.id ? '#' + el.id : '') + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    return [name, props.map(p => cs.getPropertyValue(p)).join('|'), [r.x, r.y, r.width, r.height].map(Math.round).join(',')];
  });
}"""  # noqa: E501 (embedded HTML, CSS or JavaScript)
OPEN_THINGS = """() => {
  document.querySelector('details.hide, details.above-input')?.setAttribute('open', '');
  document.querySelector('.dropdown-download-buttons button, .dropdown-toggle')?.click();
  document.querySelector('.toggle-button, .dropdown summary')?.click();
}"""
PAGES = [
    "book/intro",
    "book/how-to-use",
    "book/seminar-guide",
    "book/bibliography",
    "book/data/index",
    "search",
] + [f for f in toc_files() if f.startswith(("notebooks/", "book/data/ids"))]


@pages_built
@pytest.mark.browser
@pytest.mark.parametrize("doc", PAGES)
def test_the_first_paint_looks_exactly_as_the_full_stylesheets_make_it(
    built_book, chromium_path, doc
):
    html_dir, _ = built_book
    with served_browser(html_dir, chromium_path) as (browser, base):
        for width, mode in [(390, "light"), (1280, "dark")]:
            ctx = browser.new_context(viewport={"width": width, "height": 900})
            ctx.add_init_script(
                f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');"
            )
            page = ctx.new_page()
            page.route(
                "**/*",
                lambda r: (
                    r.continue_()
                    if r.request.url.startswith((base, "data:", "blob:"))
                    else r.abort()
                ),
            )
            page.goto(f"{base}/{doc}.html", wait_until="load")
            page.evaluate(OPEN_THINGS)
            page.wait_for_timeout(400)
            before = page.evaluate(SNAPSHOT)
            assert page.evaluate(LOAD_STYLESHEETS_JS) >= 10
            page.wait_for_timeout(400)
            after = page.evaluate(SNAPSHOT)
            ctx.close()
            assert len(before) == len(after) > 100
            changed = [(b[0], b[1:], a[1:]) for b, a in zip(before, after, strict=False) if b != a]
            assert not changed, (
                f"{doc} at {width}px ({mode}): {len(changed)} elements change when the full "
                f"stylesheets arrive, e.g. {changed[:3]}"
            )
