"""The claims ledger: every factual claim of the five source articles, and the verdict on it.

``data/claims.csv`` holds one row per claim. The authors write the claim (paraphrased), where it is
made, and, for claims no dataset covers, the verdict with the primary source behind it. For claims a
dataset covers, the row names a check in :data:`CHECKS`; the check computes the verdict, the number
the data give (``data_value``) and the evidence sentence from the tables in ``data/``, and
``python -m dsr.claims write`` puts them into the CSV. Nobody types those three columns by hand:
``python -m dsr.claims check`` (and the tests) recompute every one and fail on any difference.

Verdict rules (also on the ledger page):

- a level (money, people) is *confirmed* when the data are within 10% of the claim, *partly
  confirmed* within 25%, and *contradicted* beyond that (:func:`level_status`);
- a share in per cent is compared in percentage points: within 5 points confirmed, within 10 partly
  confirmed, beyond that contradicted (:func:`points_status`);
- a claim naming several countries is confirmed when the data record all of them, partly confirmed
  when they record some, contradicted when they record none (:func:`count_status`);
- a claim with two parts, of which the data can test only one, is at best *partly confirmed*.
"""
from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from . import catalog, countries, model, paths
from .data import load as _load

from .catalog import ARTICLE_KEYS, CHAPTER_STEMS, CLAIM_BASES as BASES, CLAIM_STATUSES as STATUSES
COMPUTED = ["status", "data_value", "evidence"]   # the columns a check writes

ARTICLES = dict(zip(ARTICLE_KEYS, [   # citation key -> seed file in shared/seeds
    "000_db253ab4ae18af17", "001_922eba754a52eb50", "002_143837d20366d203", "003_e3e8299f9a9a3bfb",
    "004_7f990a0aa4a17099"]))
ARTICLE_LABELS = {
    "alkhatib2024dsr": "Al Khatib (2024)",
    "wnukowski2020dsr": "Wnukowski (2020)",
    "tarrats2021centralasia": "Tarrats Castillo (2021)",
    "magnus2020digital": "Magnus and Bretherton (2020)",
    "russiaessay2020": "Russia essay (2020)",
}
CHAPTERS = dict(zip(CHAPTER_STEMS, ["What is the Digital Silk Road?", "Economics", "Security", "Geopolitics",
                                     "Central Asia", "Russia"]))
CENTRAL_ASIA = ["KAZ", "KGZ", "TJK", "TKM", "UZB"]


@dataclass(frozen=True)
class Finding:
    """What a check found: the verdict, the number the data give, and how it was obtained."""
    status: str
    data_value: float
    evidence: str

    def __post_init__(self):
        if self.status not in STATUSES[:3]:
            raise ValueError(f"a check must return one of {STATUSES[:3]}, not {self.status!r}")


# -- verdict rules ----------------------------------------------------------------------------------

def level_status(claimed: float, found: float, close: float = 0.10, loose: float = 0.25) -> str:
    """Verdict for a level: relative gap within ``close`` confirms, within ``loose`` partly confirms."""
    if claimed == 0:
        raise ValueError("a claimed level of zero cannot be compared in relative terms")
    gap = round(abs(found / claimed - 1), 9)   # 110 against 100 is exactly 10%, whatever the float says
    return "confirmed" if gap <= close else "partly confirmed" if gap <= loose else "contradicted"


def points_status(claimed: float, found: float, close: float = 5, loose: float = 10) -> str:
    """Verdict for a share in per cent: the gap in percentage points."""
    gap = round(abs(found - claimed), 9)
    return "confirmed" if gap <= close else "partly confirmed" if gap <= loose else "contradicted"


def count_status(found: int, named: int) -> str:
    """Verdict for a claim naming ``named`` countries of which the data record ``found``."""
    if not 0 <= found <= named:
        raise ValueError(f"found {found} of {named}")
    return "confirmed" if found == named else "partly confirmed" if found else "contradicted"


# -- checks ----------------------------------------------------------------------------------------

Loader = Callable[[str], pd.DataFrame]
CHECKS: dict[str, Callable[[Loader], Finding]] = {}


