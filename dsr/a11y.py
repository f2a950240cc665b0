"""Sphinx extension: accessibility fixes for the theme, the bibliography and the book's figures.

* Two of the theme's buttons fail WCAG 2.5.3 "label in name" (axe ``label-content-name-mismatch``):
  the sidebar's search button is named "Search" but shows "Search Ctrl+K", and the colour-mode
  button holds three icons each with its own ``title``. Both theme templates are overridden: the
  search button is named by what it shows, and the mode icons are hidden from assistive technology.
  The copies are written into the build's doctree folder at start-up, so the extension stays one
  module.
* The sidebar's collapsible sections open with a ``<summary>`` that holds only an icon (axe
  ``summary-name``): each gets an ``aria-label`` naming its section.
* docutils writes a bibliography as ``<div role="list">`` of ``<div role="doc-biblioentry">``; that
  role is deprecated and is not a list item (axe ``aria-required-children``, critical), so the
  entries become ``role="listitem"``.
* No table widens the page on a phone: a table written as raw HTML outside any box that scrolls gets
  one (a named ``role="region"``, a tab stop while it scrolls), and the theme's box around MyST
  tables gets a name (:func:`scroll_tables`).
* Pages with figures get ``dsr-controls.js`` (after ``dsr-plots.js``): native HTML controls for each
  chart's Plotly menus and sliders, a keyboard-friendly chart toolbar, the chart's SVG hidden from
  screen readers behind the figure's label and summary, and a "Data table" view of its data.

Enable it in ``_config.yml`` under ``sphinx.extra_extensions`` (after ``dsr.sphinxext``).
"""

from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

CONTROLS_JS = "dsr-controls.js"

#: pydata-sphinx-theme 0.17 ``components/search-button-field.html``, without the ``aria-label`` that
#: named the button "Search" while it shows "Search Ctrl+K": its name now comes from what it shows
#: (the icon is hidden from assistive technology), and the shortcut is also given as
#: aria-keyshortcuts.
SEARCH_BUTTON_FIELD = """\
{# dsr.a11y override of pydata-sphinx-theme's search-button-field.html (label in name, WCAG 2.5.3) #}
<button class="btn search-button-field search-button__button pst-js-only" title="{{ _('Search') }}" aria-keyshortcuts="Control+K" data-bs-placement="bottom" data-bs-toggle="tooltip">
 <i class="fa-solid fa-magnifying-glass" aria-hidden="true"></i>
 <span class="search-button__default-text">{{ _('Search') }}</span>
 <span class="search-button__kbd-shortcut"><kbd class="kbd-shortcut__modifier">Ctrl</kbd>+<kbd class="kbd-shortcut__modifier">K</kbd></span>
</button>
"""  # noqa: E501 (embedded HTML, CSS or JavaScript)

#: pydata-sphinx-theme 0.17 ``components/theme-switcher.html``: the three mode icons carry titles
#: (hover hints) that made them text inside a button named "Color mode"; they are decorative.
THEME_SWITCHER = """\
{# dsr.a11y override of pydata-sphinx-theme's theme-switcher.html (label in name, WCAG 2.5.3) #}
<button class="btn btn-sm nav-link pst-navbar-icon theme-switch-button pst-js-only" aria-label="{{ _('Color mode') }}" data-bs-title="{{ _('Color mode') }}"  data-bs-placement="bottom" data-bs-toggle="tooltip">
  <i class="theme-switch fa-solid fa-sun                fa-lg" data-mode="light" aria-hidden="true"></i>
  <i class="theme-switch fa-solid fa-moon               fa-lg" data-mode="dark"  aria-hidden="true"></i>
  <i class="theme-switch fa-solid fa-circle-half-stroke fa-lg" data-mode="auto"  aria-hidden="true"></i>
</button>
"""  # noqa: E501 (embedded HTML, CSS or JavaScript)

TEMPLATES = {"search-button-field.html": SEARCH_BUTTON_FIELD, "theme-switcher.html": THEME_SWITCHER}


def _templates(app, config) -> None:
    """Write the template overrides and put their folder first on the template path."""
    folder = Path(app.doctreedir) / "dsr-a11y-templates"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in TEMPLATES.items():
        target = folder / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    paths = list(config.templates_path or [])
    if str(folder) not in paths:
        config.templates_path = [str(folder)] + paths


def _write_assets(app) -> None:
    if app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(__file__).parent / CONTROLS_JS, static / CONTROLS_JS)


_SUMMARY = re.compile(
    r'(<a class="[^"]*\breference\b[^"]*"'
    r' href="[^"]*">)((?:(?!</a>).)*)(</a>\s*<details(?:\s[^>]*)?>\s*)'
    r"<summary>(?=\s*<span)",
    re.S,
)


def label_summaries(toc_html: str) -> str:
    """Give each icon-only ``<summary>`` of the sidebar an accessible name: its section's title."""

    def name(m):
        title = html.unescape(re.sub(r"<[^>]+>", "", m.group(2))).strip()
        label = html.escape(f"{title}: pages in this section", quote=True)
        return f'{m.group(1)}{m.group(2)}{m.group(3)}<summary aria-label="{label}">'

    return _SUMMARY.sub(name, toc_html)


