"""The checks: one short function per data-based claim, registered in :data:`CHECKS` by ``@check``.

A check takes a loader (``load(name) -> DataFrame``; the tests pass synthetic tables) and returns a
:class:`~dsr.claims.rules.Finding`: the raw verdict from :func:`level_status`, :func:`points_status`
or :func:`count_status`, the number the data give, and one evidence sentence. The ledger rules
(:func:`dsr.claims.rules.cap`) may then lower the raw verdict; see :mod:`dsr.claims.ledger`. A check
reads tables only through ``load``."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .. import countries, groups, model
from ..groups import (
    CENTRAL_ASIA,
    DEVELOPING_GDP_PC,
    EURASIA,
    FIVE_EYES,
)  # noqa: F401 - also importable from here
from .rules import Finding, count_status, level_status, points_status

# -- checks ----------------------------------------------------------------------------------------

Loader = Callable[[str], pd.DataFrame]
CHECKS: dict[str, Callable[[Loader], Finding]] = {}


def check(fn):
    CHECKS[fn.__name__] = fn
    return fn


def _mean_project_size(load: Loader) -> pd.Series:
    geo = load("gcdf_geo_sector_year")
    s = geo.groupby("sector")[["amount_usd2021", "projects_with_amount"]].sum()
    return s["amount_usd2021"] / s["projects_with_amount"] / 1e6


@check
def ict_smaller_projects(load: Loader) -> Finding:
    size = _mean_project_size(load)
    ict, transport, energy = size["COMMUNICATIONS"], size["TRANSPORT AND STORAGE"], size["ENERGY"]
    ok = ict < transport and ict < energy
    return Finding(
        "confirmed" if ok else "contradicted",
        round(float(ict), 1),
        "gcdf_geo_sector_year: the average Chinese-financed communications project with a "
        f"known amount is USD {ict:.0f}m, against USD {transport:.0f}m in transport and "
        f"USD {energy:.0f}m in energy (constant 2021 dollars, 2000-2021).",
    )


def _members_by(load: Loader, date: str) -> set[str]:
    b = load("bri_members").dropna(subset=["join_date"])
    when = pd.Timestamp(date)
    live = (b["join_date"] <= when) & (b["exit_date"].isna() | (b["exit_date"] > when))
    return set(b.loc[live, "iso3"])


@check
def india_africa_outside(load: Loader) -> Finding:
    members = _members_by(load, "2020-12-31")
    africa = [
        c
        for c, v in countries.attribute("continent").items()
        if v == "Africa" and countries.attribute("UNmember").get(c) not in (None, "")
    ]
    outside = sorted(c for c in africa if c not in members)
    india_out = "IND" not in members
    status = (
        "confirmed"
        if india_out and len(outside) >= 2
        else "partly confirmed"
        if india_out or outside
        else "contradicted"
    )
    return Finding(
        status,
        len(outside),
        f"bri_members: at the end of 2020 India {'had not' if india_out else 'had'} signed; "
        f"{len(outside)} of {len(africa)} African UN member states had not "
        f"({', '.join(countries.name(c) for c in outside)}).",
    )


@check
def developing_countries_join(load: Loader) -> Finding:
    developing = groups.developing(2019, load("wdi_indicators"))
    joined = developing & _members_by(load, "2020-12-31")
    pct = 100 * len(joined) / len(developing)
    return Finding(
        "confirmed" if pct > 50 else "contradicted",
        round(pct, 1),
        f"bri_members and wdi_indicators: {len(joined)} of the {len(developing)} countries with GDP"
        f" per head below USD {DEVELOPING_GDP_PC:,} in 2019 had signed a BRI memorandum by the end"
        f" of 2020 ({pct:.0f}%).",
    )


@check
def central_asia_population(load: Loader) -> Finding:
    wdi = load("wdi_indicators")
    pop = wdi[(wdi["indicator"] == "SP.POP.TOTL") & wdi["iso3"].isin(CENTRAL_ASIA)]
    total = pop[pop["year"] == 2019]["value"].sum() / 1e6
    return Finding(
        level_status(72, total),
        round(total, 1),
        f"wdi_indicators (SP.POP.TOTL): the five states had {total:.1f} million people in 2019. "
        "The 2050 projection is not in the book's data.",
    )


def _aigs_rows(load: Loader, iso3s: list[str], *columns: str) -> tuple[list[str], list[str]]:
    """The countries of ``iso3s`` whose AI Global Surveillance Index row has every column set, and
    those without."""
    a = load("aigs_surveillance").set_index("iso3")
    has = [c for c in iso3s if c in a.index and all(a.loc[c, col] == 1 for col in columns)]
    return has, [c for c in iso3s if c not in has]


def _names(iso3s) -> str:
    return ", ".join(countries.name(c) for c in iso3s) or "none"


def _aigs_finding(load: Loader, iso3s: list[str], columns: list[str], what: str) -> Finding:
    has, without = _aigs_rows(load, iso3s, *columns)
    return Finding(
        count_status(len(has), len(iso3s)),
        len(has),
        f"aigs_surveillance (2019): {what} recorded for {len(has)} of {len(iso3s)} named countries "
        f"({_names(has)}); not recorded: {_names(without)}.",
    )


@check
def kenya_pakistan_smart_cities(load: Loader) -> Finding:
    return _aigs_finding(
        load,
        ["KEN", "PAK"],
        ["smart_city_safe_city", "china_ai_tech"],
        "smart or safe city platforms with Chinese technology",
    )


@check
def huawei_smart_cities_named(load: Loader) -> Finding:
    return _aigs_finding(
        load,
        ["KEN", "SAU", "SRB"],
        ["smart_city_safe_city", "huawei"],
        "smart or safe city platforms with Huawei",
    )


@check
def uzbekistan_huawei(load: Loader) -> Finding:
    return _aigs_finding(
        load,
        ["UZB"],
        ["smart_city_safe_city", "huawei"],
        "smart or safe city platforms with Huawei (traffic monitoring is not itemised)",
    )


@check
def kyrgyz_facial_recognition(load: Loader) -> Finding:
    return _aigs_finding(
        load,
        ["KGZ"],
        ["facial_recognition", "china_ai_tech"],
        "facial recognition with Chinese technology",
    )


@check
def surveillance_and_regimes(load: Loader) -> Finding:
    a = load("aigs_surveillance")
    med = a.groupby("china_ai_tech")["regime_score"].median()
    lower = med[1] < med[0]
    return Finding(
        "partly confirmed" if lower else "contradicted",
        round(float(med[1]), 2),
        "aigs_surveillance: the median regime score (0-10, higher is more democratic) of the"
        f" {int(a['china_ai_tech'].sum())} users of Chinese technology is {med[1]:.1f}, against"
        f" {med[0]:.1f} for the others. An association, not proof that the systems enable"
        " repression.",
    )


@check
def ict_recipients_less_connected(load: Loader) -> Finding:
    ict = load("gcdf_ict_projects")
    recipients = set(ict.loc[ict["year"].between(2013, 2021), "iso3"])
    net = load("internet_use").query("year == 2013")
    rec = net.loc[net["iso3"].isin(recipients), "internet_users_pct"].median()
    other = net.loc[~net["iso3"].isin(recipients), "internet_users_pct"].median()
    return Finding(
        "confirmed" if rec < other else "contradicted",
        round(float(rec), 1),
        f"gcdf_ict_projects and internet_use: the {len(recipients)} countries that received Chinese"
        f" official finance for communications in 2013-2021 had a median of {rec:.0f}% of people"
        f" online in 2013, against {other:.0f}% elsewhere.",
    )


@check
def ict_finance_exists(load: Loader) -> Finding:
    ict = load("gcdf_ict_projects")
    bn = ict["amount_usd2021"].sum() / 1e9
    return Finding(
        "partly confirmed" if len(ict) else "contradicted",
        round(float(bn), 1),
        f"gcdf_ict_projects: {len(ict)} Chinese official-finance projects in communications, "
        f"USD {bn:.1f}bn (constant 2021 dollars, 2000-2021), in {ict['iso3'].nunique()} countries. "
        "Whether this finance makes the offers cheaper is not in the data.",
    )


@check
def armenia_city_vs_gdp(load: Loader) -> Finding:
    cost = load("project_costs").set_index("project_id").loc["C02"]
    wdi = load("wdi_indicators")
    gdp = (
        wdi[
            (wdi["indicator"] == "NY.GDP.MKTP.CD") & (wdi["iso3"] == "ARM") & (wdi["year"] == 2020)
        ]["value"].item()
        / 1e9
    )
    low, high = 100 * cost["cost_low_usd_bn"] / gdp, 100 * cost["cost_high_usd_bn"] / gdp
    return Finding(
        "confirmed" if low >= 50 else "contradicted",
        round(float(low), 1),
        "project_costs and wdi_indicators: USD"
        f" {cost['cost_low_usd_bn']:g}-{cost['cost_high_usd_bn']:g}bn is {low:.0f}-{high:.0f}% of"
        f" Armenia's 2020 GDP (USD {gdp:.1f}bn); the rule calls a cost huge when it is at least"
        " half a year's GDP.",
    )


@check
def sparse_eurasia_5g(load: Loader) -> Finding:
    wdi = load("wdi_indicators")
    dens = (
        wdi[wdi["indicator"] == "EN.POP.DNST"].sort_values("year").groupby("iso3").last()["value"]
    )
    china = float(dens["CHN"])
    sparse = {c: float(dens[c]) for c in EURASIA}
    ratio = model.cost_per_person(min(sparse.values()), 1, 1) / model.cost_per_person(china, 1, 1)
    ok = all(v < china for v in sparse.values())
    return Finding(
        "confirmed" if ok else "contradicted",
        round(max(sparse.values()), 1),
        "wdi_indicators (EN.POP.DNST): population density in Russia and Central Asia is"
        f" {min(sparse.values()):.0f}-{max(sparse.values()):.0f} people per km², against"
        f" {china:.0f} in China; under the book's cell model (dsr.model) the cost per person is"
        f" inversely proportional to density, up to {ratio:.0f} times China's.",
    )


# -- checks revised or added in the evidence review (K rows)
# ----------------------------------------

STATE_BANKS = (
    r"Exim|China Development Bank|\bCDB\b|ICBC|Industrial and Commercial Bank|Bank of China"
)
SOFT_TERMS = r"preferential|concessional|interest-free|grant|donat"


@check
def ict_state_bank_finance(load: Loader) -> Finding:
    # K06: state-backed banks finance DSR technology on favourable terms
    ict = load("gcdf_ict_projects").query("year >= 2013 and year <= 2021")
    total = ict["amount_usd2021"].sum()
    bank = ict["title"].str.contains(STATE_BANKS, case=False, regex=True)
    soft = ict["title"].str.contains(SOFT_TERMS, case=False, regex=True)
    bank_pct = 100 * ict.loc[bank, "amount_usd2021"].sum() / total
    soft_pct = 100 * ict.loc[soft, "amount_usd2021"].sum() / total
    status = (
        "confirmed"
        if bank_pct > 50 and soft_pct > 50
        else "partly confirmed"
        if bank_pct > 50 or soft_pct > 50
        else "contradicted"
    )
    return Finding(
        status,
        round(float(bank_pct), 1),
        f"gcdf_ict_projects (2013-2021): of USD {total / 1e9:.1f}bn of Chinese official finance for"
        f" communications in {len(ict)} projects, {bank_pct:.0f}% went to projects whose title"
        " names a Chinese state-owned bank (China Eximbank, China Development Bank, ICBC, Bank of"
        f" China; {int(bank.sum())} projects), and {soft_pct:.0f}% to projects described as grants,"
        f" interest-free, concessional or preferential ({int(soft.sum())} projects). Titles are a"
        " lower bound: a lender or term not named in the title is missed.",
    )


@check
def huawei_zte_named_firms(load: Loader) -> Finding:
    # K14: DSR infrastructure projects are led mainly by Huawei and ZTE
    ict = load("gcdf_ict_projects").dropna(subset=["firms"])
    hz = ict["firms"].str.contains("Huawei|ZTE", regex=True)
    n, k = len(ict), int(hz.sum())
    pct = 100 * k / n
    return Finding(
        "confirmed" if k * 2 > n else "contradicted",
        round(float(pct), 1),
        f"gcdf_ict_projects (2000-2021): {k} of the {n} Chinese-financed communications projects"
        f" whose title names a Chinese firm name Huawei or ZTE ({pct:.0f}%); most project titles"
        " name no firm, and commercial sales outside official finance are not in the data.",
    )


@check
def chinese_smart_city_suppliers(load: Loader) -> Finding:
    # K15: Chinese AI smart-city systems are adopted abroad
    a = load("aigs_surveillance")
    both = a[(a["smart_city_safe_city"] == 1) & (a["china_ai_tech"] == 1)]
    return Finding(
        "confirmed" if len(both) else "contradicted",
        len(both),
        f"aigs_surveillance (2019): {len(both)} of the {len(a)} countries in the index use smart or"
        " safe city platforms and Chinese AI surveillance technology; the index records suppliers,"
        " not who promotes them.",
    )


# -- checks revised or added in the evidence review (M rows)
# ----------------------------------------


def _aei_bri(load: Loader) -> pd.DataFrame:
    aei = load("aei_by_year_sector")
    if "bri" not in aei.columns:
        raise KeyError(
            "data/aei_by_year_sector.csv: column 'bri' is missing (needed for BRI-only sums)"
        )
    return aei[aei["bri"] == "yes"]


def _aei_bri_half_year(load: Loader) -> tuple[float, float]:
    bri = _aei_bri(load)
    h1 = bri.loc[(bri["year"] == 2020) & (bri["half"] == "H1"), "usd_m"].sum() / 1e3
    y2019 = bri.loc[bri["year"] == 2019, "usd_m"].sum() / 1e3
    return float(h1), float(y2019)


# M03
@check
def aei_h1_2020_level(load: Loader) -> Finding:
    h1, _ = _aei_bri_half_year(load)
    return Finding(
        level_status(23, h1),
        round(h1, 1),
        "aei_by_year_sector (deals flagged BRI): investment and construction deals in Belt and"
        f" Road countries in January-June 2020 sum to USD {h1:.1f}bn in the 2022 release of the"
        f" tracker, {h1 / 23 - 1:.0%} above the USD 23bn claimed.",
    )


# M04
@check
def aei_h1_2020_ratio(load: Loader) -> Finding:
    h1, y2019 = _aei_bri_half_year(load)
    pct = 100 * h1 / y2019
    return Finding(
        points_status(20, pct),
        round(pct, 1),
        "aei_by_year_sector (deals flagged BRI): January-June 2020 in Belt and Road countries "
        f"(USD {h1:.1f}bn) is {pct:.1f}% of the 2019 full-year BRI total (USD {y2019:.1f}bn).",
    )


# M01
@check
def bri_peak_years(load: Loader) -> Finding:
    members = _members_by(load, "2020-12-31")
    geo = load("gcdf_geo_sector_year")
    funding = (
        geo[geo["iso3"].isin(members) & geo["year"].between(2013, 2021)]
        .groupby("year")["amount_usd2021"]
        .sum()
        / 1e9
    )
    deals = (
        _aei_bri(load).query("year >= 2013 and year <= 2021").groupby("year")["usd_m"].sum() / 1e3
    )
    peaks = {"funding": int(funding.idxmax()), "deals": int(deals.idxmax())}
    slid = funding[2020] < funding.max() and deals[2020] < deals.max()
    hits = sum(p in (2016, 2017) for p in peaks.values()) if slid else 0
    return Finding(
        count_status(hits, 2),
        peaks["funding"],
        "gcdf_geo_sector_year (geolocated Chinese official finance to countries with a BRI"
        f" memorandum by 2020) peaks in {peaks['funding']} (USD {funding.max():.1f}bn, constant"
        f" 2021 dollars) and falls to USD {funding[2020]:.1f}bn in 2020; aei_by_year_sector (deals"
        f" flagged BRI) peaks in {peaks['deals']} (USD {deals.max():.1f}bn) and falls to USD"
        f" {deals[2020]:.1f}bn in 2020.",
    )


# M21
@check
def policy_bank_slowdown(load: Loader) -> Finding:
    f = load("gcdf_yearly_flows").groupby("year")["commitments_bn"].sum()
    peak = int(f.loc[2013:2019].idxmax())
    slowed = f[2019] < f[peak]
    return Finding(
        "confirmed" if slowed else "contradicted",
        round(float(f[2019]), 1),
        "gcdf_yearly_flows (all Chinese official lenders, not only the policy banks): commitments "
        f"peaked at USD {f[peak]:.1f}bn in {peak} and were USD {f[2019]:.1f}bn in 2019, before the "
        "pandemic (constant 2021 dollars).",
    )


# M12
@check
def hrt_third_above_ten(load: Loader) -> Finding:
    hrt = load("hrt_debt_stock").dropna(subset=["china_debt_pct_gdp"])
    last = int(hrt["year"].max())
    developing = groups.developing(last, load("wdi_indicators"))
    d = hrt[(hrt["year"] == last) & hrt["iso3"].isin(developing)]
    above, n = int((d["china_debt_pct_gdp"] > 10).sum()), len(d)
    pct = 100 * above / n
    floor = 100 * above / len(developing)
    return Finding(
        points_status(100 / 3, pct),
        round(pct, 1),
        f"hrt_debt_stock and wdi_indicators: in {last}, {above} of the {n} economies with GDP per"
        f" head below USD {DEVELOPING_GDP_PC:,} that Horn, Reinhart and Trebesch cover owed Chinese"
        f" state creditors more than 10% of GDP ({pct:.1f}%); counting all {len(developing)} such"
        f" economies, those outside the sample as not above 10%, gives {floor:.1f}%.",
    )


# M06
@check
def latin_america_joins(load: Loader) -> Finding:
    b = load("bri_members").dropna(subset=["join_date"])
    region = countries.attribute("UNregion")
    lac = b[b["iso3"].map(region).isin(["Caribbean", "Central America", "South America"])]
    first = lac.sort_values("join_date").iloc[0]
    year = int(first["join_date"].year)
    return Finding(
        "confirmed" if year == 2017 else "contradicted",
        year,
        "bri_members: the first Latin American or Caribbean country with a BRI memorandum is "
        f"{countries.name(first['iso3'])}, which joined in {year} by GFDC's likely joining date; "
        f"{len(lac)} had joined by the latest date in the data.",
    )


# M22
@check
def pre2017_geography(load: Loader) -> Finding:
    members = _members_by(load, "2016-12-31")
    continent = countries.attribute("continent")
    other = sorted(c for c in members if continent.get(c) not in ("Asia", "Africa"))
    return Finding(
        "contradicted" if other else "confirmed",
        len(other),
        f"bri_members: of the {len(members)} countries with a BRI memorandum by the end of 2016,"
        f" {len(other)} lie outside Asia and Africa"
        f" ({', '.join(countries.name(c) for c in other) or 'none'}).",
    )


# M17
@check
def five_eyes_restrict(load: Loader) -> Finding:
    d = load("fiveg_decisions")
    d = d[
        d["iso3"].isin(FIVE_EYES)
        & (d["decision"] == "restricts")
        & d["confidence"].isin(["A", "B"])
    ]
    by_2020 = sorted(d.loc[d["year"] <= 2020, "iso3"].unique())
    ever = sorted(d["iso3"].unique())
    missing = [c for c in FIVE_EYES if c not in ever]
    later = f"; {len(ever)} by {int(d['year'].max())}" if len(ever) > len(by_2020) else ""
    return Finding(
        count_status(len(by_2020), 5),
        len(by_2020),
        f"fiveg_decisions (official acts or reputable reports, grades A-B): by 2020 {len(by_2020)}"
        f" of the five had restricted Huawei ({', '.join(by_2020) or 'none'}){later}. No"
        f" restriction is recorded for {', '.join(missing) or 'none'}.",
    )


# -- checks revised or added in the evidence review (R rows)
# ----------------------------------------


# R06: a 2015 official Chinese document introduced the (digital/information) Silk Road concept.
@check
def dsr_concept_2015(load: Loader) -> Finding:
    t = load("dsr_timeline")
    hits = t[
        (t["category"] == "Policy")
        & (t["source_key"] != "russiaessay2020")
        & t["event"].str.contains("silk road", case=False)
    ].sort_values(["year", "month"])
    first = hits.iloc[0]
    year = int(first["year"])
    return Finding(
        "confirmed" if year == 2015 else "contradicted",
        year,
        "dsr_timeline: the earliest dated policy event on a digital or information Silk Road that"
        f" another source records is {first['event_id']} ({year}, grade {first['confidence']},"
        f" {first['source_key']}): {first['event']}. It speaks of an information silk road in the"
        " Belt and Road vision paper, not of a white paper on the DSR, and says nothing of Fudan"
        " University.",
    )


# R08: India and Pakistan have been admitted to the SCO.
@check
def sco_india_pakistan(load: Loader) -> Finding:
    m = load("memberships")
    sco = m[(m["organisation"] == "SCO") & m["iso3"].isin(["IND", "PAK"])]
    found = sco["iso3"].nunique()
    years = sorted({int(y) for y in sco["year_joined"]})
    return Finding(
        count_status(found, 2),
        found,
        f"memberships (grade A, {', '.join(sorted(set(sco['source_key'])))}): {found} of the 2"
        f" countries are recorded as SCO members, admitted in {', '.join(map(str, years))}.",
    )


# -- checks revised or added in the evidence review (T rows)
# ----------------------------------------


# T12 (changed): internet USE is a lower bound on ACCESS; year = the article's own time (2021,
# "today").
@check
def kyrgyz_internet(load) -> Finding:
    net = (
        load("internet_use").query("iso3 == 'KGZ'").set_index("year")["internet_users_pct"].dropna()
    )
    if 2021 not in net.index:
        raise ValueError("internet_use: no row for iso3 KGZ, year 2021 (column internet_users_pct)")
    v = float(net[2021])
    top_year = int(net.idxmax())
    top = float(net[top_year])
    return Finding(
        points_status(80, v),
        round(v, 1),
        f"internet_use (ITU): {v:.1f}% of people in Kyrgyzstan used the internet in 2021, the year"
        f" the article speaks of ({net.get(2019, float('nan')):.1f}% in 2019, the year of its"
        f" source); the highest value in the series is {top:.1f}% ({top_year}). Use is a lower"
        " bound on access, so a use figure below 80% neither confirms nor contradicts eight in ten"
        " having access; no series credits Huawei.",
    )


def _china_ppg_share(load, iso3: str, year: int) -> tuple[float, str]:
    t = load("ids_ppg_creditor_shares")
    d = t[(t["iso3"] == iso3) & (t["year"] == year)]
    china = d[d["creditor"].isin(["china_bilateral", "china_private"])]
    if china.empty:
        raise ValueError(
            f"ids_ppg_creditor_shares: no china_bilateral or china_private row for iso3 {iso3}, "
            f"year {year} (column creditor); a missing row is not a zero"
        )
    parts = ", ".join(f"{r.creditor} {r.share_pct:.1f}%" for r in china.itertuples())
    return float(china["share_pct"].sum()), parts


def _ppg_finding(load, iso3: str, claimed: float, year: int = 2016) -> Finding:
    share, parts = _china_ppg_share(load, iso3, year)
    nxt, _ = _china_ppg_share(load, iso3, year + 1)
    return Finding(
        points_status(claimed, share),
        round(share, 1),
        f"ids_ppg_creditor_shares (World Bank IDS via ONE Campaign): China held {share:.1f}% of"
        f" {countries.name(iso3)}'s public and publicly guaranteed external debt stock at"
        f" end-{year} ({parts}); {nxt:.1f}% at end-{year + 1}.",
    )


# T16 (changed): China's share of Kyrgyzstan's PPG external debt, end-2016 (the data year of Hurley
# et al. 2018).
@check
def kyrgyz_ppg_china_share(load) -> Finding:
    return _ppg_finding(load, "KGZ", 41)


# T17 (changed): China's share of Tajikistan's PPG external debt, end-2016.
@check
def tajik_ppg_china_share(load) -> Finding:
    return _ppg_finding(load, "TJK", 53)


# T35 (new): China, Russia and the Central Asian states as SCO members (memberships, by 2020).
@check
def sco_china_russia_central_asia(load) -> Finding:
    sco = groups.sco(2020, load("memberships"))
    named = ["CHN", "RUS", *CENTRAL_ASIA]
    has = [c for c in named if c in sco]
    without = [c for c in named if c not in sco]
    return Finding(
        count_status(len(has), len(named)),
        len(has),
        f"memberships (SCO charter): {len(has)} of the {len(named)} states named were SCO members"
        f" by 2020 ({', '.join(countries.name(c) for c in has)}); not members:"
        f" {', '.join(countries.name(c) for c in without) or 'none'}.",
    )


# -- checks revised or added in the evidence review (W rows)
# ----------------------------------------


# W12: authorities of Uzbekistan, Kazakhstan and Tajikistan bought Chinese surveillance systems,
# mainly Huawei's
@check
def central_asia_huawei_systems(load) -> Finding:
    named = ["UZB", "KAZ", "TJK"]
    a = load("aigs_surveillance").set_index("iso3")
    chinese = [c for c in named if c in a.index and a.loc[c, "china_ai_tech"] == 1]
    huawei = [c for c in chinese if a.loc[c, "huawei"] == 1]

    def names(xs):
        return ", ".join(countries.name(c) for c in xs) or "none"

    return Finding(
        count_status(len(huawei), len(named)),
        len(huawei),
        f"aigs_surveillance (2019): Chinese AI surveillance technology recorded for {len(chinese)}"
        f" of {len(named)} named countries ({names(chinese)}), with Huawei among the suppliers in"
        f" {len(huawei)} ({names(huawei)}).",
    )


# W11: by Huawei's account its safe-city solutions are in use in more than 100 cities in over 30
# countries
@check
def huawei_safe_city_independent(load) -> Finding:
    claimed = 30
    aigs = int(load("aigs_surveillance")["huawei"].sum())
    s = load("contested_series")
    csis = s[
        (s["topic"] == "safe_city_count")
        & (s["source_key"] == "hillman2019watching")
        & (s["unit"] == "countries")
    ]
    if len(csis) != 1:
        raise ValueError(
            "contested_series: expected one CSIS country count for safe_city_count, found"
            f" {len(csis)}"
        )
    csis_n = int(csis["value"].iloc[0])
    low = min(aigs, csis_n)
    status = "partly confirmed" if low > claimed else "contradicted"
    return Finding(
        status,
        low,
        f"Two independent 2019 counts both exceed the {claimed} countries claimed: Huawei is a key"
        f" AI surveillance supplier in {aigs} countries (aigs_surveillance) and CSIS counted Huawei"
        f" safe-city agreements in {csis_n} countries (contested_series). Neither counts cities,"
        " and neither measures the same thing as Huawei's claim.",
    )