def check(fn):
    CHECKS[fn.__name__] = fn
    return fn


def _aei_half_year(load: Loader) -> tuple[float, float]:
    aei = load("aei_by_year_sector")
    h1 = aei.loc[(aei["year"] == 2020) & (aei["half"] == "H1"), "usd_m"].sum() / 1e3
    y2019 = aei.loc[aei["year"] == 2019, "usd_m"].sum() / 1e3
    return float(h1), float(y2019)


@check
def aei_h1_2020_level(load: Loader) -> Finding:
    h1, _ = _aei_half_year(load)
    return Finding(level_status(23, h1), round(h1, 1),
                   f"aei_by_year_sector: deals in January-June 2020 sum to USD {h1:.1f}bn in the current "
                   f"release of the tracker, {h1 / 23 - 1:.0%} more than the USD 23bn first reported.")


@check
def aei_h1_2020_ratio(load: Loader) -> Finding:
    h1, y2019 = _aei_half_year(load)
    pct = 100 * h1 / y2019
    return Finding(points_status(20, pct), round(pct, 1),
                   f"aei_by_year_sector: January-June 2020 (USD {h1:.1f}bn) is {pct:.1f}% of the 2019 total "
                   f"(USD {y2019:.1f}bn).")


@check
def bri_peak_years(load: Loader) -> Finding:
    gcdf = load("gcdf_yearly_flows").groupby("year")["commitments_bn"].sum()
    aei = load("aei_by_year_sector").groupby("year")["usd_m"].sum()
    peaks = [int(gcdf.idxmax()), int(aei.idxmax())]
    hits = sum(p in (2016, 2017) for p in peaks)
    return Finding(count_status(hits, 2), peaks[0],
                   f"gcdf_yearly_flows: Chinese official finance commitments peak in {peaks[0]} "
                   f"(USD {gcdf.max():.1f}bn, constant 2021 dollars); aei_by_year_sector: investment and "
                   f"construction deals peak in {peaks[1]} (USD {aei.max() / 1e3:.1f}bn).")


@check
def hrt_third_above_ten(load: Loader) -> Finding:
    hrt = load("hrt_debt_stock").dropna(subset=["china_debt_pct_gdp"])
    last = int(hrt["year"].max())
    d = hrt[hrt["year"] == last]
    above, n = int((d["china_debt_pct_gdp"] > 10).sum()), len(d)
    pct = 100 * above / n
    return Finding(points_status(100 / 3, pct), round(pct, 1),
                   f"hrt_debt_stock: in {last}, {above} of the {n} borrowing countries in the data owed China "
                   f"more than 10% of GDP ({pct:.1f}%). The data cover countries that borrow from China, "
                   f"not all developing economies.")


def _mean_project_size(load: Loader) -> pd.Series:
    geo = load("gcdf_geo_sector_year")
    s = geo.groupby("sector")[["amount_usd2021", "projects_with_amount"]].sum()
    return s["amount_usd2021"] / s["projects_with_amount"] / 1e6


@check
def ict_smaller_projects(load: Loader) -> Finding:
    size = _mean_project_size(load)
    ict, transport, energy = size["COMMUNICATIONS"], size["TRANSPORT AND STORAGE"], size["ENERGY"]
    ok = ict < transport and ict < energy
    return Finding("confirmed" if ok else "contradicted", round(float(ict), 1),
                   f"gcdf_geo_sector_year: the average Chinese-financed communications project with a "
                   f"known amount is USD {ict:.0f}m, against USD {transport:.0f}m in transport and "
                   f"USD {energy:.0f}m in energy (constant 2021 dollars, 2000-2021).")


def _members_by(load: Loader, date: str) -> set[str]:
    b = load("bri_members").dropna(subset=["join_date"])
    when = pd.Timestamp(date)
    live = (b["join_date"] <= when) & (b["exit_date"].isna() | (b["exit_date"] > when))
    return set(b.loc[live, "iso3"])


