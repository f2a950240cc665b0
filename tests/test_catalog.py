"""The data catalogue (data/catalog.yml) is the one description of every dataset: the data package,
the dataset pages and the Data part of the toc are generated from it."""

import json
import subprocess
import sys

import pytest
import yaml

from dsr import catalog, paths


def test_committed_pages_toc_and_datapackage_are_what_the_catalogue_generates():
    assert catalog.stale() == [], "run `python -m dsr.catalog pages`"


def test_check_cli_exits_zero_when_nothing_is_stale():
    proc = subprocess.run(
        [sys.executable, "-m", "dsr.catalog", "check"],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_datapackage_json_is_written_byte_for_byte():
    assert paths.DATAPACKAGE.read_text(encoding="utf-8") == catalog.datapackage_json()


def test_every_dataset_has_a_page_in_the_toc_and_every_page_a_dataset():
    cat = catalog.load_catalog()
    names = [e["name"] for e in cat["datasets"]]
    assert sorted(catalog.toc_order(cat)) == sorted(names)
    pages = {p.stem for p in (paths.BOOK / "data").glob("*.md")} - {"index"}
    assert pages == set(names)


def test_every_derived_dataset_says_how_it_was_derived():
    for e in catalog.load_catalog()["datasets"]:
        if e.get("kind") == "derived" or catalog.resource_spec(e["name"])["x_origin"].startswith(
            "derived by dsr.sources"
        ):
            assert e.get("derivation"), f"{e['name']}: no derivation text in data/catalog.yml"


TOC = """format: jb-book
root: book/intro
parts:
  - caption: Using this book
    chapters:
      - file: book/how-to-use
  - caption: Data
    chapters:
      - file: book/data/index
        sections:
          - file: book/data/old_one
  # reference pages
  - caption: Reference
    chapters:
      - file: book/glossary
"""


def test_generator_rewrites_only_the_data_part_of_the_toc():
    cat = {"datasets": [{"name": "a", "page": {}}, {"name": "b", "page": {}}], "toc": ["b"]}
    out = catalog.toc_with_data_part(TOC, cat)
    before, _, after = TOC.partition("  - caption: Data\n")
    assert out.startswith(before + "  - caption: Data\n")
    assert out.endswith(
        "  # reference pages\n  - caption: Reference\n    chapters:\n      - file: book/glossary\n"
    )
    assert "book/data/old_one" not in out
    assert out.index("book/data/b") < out.index("book/data/a")
    assert yaml.safe_load(out)["parts"][1]["chapters"][0]["sections"] == [
        {"file": "book/data/b"},
        {"file": "book/data/a"},
    ]
    # a Data part at the end of the file
    tail = TOC.split("  # reference pages")[0]
    assert catalog.toc_with_data_part(tail, cat).endswith("          - file: book/data/a\n")


def test_toc_without_a_data_caption_is_refused():
    with pytest.raises(catalog.CatalogError, match="caption: Data"):
        catalog.toc_with_data_part(
            TOC.replace("caption: Data", "caption: Tables"), {"datasets": []}
        )


def _mini_catalogue():
    cat = catalog.load_catalog()
    keep = ("memberships", "wdi_indicators")
    cat["datasets"] = [e for e in cat["datasets"] if e["name"] in keep]
    cat["toc"] = [n for n in cat["toc"] if n in keep]
    return cat


def test_shared_fields_kinds_and_vocabularies_expand():
    cat = _mini_catalogue()
    res = {r["name"]: r for r in catalog.resources(cat)}
    m = res["memberships"]
    names = [f["name"] for f in m["schema"]["fields"]]
    assert names[-4:] == [
        "as_of",
        "source_key",
        "section",
        "confidence",
    ]  # as_of, then the kind's fields
    assert m["description"].endswith(cat["kinds"]["hand-compiled"]["description_suffix"])
    assert m["x_origin"] == "hand-compiled"
    w = {f["name"]: f for f in res["wdi_indicators"]["schema"]["fields"]}
    assert w["indicator"]["constraints"]["enum"] == [c.upper() for c in catalog.WDI_INDICATORS]
    assert w["iso3"]["constraints"] == {"required": True, "enum": "ISO3"}
    assert (
        res["wdi_indicators"]["x_origin"] == "derived by dsr.sources.wdi_indicators from shared/raw"
    )
    expanded = catalog.datapackage(cat)["resources"][0]["schema"]["fields"]
    assert {f["name"]: f for f in expanded}["iso3"]["constraints"]["enum"] == catalog.iso3_codes()


def test_adding_a_dataset_is_one_entry(tmp_path):
    cat = _mini_catalogue()
    cat["datasets"].append(
        {
            "name": "new_table",
            "kind": "derived",
            "title": "A new table",
            "description": "Rows.",
            "publisher": "Someone",
            "sources": ["wdi"],
            "licences": ["CC-BY-4.0"],
            "key": ["iso3"],
            "fields": [
                {"use": "iso3"},
                {"name": "x", "type": "number", "description": "X.", "minimum": 0},
            ],
            "derivation": "iso3, x: made from WDI.",
            "page": {
                "title": "A new table",
                "intro": "A table.",
                "sections": [{"heading": "Caveats", "text": "- None."}, {"use": "as_of"}],
            },
        }
    )
    res = catalog.resources(cat)[-1]
    assert res["schema"]["fields"][1] == {
        "name": "x",
        "type": "number",
        "description": "X.",
        "constraints": {"minimum": 0},
    }
    md = catalog.page_markdown("new_table", cat)
    assert (
        md.index("# A new table")
        < md.index("{dsr-dataset-card} new_table")
        < md.index("## How it was derived\n\n```{dsr-derivation} new_table\n```")
        < md.index("## Caveats")
        < md.index("## When the facts were checked")
    )
    assert "Download: {download}`new_table.csv <../../data/new_table.csv>`" in md
    assert catalog.toc_order(cat)[-1] == "new_table"


def test_unknown_references_are_refused():
    cat = _mini_catalogue()
    cat["datasets"][0]["fields"].append({"use": "no_such_field"})
    with pytest.raises(catalog.CatalogError, match="no_such_field"):
        catalog.resources(cat)
    cat = _mini_catalogue()
    cat["datasets"][0]["fields"].append(
        {"name": "v", "type": "string", "description": "V.", "enum": "NOPE"}
    )
    with pytest.raises(catalog.CatalogError, match="NOPE"):
        catalog.resources(cat)
    cat = _mini_catalogue()
    cat["datasets"][0]["sources"] = ["nowhere"]
    with pytest.raises(catalog.CatalogError, match="nowhere"):
        catalog.resources(cat)


def test_page_text_lives_in_the_catalogue_not_in_the_pages():
    # every page is the generator's output, so its prose (caveats, as_of, how it was compiled) must
    # be in the catalogue; spot-check a few sentences that used to be written only on the pages
    text = catalog.CATALOG.read_text(encoding="utf-8")
    for phrase in (
        "A missing row is not a zero.",
        "A centroid is a label position",
        "The facts in this table change over time",
    ):
        assert phrase in text
    for p in (paths.BOOK / "data").glob("*.md"):
        if p.stem != "index":
            assert p.read_text(encoding="utf-8").startswith(catalog.PAGE_NOTE), p.name


def test_datapackage_has_the_catalogues_datasets_in_order():
    pkg = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    assert [r["name"] for r in pkg["resources"]] == [
        e["name"] for e in catalog.load_catalog()["datasets"]
    ]
