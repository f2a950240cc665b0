"""The data package: schemas, provenance, validation of bad input, and reproducible derivation."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dsr import bib, catalog, countries, data, paths
from dsr.build import pipeline

RAW = paths.RAW_DEFAULT


def test_committed_datapackage_is_what_the_catalogue_generates():
    committed = json.loads(paths.DATAPACKAGE.read_text())
    assert committed == catalog.datapackage(), "run `python -m dsr.build` and commit data/"


def test_every_resource_is_valid():
    assert data.check() == []


def test_check_cli_exits_zero_on_landed_data():
    proc = subprocess.run(
        [sys.executable, "-m", "dsr.data", "check"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_frictionless_cli_validates_the_package():
    exe = Path(sys.executable).parent / "frictionless"
    proc = subprocess.run(
        [str(exe), "validate", str(paths.DATAPACKAGE)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout[-3000:]


@pytest.mark.parametrize("res", catalog.datapackage()["resources"], ids=lambda r: r["name"])
def test_every_resource_has_provenance_and_a_page(res):
    for key in (
        "title",
        "description",
        "path",
        "licenses",
        "sources",
        "x_retrieved",
        "x_upstream_updated",
        "x_publisher",
        "x_origin",
    ):
        assert res.get(key), f"{res['name']}: {key} missing"
    for src in res["sources"]:
        assert src.get("title") and src.get("path")
    assert paths.data_page(res["name"]).exists(), f"no page book/data/{res['name']}.md"
    assert res["name"] in (paths.ROOT / "_toc.yml").read_text()
    for field in res.get("schema", {}).get("fields", []):
        assert field.get("description"), f"{res['name']}.{field['name']} has no description"


HAND = [r["name"] for r in catalog.RESOURCES if r.get("x_origin") == "hand-compiled"]
TABLES = [r["name"] for r in catalog.RESOURCES if "schema" in r]


@pytest.mark.parametrize("name", HAND)
def test_hand_compiled_rows_cite_a_work_in_the_bibliography(name):
    df = data.load(name)
    missing = set(df["source_key"]) - bib.keys()
    assert not missing, f"{name}: citation keys not in references.bib: {missing}"
    assert df["section"].str.len().min() > 3
    assert set(df["confidence"]) <= {"A", "B", "C"}


@pytest.mark.parametrize("name", TABLES)
def test_every_table_loads_with_its_key_unique(name):
    df = data.load(name)
    key = catalog.resource(name)["schema"].get("primaryKey") or list(df.columns)
    assert len(df) > 0 and not df.duplicated(key).any()


def test_data_folder_stays_small():
    size = sum(p.stat().st_size for p in paths.DATA.rglob("*") if p.is_file())
    assert size < 20e6, f"data/ is {size / 1e6:.1f} MB"


def test_load_returns_typed_frames():
    df = data.load("dsr_timeline")
    assert str(df["year"].dtype) == "Int64" and df["month"].isna().any()
    assert df["event_id"].is_unique


# -- bad input is refused, precisely -------------------------------------------------------------


def corrupt(tmp_path, name, edit):
    """Copy the package to tmp_path and apply edit(lines) to one resource's CSV."""
    dst = tmp_path / "data"
    shutil.copytree(paths.DATA, dst)
    path = dst / catalog.resource(name)["path"]
    lines = path.read_text().splitlines()
    edit(lines)
    path.write_text("\n".join(lines) + "\n")
    return dst, path


def test_text_in_a_numeric_column_is_refused(tmp_path):
    dst, path = corrupt(
        tmp_path,
        "dsr_timeline",
        lambda ln: ln.__setitem__(3, re.sub(r"^(E\d+),\d{4},", r"\1,twenty,", ln[3])),
    )
    problems = data.check(dst)
    assert [(p.line, p.column, p.value, p.kind) for p in problems] == [
        (4, "year", "twenty", "type-error")
    ]
    assert str(problems[0]).startswith(f"{path}:4 column 'year': type-error: value 'twenty'")


def test_unknown_country_code_is_refused(tmp_path):
    dst, path = corrupt(
        tmp_path, "dsr_projects", lambda ln: ln.__setitem__(2, ln[2].replace(",MYS,", ",XYZ,"))
    )
    with pytest.raises(data.DataValidationError) as err:
        data.load("dsr_projects", dst)
    (p,) = err.value.problems
    assert (p.file, p.line, p.column, p.value) == (str(path), 3, "iso3", "XYZ")
    assert "not an ISO 3166-1 alpha-3 country code" in str(err.value)


def test_missing_required_field_is_refused(tmp_path):
    dst, path = corrupt(
        tmp_path, "dsr_projects", lambda ln: ln.__setitem__(5, re.sub(r",[ABC]$", ",", ln[5]))
    )
    (p,) = data.validate("dsr_projects", dst)
    assert (p.line, p.column, p.kind) == (6, "confidence", "constraint-error")
    assert "required" in p.detail


def test_duplicated_key_is_refused(tmp_path):
    def edit(lines):
        lines[4] = re.sub(r"^P\d+", lines[3].split(",")[0], lines[4])

    dst, path = corrupt(tmp_path, "dsr_projects", edit)
    problems = data.check(dst)
    assert {(p.line, p.kind) for p in problems} >= {(5, "unique-error")}
    assert all(p.line == 5 for p in problems)
    assert any(p.column == "project_id" for p in problems)


