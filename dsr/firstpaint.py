"""First paint without render-blocking stylesheets (Sphinx extension ``dsr.firstpaint``).

A page of the book used to wait for fourteen stylesheets (the theme's alone is 397 KiB, 66 KiB
gzipped, 92% of it unused on any one page) before it drew a word: on Lighthouse's simulated phone on
a slow 4G link, 1.3-2.6 s of blank screen. Now each page carries, in one ``<style>`` element, the
rules of those stylesheets that can apply to it, and links no stylesheet (readers without JavaScript
get them in ``<noscript>``). Loading the full stylesheets afterwards was tried and dropped: each
arrival restyled and relaid the whole page (up to 1 s of blocked main thread on a phone) for no
visible change. ``tests/test_firstpaint.py`` checks in Chromium that adding them changes no
element's style or box, in light and dark mode, on a phone and a desktop, with menus and folds
opened.

Which rules "can apply": a rule is kept when one of its selectors names only tags, classes, ids and
attributes that occur in the page, that a script the page loads names in its strings (what it may
add at load or on a click: :func:`script_names`), or that the browser sets as the reader opens or
picks something (:data:`STATE_ATTRIBUTES`). Pseudo-classes and the arguments of ``:not()``,
``:is()`` and the like are ignored, so the test is generous: it keeps every rule that could match,
and some that cannot. ``@media`` and ``@supports`` blocks (print ones too) are filtered the same
way; ``@font-face``, ``@keyframes`` and other at-rules are kept; relative ``url()`` references are
rewritten for the page's folder.

How: ``html-page-context`` lists the page's stylesheets (the theme's two and Sphinx's ``css_files``,
in the order the page would link them) and scripts, and has the page rendered through the template
``dsr-page.html``, which renders the usual template and passes the whole page through the Jinja
filter ``dsr_first_paint`` before Sphinx writes it; the book's ``layout.html`` writes the empty
``<style id="dsr-first-paint">`` the filter fills. Nothing rewrites written files, and a rebuilt
page is filtered again with the stylesheets of that build. Stylesheets that other extensions write
only at the end of the build (:data:`END_OF_BUILD_ASSETS`) are written before the first page.

Also here:

* code highlighting without the ``<span>`` elements that change nothing (:func:`lean_formatter`): a
  chapter's code cells were 70% of its 7,300 elements, half of them spans around names and
  punctuation drawn exactly like plain text;
* sphinx-thebe's stylesheet and scripts are dropped when the launch buttons have Thebe off (Jupyter
  Book adds them to every page regardless; they would load Thebe from a CDN if ever started).
"""

from __future__ import annotations

import functools
import posixpath
import re
import zlib
from html.parser import HTMLParser
from pathlib import Path

import tinycss2

TEMPLATE = "dsr-page.html"
MARK = "/*dsr-first-paint*/"

#: Scripts whose string literals are not searched for class names: plotly.js styles its own
#: elements.
UNSCANNED = ("plotly", "fontawesome", "dsr-geo-")
#: Scripts every page loads outside Sphinx's list (the theme's), or that the search page loads.
THEME_SCRIPTS = (
    "scripts/bootstrap.js",
    "scripts/pydata-sphinx-theme.js",
    "searchtools.js",
    "language_data.js",
)
#: Attributes the page's first script sets before anything is drawn (the colour mode), and those the
#: browser itself sets when a reader opens, ticks or picks something.
STATE_ATTRIBUTES = frozenset(
    {
        "data-theme",
        "data-mode",
        "open",
        "checked",
        "selected",
        "disabled",
        "hidden",
        "aria-expanded",
        "aria-selected",
        "aria-pressed",
        "aria-current",
        "aria-hidden",
    }
)
#: Elements that are always there (the parser sees them, but the page may omit the tags).
ALWAYS_TAGS = frozenset({"html", "head", "body"})
_STRING = re.compile(r"""(["'`])((?:\\.|(?!\1)[^\\\n])*)\1""")
_NAME = re.compile(r"-?[A-Za-z_][\w-]*")


def script_names(path: Path) -> frozenset:
    """Every name-like word inside the string literals of a script: the classes, ids, attributes and
    elements it may add to the page (a generous list: it only decides which rules to keep)."""
    return _script_names(str(path), path.stat().st_mtime_ns)