@check
def latin_america_joins(load: Loader) -> Finding:
    b = load("bri_members").dropna(subset=["join_date"])
    region = countries.attribute("UNregion")
    lac = b[b["iso3"].map(region).isin(["Caribbean", "Central America", "South America"])]
    first = lac.sort_values("join_date").iloc[0]
    year = int(first["join_date"].year)
    return Finding("confirmed" if year == 2017 else "contradicted", year,
                   f"bri_members: the first Latin American or Caribbean country to sign a BRI memorandum is "
                   f"{countries.name(first['iso3'])} ({first['join_date']:%B %Y}); {len(lac)} had signed by "
                   f"the latest date in the data.")


@check
def india_africa_outside(load: Loader) -> Finding:
    members = _members_by(load, "2020-12-31")
    africa = [c for c, v in countries.attribute("continent").items()
              if v == "Africa" and countries.attribute("UNmember").get(c) not in (None, "")]
    outside = sorted(c for c in africa if c not in members)
    india_out = "IND" not in members
    status = "confirmed" if india_out and len(outside) >= 2 else "partly confirmed" if india_out or outside \
        else "contradicted"
    return Finding(status, len(outside),
                   f"bri_members: at the end of 2020 India {'had not' if india_out else 'had'} signed; "
                   f"{len(outside)} of {len(africa)} African UN member states had not "
                   f"({', '.join(countries.name(c) for c in outside)}).")


DEVELOPING_GDP_PC = 12_000   # USD per head: the rough cut the book uses for "developing economy"


@check
def developing_countries_join(load: Loader) -> Finding:
    wdi = load("wdi_indicators")
    gdp = wdi[(wdi["indicator"] == "NY.GDP.PCAP.CD") & (wdi["year"] == 2019)]
    developing = set(gdp.loc[gdp["value"] < DEVELOPING_GDP_PC, "iso3"])
    joined = developing & _members_by(load, "2020-12-31")
    pct = 100 * len(joined) / len(developing)
    return Finding("confirmed" if pct > 50 else "contradicted", round(pct, 1),
                   f"bri_members and wdi_indicators: {len(joined)} of the {len(developing)} countries with GDP "
                   f"per head below USD {DEVELOPING_GDP_PC:,} in 2019 had signed a BRI memorandum by the end "
                   f"of 2020 ({pct:.0f}%).")


FIVE_EYES = ["AUS", "CAN", "GBR", "NZL", "USA"]


@check
def five_eyes_restrict(load: Loader) -> Finding:
    d = load("fiveg_decisions")
    d = d[d["iso3"].isin(FIVE_EYES) & (d["decision"] == "restricts") & (d["confidence"] == "A")]
    by_2020 = sorted(d.loc[d["year"] <= 2020, "iso3"].unique())
    ever = sorted(d["iso3"].unique())
    missing = [c for c in FIVE_EYES if c not in ever]
    later = f"; {len(ever)} by {int(d['year'].max())}" if len(ever) > len(by_2020) else ""
    return Finding(count_status(len(by_2020), 5), len(by_2020),
                   f"fiveg_decisions (official acts, grade A): by 2020 {len(by_2020)} of the five had restricted "
                   f"Huawei ({', '.join(by_2020) or 'none'}){later}. "
                   f"No official decision is recorded for {', '.join(missing) or 'none'}.")


@check
def kyrgyz_internet(load: Loader) -> Finding:
    net = load("internet_use").query("iso3 == 'KGZ'").set_index("year")["internet_users_pct"]
    v, last = float(net[2019]), int(net.index.max())
    return Finding(points_status(80, v), round(v, 1),
                   f"internet_use (ITU): {v:.0f}% of people in Kyrgyzstan used the internet in 2019 and "
                   f"{net[last]:.0f}% in {last}. Use is not access, but access cannot be lower than use by "
                   f"much; no series credits Huawei.")


@check
def central_asia_population(load: Loader) -> Finding:
    wdi = load("wdi_indicators")
    pop = wdi[(wdi["indicator"] == "SP.POP.TOTL") & wdi["iso3"].isin(CENTRAL_ASIA)]
    total = pop[pop["year"] == 2019]["value"].sum() / 1e6
    return Finding(level_status(72, total), round(total, 1),
                   f"wdi_indicators (SP.POP.TOTL): the five states had {total:.1f} million people in 2019. "
                   f"The 2050 projection is not in the book's data.")


