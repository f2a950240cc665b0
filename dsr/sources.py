"""Derivations: from the raw public datasets in ``shared/raw`` to the book's tidy tables.

Each ``@derives("table")`` function reads one raw source and returns a DataFrame that
``python -m dsr.build`` writes to ``data/`` (see :mod:`dsr.build`); it receives the build's
:class:`~dsr.build.registry.TableReport` for its table and records there every row it leaves out.
Rules:

* Country names become ISO 3166-1 alpha-3 codes through ``country_converter`` (see
  :func:`dsr.countries.codes`); a name that cannot be mapped stops the build with the file and
  names.
* Rows are left out only by a stated rule (for example World Bank regional aggregates, whose codes
  are not ISO country codes); every such rule is written in the function's docstring and on the
  dataset's page, and the derivation counts what each rule left out in its report
  (``data/derivation_report.json``).
* Sources whose licence is non-commercial or unclear (AEI tracker, TeleGeography cables) yield only
  aggregates.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from . import catalog, countries
from .build.registry import TableReport, derives
from .catalog import ICT_FIRMS, WDI_INDICATORS

FIRST_YEAR = 1990

#: The rule for submarine cables (stated on the cables page and tested): Chinese-built = HMN Tech
#: (Huawei Marine Networks until 2020; TeleGeography labels its older builds "HMN Tech" too) is
#: among the suppliers. Chinese-owned = one of these mainland-controlled firms is among the owners:
#: the three state carriers, CITIC (a state conglomerate) and Hengtong's PEACE Cable company. Hong
#: Kong's privately held PCCW is not counted.
CHINESE_SUPPLIERS = ["HMN Tech"]
CHINESE_OWNERS = [
    "China Mobile",
    "China Telecom",
    "China Unicom",
    "CITIC Telecom International",
    "Peace Cable International Network Co. Ltd.",
]

#: Abbreviations used by a source that country_converter does not recognise, spelled out in full;
#: the full name is then mapped to its code by country_converter like every other name.
NAME_ALIASES = {"UAE": "United Arab Emirates"}

#: How World Bank aggregate rows (regions, income groups, lending groups) are recognised in IDS
#: files, whose aggregate names differ from the WDI's.
WB_AGGREGATE = re.compile(
    r"income|excluding|IDA|IBRD|Sub-Saharan|&|World|countries|small states|"
    r"dividend|Fragile|Heavily indebted|Least developed",
    re.I,
)


def _iso_only(df: pd.DataFrame, col: str, report: TableReport, rule: str) -> pd.DataFrame:
    """The rows whose ``col`` is an ISO 3166-1 alpha-3 code; the others are counted under
    ``rule``."""
    keep = df[col].isin(set(catalog.iso3_codes()))
    report.drop(rule, (~keep).sum())
    return df[keep]


# -- World Bank
# --------------------------------------------------------------------------------------


@derives("wdi_indicators")
def wdi_indicators(raw: Path, report: TableReport) -> pd.DataFrame:
    """iso3, year, indicator, value for the WDI indicators, 1990 onwards. Left out: rows whose code
    is not an ISO alpha-3 country code (World Bank regional and income aggregates, e.g. WLD, EAS,
    and the Channel Islands, CHI) and years before 1990."""
    frames = []
    for code in WDI_INDICATORS:
        path = raw / "wdi" / code / "data.csv"
        df = pd.read_csv(path, keep_default_na=False, na_values=[""])
        df = df.rename(columns={"Country Code": "iso3", "Year": "year", "Value": "value"})
        df["indicator"] = code.upper()
        frames.append(df[["iso3", "year", "indicator", "value"]])
    df = pd.concat(frames)
    df = _iso_only(df, "iso3", report, "World Bank aggregates (code not an ISO country code)")
    old = df["year"] < FIRST_YEAR
    report.drop(f"years before {FIRST_YEAR}", old.sum())
    df = df[~old & df["value"].notna()]
    return df.sort_values(["indicator", "iso3", "year"]).reset_index(drop=True)


@derives("wdi_indicator_list")
def wdi_indicator_list(raw: Path, report: TableReport) -> pd.DataFrame:
    """indicator, title, definition: the World Bank's own title and definition of each indicator."""
    rows = []
    for code in WDI_INDICATORS:
        meta = json.loads((raw / "wdi" / code / "datapackage.json").read_text(encoding="utf-8"))
        rows.append(
            {
                "indicator": code.upper(),
                "title": meta["title"],
                "definition": " ".join(str(meta.get("readme", "")).split()),
            }
        )
    return pd.DataFrame(rows)


