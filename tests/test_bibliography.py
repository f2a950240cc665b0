"""The bibliography: every work added since the book's first edition can be found (a URL or a
DOI)."""

import pybtex.database
from conftest import ROOT

#: Entries of the first edition that have neither a URL nor a DOI yet (the five seed articles and
#: datasets and documents cited from the seeds). This list may only shrink: a new entry needs one.
FIRST_EDITION_WITHOUT_LINK = {
    "aei2022cgit",
    "alkhatib2024dsr",
    "australia2018guidance",
    "bis2019entity",
    "brown2017beijing",
    "caict2022digital",
    "cheney2019dsr",
    "cicenia2018china",
    "cpc2021standardization",
    "csno2020beidou",
    "custer2023gcdf",
    "dcms2020huawei",
    "eaeu2014treaty",
    "feldstein2019global",
    "goodman2024geospatial",
    "hillman2019watching",
    "horn2019china",
    "hurley2018examining",
    "ised2022securing",
    "itu2018zhao",
    "itu2024internet",
    "magnus2020digital",
    "mfa2020gids",
    "naturalearth2018",
    "nda2024digital",
    "ndrc2015vision",
    "nedopil2025bri",
    "okabe2008cud",
    "russiaessay2020",
    "sco2002charter",
    "sco2017astana",
    "senate2020bigbrother",
    "shen2018building",
    "tarrats2021centralasia",
    "telegeography2022cables",
    "uncomtrade2021",
    "wnukowski2020dsr",
    "worldbank2023ids",
    "worldbank2026wdi",
    "xi2015wic",
}


def test_every_entry_has_a_url_or_doi_except_first_edition_ones():
    bib = pybtex.database.parse_file(ROOT / "book" / "references.bib")
    missing = {k for k, e in bib.entries.items() if "url" not in e.fields and "doi" not in e.fields}
    new = sorted(missing - FIRST_EDITION_WITHOUT_LINK)
    assert not new, f"book/references.bib: entries without url or doi: {new}"
    assert FIRST_EDITION_WITHOUT_LINK <= set(bib.entries), (
        "a listed entry was removed: shrink the list"
    )