def _debt_shares(load: Loader, iso3: str) -> pd.DataFrame:
    hrt = load("hrt_debt_stock").query("iso3 == @iso3 and year in [2016, 2017]").set_index("year")
    wdi = load("wdi_indicators")
    ext = (wdi[(wdi["iso3"] == iso3) & wdi["indicator"].isin(["DT.DOD.DECT.CD", "DT.DOD.DPPG.CD"])]
           .pivot_table(index="year", columns="indicator", values="value"))
    d = hrt.join(ext, how="inner")
    return pd.DataFrame({"all external debt": 100 * d["china_debt_usd"] / d["DT.DOD.DECT.CD"],
                         "public external debt": 100 * d["china_debt_usd"] / d["DT.DOD.DPPG.CD"]})


def _debt_share_finding(load: Loader, iso3: str, claimed: float) -> Finding:
    shares = _debt_shares(load, iso3)
    stacked = shares.stack()
    (year, kind), best = (stacked - claimed).abs().idxmin(), None
    best = float(stacked[(year, kind)])
    text = "; ".join(f"{y}: {r['all external debt']:.0f}% of all and {r['public external debt']:.0f}% of public "
                     f"external debt" for y, r in shares.iterrows())
    return Finding(points_status(claimed, best), round(best, 1),
                   f"hrt_debt_stock over wdi_indicators (DT.DOD.DECT.CD, DT.DOD.DPPG.CD): debt owed to China in "
                   f"{countries.name(iso3)} was {text}. Closest to the claim: {best:.0f}% ({kind}, {year}).")


@check
def kyrgyz_debt_share(load: Loader) -> Finding:
    return _debt_share_finding(load, "KGZ", 41)


@check
def tajik_debt_share(load: Loader) -> Finding:
    return _debt_share_finding(load, "TJK", 53)


def _aigs_rows(load: Loader, iso3s: list[str], *columns: str) -> tuple[list[str], list[str]]:
    """The countries of ``iso3s`` whose AI Global Surveillance Index row has every column set, and those without."""
    a = load("aigs_surveillance").set_index("iso3")
    has = [c for c in iso3s if c in a.index and all(a.loc[c, col] == 1 for col in columns)]
    return has, [c for c in iso3s if c not in has]


def _names(iso3s) -> str:
    return ", ".join(countries.name(c) for c in iso3s) or "none"


def _aigs_finding(load: Loader, iso3s: list[str], columns: list[str], what: str) -> Finding:
    has, without = _aigs_rows(load, iso3s, *columns)
    return Finding(count_status(len(has), len(iso3s)), len(has),
                   f"aigs_surveillance (2019): {what} recorded for {len(has)} of {len(iso3s)} named countries "
                   f"({_names(has)}); not recorded: {_names(without)}.")


@check
def kenya_pakistan_smart_cities(load: Loader) -> Finding:
    return _aigs_finding(load, ["KEN", "PAK"], ["smart_city_safe_city", "china_ai_tech"],
                         "smart or safe city platforms with Chinese technology")


@check
def huawei_smart_cities_named(load: Loader) -> Finding:
    return _aigs_finding(load, ["KEN", "SAU", "SRB"], ["smart_city_safe_city", "huawei"],
                         "smart or safe city platforms with Huawei")


@check
def central_asia_chinese_systems(load: Loader) -> Finding:
    return _aigs_finding(load, ["UZB", "KAZ", "TJK"], ["china_ai_tech"], "Chinese AI surveillance technology")


@check
def uzbekistan_huawei(load: Loader) -> Finding:
    return _aigs_finding(load, ["UZB"], ["smart_city_safe_city", "huawei"],
                         "smart or safe city platforms with Huawei (traffic monitoring is not itemised)")


@check
def kyrgyz_facial_recognition(load: Loader) -> Finding:
    return _aigs_finding(load, ["KGZ"], ["facial_recognition", "china_ai_tech"],
                         "facial recognition with Chinese technology")