def wb_name_codes(raw: Path) -> dict[str, str]:
    """World Bank country names and their codes, read from the WDI files themselves."""
    df = pd.read_csv(
        raw / "wdi" / "sp.pop.totl" / "data.csv", keep_default_na=False, na_values=[""]
    )
    return dict(zip(df["Country Name"], df["Country Code"], strict=False))


@derives("ids_china_debt_service")
def ids_china_debt_service(raw: Path, report: TableReport) -> pd.DataFrame:
    """iso3, year, principal_usd, interest_usd, projected: public and publicly guaranteed debt
    service paid to China as a bilateral creditor. Debtor names are World Bank names, mapped to
    codes with the WDI's own name-code pairs; names that are World Bank aggregates are left out."""
    folder = raw / "wb-ids-bilateral-debt-service"
    parts = {}
    for series, pattern in [
        ("principal_usd", "ids_DT.AMT.BLAT.CD_*.csv"),
        ("interest_usd", "ids_DT.INT.BLAT.CD_*.csv"),
    ]:
        (path,) = sorted(folder.glob(pattern))
        df = pd.read_csv(path, keep_default_na=False, na_values=[""])
        df = df[df["counterpart_area"] == "China"]
        parts[series] = df.groupby(["country", "year"])["value"].sum().rename(series)
    df = pd.concat(parts.values(), axis=1).reset_index()
    names = wb_name_codes(raw)
    aggregate = ~df["country"].isin(names) & df["country"].str.contains(WB_AGGREGATE)
    report.drop("World Bank aggregates (regions, income groups)", aggregate.sum())
    df = df[~aggregate].copy()
    unknown = sorted(set(df["country"]) - set(names))
    if unknown:
        raise ValueError(
            f"{folder}: debtor names neither World Bank country names nor aggregates: {unknown}"
        )
    df["iso3"] = df["country"].map(names)
    df = _iso_only(df, "iso3", report, "World Bank aggregates (code not an ISO country code)")
    df["projected"] = df["year"] >= 2023
    return (
        df[["iso3", "year", "principal_usd", "interest_usd", "projected"]]
        .sort_values(["iso3", "year"])
        .reset_index(drop=True)
    )


#: ONE's creditor labels in the IDS creditor-share extract, and the book's codes for them.
PPG_CREDITORS = {
    "China (bilateral)": "china_bilateral",
    "China (private)": "china_private",
    "Other creditors": "other",
}


def _bad_cells(path: Path, df: pd.DataFrame, column: str, bad: pd.Series, why: str) -> None:
    """Raise ValueError naming the file, the line of every bad cell (header = line 1) and the
    column."""
    if bad.any():
        cells = "; ".join(f"line {i + 2}: {v!r}" for i, v in df.loc[bad, column].items())
        raise ValueError(f"{path}: column '{column}': {why}: {cells}")


