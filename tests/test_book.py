"""Build the book as the README does and check the HTML a reader receives."""
import json
import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, notebook_sources, toc_files

pytestmark = pytest.mark.build
EXTERNAL = re.compile(r"^(https?:)?//", re.I)
MAX_PAGE_BYTES = 1_500_000


def pages(html_dir: Path):
    return sorted(html_dir.rglob("*.html"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_build_log_is_clean(built_book):
    _, log = built_book
    assert "WARNING" not in log and "unknown_mime_type" not in log, log[-3000:]


def test_no_page_loads_anything_from_outside_the_book(built_book):
    html_dir, _ = built_book
    bad = []
    for page in pages(html_dir):
        s = soup(page)
        for tag, attr in [("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
                          ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")]:
            bad += [f"{page.name}: <{tag} {attr}={t[attr]}>" for t in s.find_all(tag) if EXTERNAL.match(t.get(attr, ""))]
        for link in s.find_all("link"):
            rel = set(link.get("rel", []))
            if rel & {"stylesheet", "preload", "modulepreload", "icon", "prefetch", "manifest"} and EXTERNAL.match(link.get("href", "")):
                bad.append(f"{page.name}: <link rel={sorted(rel)} href={link['href']}>")
        for style in s.find_all(style=True):
            if re.search(r"url\(\s*['\"]?(https?:)?//", style["style"]):
                bad.append(f"{page.name}: inline style with external url()")
    for css in (html_dir / "_static").rglob("*.css"):
        for m in re.finditer(r"(@import|url\()\s*['\"]?((https?:)?//[^'\")]+)", css.read_text(errors="ignore")):
            bad.append(f"{css.name}: {m.group(2)}")
    assert not bad, "\n".join(bad)


def test_plotly_js_is_never_inlined_and_pages_stay_small(built_book):
    html_dir, _ = built_book
    for page in pages(html_dir):
        text = page.read_text(encoding="utf-8")
        assert "Copyright 2012-" not in text and "plotly.js v" not in text, f"plotly.js inlined in {page}"
        assert len(text.encode()) <= MAX_PAGE_BYTES, f"{page} is {len(text.encode()):,} bytes"


def test_plotly_js_is_loaded_once_and_only_where_there_are_figures(built_book):
    html_dir, _ = built_book
    assert (html_dir / "_static" / "plotly.min.js").stat().st_size > 1_000_000
    with_figures = 0
    for page in pages(html_dir):
        s = soup(page)
        srcs = [t["src"] for t in s.find_all("script", src=True)]
        plotly = [x for x in srcs if "plotly.min.js" in x]
        figures = s.select("div.plotly-graph-div")
        if figures:
            with_figures += 1
            assert len(plotly) == 1, f"{page}: plotly.min.js loaded {len(plotly)} times"
            assert sum("dsr-plots.js" in x for x in srcs) == 1
            has_map = bool(s.select("figure.dsr-geo"))
            assert any("dsr-geo-world_110m.js" in x for x in srcs) == has_map, page
        else:
            assert not plotly, f"{page} has no figures but loads plotly.min.js"
    assert with_figures >= 1


def publish_calls(nb_path: Path) -> int:
    nb = nbformat.read(nb_path, as_version=4)
    return sum(len(re.findall(r"\bcharts\.publish\(", c.source)) for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("nb_path", notebook_sources(), ids=lambda p: p.stem)
def test_every_figure_of_every_notebook_is_on_its_page(built_book, nb_path):
    html_dir, _ = built_book
    page = html_dir / nb_path.relative_to(ROOT).with_suffix(".html")
    s = soup(page)
    figures = s.select("figure.dsr-figure")
    expected = publish_calls(nb_path)
    assert expected > 0 and len(figures) == expected, f"{page.name}: {len(figures)} figures, {expected} in the notebook"
    for fig in figures:
        div = fig.select_one("div.plotly-graph-div")
        spec = fig.select_one("script.dsr-figure-spec")
        assert div and spec and spec["data-target"] == div["id"]
        data = json.loads(spec.string)
        assert data["data"], f"{div['id']}: figure without traces"
        assert data["layout"]["title"]["text"], f"{div['id']}: figure without a title"
        assert fig.select_one(".dsr-summary").get_text(strip=True).startswith("In short:")
        for a in fig.select(".dsr-source a"):
            target = (page.parent / a["href"]).resolve()
            assert target.exists(), f"{page.name}: source link {a['href']} does not exist"


def test_notebooks_are_committed_without_outputs_and_with_a_normal_kernel():
    for nb_path in notebook_sources():
        nb = nbformat.read(nb_path, as_version=4)
        assert nb.metadata["kernelspec"]["name"] == "python3", nb_path
        for c in nb.cells:
            if c.cell_type == "code":
                assert not c.outputs and c.execution_count is None, f"{nb_path.name}: committed with outputs"


def test_every_toc_page_was_built(built_book):
    html_dir, _ = built_book
    missing = [f for f in toc_files() if not (html_dir / f"{f}.html").exists()]
    assert not missing


def test_every_page_has_one_title(built_book):
    html_dir, _ = built_book
    for f in toc_files():
        h1 = soup(html_dir / f"{f}.html").select("article.bd-article h1")
        assert len(h1) == 1, f"{f}: {len(h1)} top-level titles"