@functools.cache
def _script_names(path: str, mtime: int) -> frozenset:
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    names = set()
    for match in _STRING.finditer(text):
        names.update(_NAME.findall(match.group(2)))
    return frozenset(names)


class PageTokens(HTMLParser):
    """Tag names, classes, ids and attribute names that occur in an HTML page."""

    def __init__(self, page: str, script_names: frozenset = frozenset()):
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set(ALWAYS_TAGS) | {n.lower() for n in script_names}
        self.classes: set[str] = set(script_names)
        self.ids: set[str] = set(script_names)
        self.attributes: set[str] = set(STATE_ATTRIBUTES) | {n.lower() for n in script_names}
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag.lower())
        for name, value in attrs:
            self.attributes.add(name.lower())
            if name == "class" and value:
                self.classes.update(value.split())
            elif name == "id" and value:
                self.ids.add(value)

    handle_startendtag = handle_starttag


def _selectors(prelude) -> list[list]:
    """A rule's prelude split at its top-level commas."""
    groups, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            groups.append(current)
            current = []
        elif token.type != "comment":
            current.append(token)
    groups.append(current)
    return groups


def selector_needs(tokens) -> tuple[set, set, set, set]:
    """(tags, classes, ids, attributes) a selector names outside pseudo-classes and their
    arguments."""
    tags, classes, ids, attributes = set(), set(), set(), set()
    previous = None
    for token in tokens:
        kind = token.type
        if kind == "ident":
            if previous is not None and previous.type == "literal" and previous.value == ".":
                classes.add(token.value)
            elif not (
                previous is not None and previous.type == "literal" and previous.value in (":", "|")
            ):
                tags.add(token.value.lower())
        elif kind == "hash":
            ids.add(token.value)
        elif kind == "[] block":
            names = [t for t in token.content if t.type == "ident"]
            if names:
                attributes.add(names[0].value.lower())
        previous = token
    return tags, classes, ids, attributes


def _applies(tokens, page: PageTokens) -> bool:
    tags, classes, ids, attributes = selector_needs(tokens)
    return (
        tags <= page.tags
        and classes <= page.classes
        and ids <= page.ids
        and attributes <= page.attributes
    )


def _rewrite_urls(tokens, base: str):
    """Serialise tokens, with relative ``url()`` references made relative to the page (``base`` is
    the stylesheet's folder as the page links it)."""
    out = []
    for token in tokens:
        if token.type == "url":
            out.append(f"url({_join(base, token.value)})")
        elif token.type == "function" and token.lower_name == "url":
            args = [t for t in token.arguments if t.type == "string"]
            out.append(
                f'url("{_join(base, args[0].value)}")' if args else tinycss2.serialize([token])
            )
        elif token.type in ("{} block", "() block", "[] block", "function"):
            inner = _rewrite_urls(
                token.content if token.type != "function" else token.arguments, base
            )
            if token.type == "function":
                out.append(f"{token.name}({inner})")
            else:
                opening = token.type[0]
                out.append(
                    f"{opening}{inner}{'}' if opening == '{' else ')' if opening == '(' else ']'}"
                )
        else:
            out.append(tinycss2.serialize([token]))
    return "".join(out)


def _join(base: str, url: str) -> str:
    if url.startswith(("data:", "#", "/")) or "://" in url:
        return url
    return posixpath.normpath(posixpath.join(base, url))


class Sheet:
    """A parsed stylesheet (cached per file and modification time)."""

    _cache: dict = {}

    def __init__(self, path: Path):
        self.path = path
        self.rules = tinycss2.parse_stylesheet(
            path.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True
        )
        for rule in self.rules:
            if rule.type == "error":
                raise ValueError(
                    f"{path}: line {rule.source_line}, column {rule.source_column}: "
                    f"CSS parse error: {rule.message}"
                )

    @classmethod
    def load(cls, path: Path) -> Sheet:
        key = (str(path), path.stat().st_mtime_ns)
        if key not in cls._cache:
            cls._cache[key] = cls(path)
        return cls._cache[key]