@derives("ids_ppg_creditor_shares")
def ids_ppg_creditor_shares(raw: Path, report: TableReport) -> pd.DataFrame:
    """iso3, country, year, creditor, share_pct: each creditor's share (per cent) of a debtor's
    public and publicly guaranteed (PPG) external debt stock, World Bank IDS data as processed by
    the ONE Campaign, for the 20 debtors of the extract, 2000-2024. creditor: china_bilateral (ONE's
    'China (bilateral)'), china_private ('China (private)'), other ('Other creditors'). country is
    the World Bank's debtor name as the file spells it; iso3 comes from it through
    dsr.countries.codes. A creditor-debtor-year with no row in the source has no row here (missing
    is not zero); the source's explicit 0.0 rows are kept. Values are written to 10 significant
    digits. Left out: debtor names that are World Bank aggregates (regions, income or lending
    groups): names whose WDI code is not an ISO country code, and names outside the WDI that read as
    aggregates (e.g. 'IDA total'). Any other name that cannot be mapped, an unknown creditor label,
    a non-numeric year or value, or a duplicated creditor-debtor-year stops the build with the file,
    line and column."""
    path = raw / "ids-ppg-creditor-shares" / "china_share_ppg_selected.csv"
    df = pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=str)
    expected = ["year", "creditor_name", "debtor_name", "value"]
    if list(df.columns) != expected:
        raise ValueError(f"{path}: line 1: header {list(df.columns)} is not {expected}")
    year = pd.to_numeric(df["year"], errors="coerce")
    _bad_cells(path, df, "year", year.isna() | (year != year.round()), "not a whole year")
    value = pd.to_numeric(df["value"], errors="coerce")
    _bad_cells(
        path,
        df,
        "value",
        value.isna() | (value < 0) | (value > 100 + 1e-9),
        "not a share in per cent (a number from 0 to 100)",
    )
    _bad_cells(
        path,
        df,
        "creditor_name",
        ~df["creditor_name"].isin(PPG_CREDITORS),
        f"not one of the creditor labels {list(PPG_CREDITORS)}",
    )
    _bad_cells(path, df, "debtor_name", df["debtor_name"].isna(), "empty debtor name")
    df = df.assign(
        year=year.astype(int),
        share_pct=value,
        creditor=df["creditor_name"].map(PPG_CREDITORS),
        country=df["debtor_name"],
    )
    names = wb_name_codes(raw)
    iso = set(catalog.iso3_codes())
    wb_aggregate = df["country"].map(names).notna() & ~df["country"].map(names).isin(iso)
    aggregate = wb_aggregate | (
        ~df["country"].isin(names) & df["country"].str.contains(WB_AGGREGATE)
    )
    report.drop("World Bank aggregates (regions, income groups)", aggregate.sum())
    df = df[~aggregate].copy()
    code = {}
    for n in sorted(set(df["country"])):
        try:
            (code[n],) = countries.codes([n], source=path)
        except ValueError:
            code[n] = None
    _bad_cells(
        path,
        df,
        "debtor_name",
        df["country"].map(code).isna(),
        "no ISO 3166-1 alpha-3 code for this debtor name (and not a World Bank aggregate)",
    )
    df["iso3"] = df["country"].map(code)
    dup = df.duplicated(["iso3", "year", "creditor"], keep=False)
    _bad_cells(path, df, "debtor_name", dup, "creditor-debtor-year given more than once")
    cols = ["iso3", "country", "year", "creditor", "share_pct"]
    return df[cols].sort_values(["iso3", "year", "creditor"]).reset_index(drop=True)


# -- ITU / OWID
# --------------------------------------------------------------------------------------


@derives("internet_use")
def internet_use(raw: Path, report: TableReport) -> pd.DataFrame:
    """iso3, year, internet_users_pct (ITU, via World Bank and OWID). Left out: OWID aggregates
    (regions, income groups, World: no ISO code); Kosovo (OWID_KOS) is kept as XKX."""
    path = raw / "owid-internet-users" / "share-of-individuals-using-the-internet.csv"
    df = pd.read_csv(path, sep=";", keep_default_na=False, na_values=[""])
    df.columns = ["entity", "iso3", "year", "internet_users_pct"]
    kosovo = df["iso3"] == "OWID_KOS"
    df.loc[kosovo, "iso3"] = countries.codes(df.loc[kosovo, "entity"], source=path)
    df = _iso_only(df, "iso3", report, "OWID aggregates (no ISO country code)")
    df = df[df["internet_users_pct"].notna()]
    return (
        df[["iso3", "year", "internet_users_pct"]]
        .sort_values(["iso3", "year"])
        .reset_index(drop=True)
    )


# -- AidData
# -----------------------------------------------------------------------------------------


@derives("gcdf_country_commitments")
def gcdf_country_commitments(raw: Path, report: TableReport) -> pd.DataFrame:
    """iso3, region, income_level, total_commitments_bn (constant 2021 USD bn, 2000-2021),
    weighted_interest_rate (%)."""
    df = pd.read_csv(
        raw / "aiddata-gcdf3-aggregates" / "gcdf_country_commitments.csv",
        keep_default_na=False,
        na_values=[""],
    )
    df = df.rename(
        columns={"iso3c": "iso3", "region_name": "region", "income_level_name": "income_level"}
    )
    cols = ["iso3", "region", "income_level", "total_commitments_bn", "weighted_interest_rate"]
    return df[cols].sort_values("iso3").reset_index(drop=True)


