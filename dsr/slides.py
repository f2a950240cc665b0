"""Sphinx extension: a short slide deck for each session's mini-lecture, built from the book itself.

The slides' source is ``book/slides/sessions.yml`` (one entry per session of the seminar guide: a
chapter and 5 to 9 slides, each a heading, a few bullets and optionally one of the chapter's
figures). When the HTML build has finished (after :mod:`dsr.teaching`), this module writes into
``_build/html/teaching/slides/``:

* ``session-N.html``: a self-contained deck (links only ``slides.css`` and ``slides.js`` beside it
  and its figures in ``figures/``; nothing is fetched from the network, no remote fonts). Slides are
  16:9 at 1280x720 px, scaled to the window; arrow keys, space, Page Up/Down, Home and End move
  between them, and the address keeps the slide number (``#3``). Without JavaScript all slides show
  one below the other. The print stylesheet gives one slide per landscape page.
* ``session-N.pdf``: the deck printed by headless Chromium (one page per slide), cached in
  ``_build/.dsr-slides`` by a hash of the deck, its stylesheet, script, figures and this module, as
  the teaching handouts are. Without Chromium the build skips the PDFs and says so in its log.

Numbers on the slides come from the build, never from the slide source: a figure's title (made by
its chapter from the data) is printed under its snapshot, and the placeholders ``{ledger:claims}``,
``{ledger:<verdict>}`` and ``{claim:<id>}`` read the claims ledger (``data/claims.csv``). Text the
build inserts is wrapped in ``class="built"``, so tests can tell it from typed text. A figure is
chosen by its chapter and a piece of its subtitle or title (``match``), which must pick exactly one
figure; the build inserts the figure's wide static snapshot (``_static/dsr-snapshots/<key>.svg``,
see :mod:`dsr.sphinxext`), copied beside the decks.

The role ``{dsr-slides}`N``` links session N's deck (HTML and PDF) from a page, as the seminar
guide's Materials lists do. Enable the extension in ``_config.yml`` under
``sphinx.extra_extensions``, after ``dsr.teaching``. ``python -m dsr.slides [_build]`` regenerates
the decks from a finished build."""

from __future__ import annotations

import csv
import hashlib
import html
import re
import shutil
import time
import unicodedata
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.util import logging

from . import paths, teaching
from .charts import WIDE_WIDTH

logger = logging.getLogger(__name__)

SOURCE = Path("book") / "slides" / "sessions.yml"  # relative to the book's source folder
OUT = f"{teaching.OUT}/slides"  # folder in the HTML output
CACHE = ".dsr-slides"  # folder beside the HTML output (in _build)
CSS, JS = "slides.css", "slides.js"
WIDTH, HEIGHT = 1280, 720  # px: one slide, and one PDF page
HERE = Path(__file__).parent
_PLACEHOLDER = re.compile(r"\{(ledger|claim):([^{}]+)\}")


# --------------------------------------------------------------------------------------------------
# Sources: the slide file, the guide's session titles, the ledger


def load_source(srcdir: Path) -> dict[int, dict]:
    """Session number -> its entry in the slide source."""
    data = yaml.safe_load((Path(srcdir) / SOURCE).read_text(encoding="utf-8")) or {}
    return {int(s["session"]): s for s in data.get("sessions", [])}


def session_titles(srcdir: Path) -> dict[int, str]:
    """Session number -> its title, from the seminar guide's ``## Session N: title`` headings."""
    text = (Path(srcdir) / f"{teaching.GUIDE}.md").read_text(encoding="utf-8")
    return {int(n): t.strip() for n, t in re.findall(r"^## Session (\d+): (.+)$", text, re.M)}


def deck_files(n: int) -> dict[str, str]:
    """Paths (relative to the HTML root) of session ``n``'s deck."""
    return {"html": f"{OUT}/session-{n}.html", "pdf": f"{OUT}/session-{n}.pdf"}


