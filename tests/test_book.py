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
        for tag, attr in [
            ("script", "src"),
            ("img", "src"),
            ("iframe", "src"),
            ("source", "src"),
            ("video", "src"),
            ("audio", "src"),
            ("embed", "src"),
            ("object", "data"),
        ]:
            bad += [
                f"{page.name}: <{tag} {attr}={t[attr]}>"
                for t in s.find_all(tag)
                if EXTERNAL.match(t.get(attr, ""))
            ]
        for link in s.find_all("link"):
            rel = set(link.get("rel", []))
            if rel & {
                "stylesheet",
                "preload",
                "modulepreload",
                "icon",
                "prefetch",
                "manifest",
            } and EXTERNAL.match(link.get("href", "")):
                bad.append(f"{page.name}: <link rel={sorted(rel)} href={link['href']}>")
        for style in s.find_all(style=True):
            if re.search(r"url\(\s*['\"]?(https?:)?//", style["style"]):
                bad.append(f"{page.name}: inline style with external url()")
    for css in (html_dir / "_static").rglob("*.css"):
        for m in re.finditer(
            r"(@import|url\()\s*['\"]?((https?:)?//[^'\")]+)", css.read_text(errors="ignore")
        ):
            bad.append(f"{css.name}: {m.group(2)}")
    assert not bad, "\n".join(bad)


def test_plotly_js_is_never_inlined_and_pages_stay_small(built_book):
    html_dir, _ = built_book
    for page in pages(html_dir):
        text = page.read_text(encoding="utf-8")
        assert "Copyright 2012-" not in text and "plotly.js v" not in text, (
            f"plotly.js inlined in {page}"
        )
        assert len(text.encode()) <= MAX_PAGE_BYTES, f"{page} is {len(text.encode()):,} bytes"


def test_plotly_js_is_never_in_a_page_and_dsr_plots_js_only_where_there_are_figures(built_book):
    """plotly.js is fetched by dsr-plots.js when a reader reaches for a chart
    (tests/test_browser.py), so
    no page lists it; pages without figures load no figure script at all."""
    html_dir, _ = built_book
    assert (html_dir / "_static" / "plotly.min.js").stat().st_size > 1_000_000
    with_figures = 0
    for page in pages(html_dir):
        s = soup(page)
        srcs = [t["src"] for t in s.find_all("script", src=True)]
        assert not [x for x in srcs if "plotly.min.js" in x or "dsr-geo-world_110m.js" in x], page
        preloads = [t.get("href", "") for t in s.find_all("link")]
        assert not [x for x in preloads if "plotly" in x], page
        if s.select("div.plotly-graph-div"):
            with_figures += 1
            tags = [t for t in s.find_all("script", src=True) if "dsr-plots.js" in t["src"]]
            assert len(tags) == 1 and tags[0].has_attr("defer"), page
        else:
            assert not [x for x in srcs if "dsr-plots.js" in x], (
                f"{page} has no figures but loads dsr-plots.js"
            )
    assert with_figures >= 1


def test_the_served_plotly_js_is_the_installed_plotly_packages_version(built_book):
    """The book serves the partial bundle built from npm plotly.js (scripts/build_plotly.mjs) when
    it exists: its version must be the one the installed Python plotly package ships, and it must
    hold every trace type the book's figures use."""
    import plotly

    html_dir, _ = built_book
    shipped = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(
        encoding="utf-8"
    )[:400]
    version = re.search(r"plotly\.js v(\d+\.\d+\.\d+)", shipped).group(1)
    served = (html_dir / "_static" / "plotly.min.js").read_text(encoding="utf-8")
    assert re.search(r"plotly\.js v(\d+\.\d+\.\d+)", served[:400]).group(1) == version
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/plotly.js"]["version"] == version
    traces = re.search(r"traces: ([a-z,]+);", served[:400])
    if traces:  # the partial bundle: every trace type used is in it
        have = set(traces.group(1).split(","))
        used = set()
        for page in pages(html_dir):
            for spec in soup(page).select("script.dsr-figure-spec"):
                used |= {t.get("type", "scatter") for t in json.loads(spec.string)["data"]}
        assert used and used <= have, f"trace types missing from the bundle: {used - have}"


def test_pages_skip_what_they_do_not_use_and_describe_themselves(built_book):
    """No Font Awesome script (icons are CSS), the search index only on the search page, a favicon
    and a meta description on every page."""
    html_dir, _ = built_book
    descriptions = {}
    for page in pages(html_dir):
        s = soup(page)
        if not s.find("head") or not s.select("article, .bd-article, main"):
            continue
        srcs = [t["src"] for t in s.find_all("script", src=True)]
        assert not [x for x in srcs if "fontawesome" in x], page
        if page.name != "search.html":
            assert not [x for x in srcs if "searchindex.js" in x], f"{page}: loads the search index"
        icon = s.find("link", rel="icon")
        assert icon and (page.parent / icon["href"]).resolve().is_file(), f"{page}: no favicon"
        meta = s.find("meta", attrs={"name": "description"})
        assert meta and 40 <= len(meta["content"]) <= 160, (
            f"{page}: meta description {meta and meta['content']!r}"
        )
        descriptions[page] = meta["content"]
    toc = [html_dir / f"{f}.html" for f in toc_files()]
    assert len({descriptions[p] for p in toc}) > 0.9 * len(toc), "meta descriptions repeat"
    css = (html_dir / "_static" / "dsr-figures.css").read_text()
    for icon in ("bars", "magnifying-glass", "list", "sun", "moon", "angle-right"):
        assert f".fa-{icon} {{" in css, f"icon {icon} has no CSS"