@derives("gcdf_yearly_flows")
def gcdf_yearly_flows(raw: Path, report: TableReport) -> pd.DataFrame:
    """year, flow_class, commitments_bn (constant 2021 USD bn)."""
    df = pd.read_csv(raw / "aiddata-gcdf3-aggregates" / "gcdf_yearly_flows.csv")
    return (
        df.rename(columns={"commitment_year": "year"})
        .sort_values(["year", "flow_class"])
        .reset_index(drop=True)
    )


def _gcdf_projects(raw: Path) -> pd.DataFrame:
    df = pd.read_csv(
        raw / "aiddata-gcdf3-geolocated" / "gcdf3_geolocated_projects.csv",
        keep_default_na=False,
        na_values=[""],
        low_memory=False,
    )
    return df.rename(
        columns={
            "AidData.Record.ID": "record_id",
            "Amount.(Constant.USD.2021)": "amount_usd2021",
            "Title": "title",
            "Status": "status",
            "Sector.Name": "sector",
            "Recipient.ISO-3": "iso3",
            "Commitment.Year": "year",
        }
    )


@derives("gcdf_geo_sector_year")
def gcdf_geo_sector_year(raw: Path, report: TableReport) -> pd.DataFrame:
    """iso3, year, sector, projects, projects_with_amount, amount_usd2021: AidData's geolocated
    projects summed by recipient, commitment year and OECD sector. Projects without an amount count
    in ``projects`` but not in the sum. Recipients that are regions (no ISO code) are left out."""
    df = _gcdf_projects(raw)
    df = _iso_only(df, "iso3", report, "multi-country or regional recipients (no ISO code)")
    g = df.groupby(["iso3", "year", "sector"]).agg(
        projects=("record_id", "size"),
        projects_with_amount=("amount_usd2021", "count"),
        amount_usd2021=("amount_usd2021", "sum"),
    )
    return g.reset_index().sort_values(["iso3", "year", "sector"]).reset_index(drop=True)


@derives("gcdf_ict_projects")
def gcdf_ict_projects(raw: Path, report: TableReport) -> pd.DataFrame:
    """One row per geolocated AidData project in the COMMUNICATIONS sector: record_id, iso3, year,
    status, amount_usd2021, title, firms (the firms of ICT_FIRMS that the title names). Left out:
    the one project whose recipient is a region rather than a country (no ISO code)."""
    df = _gcdf_projects(raw)
    df = df[df["sector"] == "COMMUNICATIONS"].copy()
    df = _iso_only(df, "iso3", report, "multi-country or regional recipients (no ISO code)")
    df["firms"] = df["title"].map(
        lambda t: "; ".join(f for f in ICT_FIRMS if re.search(re.escape(f), t, re.I))
    )
    cols = ["record_id", "iso3", "year", "status", "amount_usd2021", "firms", "title"]
    return df[cols].sort_values("record_id").reset_index(drop=True)


# -- Horn, Reinhart and Trebesch
# ---------------------------------------------------------------------


@derives("hrt_debt_stock")
def hrt_debt_stock(raw: Path, report: TableReport) -> pd.DataFrame:
    """iso3, year, china_debt_usd, china_debt_pct_gdp: external debt owed to Chinese official
    creditors (direct loans), as estimated by Horn, Reinhart and Trebesch (2019), version April
    2020. Codes come from the country names: the file's own ISO column uses the retired code ROM for
    Romania."""
    path = raw / "hrt-china-debt-stock" / "debt_stocks_owed_to_china.csv"
    df = pd.read_csv(path, keep_default_na=False, na_values=[""])
    df["iso3"] = countries.codes(df["Country"], source=path)
    df = df.rename(
        columns={
            "Year": "year",
            "ChinaDebt_USD": "china_debt_usd",
            "ChinaDebt_GDP": "china_debt_pct_gdp",
        }
    )
    return (
        df[["iso3", "year", "china_debt_usd", "china_debt_pct_gdp"]]
        .sort_values(["iso3", "year"])
        .reset_index(drop=True)
    )


# -- Carnegie AIGS
# -----------------------------------------------------------------------------------

AIGS_FIRMS = ["Huawei", "ZTE", "Hikvision", "Dahua", "SenseTime", "Yitu", "CloudWalk", "Megvii"]