def _wrap_toctree(context) -> None:
    generate = context.get("generate_toctree_html")
    if generate is None or getattr(generate, "_dsr_a11y", False):
        return

    def generate_toctree_html(*args, **kwargs):
        return label_summaries(str(generate(*args, **kwargs)))

    generate_toctree_html._dsr_a11y = True
    context["generate_toctree_html"] = generate_toctree_html


def fix_body(body: str) -> str:
    """Bibliography entries inside ``role="list"`` become list items (doc-biblioentry is
    deprecated);
    every table scrolls sideways inside its own named region (:func:`scroll_tables`)."""
    return scroll_tables(body.replace('role="doc-biblioentry"', 'role="listitem"'))


#: Containers that already scroll sideways: the theme's box around docutils (MyST) tables, the
#: book's own boxes (dsr.pages, the chart data tables) and notebook outputs.
_SCROLLERS = {
    "pst-scrollable-table-container",
    "dsr-table-scroll",
    "dsr-table-panel",
    "table-wrapper",
    "output",
    "cell_output",
}
_PST_BOX = re.compile(r'<div class="pst-scrollable-table-container">(?=\s*<table\b)')
_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.I)


class _Tables(HTMLParser):
    """Offsets of the tables not inside a container that scrolls (nor inside another table)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.lines = [0] + [
            m.end() for m in re.finditer("\n", text)
        ]  # the parser counts lines by "\n"
        self.divs: list[bool] = []  # per open <div>: does it scroll?
        self.depth = 0  # open <table>s
        self.bare: list[int] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag == "div":
            classes = set((dict(attrs).get("class") or "").split())
            self.divs.append(bool(classes & _SCROLLERS))
        elif tag == "table":
            if not self.depth and not any(self.divs):
                line, col = self.getpos()
                self.bare.append(self.lines[line - 1] + col)
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "div" and self.divs:
            self.divs.pop()
        elif tag == "table" and self.depth:
            self.depth -= 1


def _table_name(table: str) -> str:
    """The accessible name of a table's scroll box: its caption, or else its column headings."""
    m = re.search(r"<caption\b[^>]*>(.*?)</caption>", table, re.S | re.I)
    text = (
        m.group(1)
        if m
        else ", ".join(
            re.sub(r"<[^>]+>", "", h).strip()
            for h in re.findall(
                r"<th\b[^>]*>(.*?)</th>",
                table.split("</thead>")[0] if "</thead>" in table else table,
                re.S | re.I,
            )[:6]
        )
    )
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", text))).strip()
    return html.escape(f"Table: {text}" if text else "Table", quote=True)


def _table_end(body: str, start: int) -> int:
    depth = 0
    for m in _TABLE_TAG.finditer(body, start):
        depth += -1 if m.group(1) else 1
        if not depth:
            return m.end()
    return -1


def scroll_tables(body: str) -> str:
    """Wide tables scroll inside their own box, never the page (a phone is 390 px wide).

    Tables the theme already boxes (``div.pst-scrollable-table-container``, around every MyST table)
    get a name for that box (``role="region"`` and ``aria-label``: the table's caption or column
    headings); tables written as raw HTML outside any scrolling container get the same box (classes
    ``pst-scrollable-table-container dsr-table-scroll``, ``tabindex="0"``). The theme's script keeps
    the box a tab stop (for scrolling with the keyboard) only while its table is wider than it."""
    if "<table" not in body.lower():
        return body
    try:
        bare = _Tables(body).bare
    except Exception:  # malformed HTML: leave the page as it is
        bare = []
    out, at = [], 0
    for start in bare:
        end = _table_end(body, start)
        if end < 0 or start < at or body[start : start + 6].lower() != "<table":
            continue
        table = body[start:end]
        out.append(body[at:start])
        out.append(
            '<div class="pst-scrollable-table-container dsr-table-scroll" tabindex="0"'
            f' role="region" aria-label="{_table_name(table)}">{table}</div>'
        )
        at = end
    out.append(body[at:])
    body = "".join(out)

    def name_box(m):
        end = _table_end(body, m.end())
        table = body[m.end() : end] if end > 0 else ""
        return (
            '<div class="pst-scrollable-table-container" role="region"'
            f' aria-label="{_table_name(table)}">'
        )

    return _PST_BOX.sub(name_box, body)


def _page(app, pagename, templatename, context, doctree) -> None:
    _wrap_toctree(context)
    body = context.get("body")
    if isinstance(body, str):
        context["body"] = body = fix_body(body)
        if "plotly-graph-div" in body:
            # After dsr-plots.js (priority 220); it does not depend on it having run.
            app.add_js_file(CONTROLS_JS, priority=225, loading_method="defer")


def setup(app):
    app.connect("config-inited", _templates)
    app.connect("builder-inited", _write_assets)
    # After pydata-sphinx-theme, which puts generate_toctree_html into the context (priority 500).
    app.connect("html-page-context", _page, priority=900)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
