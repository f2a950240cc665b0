"""Derivation rules: the cable rule, country mapping, and what each derived table must contain."""

import re

import pandas as pd
import pytest

from dsr import countries, data, paths, sources
from dsr.build import Report, TableReport, pipeline

RAW = paths.RAW_DEFAULT
needs_raw = pytest.mark.skipif(
    not RAW.exists(), reason=f"{RAW} not found: derivation tests need shared/raw"
)


@pytest.mark.parametrize(
    "owners, suppliers, built, owned",
    [
        ("Peace Cable International Network Co. Ltd.", "HMN Tech", True, True),
        ("China Telecom, Singtel, Telstra", "ASN", False, True),
        ("Rostelecom", "HMN Tech", True, False),
        ("PCCW, Telstra", "SubCom", False, False),  # Hong Kong's private PCCW is not counted
        (
            "China Telecommunications Ltd of Elbonia",
            "",
            False,
            False,
        ),  # exact owner names, not substrings
        (None, None, False, False),
    ],
)
def test_cable_rule(owners, suppliers, built, owned):
    assert sources.chinese_role(owners, suppliers) == {
        "chinese_supplier": built,
        "chinese_owner": owned,
    }


def test_country_names_map_through_country_converter_and_failures_are_named():
    assert countries.codes(
        ["Kyrgyz Republic", "Russian Federation", "Burma/Myanmar"], source="x"
    ) == ["KGZ", "RUS", "MMR"]
    with pytest.raises(
        ValueError, match=r"somefile\.csv: no ISO 3166-1 alpha-3 code for \['Atlantis'\]"
    ):
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
    raw_kgz = china[(china["country"] == "Kyrgyz Republic") & (china["year"] == 2022)][
        "value"
    ].sum()
    assert kgz["principal_usd"] == pytest.approx(raw_kgz)
    assert (
        not ids["projected"][ids["year"] <= 2022].any()
        and ids["projected"][ids["year"] >= 2023].all()
    )


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
    assert set(report) <= set(pipeline.derivations())
    for table, rules in report.items():
        doc = (pipeline.derivations()[table].__doc__ or "").lower()
        assert all(n >= 0 for n in rules.values())
        assert "left out" in doc or "aggregates" in doc, (
            f"{table}: rule not described in its docstring"
        )


def test_every_derived_table_of_the_catalogue_is_registered_once():
    from dsr import catalog

    registered = set(pipeline.derivations()) | set(pipeline.combinations())
    for name in registered:
        catalog.resource_spec(name)  # every registered table is in the catalogue
    said = {r["name"] for r in catalog.RESOURCES if "dsr.sources." in str(r.get("x_origin", ""))}
    assert said <= registered, (
        f"the catalogue says these are derived, but nothing derives them: {said - registered}"
    )
    assert not set(pipeline.derivations()) & set(pipeline.combinations())
    assert all(f.__module__ == "dsr.sources" for f in pipeline.derivations().values())
    assert all(f.__module__ == "dsr.build.combined" for f in pipeline.combinations().values())


def test_a_table_cannot_have_two_derivations():
    from dsr.build import derives

    with pytest.raises(ValueError, match="'wdi_indicators' already has a derivation"):
        derives("wdi_indicators")(lambda raw, report: None)


def test_derivations_share_no_state_between_reports():
    a, b = Report(), Report()
    a.table("t").drop("rule", 3)
    assert a.dropped == {"t": {"rule": 3}} and b.dropped == {}
    assert not hasattr(sources, "DROPPED") and not hasattr(sources, "DERIVED")


# -- World Bank IDS creditor shares (via ONE)
# ---------------------------------------------------------

PPG = RAW / "ids-ppg-creditor-shares" / "china_share_ppg_selected.csv"


@needs_raw
def test_ppg_creditor_shares_derivation_keeps_every_raw_row():
    raw = pd.read_csv(PPG)
    report = TableReport("ids_ppg_creditor_shares")
    df = sources.ids_ppg_creditor_shares(RAW, report)
    committed = data.load("ids_ppg_creditor_shares")
    assert len(df) == len(raw) == len(committed)  # no aggregates in the extract, nothing left out
    assert report.dropped == {"World Bank aggregates (regions, income groups)": 0}
    assert df["iso3"].nunique() == raw["debtor_name"].nunique() == 20
    assert set(df["creditor"]) == set(sources.PPG_CREDITORS.values())
    assert (
        df["country"].value_counts().sort_index() == raw["debtor_name"].value_counts().sort_index()
    ).all()
    # no row is invented: missing creditor-years stay missing (Azerbaijan has no China rows)
    assert set(df.loc[df["iso3"] == "AZE", "creditor"]) == {"other"}
    # values as in the raw file (to the 10 significant digits written)
    kgz = raw[
        (raw["debtor_name"] == "Kyrgyz Republic")
        & (raw["year"] == 2020)
        & (raw["creditor_name"] == "China (bilateral)")
    ]
    got = committed.query("iso3 == 'KGZ' and year == 2020 and creditor == 'china_bilateral'")[
        "share_pct"
    ].item()
    assert got == pytest.approx(kgz["value"].item(), rel=1e-9)
    # the shares sum to 100 per debtor-year except the source's own seven anomalies (PROVENANCE.md)
    off = committed.groupby(["iso3", "year"])["share_pct"].sum().sub(100).abs() > 1e-6
    assert sorted(off[off].index) == [("ETH", y) for y in range(2000, 2006)] + [("TJK", 2002)]