@derives("aigs_surveillance")
def aigs_surveillance(raw: Path, report: TableReport) -> pd.DataFrame:
    """One row per country where Feldstein (2019) found AI surveillance: techniques in use, supplier
    countries, BRI membership and regime type as published; firm flags derived from key_companies.
    Columns the book does not use (military spending, Freedom on the Net, ODI rank) are left out."""
    path = raw / "carnegie-aigs-2019" / "aigs_index_2019.csv"
    df = pd.read_csv(path, keep_default_na=False, na_values=[""])
    df["iso3"] = countries.codes(df["country"], source=path)
    for firm in AIGS_FIRMS:
        df[firm.lower()] = (
            df["key_companies"].str.contains(firm, case=False, regex=False).astype(int)
        )
    cols = [
        "iso3",
        "region",
        "aggregate_regime_score_2018",
        "regime_type",
        "belt_and_road_initiative_country",
        "smart_city_safe_city",
        "facial_recognition",
        "smart_policing",
        "china_ai_tech",
        "us_ai_tech",
        "japan_ai_tech",
        *[f.lower() for f in AIGS_FIRMS],
        "key_companies",
    ]
    return (
        df[cols]
        .rename(
            columns={
                "aggregate_regime_score_2018": "regime_score",
                "belt_and_road_initiative_country": "bri",
            }
        )
        .sort_values("iso3")
        .reset_index(drop=True)
    )


# -- Green Finance & Development Center
# ---------------------------------------------------------------


@derives("bri_members")
def bri_members(raw: Path, report: TableReport) -> pd.DataFrame:
    """iso3, join_date, join_date_uncertain, exit_date: countries of the BRI (GFDC, May 2025
    list)."""
    path = raw / "greenfdc-bri-countries" / "25_05_BRI-countries-public.xlsx"
    df = pd.read_excel(path, sheet_name="BRI countries")
    df = df.rename(
        columns={
            "Country Code": "iso3",
            "Likely date of joining": "join",
            "Likely date of exit": "exit",
        }
    )
    join = pd.to_datetime(df["join"], errors="coerce")
    df["join_date_uncertain"] = join.isna()
    bad = df["join_date_uncertain"] & ~df["join"].astype(str).str.contains("uncertain", case=False)
    if bad.any():
        raise ValueError(
            f"{path}: unreadable joining dates in rows {list(df.index[bad] + 2)}:"
            f" {list(df['join'][bad])}"
        )
    df["join_date"] = join.dt.strftime("%Y-%m-%d")
    df["exit_date"] = pd.to_datetime(df["exit"], errors="coerce").dt.strftime("%Y-%m-%d")
    return (
        df[["iso3", "join_date", "join_date_uncertain", "exit_date"]]
        .sort_values("iso3")
        .reset_index(drop=True)
    )


# -- AEI / Heritage (aggregates only)
# ------------------------------------------------------------------


def _aei(raw: Path) -> pd.DataFrame:
    path = raw / "aei-cgit-2022" / "China-Global-Investment-Tracker-2022-SPRING-final-1.xlsx"
    df = pd.read_excel(path, sheet_name="Dataset 1+2", header=5)
    df = df.rename(
        columns={
            "Year": "year",
            "Quantity in Millions": "usd_m",
            "Sector": "sector",
            "Subsector": "subsector",
            "Country": "country",
            "BRI": "bri",
        }
    )
    df["iso3"] = countries.codes(df["country"].replace(NAME_ALIASES), source=path)
    df["subsector"] = df["subsector"].fillna("(none)")
    months = {
        m: i
        for i, m in enumerate(
            [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ],
            start=1,
        )
    }
    bad = ~df["Month"].isin(months)
    if bad.any():
        raise ValueError(
            f"{path}: unknown month names in rows {list(df.index[bad] + 7)}:"
            f" {sorted(set(df['Month'][bad]))}"
        )
    df["half"] = np.where(df["Month"].map(months) <= 6, "H1", "H2")
    return df


#: The tracker's BRI column (1, 0 or blank) as the book's bri column.
AEI_BRI = {1: "yes", 0: "no"}
AEI_BRI_BLANK = "not coded"


