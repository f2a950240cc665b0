"""Slide decks for the seminar guide's mini-lectures (issue 18, item 8). Unit tests read the slide
source (``book/slides/sessions.yml``) and the guide; tests marked ``build`` check what the build
wrote into ``_build/html/teaching/slides`` (decks, PDFs, figures) and open every deck in headless
Chromium."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import ROOT

from dsr import slides

SOURCE = slides.load_source(ROOT)
TITLES = slides.session_titles(ROOT)
GUIDE = ROOT / "book" / "seminar-guide.md"
#: What a slide may show with digits in it without the build having put them there: years, and
#: names.
YEAR = re.compile(r"(?<!\d)(?<!\d[.,])(19|20)\d\d(?![\d%]|[.,]\d|-\d)")
NAMES = re.compile(r"\b(5G|4G|G7|G20)\b")


def stray_digits(text: str) -> list[str]:
    """Digits in ``text`` that are neither part of a year nor of a name like 5G."""
    return re.findall(r"\S*\d\S*", NAMES.sub("", YEAR.sub("", text)))


# -- unit tests: the source
# --------------------------------------------------------------------------


def test_every_session_has_a_deck():
    assert TITLES, "no '## Session N: title' headings in the seminar guide"
    assert sorted(SOURCE) == sorted(TITLES), "every session of the guide has slides, and only those"


@pytest.mark.parametrize("n", sorted(SOURCE))
def test_deck_is_short(n):
    entry = SOURCE[n]
    assert (ROOT / f"{entry['chapter']}.ipynb").is_file(), entry["chapter"]
    count = len(entry["slides"]) + 1  # with the title slide
    assert 6 <= count <= 10, f"session {n}: {count} slides"
    for slide in entry["slides"]:
        assert slide["heading"].strip()
        assert 2 <= len(slide["bullets"]) <= 4, slide["heading"]
        assert all(len(b) <= 140 for b in slide["bullets"]), slide["heading"]
        if "figure" in slide:
            assert set(slide["figure"]) == {"chapter", "match"}, slide["heading"]


@pytest.mark.parametrize("n", sorted(SOURCE))
def test_no_typed_numbers(n):
    """A number on a slide comes from the build (a figure's title, the ledger), never from the
    source."""
    for text in slides.typed_text(SOURCE[n]):
        assert not stray_digits(text), f"session {n}: a typed number in {text!r}"
    for slide in SOURCE[n]["slides"]:
        if "figure" in slide:
            assert not stray_digits(str(slide["figure"]["match"])), (
                "a figure match that a data change would break"
            )


def test_stray_digits():
    assert stray_digits("peaked in 2016, fell by 2020; 5G and the G7") == []
    assert stray_digits("48% lower") == ["48%"]
    assert stray_digits("about 20 minutes, 3.5 billion, 2016-17") == ["20", "3.5", "2016-17"]


@pytest.mark.parametrize("n", sorted(SOURCE))
def test_placeholders_resolve(n):
    rows = slides.ledger()
    for text in slides.typed_text(SOURCE[n]):
        slides.inline(text, rows)
    for slide in SOURCE[n]["slides"]:
        for text in [slide["heading"], *slide["bullets"]]:
            slides.inline(text, rows)  # raises KeyError for an unknown one


def test_placeholders():
    rows = [
        {"claim_id": "A01", "status": "confirmed"},
        {"claim_id": "A02", "status": "not verifiable"},
    ]
    assert (
        slides.inline("{ledger:claims} claims, {ledger:not verifiable} open", rows)
        == '<span class="built">2</span> claims, <span class="built">1</span> open'
    )
    assert (
        slides.inline("*A01* is {claim:A01}", rows)
        == '<em>A01</em> is <span class="built">confirmed</span>'
    )
    with pytest.raises(KeyError):
        slides.inline("{ledger:refuted}", rows)
    with pytest.raises(KeyError):
        slides.inline("{claim:Z99}", rows)


def test_find_figure():
    figs = {
        "notebooks/x": [
            {"figure_id": "fig-a", "payload": {"title": "A rose 5%", "subtitle": "Debt by year"}},
            {"figure_id": "fig-b", "payload": {"title": "B fell", "subtitle": "Debt by country"}},
        ]
    }
    assert (
        slides.find_figure({"chapter": "notebooks/x", "match": "by YEAR"}, figs)["figure_id"]
        == "fig-a"
    )
    with pytest.raises(LookupError):
        slides.find_figure({"chapter": "notebooks/x", "match": "debt"}, figs)  # two match
    with pytest.raises(LookupError):
        slides.find_figure({"chapter": "notebooks/x", "match": "trade"}, figs)  # none
    # Case, spacing and typographic dashes do not matter.
    assert (
        slides.find_figure({"chapter": "notebooks/x", "match": "debt  by\nyear"}, figs)["figure_id"]
        == "fig-a"
    )
    # The message names the session, the chapter and the reference, and lists what the chapter has.
    with pytest.raises(LookupError) as err:
        slides.find_figure({"chapter": "notebooks/x", "match": "trade"}, figs, 3)
    assert (
        "session 3" in str(err.value)
        and "notebooks/x" in str(err.value)
        and "'trade'" in str(err.value)
    )
    assert "Debt by year" in str(err.value)
    with pytest.raises(LookupError, match="session 2.*notebooks/y"):
        slides.find_figure(
            {"chapter": "notebooks/y", "match": "debt"}, figs, 2
        )  # a chapter without figures


@pytest.mark.build
def test_every_figure_reference_matches_one_figure_of_the_built_chapter(built_book):
    """Each deck's figure references against the build's figures (the -W build would fail on a miss,
    but this says which reference to fix)."""
    import pickle

    html_dir, _ = built_book
    env = pickle.loads((html_dir.parent / ".doctrees" / "environment.pickle").read_bytes())
    problems = []
    for n, entry in SOURCE.items():
        for slide in entry["slides"]:
            if slide.get("figure"):
                try:
                    slides.find_figure(slide["figure"], env.dsr_figures, n)
                except LookupError as err:
                    problems.append(str(err))
    assert not problems, "\n".join(problems)


def test_guide_links_every_deck_in_source():
    text = GUIDE.read_text(encoding="utf-8")
    assert "none published" not in text and "none are published" not in text
    for n in TITLES:
        section = re.search(rf"^## Session {n}:.*?(?=^## |\Z)", text, re.M | re.S).group(0)
        materials = re.search(r"\*\*Materials\.\*\*(.*?)\n\n", section, re.S).group(1)
        assert f"{{dsr-slides}}`{n}`" in materials, (
            f"session {n}: its Materials do not link its deck"
        )


# -- build tests: the decks as built
# -----------------------------------------------------------------


def _deck(html_dir: Path, n: int) -> str:
    return (html_dir / slides.deck_files(n)["html"]).read_text(encoding="utf-8")


def _untagged(deck: str) -> str:
    """The deck's visible text without what the build inserted (``class="built"``) or scripts."""
    deck = re.sub(r"<(title|script|style)\b.*?</\1>", " ", deck, flags=re.S)
    for tag in ("span", "figcaption", "footer", "p", "h1"):
        deck = re.sub(
            rf'<{tag}\b[^>]*class="[^"]*\bbuilt\b[^"]*"[^>]*>.*?</{tag}>', " ", deck, flags=re.S
        )
    deck = re.sub(r"<[^>]+>", " ", deck)
    return re.sub(r"\s+", " ", html.unescape(deck))


@pytest.mark.build
def test_decks_and_pdfs(built_book):
    from pypdf import PdfReader

    html_dir, log = built_book
    assert (
        "[dsr] slides: " in log
        and "PDFs skipped" not in log.split("[dsr] slides: ")[1].split("\n")[0]
    )
    for n, entry in SOURCE.items():
        deck = _deck(html_dir, n)
        count = deck.count('<section class="slide')
        assert count == len(entry["slides"]) + 1, f"session {n}: a slide was dropped"
        assert not re.search(r'(?:src|href)="(?:https?:)?//', deck), (
            f"session {n}: a remote resource"
        )
        pdf = html_dir / slides.deck_files(n)["pdf"]
        pages = PdfReader(pdf).pages
        assert len(pages) == count, f"session {n}: {len(pages)} PDF pages for {count} slides"
        box = pages[0].mediabox
        assert float(box.width) / float(box.height) == pytest.approx(16 / 9, rel=0.01)


@pytest.mark.build
def test_figure_images_exist(built_book):
    html_dir, _ = built_book
    folder = html_dir / slides.OUT
    for n, entry in SOURCE.items():
        deck = _deck(html_dir, n)
        images = re.findall(r'<img src="([^"]+)"', deck)
        assert len(images) == sum("figure" in s for s in entry["slides"]), (
            f"session {n}: a figure is missing"
        )
        for src in images:
            assert (folder / src).is_file() and (folder / src).stat().st_size > 1000, src
        for target in re.findall(r'href="([^"#]+)', deck):
            assert (folder / target).resolve().is_file(), f"session {n}: broken link {target}"


@pytest.mark.build
def test_numbers_come_from_the_build(built_book):
    html_dir, _ = built_book
    for n in SOURCE:
        deck = _deck(html_dir, n)
        assert not stray_digits(_untagged(deck)), (
            f"session {n}: typed numbers {stray_digits(_untagged(deck))}"
        )
        assert re.search(r'class="built">[^<]*\d', deck) or n not in (
            1,
            8,
        ), f"session {n}: no ledger numbers"


@pytest.mark.build
def test_guide_links_every_deck(built_book):
    html_dir, _ = built_book
    guide = (html_dir / "book" / "seminar-guide.html").read_text(encoding="utf-8")
    for n in SOURCE:
        for kind in ("html", "pdf"):
            assert f'href="../{slides.deck_files(n)[kind]}"' in guide, (
                f"session {n}: no link to its {kind}"
            )


@pytest.mark.build
def test_slides_fit_and_navigate(built_book, chromium_path):
    """At 1280x720 no slide's text overflows it, every figure has loaded, and the keys move
    slides."""
    from playwright.sync_api import sync_playwright

    from dsr.snapshots import FLAGS

    html_dir, _ = built_book
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        requested = []
        page.route(
            "**/*",
            lambda r: (
                requested.append(r.request.url),
                r.continue_() if r.request.url.startswith("file:") else r.abort(),
            ),
        )
        for n in SOURCE:
            page.goto((html_dir / slides.deck_files(n)["html"]).as_uri(), wait_until="load")
            page.emulate_media(media="print")  # every slide laid out, unscaled
            boxes = page.evaluate(
                """() => Array.from(document.querySelectorAll('.slide')).map(s => ({
                h: s.clientHeight, w: s.clientWidth, sh: s.scrollHeight, sw: s.scrollWidth,
                head: (s.querySelector('h1, h2') || {}).textContent,
                imgs: Array.from(s.querySelectorAll('img')).map(i => i.naturalWidth),
                bottom: Math.max(0, ...Array.from(s.querySelectorAll('li, figcaption')).map(e =>
                    e.getBoundingClientRect().bottom - s.getBoundingClientRect().top))}))"""
            )
            for b in boxes:
                assert (b["w"], b["h"]) == (1280, 720), b
                assert b["sh"] <= b["h"] and b["sw"] <= b["w"], (
                    f"session {n}: {b['head']!r} overflows: {b}"
                )
                assert b["bottom"] <= b["h"] - 56, (
                    f"session {n}: {b['head']!r} runs into the footer: {b}"
                )
                assert all(w > 0 for w in b["imgs"]), (
                    f"session {n}: {b['head']!r}: an image did not load"
                )
            page.emulate_media(media="screen")
            page.keyboard.press("ArrowRight")
            page.keyboard.press("Space")
            assert page.evaluate("location.hash") == "#3"
            assert page.evaluate("document.querySelectorAll('.slide.current').length") == 1
            page.keyboard.press("End")
            assert page.evaluate("location.hash") == f"#{len(boxes)}"
        browser.close()
    assert all(u.startswith("file:") for u in requested), [
        u for u in requested if not u.startswith("file:")
    ]