@check
def kazakhstan_hikvision(load: Loader) -> Finding:
    kaz = load("aigs_surveillance").set_index("iso3").loc["KAZ"]
    hik = kaz["hikvision"] == 1
    status = "confirmed" if hik else "partly confirmed" if kaz["china_ai_tech"] == 1 else "contradicted"
    return Finding(status, int(hik),
                   f"aigs_surveillance (2019): Kazakhstan uses Chinese AI surveillance "
                   f"({kaz['key_companies']}); Hikvision is {'' if hik else 'not '}among the suppliers "
                   f"the index lists. The camera count is not in the data.")


@check
def huawei_safe_city_countries(load: Loader) -> Finding:
    n = int(load("aigs_surveillance")["huawei"].sum())
    return Finding("partly confirmed" if n > 30 else "contradicted", n,
                   f"aigs_surveillance (2019): Huawei supplies AI surveillance in {n} countries, "
                   f"{'more' if n > 30 else 'not more'} than the 30 claimed; the index does not count cities.")


@check
def surveillance_and_regimes(load: Loader) -> Finding:
    a = load("aigs_surveillance")
    med = a.groupby("china_ai_tech")["regime_score"].median()
    lower = med[1] < med[0]
    return Finding("partly confirmed" if lower else "contradicted", round(float(med[1]), 2),
                   f"aigs_surveillance: the median regime score (0-10, higher is more democratic) of the "
                   f"{int(a['china_ai_tech'].sum())} users of Chinese technology is {med[1]:.1f}, against "
                   f"{med[0]:.1f} for the others. An association, not proof that the systems enable repression.")


@check
def ict_recipients_less_connected(load: Loader) -> Finding:
    ict = load("gcdf_ict_projects")
    recipients = set(ict.loc[ict["year"].between(2013, 2021), "iso3"])
    net = load("internet_use").query("year == 2013")
    rec = net.loc[net["iso3"].isin(recipients), "internet_users_pct"].median()
    other = net.loc[~net["iso3"].isin(recipients), "internet_users_pct"].median()
    return Finding("confirmed" if rec < other else "contradicted", round(float(rec), 1),
                   f"gcdf_ict_projects and internet_use: the {len(recipients)} countries that received Chinese "
                   f"official finance for communications in 2013-2021 had a median of {rec:.0f}% of people online "
                   f"in 2013, against {other:.0f}% elsewhere.")


@check
def concessional_share(load: Loader) -> Finding:
    f = load("gcdf_yearly_flows").query("year >= 2013 and year <= 2021").groupby("flow_class")["commitments_bn"].sum()
    pct = 100 * f["ODA-like"] / f.sum()
    return Finding("partly confirmed" if pct < 50 else "confirmed", round(float(pct), 1),
                   f"gcdf_yearly_flows: of USD {f.sum():.0f}bn of Chinese official finance committed in "
                   f"2013-2021 (all sectors), {pct:.1f}% was ODA-like (concessional); most was lent on "
                   f"near-market terms (OOF-like).")


@check
def ict_finance_exists(load: Loader) -> Finding:
    ict = load("gcdf_ict_projects")
    bn = ict["amount_usd2021"].sum() / 1e9
    return Finding("partly confirmed" if len(ict) else "contradicted", round(float(bn), 1),
                   f"gcdf_ict_projects: {len(ict)} Chinese official-finance projects in communications, "
                   f"USD {bn:.1f}bn (constant 2021 dollars, 2000-2021), in {ict['iso3'].nunique()} countries. "
                   f"Whether this finance makes the offers cheaper is not in the data.")