@derives("aei_by_year_sector")
def aei_by_year_sector(raw: Path, report: TableReport) -> pd.DataFrame:
    """year, half, sector, subsector, bri, deals, usd_m: AEI/Heritage China Global Investment
    Tracker (2022 Spring), investment and construction deals of USD 100m or more, summed by
    half-year (H1 = January to June). bri is the tracker's own BRI column: "yes" (1), "no" (0), or
    "not coded" where the tracker leaves it blank (every deal before October 2013, when the BRI was
    announced, and a few later ones); no deal is left out, so summing over bri gives the all-deal
    totals. Aggregates only (all rights reserved)."""
    df = _aei(raw)
    path = raw / "aei-cgit-2022" / "China-Global-Investment-Tracker-2022-SPRING-final-1.xlsx"
    bad = df["bri"].notna() & ~df["bri"].isin(list(AEI_BRI))
    if bad.any():
        raise ValueError(
            f"{path}: sheet 'Dataset 1+2', column 'BRI': values other than 1, 0 or blank in rows "
            f"{list(df.index[bad] + 7)}: {sorted(set(df['bri'][bad]))}"
        )
    df["bri"] = df["bri"].map(AEI_BRI).fillna(AEI_BRI_BLANK)
    keys = ["year", "half", "sector", "subsector", "bri"]
    g = df.groupby(keys).agg(deals=("usd_m", "size"), usd_m=("usd_m", "sum"))
    return g.reset_index().sort_values(keys).reset_index(drop=True)


@derives("aei_by_country")
def aei_by_country(raw: Path, report: TableReport) -> pd.DataFrame:
    """iso3, year, deals, usd_m, technology_deals, technology_usd_m: the same tracker summed by host
    country and year. Aggregates only."""
    df = _aei(raw)
    df["tech"] = df["sector"].eq("Technology")
    df["tech_usd"] = df["usd_m"].where(df["tech"], 0)
    g = df.groupby(["iso3", "year"]).agg(
        deals=("usd_m", "size"),
        usd_m=("usd_m", "sum"),
        technology_deals=("tech", "sum"),
        technology_usd_m=("tech_usd", "sum"),
    )
    return g.reset_index().sort_values(["iso3", "year"]).reset_index(drop=True)


# -- UN Comtrade
# ---------------------------------------------------------------------------------------


@derives("china_trade")
def china_trade(raw: Path, report: TableReport) -> pd.DataFrame:
    """iso3, year, exports_usd, imports_usd: China's merchandise trade with each partner as China
    reports it. Left out: 'World' and partner areas without an ISO country code; re-imports."""
    frames = []
    for path in sorted(
        (raw / "un-comtrade-china-trade").glob("comtrade_china_all_partners_total_*.csv")
    ):
        df = pd.read_csv(path, keep_default_na=False, na_values=[""])
        frames.append(df[["Year", "Trade Flow", "Partner ISO", "Trade Value (US$)"]])
    df = pd.concat(frames)
    df.columns = ["year", "flow", "iso3", "value"]
    reimports = ~df["flow"].isin(["Export", "Import"])
    report.drop("re-import and re-export flows", reimports.sum())
    df = _iso_only(df[~reimports], "iso3", report, "World and areas without an ISO country code")
    wide = df.pivot_table(index=["iso3", "year"], columns="flow", values="value", aggfunc="sum")
    wide = wide.rename(columns={"Export": "exports_usd", "Import": "imports_usd"}).reset_index()
    wide.columns.name = None
    return (
        wide[["iso3", "year", "exports_usd", "imports_usd"]]
        .sort_values(["iso3", "year"])
        .reset_index(drop=True)
    )


# -- TeleGeography (aggregates only)
# ------------------------------------------------------------------


def chinese_role(owners: str | None, suppliers: str | None) -> dict[str, bool]:
    """Apply the book's rule to one cable's owners and suppliers (comma-separated text)."""
    own = [o.strip() for o in (owners or "").split(",")]
    sup = [s.strip() for s in (suppliers or "").split(",")]
    return {
        "chinese_supplier": any(s in CHINESE_SUPPLIERS for s in sup),
        "chinese_owner": any(o in CHINESE_OWNERS for o in own),
    }


def _cables(raw: Path) -> pd.DataFrame:
    path = raw / "submarine-cables-telegeography-2022" / "cables.json"
    rows = []
    for c in json.loads(path.read_text(encoding="utf-8")):
        km = re.sub(r"[^0-9.]", "", (c.get("length") or "").split("km")[0])
        rows.append(
            {
                "id": c["id"],
                "rfs_year": c.get("rfs_year"),
                "planned": bool(c.get("is_planned")),
                "length_km": float(km) if km else np.nan,
                "countries": sorted(
                    {lp["country"] for lp in c.get("landing_points", []) if lp.get("country")}
                ),
                **chinese_role(c.get("owners"), c.get("suppliers")),
            }
        )
    return pd.DataFrame(rows)