def ledger(path: Path | None = None) -> list[dict]:
    with open(path or paths.DATA / "claims.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def placeholder_value(kind: str, arg: str, rows: list[dict]) -> str:
    """The build's value for ``{kind:arg}``; raises KeyError for an unknown one."""
    arg = arg.strip()
    if kind == "ledger":
        if arg == "claims":
            return str(len(rows))
        verdicts = {r["status"] for r in rows}
        if arg not in verdicts:
            raise KeyError(
                f"{{ledger:{arg}}}: no such verdict (the ledger has {', '.join(sorted(verdicts))})"
            )
        return str(sum(r["status"] == arg for r in rows))
    for r in rows:
        if r["claim_id"] == arg:
            return r["status"]
    raise KeyError(f"{{claim:{arg}}}: no such claim in the ledger")


def inline(text: str, rows: list[dict]) -> str:
    """Slide text as HTML: escaped, ``*emphasis*``, and placeholders filled in by the build."""
    out, pos = [], 0
    for m in _PLACEHOLDER.finditer(text):
        out.append(_emphasis(html.escape(text[pos : m.start()])))
        out.append(
            "<span"
            f' class="built">{html.escape(placeholder_value(m.group(1), m.group(2), rows))}</span>'
        )
        pos = m.end()
    out.append(_emphasis(html.escape(text[pos:])))
    return "".join(out)


def _emphasis(escaped: str) -> str:
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", escaped)


def typed_text(entry: dict) -> list[str]:
    """Everything an author typed that shows on the slides (headings and bullets), placeholders
    removed: what the "no typed numbers" test reads."""
    out = []
    for slide in entry.get("slides", []):
        for t in [slide.get("heading", "")] + list(slide.get("bullets", [])):
            out.append(_PLACEHOLDER.sub("", str(t)))
    return out


# --------------------------------------------------------------------------------------------------
# Figures


def _fold(text: str) -> str:
    """Text as ``match`` compares it: case, typographic quotes and dashes, and runs of spaces
    ignored."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = re.sub("[\u2018\u2019]", "'", re.sub("[\u201c\u201d]", '"', text))
    text = re.sub("[\u2010-\u2015\u2212]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def find_figure(
    ref: dict, figures: dict[str, list[dict]], session: int | str | None = None
) -> dict:
    """The one figure of ``ref["chapter"]`` whose subtitle or title contains ``ref["match"]``
    (compared by ``_fold``). ``figures`` is the build's ``env.dsr_figures``. Raises LookupError with
    a message that names the session, the chapter, the reference and the figures the chapter has."""
    chapter, match = ref.get("chapter"), _fold(ref.get("match") or "")
    where = f"session {session}: " if session is not None else ""
    if not chapter or not match:
        raise LookupError(f"{where}figure reference {ref!r} needs both `chapter` and `match`")
    if not figures.get(chapter):
        raise LookupError(
            f"{where}figure {ref['match']!r}: chapter {chapter!r} has no figures in this build"
            " (chapters with figures:"
            f" {', '.join(sorted(c for c, f in figures.items() if f)) or 'none'})"
        )
    candidates = figures[chapter]
    found = [
        f
        for f in candidates
        if match in _fold(f["payload"].get("subtitle") or "")
        or match in _fold(f["payload"].get("title") or "")
    ]
    if len(found) != 1:
        listed = "; ".join(
            repr(f["payload"].get("subtitle") or f["payload"].get("title"))
            for f in found or candidates
        )
        raise LookupError(
            f"{where}figure {ref['match']!r} in {chapter}: {len(found)} figures match, not one"
            " (choose a piece of one subtitle or title;"
            f" {'matching' if found else 'the chapter has'}: {listed})"
        )
    return found[0]


def _figure_html(fig: dict, snapshot: Path, figdir: Path, chapter_href: str) -> str:
    payload = fig["payload"]
    wide = fig["snapshots"][0]
    img = ""
    if snapshot.is_file():
        figdir.mkdir(parents=True, exist_ok=True)
        target = figdir / f"{wide}.svg"
        if not target.is_file() or target.read_bytes() != snapshot.read_bytes():
            shutil.copyfile(snapshot, target)
        img = (
            f'<img src="figures/{wide}.svg" alt="{html.escape(payload.get("summary") or "")}" '
            f'width="{WIDE_WIDTH}" height="{payload["height"]}">'
        )
    sources = "; ".join(s["title"] for s in payload.get("sources", []))
    img = img or "<p class=slide-nofig>(figure not drawn in this build)</p>"
    link = f"{html.escape(chapter_href)}#{html.escape(fig['figure_id'])}"
    caption = (
        f'<a href="{link}">{html.escape(payload["title"])}</a>'
        f'<span class="slide-source">Source: {html.escape(sources)}</span>'
    )
    caption = f'<figcaption class="built">{caption}</figcaption>'
    return f'<figure class="slide-figure">{img}{caption}</figure>'


# --------------------------------------------------------------------------------------------------
# One deck


def deck_html(
    n: int,
    entry: dict,
    *,
    session_title: str,
    chapter_title: str,
    figures: dict[str, list[dict]],
    outdir: Path,
    rows: list[dict],
) -> tuple[str, list[str]]:
    """The deck of session ``n`` and the problems found (unknown figures or placeholders)."""
    problems: list[str] = []
    root = "../.."  # from teaching/slides/ to the HTML root
    chapter = entry["chapter"]
    chapter_href = f"{root}/{chapter}.html"
    figdir = outdir / OUT / "figures"
    slides = []
    b = lambda t: f'<span class="built">{html.escape(t)}</span>'  # noqa: E731
    edition = f"The Digital Silk Road, version {teaching.version()}, built {teaching.build_date()}"
    slides.append(
        '<section class="slide slide-title">'
        f'<p class="slide-kicker">{b(f"Seminar guide · Session {n}")}</p>'
        f"<h1>{b(session_title)}</h1>"
        f'<p class="slide-lead">Mini-lecture slides for <a href="{html.escape(chapter_href)}">'
        f"{b(chapter_title)}</a></p>"
        f'<p class="slide-edition">{b(edition)}</p>'
        "</section>"
    )
    for slide in entry.get("slides", []):
        try:
            bullets = "".join(f"<li>{inline(str(t), rows)}</li>" for t in slide.get("bullets", []))
            heading = inline(str(slide["heading"]), rows)
        except KeyError as err:
            problems.append(str(err).strip("'\""))
            continue
        fig_html = ""
        if slide.get("figure"):
            try:
                fig = find_figure(slide["figure"], figures, n)
                snapshot = outdir / "_static" / "dsr-snapshots" / f"{fig['snapshots'][0]}.svg"
                fig_html = _figure_html(
                    fig, snapshot, figdir, f"{root}/{slide['figure']['chapter']}.html"
                )
            except LookupError as err:
                problems.append(str(err))
        cls = "slide slide-fig" if fig_html else "slide"
        slides.append(
            f'<section class="{cls}"><h2>{heading}</h2><div class="slide-body"><ul>{bullets}</ul>'
            f"{fig_html}</div></section>"
        )
    total = len(slides)
    slides = [
        s.replace(
            "</section>",
            f'<footer class="slide-foot built"><span>Session {n}</span>'
            f"<span>{k} / {total}</span></footer></section>",
            1,
        )
        for k, s in enumerate(slides, start=1)
    ]
    title = f"Session {n}: {session_title}"
    description = f"Slides for session {n} of the Digital Silk Road seminar: {session_title}"
    if len(description) > 160:
        description = description[:157].rsplit(" ", 1)[0] + "..."
    doc = (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} (slides)</title>"
        f'<meta name="description" content="{html.escape(description)}">'
        '<link rel="icon" href="../../_static/favicon.svg" type="image/svg+xml">'
        f'<link rel="stylesheet" href="{CSS}"><script src="{JS}" defer></script></head>'
        f'<body><main class="deck" aria-label="{html.escape(title)}, slides">'
        + "\n".join(slides)
        + "</main></body></html>\n"
    )
    return doc, problems


# --------------------------------------------------------------------------------------------------
# PDFs: headless Chromium (the teaching files' browser), one page per slide, cached


def _key(page: Path, code: bytes) -> str:
    h = hashlib.sha256()
    text = page.read_bytes()
    parts = [text, code, (HERE / CSS).read_bytes(), (HERE / JS).read_bytes()]
    images = sorted(
        {page.parent / src for src in re.findall(r'src="(figures/[^"]+)"', text.decode("utf-8"))}
    )
    parts += [image.read_bytes() for image in images if image.is_file()]
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()[:24]


def _route(route, request) -> None:
    """Playwright route handler (called with the Route and its Request): files on disk load,
    anything else is aborted; every request is answered, so none holds the page load."""
    try:
        local = request.url.startswith("file:")
    except Exception:  # noqa: BLE001 - never leave a request unanswered
        local = False
    route.continue_() if local else route.abort()


def print_decks(decks: list[Path], cache: Path) -> tuple[int, int]:
    """Print each deck (``session-N.html``) to the PDF beside it; returns (printed, from the cache).
    Raises FileNotFoundError without Chromium."""
    from .snapshots import FLAGS, chromium

    cache.mkdir(parents=True, exist_ok=True)
    code = Path(__file__).read_bytes()
    keys = {deck: cache / f"{_key(deck, code)}.pdf" for deck in decks}
    todo = [d for d, k in keys.items() if not k.exists()]
    if todo:
        exe = chromium()
        if exe is None:
            raise FileNotFoundError(
                "headless Chromium not found (install it with scripts/setup.sh)"
            )
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=exe, args=FLAGS)
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            page.route("**/*", _route)
            for deck in todo:
                page.goto(deck.resolve().as_uri(), wait_until="load")
                page.emulate_media(media="print")
                page.pdf(
                    path=str(keys[deck]),
                    width=f"{WIDTH}px",
                    height=f"{HEIGHT}px",
                    print_background=True,
                    margin={"top": "0", "bottom": "0", "left": "0", "right": "0"},
                    prefer_css_page_size=True,
                )
            browser.close()
    used = {k.name for k in keys.values()}
    for stale in cache.glob("*.pdf"):
        if stale.name not in used:
            stale.unlink()
    for deck, k in keys.items():
        shutil.copyfile(k, deck.with_suffix(".pdf"))
    return len(todo), len(decks) - len(todo)


# --------------------------------------------------------------------------------------------------
# Build


def build_decks(
    outdir: Path, srcdir: Path, figures: dict[str, list[dict]], *, pdf: bool = True
) -> list[str]:
    """Write every deck (and its PDF) into ``outdir``; returns the problems found, for the log."""
    start = time.monotonic()
    outdir, srcdir = Path(outdir), Path(srcdir)
    folder = outdir / OUT
    folder.mkdir(parents=True, exist_ok=True)
    for name in (CSS, JS):
        shutil.copyfile(HERE / name, folder / name)
    source, titles, rows = load_source(srcdir), session_titles(srcdir), ledger()
    problems = [
        f"session {n} of the seminar guide has no slides in {SOURCE}"
        for n in titles
        if n not in source
    ]
    decks = []
    for n, entry in sorted(source.items()):
        chapter_title = teaching.chapter_title(srcdir / f"{entry['chapter']}.ipynb")
        text, found = deck_html(
            n,
            entry,
            session_title=titles.get(n, f"Session {n}"),
            chapter_title=chapter_title,
            figures=figures,
            outdir=outdir,
            rows=rows,
        )
        problems += [
            p if p.startswith(f"session {n}:") else f"slides for session {n}: {p}" for p in found
        ]
        path = folder / f"session-{n}.html"
        path.write_text(text, encoding="utf-8")
        decks.append(path)
    used = {
        m
        for d in decks
        for m in re.findall(r'src="figures/([^"]+)"', d.read_text(encoding="utf-8"))
    }
    for stale in (folder / "figures").glob("*") if (folder / "figures").is_dir() else []:
        if stale.name not in used:
            stale.unlink()
    if pdf:
        try:
            printed, cached = print_decks(decks, outdir.parent / CACHE)
            pdfs = f"{printed} PDFs printed, {cached} from the cache"
        except FileNotFoundError as err:
            pdfs = f"PDFs skipped: {err}"
    else:
        pdfs = "PDFs not asked for"
    logger.info(f"[dsr] slides: {len(decks)} decks, {pdfs} in {time.monotonic() - start:.1f} s")
    return problems


def _build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for problem in build_decks(
        Path(app.outdir), Path(app.srcdir), getattr(app.env, "dsr_figures", {})
    ):
        logger.warning(f"[dsr] {problem}")


# --------------------------------------------------------------------------------------------------
# The role: {dsr-slides}`N`


def slides_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{dsr-slides}`N```: a link to session N's deck, and to its PDF."""
    env = inliner.document.settings.env
    env.note_dependency(str(Path(env.srcdir) / SOURCE))
    try:
        n = int(text.strip())
        if n not in load_source(Path(env.srcdir)):
            raise ValueError
    except ValueError:
        msg = inliner.reporter.warning(
            f"dsr-slides: no slides for session {text!r} in {SOURCE}", line=lineno
        )
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    files = deck_files(n)
    rel = lambda key: teaching._relative(env.docname, files[key])  # noqa: E731
    node = nodes.inline(classes=["dsr-slides"])
    node += nodes.reference(
        "", "slide deck for the mini-lecture", refuri=rel("html"), internal=False
    )
    node += nodes.Text(" (")
    node += nodes.reference("", "PDF", refuri=rel("pdf"), internal=False)
    node += nodes.Text(")")
    return [node], []


def setup(app):
    app.setup_extension("dsr.teaching")
    app.add_role("dsr-slides", slides_role)
    app.connect("build-finished", _build_finished, priority=950)  # after dsr.teaching (900)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}


def main(argv: list[str] | None = None) -> int:
    """Regenerate the decks from a finished build: ``python -m dsr.slides [_build]``."""
    import pickle
    import sys

    argv = sys.argv[1:] if argv is None else argv
    build = Path(argv[0] if argv else paths.ROOT / "_build")
    with open(build / ".doctrees" / "environment.pickle", "rb") as f:
        env = pickle.load(f)
    problems = build_decks(build / "html", paths.ROOT, getattr(env, "dsr_figures", {}))
    for p in problems:
        print("warning:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