@check
def cable_asia_africa_europe(load: Loader) -> Finding:
    links = load("chinese_cable_links").query("role == 'Chinese-built and -owned'")
    pairs = {frozenset((a, b)) for a, b in zip(links["iso3_a"], links["iso3_b"])}
    continent = countries.attribute("continent")
    europe_asia = sorted({tuple(sorted(p)) for p in pairs
                          if {continent.get(c) for c in p} == {"Europe", "Asia"}})
    route = {c for pair in europe_asia for c in pair}   # countries on a Europe-Asia Chinese cable
    africa = sorted({c for p in pairs for c in p if continent.get(c) == "Africa" and (p - {c}) & route})
    ok = bool(europe_asia) and bool(africa)
    return Finding("confirmed" if ok else "contradicted", len(europe_asia),
                   f"chinese_cable_links: cables both built and owned by Chinese firms link "
                   f"{len(europe_asia)} Europe-Asia country pairs "
                   f"({'; '.join(f'{countries.name(a)}-{countries.name(b)}' for a, b in europe_asia[:3])}), "
                   f"with African landings on the same routes ({_names(africa[:6])}).")


@check
def armenia_city_vs_gdp(load: Loader) -> Finding:
    cost = load("project_costs").set_index("project_id").loc["C02"]
    wdi = load("wdi_indicators")
    gdp = wdi[(wdi["indicator"] == "NY.GDP.MKTP.CD") & (wdi["iso3"] == "ARM") & (wdi["year"] == 2020)]["value"].item() / 1e9
    low, high = 100 * cost["cost_low_usd_bn"] / gdp, 100 * cost["cost_high_usd_bn"] / gdp
    return Finding("confirmed" if low >= 50 else "contradicted", round(float(low), 1),
                   f"project_costs and wdi_indicators: USD {cost['cost_low_usd_bn']:g}-{cost['cost_high_usd_bn']:g}bn "
                   f"is {low:.0f}-{high:.0f}% of Armenia's 2020 GDP (USD {gdp:.1f}bn); the rule calls a cost "
                   f"huge when it is at least half a year's GDP.")


EURASIA = ["RUS", "KAZ", "TKM", "UZB", "KGZ", "TJK"]


@check
def sparse_eurasia_5g(load: Loader) -> Finding:
    wdi = load("wdi_indicators")
    dens = (wdi[wdi["indicator"] == "EN.POP.DNST"].sort_values("year").groupby("iso3").last()["value"])
    china = float(dens["CHN"])
    sparse = {c: float(dens[c]) for c in EURASIA}
    ratio = model.cost_per_person(min(sparse.values()), 1, 1) / model.cost_per_person(china, 1, 1)
    ok = all(v < china for v in sparse.values())
    return Finding("confirmed" if ok else "contradicted", round(max(sparse.values()), 1),
                   f"wdi_indicators (EN.POP.DNST): population density in Russia and Central Asia is "
                   f"{min(sparse.values()):.0f}-{max(sparse.values()):.0f} people per km², against {china:.0f} in "
                   f"China; under the book's cell model (dsr.model) the cost per person is inversely "
                   f"proportional to density, up to {ratio:.0f} times China's.")


# -- the ledger ------------------------------------------------------------------------------------

def claims() -> pd.DataFrame:
    """The validated ledger (``data/claims.csv``)."""
    return _load("claims")


def recompute(ledger: pd.DataFrame, load: Loader = _load) -> pd.DataFrame:
    """The computed columns for every row that names a check, indexed by claim_id."""
    rows, cache = {}, {}

    def cached(table: str) -> pd.DataFrame:   # each table is read (and validated) once per recompute
        if table not in cache:
            cache[table] = load(table)
        return cache[table].copy()

    for cid, name in ledger.set_index("claim_id")["check"].dropna().items():
        if name not in CHECKS:
            raise KeyError(f"data/claims.csv: claim {cid}, column check: no check named {name!r} in dsr.claims")
        f = CHECKS[name](cached)
        rows[cid] = {"status": f.status, "data_value": f.data_value, "evidence": f.evidence}
    return pd.DataFrame.from_dict(rows, orient="index")


def mismatches(ledger: pd.DataFrame, load: Loader = _load) -> list[str]:
    """Every difference between the stored and the recomputed verdicts, as 'claim column: stored != computed'."""
    fresh = recompute(ledger, load)
    stored = ledger.set_index("claim_id")
    out = []
    for cid, row in fresh.iterrows():
        for col in COMPUTED:
            a, b = (v.item() if hasattr(v, "item") else v for v in (stored.loc[cid, col], row[col]))
            if pd.isna(a):
                same = False
            else:
                same = abs(float(a) - float(b)) < 1e-9 if col == "data_value" else a == b
            if not same:
                out.append(f"{cid} {col}: stored {a!r} != computed {b!r}")
    return out