def _role_label(df: pd.DataFrame) -> pd.Series:
    return np.select(
        [df["chinese_supplier"] & df["chinese_owner"], df["chinese_supplier"], df["chinese_owner"]],
        ["Chinese-built and -owned", "Chinese-built", "Chinese-owned"],
        "Other",
    )


@derives("cables_by_year")
def cables_by_year(raw: Path, report: TableReport) -> pd.DataFrame:
    """rfs_year, role, planned, cables, length_km: cable systems by ready-for-service year and
    Chinese role under the book's rule. Cables with no RFS year are left out (counted on the page).
    """
    df = _cables(raw)
    no_year = df["rfs_year"].isna()
    report.drop("no ready-for-service year", no_year.sum())
    df = df[~no_year].assign(
        role=lambda d: _role_label(d), rfs_year=lambda d: d["rfs_year"].astype(int)
    )
    g = df.groupby(["rfs_year", "role", "planned"]).agg(
        cables=("id", "size"), length_km=("length_km", "sum")
    )
    return g.reset_index().sort_values(["rfs_year", "role", "planned"]).reset_index(drop=True)


@derives("cable_landings_by_country")
def cable_landings_by_country(raw: Path, report: TableReport) -> pd.DataFrame:
    """iso3, cables, chinese_built, chinese_owned, planned, chinese_built_planned,
    chinese_owned_planned: how many cable systems land in each country, and how many of them are
    Chinese-built or Chinese-owned under the book's rule (in service and planned); the *_planned
    columns count the planned systems (TeleGeography's is_planned, October 2022) among them, so that
    in-service counts are the difference. Landing points without a country are left out (counted in
    the derivation report)."""
    path = raw / "submarine-cables-telegeography-2022" / "cables.json"
    df = _cables(raw).explode("countries")
    no_country = df["countries"].isna()
    report.drop("cables with no landing point in a named country", no_country.sum())
    df = df[~no_country].copy()
    names = sorted(df["countries"].unique())
    code = dict(zip(names, countries.codes(names, source=path), strict=False))
    df["iso3"] = df["countries"].map(code)
    df = df.drop_duplicates(["id", "iso3"])
    df["built_planned"] = df["chinese_supplier"] & df["planned"]
    df["owned_planned"] = df["chinese_owner"] & df["planned"]
    g = df.groupby("iso3").agg(
        cables=("id", "size"),
        chinese_built=("chinese_supplier", "sum"),
        chinese_owned=("chinese_owner", "sum"),
        planned=("planned", "sum"),
        chinese_built_planned=("built_planned", "sum"),
        chinese_owned_planned=("owned_planned", "sum"),
    )
    return g.reset_index().sort_values("iso3").reset_index(drop=True)


@derives("chinese_cable_links")
def chinese_cable_links(raw: Path, report: TableReport) -> pd.DataFrame:
    """iso3_a, iso3_b, role, cables, planned: pairs of countries joined by a Chinese-built or
    Chinese-owned cable (book's rule), counted by role; planned counts the planned systems
    (TeleGeography's is_planned, October 2022) among them. A cable landing in n countries links
    every pair of them. Cables with no Chinese role, and cables landing in a single country, are
    left out (they link no pair)."""
    path = raw / "submarine-cables-telegeography-2022" / "cables.json"
    df = _cables(raw)
    df["role"] = _role_label(df)
    other = df["role"] == "Other"
    report.drop("cables with no Chinese role", other.sum())
    df = df[~other]
    names = sorted({c for cs in df["countries"] for c in cs})
    code = dict(zip(names, countries.codes(names, source=path), strict=False))
    rows = []
    for _, c in df.iterrows():
        isos = sorted({code[n] for n in c["countries"]})
        rows += [
            (a, b, c["role"], c["id"], c["planned"])
            for i, a in enumerate(isos)
            for b in isos[i + 1 :]
        ]
    pairs = pd.DataFrame(rows, columns=["iso3_a", "iso3_b", "role", "id", "planned"])
    single = len(df) - pairs["id"].nunique()
    report.drop("Chinese-linked cables landing in a single country", single)
    g = pairs.groupby(["iso3_a", "iso3_b", "role"]).agg(
        cables=("id", "nunique"), planned=("planned", "sum")
    )
    return g.reset_index().sort_values(["iso3_a", "iso3_b", "role"]).reset_index(drop=True)