def _ppg_raw(tmp_path, edit):
    """A copy of the raw folders the derivation reads, with edit(lines) applied to the extract."""
    raw = tmp_path / "raw"
    (raw / "ids-ppg-creditor-shares").mkdir(parents=True)
    (raw / "wdi").symlink_to(RAW / "wdi")
    lines = PPG.read_text().splitlines()
    edit(lines)
    (raw / "ids-ppg-creditor-shares" / PPG.name).write_text("\n".join(lines) + "\n")
    return raw


@needs_raw
@pytest.mark.parametrize(
    "edit, column, message",
    [
        (
            lambda ln: ln.__setitem__(5, ln[5].rsplit(",", 1)[0] + ",twelve"),
            "value",
            "line 6: 'twelve'",
        ),
        (
            lambda ln: ln.__setitem__(5, ln[5].rsplit(",", 1)[0] + ",140.5"),
            "value",
            "line 6: '140.5'",
        ),
        (
            lambda ln: ln.__setitem__(3, ln[3].replace("China (bilateral)", "China (official)")),
            "creditor_name",
            "line 4: 'China (official)'",
        ),
        (
            lambda ln: ln.__setitem__(7, re.sub(r"^(\d+,[^,]+),[^,]+,", r"\1,Atlantis,", ln[7])),
            "debtor_name",
            "line 8: 'Atlantis'",
        ),
        (lambda ln: ln.__setitem__(9, "20x0" + ln[9][4:]), "year", "line 10: '20x0'"),
        (lambda ln: ln.append(ln[2]), "debtor_name", "more than once"),
    ],
)
def test_ppg_bad_row_names_file_line_and_column(tmp_path, edit, column, message):
    raw = _ppg_raw(tmp_path, edit)
    with pytest.raises(ValueError) as err:
        sources.ids_ppg_creditor_shares(raw, TableReport("ids_ppg_creditor_shares"))
    text = str(err.value)
    assert str(raw / "ids-ppg-creditor-shares" / PPG.name) in text
    assert f"column '{column}'" in text and message in text


@needs_raw
def test_ppg_aggregate_debtors_are_left_out_by_the_stated_rule(tmp_path):
    raw = _ppg_raw(tmp_path, lambda ln: ln.append("2010,Other creditors,Low & middle income,91.5"))
    report = Report()
    df = sources.ids_ppg_creditor_shares(raw, report.table("ids_ppg_creditor_shares"))
    assert len(df) == len(pd.read_csv(PPG))
    assert report.dropped == {
        "ids_ppg_creditor_shares": {"World Bank aggregates (regions, income groups)": 1}
    }


# -- AEI: the BRI flag
# ---------------------------------------------------------------------------------


@needs_raw
def test_aei_bri_flag_splits_the_totals_without_changing_them():
    deals = sources._aei(RAW)
    keys = ["year", "half", "sector", "subsector"]
    totals = deals.groupby(keys).agg(deals=("usd_m", "size"), usd_m=("usd_m", "sum")).reset_index()
    df = data.load("aei_by_year_sector")
    assert list(df.columns) == ["year", "half", "sector", "subsector", "bri", "deals", "usd_m"]
    summed = df.groupby(keys)[["deals", "usd_m"]].sum().reset_index()
    merged = totals.merge(summed, on=keys, how="outer", suffixes=("_raw", "_table"), validate="1:1")
    assert (merged["deals_raw"] == merged["deals_table"]).all()
    assert merged["usd_m_raw"].to_numpy() == pytest.approx(merged["usd_m_table"].to_numpy())
    flag = deals["bri"].map({1: "yes", 0: "no"}).fillna("not coded")
    assert df.groupby("bri")["deals"].sum().to_dict() == flag.value_counts().to_dict()
    # the tracker codes the flag from October 2013: nothing earlier is "yes" or "no"
    assert (df.loc[df["year"] < 2013, "bri"] == "not coded").all()


# -- cables: planned systems can be separated everywhere
# ---------------------------------------------


@needs_raw
def test_cable_tables_separate_planned_systems():
    raw = pd.read_json(RAW / "submarine-cables-telegeography-2022" / "cables.json")
    by_year = data.load("cables_by_year")
    assert (
        by_year.loc[by_year["planned"], "cables"].sum()
        == (raw["is_planned"] & raw["rfs_year"].notna()).sum()
    )
    land = data.load("cable_landings_by_country")
    assert (land["planned"] <= land["cables"]).all()
    assert (land["chinese_built_planned"] <= land["chinese_built"]).all()
    assert (land["chinese_owned_planned"] <= land["chinese_owned"]).all()
    links = data.load("chinese_cable_links")
    assert ((links["planned"] >= 0) & (links["planned"] <= links["cables"])).all()
    # one country checked cable by cable against the raw register
    raw = raw.astype({"owners": object, "suppliers": object}).where(raw.notna(), None)
    role = pd.DataFrame(
        [sources.chinese_role(o, s) for o, s in zip(raw["owners"], raw["suppliers"], strict=False)]
    )
    chinese = role.any(axis=1)
    ken = raw["landing_points"].map(lambda lps: any(lp.get("country") == "Kenya" for lp in lps))
    row = land.set_index("iso3").loc["KEN"]
    assert row["planned"] == (ken & raw["is_planned"]).sum()
    assert (
        row["chinese_built_planned"] == (ken & raw["is_planned"] & role["chinese_supplier"]).sum()
    )
    assert chinese.sum() > 0