def write(path=None) -> int:
    """Rewrite the computed columns of ``data/claims.csv`` from the checks; return how many rows changed."""
    path = path or paths.DATA / "claims.csv"
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    fresh = recompute(raw.replace({"check": {"": None}}))
    changed = 0
    for cid, row in fresh.iterrows():
        i = raw.index[raw["claim_id"] == cid][0]
        new = {"status": row["status"], "data_value": f"{row['data_value']:g}", "evidence": row["evidence"]}
        if any(raw.at[i, k] != v for k, v in new.items()):
            changed += 1
            for k, v in new.items():
                raw.at[i, k] = v
    raw.to_csv(path, index=False, lineterminator="\n")
    return changed


def summary(ledger: pd.DataFrame) -> pd.DataFrame:
    """Claims by article and status (rows: articles in ARTICLES order; columns: STATUSES)."""
    t = pd.crosstab(ledger["source_key"], ledger["status"]).reindex(index=list(ARTICLES), columns=STATUSES,
                                                                     fill_value=0)
    t.index = [ARTICLE_LABELS[k] for k in t.index]
    return t


STATUS_COLOURS = {"confirmed": "#009E73", "partly confirmed": "#E69F00", "contradicted": "#D55E00",
                  "not verifiable": "#8c8c8c"}   # Okabe-Ito; every badge also carries its word
LEDGER_PAGE = "07-claims-ledger.html"   # the ledger's page, relative to the chapters (same folder)


def ledger_problems(ledger: pd.DataFrame, bib_keys: set[str]) -> list[str]:
    """Rules the schema cannot state, as 'data/claims.csv row N, column C: problem' (N counts the header as 1)."""
    out = []
    tables = {r["name"] for r in catalog.RESOURCES}
    for i, r in enumerate(ledger.to_dict("records"), start=2):
        def bad(col, msg):
            out.append(f"data/claims.csv row {i} ({r['claim_id']}), column {col}: {msg}")
        basis, status = r["basis"], r["status"]
        has = {c: isinstance(r[c], str) and r[c] != "" for c in ["check", "evidence", "evidence_source", "note"]}
        if (basis == "data") != has["check"]:
            bad("check", "data rows name a check, other rows none")
        if (basis == "none") != (status == "not verifiable"):
            bad("basis", f"basis {basis!r} does not go with status {status!r}")
        if status == "not verifiable" and not has["note"]:
            bad("note", "a claim that is not verifiable needs the reason in the note")
        if basis != "none" and not (has["evidence"] and has["evidence_source"]):
            bad("evidence", "a judged claim needs its evidence and evidence_source")
        for key in (r["evidence_source"].split("; ") if has["evidence_source"] else []):
            known = tables if basis == "data" else bib_keys
            if key not in known:
                bad("evidence_source", f"{key!r} is not a {'book table' if basis == 'data' else 'citation key'}")
    return out


def _badge(status: str) -> str:
    return (f'<span class="dsr-verdict" style="border-color:{STATUS_COLOURS[status]}">'
            f'{html.escape(status)}</span>')


def _claimed(r) -> str:
    parts = []
    if pd.notna(r["value"]):
        parts.append(f"{r['value']:g} {r['unit']}" if pd.notna(r["unit"]) else f"{r['value']:g}")
    if pd.notna(r["year"]):
        parts.append(f"({r['year']})")
    return " ".join(parts) or "-"


def _sources(r, data_href: str) -> str:
    if pd.isna(r["evidence_source"]):
        return ""
    keys = r["evidence_source"].split("; ")
    if r["basis"] == "data":
        return "Data: " + ", ".join(f'<a href="{data_href}{k}.html">{k}</a>' for k in keys)
    return "Source: " + ", ".join(html.escape(k) for k in keys) + " (see the bibliography)"