def _filter_rules(rules, page: PageTokens, base: str) -> list[str]:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            keep = [s for s in _selectors(rule.prelude) if _applies(s, page)]
            if keep:
                selector = ",".join(tinycss2.serialize(s).strip() for s in keep)
                out.append(f"{selector}{{{_rewrite_urls(rule.content, base).strip()}}}")
        elif rule.type == "at-rule":
            name = rule.lower_at_keyword
            if name in ("media", "supports", "layer", "container") and rule.content is not None:
                condition = tinycss2.serialize(rule.prelude).strip()
                inner = _filter_rules(
                    tinycss2.parse_rule_list(
                        rule.content, skip_comments=True, skip_whitespace=True
                    ),
                    page,
                    base,
                )
                if inner:
                    out.append(f"@{rule.at_keyword} {condition}{{{''.join(inner)}}}")
            elif name in ("charset", "import"):
                # the full stylesheets keep their imports; the book's list names basic.css itself
                continue
            else:
                out.append(
                    f"@{rule.at_keyword}{_rewrite_urls(rule.prelude, base)}"
                    + (
                        f"{{{_rewrite_urls(rule.content, base)}}}"
                        if rule.content is not None
                        else ";"
                    )
                )
    return out


def first_paint_css(page: str, sheets: list[dict], scripts: list[str] = ()) -> str:
    """The rules of ``sheets`` (dicts with ``path`` and ``href``) that can apply to ``page``, whose
    ``scripts`` (paths) may add the classes, ids, attributes and elements their strings name."""
    names = frozenset().union(*(script_names(Path(p)) for p in scripts))
    tokens = PageTokens(page, names)
    parts = []
    for sheet in sheets:
        rules = Sheet.load(Path(sheet["path"])).rules
        base = posixpath.dirname(sheet["href"].split("?", 1)[0])
        css = "".join(_filter_rules(rules, tokens, base))
        if sheet.get("media"):
            css = f"@media {sheet['media']}{{{css}}}"
        parts.append(css)
    return "\n".join(parts).replace("</", "<\\/")


def fill(page: str, sheets: list[dict], scripts: list[str] = ()) -> str:
    """The Jinja filter: the page with its first-paint rules in place of the mark."""
    if MARK not in page:
        return page
    if page.count(MARK) != 1:
        raise ValueError(
            f"dsr.firstpaint: the mark {MARK} occurs {page.count(MARK)} times in one page"
        )
    return page.replace(MARK, first_paint_css(page, sheets, scripts))


def _checksum(path: Path) -> str:
    return f"{zlib.crc32(path.read_bytes()) & 0xFFFFFFFF:08x}"


def _thebe_off(app) -> bool:
    options = app.config.html_theme_options or {}
    return not (options.get("launch_buttons") or {}).get("thebe")


#: JavaScript (a Playwright ``page.evaluate`` function) that adds a page's full stylesheets, the
#: ones its ``<noscript>`` lists, and resolves with their number once they have loaded: the handouts
#: print with them (their print classes are set by dsr.teaching, not by the page), and the tests
#: compare.
LOAD_STYLESHEETS_JS = """async () => {
  const box = document.createElement('div');
  box.innerHTML = [...document.querySelectorAll('head noscript')].map(n => n.textContent).join('');
  const links = [...box.querySelectorAll('link[rel=stylesheet]')];
  await Promise.all(links.map(l => new Promise(done => {
    const x = document.createElement('link');
    x.rel = 'stylesheet'; x.href = l.getAttribute('href'); if (l.media) x.media = l.media;
    x.onload = x.onerror = done; document.head.appendChild(x);
  })));
  return links.length;
}"""

#: Stylesheets other extensions write only when the build finishes (module, function(app,
#: exception)):
#: the theme's light/dark pygments.css, myst-nb's and sphinx-exercise's stylesheets. The first page
#: needs them earlier; writing them twice writes the same files.
END_OF_BUILD_ASSETS = [
    ("pydata_sphinx_theme.pygments", "overwrite_pygments_css"),
    ("myst_nb.sphinx_ext", "add_global_html_resources"),
    ("sphinx_exercise", "copy_asset_files"),
]


