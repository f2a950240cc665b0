"""Every chapter has the book's shape: overview with objectives, prerequisites and time; a "Where
the sources disagree" box; summary; discussion questions; at least 3 exercises with solutions;
further reading; at least 2,500 words of prose and 8 distinct works cited; at least 5 figures, one a
map and one with a Plotly-native control. Also: every {cite} key exists in the bibliography."""

import re

import nbformat
import pytest
from conftest import ROOT, notebook_sources

from dsr import bib
from dsr.catalog import CHAPTER_STEMS

CHAPTERS = [p for p in notebook_sources() if p.stem in CHAPTER_STEMS[1:]]
BIB = bib.keys()


def prose(nb) -> str:
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    text = re.sub(r"```\{(exercise|solution-start|solution-end)\}.*?```", "", text, flags=re.S)
    return re.sub(r"\{[a-z:-]+\}`[^`]*`", "", text)


def cited(nb) -> set[str]:
    keys = set()
    for c in nb.cells:
        for group in re.findall(r"\{cite(?::[tp])?\}`([^`]+)`", c.source):
            keys |= {k.strip() for k in group.split(",")}
    return keys


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_shape(path):
    nb = nbformat.read(path, as_version=4)
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for heading in [
        "## Overview",
        "## Summary",
        "## What's next",
        "## Discussion questions",
        "## Exercises",
        "## Resources and further reading",
    ]:
        assert heading in md, f"{path.name}: missing '{heading}'"
    for phrase in [
        "Learning objectives",
        "Prerequisites",
        "Time to learn",
        "Where the sources disagree",
    ]:
        assert phrase in md, f"{path.name}: missing '{phrase}'"
    exercises = re.findall(r"```\{exercise\}\n:label: ([\w-]+)", md)
    solutions = re.findall(r"```\{solution-start\} ([\w-]+)\n:class: dropdown", md)
    assert len(exercises) >= 3 and set(exercises) <= set(solutions), (
        f"{path.name}: exercises {exercises}, solutions {solutions}"
    )
    words = len(re.findall(r"[A-Za-z][A-Za-z'-]*", prose(nb)))
    assert words >= 2500, f"{path.name}: {words} words of prose"
    keys = cited(nb)
    assert len(keys) >= 8, f"{path.name}: {len(keys)} works cited"
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert len(re.findall(r"\bcharts\.publish\(", code)) >= 5
    assert "choropleth_menu(" in code or "Choropleth(" in code, "no map"
    assert re.search(r"updatemenus|sliders=", code), "no Plotly-native control"


@pytest.mark.parametrize("path", notebook_sources(), ids=lambda p: p.stem)
def test_every_citation_is_in_the_bibliography(path):
    missing = cited(nbformat.read(path, as_version=4)) - BIB
    assert not missing, f"{path.name}: {missing}"


@pytest.mark.parametrize("stem", CHAPTER_STEMS)
def test_chapter_links_the_claims_it_discusses(stem):
    """Each chapter lists its claims from the ledger (with links to their rows) before its
    summary."""
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert f'claims.chapter_html(claims.claims(), "{stem}")' in code
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert md.index("## Claims checked in this chapter") < md.index("## Summary")
    assert "{doc}`07-claims-ledger`" in md
