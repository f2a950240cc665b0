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
* Pages with figures get ``dsr-controls.js`` (after ``dsr-plots.js``): native HTML controls for each
  chart's Plotly menus and sliders, a keyboard-friendly chart toolbar, the chart's SVG hidden from
  screen readers behind the figure's label and summary, and a "Data table" view of its data.

Enable it in ``_config.yml`` under ``sphinx.extra_extensions`` (after ``dsr.sphinxext``).
"""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

CONTROLS_JS = "dsr-controls.js"

#: pydata-sphinx-theme 0.17 ``components/search-button-field.html``, without the ``aria-label`` that
#: named the button "Search" while it shows "Search Ctrl+K": its name now comes from what it shows
#: (the icon is hidden from assistive technology), and the shortcut is also given as aria-keyshortcuts.
SEARCH_BUTTON_FIELD = """\
{# dsr.a11y override of pydata-sphinx-theme's search-button-field.html (label in name, WCAG 2.5.3) #}
<button class="btn search-button-field search-button__button pst-js-only" title="{{ _('Search') }}" aria-keyshortcuts="Control+K" data-bs-placement="bottom" data-bs-toggle="tooltip">
 <i class="fa-solid fa-magnifying-glass" aria-hidden="true"></i>
 <span class="search-button__default-text">{{ _('Search') }}</span>
 <span class="search-button__kbd-shortcut"><kbd class="kbd-shortcut__modifier">Ctrl</kbd>+<kbd class="kbd-shortcut__modifier">K</kbd></span>
</button>
"""

#: pydata-sphinx-theme 0.17 ``components/theme-switcher.html``: the three mode icons carry titles
#: (hover hints) that made them text inside a button named "Color mode"; they are decorative.
THEME_SWITCHER = """\
{# dsr.a11y override of pydata-sphinx-theme's theme-switcher.html (label in name, WCAG 2.5.3) #}
<button class="btn btn-sm nav-link pst-navbar-icon theme-switch-button pst-js-only" aria-label="{{ _('Color mode') }}" data-bs-title="{{ _('Color mode') }}"  data-bs-placement="bottom" data-bs-toggle="tooltip">
  <i class="theme-switch fa-solid fa-sun                fa-lg" data-mode="light" aria-hidden="true"></i>
  <i class="theme-switch fa-solid fa-moon               fa-lg" data-mode="dark"  aria-hidden="true"></i>
  <i class="theme-switch fa-solid fa-circle-half-stroke fa-lg" data-mode="auto"  aria-hidden="true"></i>
</button>
"""

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


_SUMMARY = re.compile(r'(<a class="[^"]*\breference\b[^"]*" href="[^"]*">)((?:(?!</a>).)*)(</a>\s*<details(?:\s[^>]*)?>\s*)'
                      r'<summary>(?=\s*<span)', re.S)


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
    """Bibliography entries inside ``role="list"`` become list items (doc-biblioentry is deprecated)."""
    return body.replace('role="doc-biblioentry"', 'role="listitem"')


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