def ledger_html(ledger: pd.DataFrame, data_href: str = "../book/data/") -> str:
    """The whole ledger as a table with filters (article, chapter, verdict, basis). Without JavaScript
    (e.g. in Jupyter) the full table shows; in the book ``dsr-ledger.js`` makes the filters work."""
    def options(name, values, labels):
        opts = "".join(f'<option value="{html.escape(v)}">{html.escape(labels.get(v, v))}</option>' for v in values)
        return (f'<label>{name.capitalize()} <select data-filter="{name}"><option value="">all</option>'
                f'{opts}</select></label>')
    head = ('<div class="dsr-ledger"><form class="dsr-ledger-filters" aria-label="Filter the claims">'
            + options("article", list(ARTICLES), ARTICLE_LABELS)
            + options("chapter", list(CHAPTERS), CHAPTERS)
            + options("verdict", STATUSES, {})
            + options("basis", BASES, {})
            + f'<output class="dsr-ledger-count" aria-live="polite">{len(ledger)} claims</output></form>'
            '<table class="dsr-ledger-table"><caption>The claims ledger: one row per claim; the filters above '
            'narrow it down.</caption><thead><tr><th scope="col">ID</th><th scope="col">Claim</th>'
            '<th scope="col">Claimed</th><th scope="col">Verdict</th><th scope="col">Evidence</th></tr></thead><tbody>')
    rows = []
    for r in ledger.to_dict("records"):
        evidence = " ".join(x for x in [html.escape(r["evidence"]) if pd.notna(r["evidence"]) else "",
                                        _sources(r, data_href)] if x)
        note = f'<div class="dsr-ledger-note">{html.escape(r["note"])}</div>' if pd.notna(r["note"]) else ""
        rows.append(
            f'<tr id="claim-{r["claim_id"]}" data-article="{r["source_key"]}" data-chapter="{r["chapter"]}" '
            f'data-verdict="{r["status"]}" data-basis="{r["basis"]}">'
            f'<td>{r["claim_id"]}</td>'
            f'<td>{html.escape(r["claim"])}<div class="dsr-ledger-where">{ARTICLE_LABELS[r["source_key"]]}, '
            f'"{html.escape(r["section"])}"; chapter: {CHAPTERS[r["chapter"]]}</div></td>'
            f'<td>{html.escape(_claimed(r))}</td><td>{_badge(r["status"])}</td>'
            f'<td>{evidence}{note}</td></tr>')
    return head + "".join(rows) + "</tbody></table></div>"


def chapter_html(ledger: pd.DataFrame, chapter: str, ledger_href: str = LEDGER_PAGE) -> str:
    """The claims a chapter discusses, each with its verdict and a link to its row in the ledger."""
    if chapter not in CHAPTERS:
        raise KeyError(f"unknown chapter {chapter!r}; known: {', '.join(CHAPTERS)}")
    d = ledger[ledger["chapter"] == chapter]
    items = "".join(
        f'<li>{_badge(r["status"])} <a href="{ledger_href}#claim-{r["claim_id"]}">{r["claim_id"]}</a> '
        f'{html.escape(r["claim"])} <span class="dsr-ledger-where">({ARTICLE_LABELS[r["source_key"]]})</span></li>'
        for r in d.to_dict("records"))
    counts = d["status"].value_counts().reindex(STATUSES, fill_value=0)
    tally = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    return (f'<div class="dsr-chapter-claims"><p>{len(d)} claims of the source articles are discussed in this '
            f'chapter: {tally}.</p><ul>{items}</ul></div>')


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m dsr.claims", description=__doc__.split("\n")[0])
    p.add_argument("command", choices=["check", "write"])
    args = p.parse_args(argv)
    if args.command == "write":
        print(f"data/claims.csv: {write()} rows updated")
        return 0
    ledger = claims()
    bib = set(re.findall(r"@\w+\{([^,]+),", (paths.ROOT / "book" / "references.bib").read_text(encoding="utf-8")))
    bad = ledger_problems(ledger, bib) + mismatches(ledger)
    for line in bad:
        print(f"data/claims.csv: {line}", file=sys.stderr)
    print(f"data/claims.csv: {len(ledger)} claims, {len(CHECKS)} checks, {len(bad)} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