def test_value_outside_allowed_categories_names_the_allowed_values(tmp_path):
    dst, _ = corrupt(
        tmp_path,
        "dsr_projects",
        lambda ln: ln.__setitem__(2, ln[2].replace("E-commerce and payments", "Shopping")),
    )
    (p,) = data.check(dst)
    assert p.column == "pillar" and p.value == "Shopping" and "5G and mobile networks" in p.detail


def test_check_cli_reports_and_exits_nonzero_without_touching_files(tmp_path):
    dst, path = corrupt(
        tmp_path, "dsr_projects", lambda ln: ln.__setitem__(2, ln[2].replace(",MYS,", ",XYZ,"))
    )
    before = path.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "dsr.data", "check", "--data", str(dst)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert f"{path}:3 column 'iso3'" in proc.stdout and "'XYZ'" in proc.stdout
    assert path.read_bytes() == before


# -- countries
# ---------------------------------------------------------------------------------------


def test_country_names_come_from_pycountry():
    assert countries.name("KGZ") == "Kyrgyzstan" and countries.name("RUS") == "Russia"
    assert countries.code("Kazakhstan") == "KAZ"
    with pytest.raises(KeyError):
        countries.name("XYZ")


def test_every_mapped_country_can_be_drawn():
    codes = set(data.load("dsr_projects")["iso3"])
    assert codes <= countries.drawn() | set(countries.small_country_points())


# -- reproducible derivation ---------------------------------------------------------------------


def test_build_from_raw_is_byte_identical(tmp_path):
    if not (RAW / "world-boundaries").exists():
        pytest.skip(
            f"{RAW} not found: the derivation test needs the shared raw datasets beside the"
            " repository"
        )
    dst = tmp_path / "data"
    shutil.copytree(paths.DATA, dst)
    written = pipeline.build(RAW, dst)
    for p in written:
        rel = p.relative_to(dst)
        assert p.read_bytes() == (paths.DATA / rel).read_bytes(), (
            f"{rel} differs from the committed file"
        )


@pytest.mark.parametrize("name", ["hrt_debt_stock", "dsr_projects"])
def test_dataset_card_reports_provenance_and_coverage_from_the_data(name):
    from dsr import pages

    html = pages.card_html(name)
    res = catalog.resource(name)
    assert res["x_publisher"].split(",")[0] in html and res["x_retrieved"] in html
    assert f"{len(data.load(name)):,}" in html
    for field in res["schema"]["fields"]:
        assert f"<td>{field['name']}</td>" in html


def test_derivation_note_quotes_the_code_and_the_rows_left_out():
    from dsr import pages

    html = pages.derivation_html("wdi_indicators")
    assert "dsr.sources.wdi_indicators" in html and "years before 1990" in html
    assert catalog.derivation("wdi_indicators").split()[0] in html
    assert "python -m dsr.build" in html
    combined = pages.derivation_html("contested_series")
    assert "dsr.build.combined.contested_series" in combined


def test_data_check_cli_has_no_build_command():
    """dsr.data only loads and validates; deriving data/ is python -m dsr.build."""
    proc = subprocess.run(
        [sys.executable, "-m", "dsr.data", "build"], capture_output=True, text=True
    )
    assert proc.returncode != 0 and "invalid choice: 'build'" in proc.stderr
    assert not hasattr(data, "build")


def test_build_cli_refuses_a_missing_raw_folder(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "dsr.build",
            "--raw",
            str(tmp_path / "nowhere"),
            "--data",
            str(tmp_path / "data"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and "nowhere not found" in proc.stderr
    assert not (tmp_path / "data").exists()


# -- as_of: when a row's facts were last checked
# -----------------------------------------------------

AS_OF_TABLES = [
    "memberships",
    "fiveg_decisions",
    "ca_digital_programmes",
    "russia_china_register",
    "dsr_projects",
]


@pytest.mark.parametrize("name", AS_OF_TABLES)
def test_tables_that_change_over_time_say_when_each_row_was_checked(name):
    field = {f["name"]: f for f in catalog.resource(name)["schema"]["fields"]}["as_of"]
    assert field["type"] == "date" and field["constraints"]["required"] and field["description"]
    df = data.load(name)
    assert df["as_of"].notna().all()
    assert (df["as_of"] <= pd.Timestamp.today()).all()
    assert "as_of" in paths.data_page(name).read_text()


def test_missing_as_of_is_refused(tmp_path):
    def edit(lines):
        lines[2] = re.sub(r",\d{4}-\d{2}-\d{2},", ",,", lines[2], count=1)

    dst, path = corrupt(tmp_path, "memberships", edit)
    (p,) = data.validate("memberships", dst)
    assert (p.line, p.column, p.kind) == (3, "as_of", "constraint-error")


def test_malformed_as_of_is_refused(tmp_path):
    dst, path = corrupt(
        tmp_path,
        "fiveg_decisions",
        lambda ln: ln.__setitem__(
            4, re.sub(r",\d{4}-\d{2}-\d{2},", ",23/11/2026,", ln[4], count=1)
        ),
    )
    (p,) = data.validate("fiveg_decisions", dst)
    assert (p.line, p.column, p.value, p.kind) == (5, "as_of", "23/11/2026", "type-error")
