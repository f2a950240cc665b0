"""Derivation rules: the cable rule, country mapping, and what each derived table must contain."""
from pathlib import Path

import pandas as pd
import pytest

from dsr import countries, data, paths, sources

RAW = paths.RAW_DEFAULT
needs_raw = pytest.mark.skipif(not RAW.exists(), reason=f"{RAW} not found: derivation tests need shared/raw")


@pytest.mark.parametrize("owners, suppliers, built, owned", [
    ("Peace Cable International Network Co. Ltd.", "HMN Tech", True, True),
    ("China Telecom, Singtel, Telstra", "ASN", False, True),
    ("Rostelecom", "HMN Tech", True, False),
    ("PCCW, Telstra", "SubCom", False, False),          # Hong Kong's private PCCW is not counted
    ("China Telecommunications Ltd of Elbonia", "", False, False),  # exact owner names, not substrings
    (None, None, False, False),
])
def test_cable_rule(owners, suppliers, built, owned):
    assert sources.chinese_role(owners, suppliers) == {"chinese_supplier": built, "chinese_owner": owned}


def test_country_names_map_through_country_converter_and_failures_are_named():
    assert countries.codes(["Kyrgyz Republic", "Russian Federation", "Burma/Myanmar"], source="x") == ["KGZ", "RUS", "MMR"]
    with pytest.raises(ValueError, match=r"somefile\.csv: no ISO 3166-1 alpha-3 code for \['Atlantis'\]"):
        countries.codes(["Kazakhstan", "Atlantis"], source="somefile.csv")


@needs_raw
def test_cable_aggregates_match_the_raw_register():
    raw = pd.read_json(RAW / "submarine-cables-telegeography-2022" / "cables.json")
    built = raw["suppliers"].fillna("").str.contains("HMN Tech")
    by_year = data.load("cables_by_year")
    with_year = raw["rfs_year"].notna()
    assert by_year["cables"].sum() == with_year.sum()
    chinese_built = by_year[by_year["role"].str.startswith("Chinese-built")]["cables"].sum()
    assert chinese_built == (built & with_year).sum()


@needs_raw
def test_ids_keeps_every_debtor_country_owing_china():
    raw = pd.read_csv(next((RAW / "wb-ids-bilateral-debt-service").glob("ids_DT.AMT*.csv")))
    china = raw[raw["counterpart_area"] == "China"]
    ids = data.load("ids_china_debt_service")
    kgz = ids[(ids["iso3"] == "KGZ") & (ids["year"] == 2022)].iloc[0]
    raw_kgz = china[(china["country"] == "Kyrgyz Republic") & (china["year"] == 2022)]["value"].sum()
    assert kgz["principal_usd"] == pytest.approx(raw_kgz)
    assert not ids["projected"][ids["year"] <= 2022].any() and ids["projected"][ids["year"] >= 2023].all()


@needs_raw
def test_aigs_headline_counts_are_reproduced():
    df = data.load("aigs_surveillance")
    assert len(df) == 75 and df["china_ai_tech"].sum() == 63 and df["us_ai_tech"].sum() == 32
    assert df.loc[df["china_ai_tech"] == 1, "bri"].sum() == 36


def test_central_asia_and_russia_are_covered():
    five = {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
    assert five | {"RUS"} <= set(data.load("hrt_debt_stock")["iso3"])
    assert five | {"RUS", "CHN"} <= set(data.load("internet_use")["iso3"])
    wdi = data.load("wdi_indicators")
    assert five | {"RUS", "CHN"} <= set(wdi.loc[wdi["indicator"] == "IT.CEL.SETS.P2", "iso3"])
    assert set(data.load("ca_digital_programmes")["iso3"]) == five


def test_derivation_report_lists_only_stated_rules():
    import json
    report = json.loads((paths.DATA / "derivation_report.json").read_text())
    assert set(report) <= set(sources.DERIVED)
    for table, rules in report.items():
        doc = (sources.DERIVED[table].__doc__ or "").lower()
        assert all(n >= 0 for n in rules.values())
        assert "left out" in doc or "aggregates" in doc, f"{table}: rule not described in its docstring"