def publish_calls(nb_path: Path) -> int:
    nb = nbformat.read(nb_path, as_version=4)
    return sum(
        len(re.findall(r"\bcharts\.publish\(", c.source)) for c in nb.cells if c.cell_type == "code"
    )


@pytest.mark.parametrize("nb_path", notebook_sources(), ids=lambda p: p.stem)
def test_every_figure_of_every_notebook_is_on_its_page(built_book, nb_path):
    html_dir, _ = built_book
    page = html_dir / nb_path.relative_to(ROOT).with_suffix(".html")
    s = soup(page)
    figures = s.select("figure.dsr-figure")
    expected = publish_calls(nb_path)
    assert expected > 0 and len(figures) == expected, (
        f"{page.name}: {len(figures)} figures, {expected} in the notebook"
    )
    for fig in figures:
        div = fig.select_one("div.plotly-graph-div")
        spec = fig.select_one("script.dsr-figure-spec")
        assert fig.get("id", "").startswith("fig-"), fig.get("id")
        assert div and spec and spec["data-target"] == div["id"]
        data = json.loads(spec.string)
        assert data["data"], f"{div['id']}: figure without traces"
        assert set(data) >= {"data", "layout", "config", "narrow"}
        assert fig.select_one(".dsr-figure-title").get_text(strip=True), (
            f"{div['id']}: figure without a title"
        )
        assert fig.select_one(".dsr-summary").get_text(strip=True).startswith("In short:")
        for a in fig.select(".dsr-source a"):
            target = (page.parent / a["href"]).resolve()
            assert target.exists(), f"{page.name}: source link {a['href']} does not exist"
        assert len(s.select(f"#{fig['id']}")) == 1, f"{page.name}: figure id {fig['id']} not unique"


def _values(v):
    """A trace attribute from the page's JSON (list, or plotly.py's typed array) as a flat list."""
    import base64

    import numpy as np

    if isinstance(v, dict) and "bdata" in v:
        a = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
        if v.get("shape"):
            a = a.reshape([int(n) for n in str(v["shape"]).split(",")])
        return a.tolist()
    return v


def _same(a: str, b) -> bool:
    if b is None or (isinstance(b, float) and b != b):
        return a == ""
    if isinstance(b, (int, float)) and not isinstance(b, bool):
        try:
            return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))
        except ValueError:
            return False
    return a == str(b)


def test_every_figure_offers_its_data_as_csv_matching_the_chart(built_book):
    """Each caption links "Download the data (CSV)"; the file names its sources and licences and
    holds, trace by trace, exactly the points the chart draws."""
    import csv

    html_dir, _ = built_book
    checked = 0
    for f in toc_files():
        page = html_dir / f"{f}.html"
        for fig in soup(page).select("figure.dsr-figure"):
            link = fig.select_one("figcaption .dsr-data a[href$='.csv']")
            assert link and link.get_text(strip=True) == "Download the data (CSV)", (
                f"{page.name}: no CSV link"
            )
            path = (page.parent / link["href"]).resolve()
            assert path.is_file(), f"{page.name}: {link['href']} missing"
            lines = path.read_text(encoding="utf-8").splitlines()
            header = [x for x in lines if x.startswith("#")]
            assert any(x.startswith("# Source: ") and "licence:" in x for x in header), path.name
            rows = list(csv.reader(lines[len(header) :]))
            cols, rows = rows[0], rows[1:]
            spec = json.loads(fig.select_one("script.dsr-figure-spec").string)
            if cols[:1] != ["trace"]:
                continue  # an explicit data= table
            at = 0
            for i, t in enumerate(spec["data"]):
                name = t.get("name") or f"trace {i + 1}"
                attrs = {
                    k: _values(t[k]) for k in cols[1:] if k in t and isinstance(_values(t[k]), list)
                }
                z = attrs.get("z")
                if z and isinstance(z[0], list):
                    n = sum(len(r) for r in z)
                    flat = [v for r in z for v in r]
                    mine = rows[at : at + n]
                    assert all(r[0] == name for r in mine) and all(
                        _same(r[cols.index("z")], v) for r, v in zip(mine, flat, strict=False)
                    ), f"{path.name}: trace {name!r} z differs"
                    at += n
                    continue
                n = max(
                    [len(v) for v in attrs.values()]
                    + [len(_values(t["customdata"])) if t.get("customdata") is not None else 0]
                )
                mine = rows[at : at + n]
                assert len(mine) == n and all(r[0] == name for r in mine), (
                    f"{path.name}: trace {name!r} rows"
                )
                for k, vals in attrs.items():
                    j = cols.index(k)
                    for r, v in zip(mine, vals, strict=False):
                        assert _same(r[j], v), (
                            f"{path.name}: trace {name!r} column {k}: {r[j]!r} != {v!r}"
                        )
                at += n
            assert at == len(rows), f"{path.name}: {len(rows) - at} rows that no trace draws"
            checked += 1
    assert checked >= 20


def test_notebooks_are_committed_without_outputs_and_with_a_normal_kernel():
    for nb_path in notebook_sources():
        nb = nbformat.read(nb_path, as_version=4)
        assert nb.metadata["kernelspec"]["name"] == "python3", nb_path
        for c in nb.cells:
            if c.cell_type == "code":
                assert not c.outputs and c.execution_count is None, (
                    f"{nb_path.name}: committed with outputs"
                )


def test_every_toc_page_was_built(built_book):
    html_dir, _ = built_book
    missing = [f for f in toc_files() if not (html_dir / f"{f}.html").exists()]
    assert not missing


def test_every_page_has_one_title(built_book):
    html_dir, _ = built_book
    for f in toc_files():
        h1 = soup(html_dir / f"{f}.html").select("article.bd-article h1")
        assert len(h1) == 1, f"{f}: {len(h1)} top-level titles"