def _write_end_of_build_assets(app) -> None:
    """Write, before the first page, the stylesheets other extensions write at the end of the
    build."""
    if getattr(app.builder, "_dsr_assets_written", False):
        return
    import importlib

    for module, function in END_OF_BUILD_ASSETS:
        if module.split(".")[0] in app.extensions or module in app.extensions:
            getattr(importlib.import_module(module), function)(app, None)
    app.builder._dsr_assets_written = True


def _page(app, pagename, templatename, context, doctree):
    if app.builder.format != "html" or "pathto" not in context:
        return None
    _write_end_of_build_assets(app)
    static = Path(app.outdir)
    if _thebe_off(app):
        context["css_files"] = [
            c for c in context.get("css_files", []) if "thebe" not in str(getattr(c, "filename", c))
        ]
        context["script_files"] = [
            s
            for s in context.get("script_files", [])
            if "thebe" not in str(getattr(s, "filename", "") or "")
            and "thebe" not in str(getattr(s, "attributes", {}).get("body", ""))
        ]
    files = [("_static/basic.css", None), ("_static/styles/pydata-sphinx-theme.css", None)]
    # Sphinx sorts css_files by priority only after this event: sort them as the page will list
    # them.
    for css in sorted(context.get("css_files", []), key=lambda c: getattr(c, "priority", 500)):
        name = str(getattr(css, "filename", css))
        media = getattr(css, "attributes", {}).get("media")
        files.append((name, None if media in (None, "all") else media))
    sheets = []
    for name, media in files:
        path = static / name
        if "://" in name or not path.exists():
            raise FileNotFoundError(
                f"dsr.firstpaint: page {pagename}: stylesheet {name} is not in {static} when "
                "the page is written (an extension that writes it at the end of the build "
                "belongs in dsr.firstpaint.END_OF_BUILD_ASSETS)"
            )
        href = context["pathto"](name, 1) + f"?v={_checksum(path)}"
        sheets.append({"href": href, "path": str(path), "media": media})
    context["dsr_stylesheets"] = sheets
    names = [str(getattr(js, "filename", "") or "") for js in context.get("script_files", [])]
    scripts = []
    for name in [*names, *(f"_static/{n}" for n in THEME_SCRIPTS)]:
        path = static / name
        if name and "://" not in name and not any(u in name for u in UNSCANNED) and path.exists():
            scripts.append(str(path))
    context["dsr_scripts"] = scripts
    context["dsr_inner_template"] = templatename
    return TEMPLATE


# -- code highlighting without spans that change nothing ------------------------------------------


def plain_token_types(*styles) -> frozenset:
    """Pygments token types drawn exactly like plain text in every one of ``styles`` (names or
    classes)."""
    from pygments.styles import get_style_by_name
    from pygments.token import STANDARD_TYPES, Token

    plain = set(STANDARD_TYPES)
    for style in styles:
        style = get_style_by_name(style) if isinstance(style, str) else style
        base = style.style_for_token(Token.Text)
        plain &= {t for t in STANDARD_TYPES if style.style_for_token(t) == base}
    return frozenset(plain)


def lean_formatter(plain: frozenset):
    """An HTML formatter that writes no ``<span>`` for tokens drawn like plain text (names,
    punctuation and whitespace in the theme's light and dark styles): a chapter's code cells were
    70% of its 7,300 elements, and those spans were half of them."""
    from pygments.formatters import HtmlFormatter

    class LeanHtmlFormatter(HtmlFormatter):
        def _get_css_classes(self, ttype):
            if ttype in plain:
                return ""
            return super()._get_css_classes(ttype)

    return LeanHtmlFormatter


def _theme_styles(app) -> tuple[str, str]:
    options = app.builder.theme.get_options(app.config.html_theme_options or {})
    return (
        options.get("pygments_light_style") or "a11y-high-contrast-light",
        options.get("pygments_dark_style") or "a11y-high-contrast-dark",
    )


def _builder_inited(app) -> None:
    if app.builder.format != "html":
        return
    app.builder.templates.environment.filters["dsr_first_paint"] = fill
    highlighter = getattr(app.builder, "highlighter", None)
    if highlighter is not None and getattr(app.builder, "theme", None) is not None:
        styles = _theme_styles(app)
        highlighter.formatter = lean_formatter(plain_token_types(*styles))


def setup(app):
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
