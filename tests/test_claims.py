"""The claims ledger (issue: claims ledger): its schema and rules, the verdict rules and checks of
dsr.claims on synthetic data (so each can be seen to fail), and the recomputation of every data-based
verdict in data/claims.csv."""
import re

import pandas as pd
import pytest

from conftest import ROOT
from dsr import claims, data
from dsr.claims import Finding, count_status, level_status, points_status

SEEDS = ROOT.parent / "shared" / "seeds"
BIB = set(re.findall(r"@\w+\{([^,]+),", (ROOT / "book" / "references.bib").read_text()))


@pytest.fixture(scope="module")
def ledger():
    return claims.claims()


# -- the verdict rules ----------------------------------------------------------------------------------

@pytest.mark.parametrize("claimed, found, expected", [
    (100, 100, "confirmed"), (100, 110, "confirmed"), (100, 90, "confirmed"), (100, 111, "partly confirmed"),
    (100, 125, "partly confirmed"), (100, 126, "contradicted"), (23, 33.9, "contradicted"), (72, 75.1, "confirmed")])
def test_level_status(claimed, found, expected):
    assert level_status(claimed, found) == expected


def test_level_status_refuses_zero():
    with pytest.raises(ValueError):
        level_status(0, 5)


@pytest.mark.parametrize("claimed, found, expected", [
    (80, 75, "confirmed"), (80, 85, "confirmed"), (80, 70, "partly confirmed"), (80, 69.9, "contradicted"),
    (80, 64.1, "contradicted"), (53, 53.5, "confirmed")])
def test_points_status(claimed, found, expected):
    assert points_status(claimed, found) == expected


def test_count_status():
    assert [count_status(n, 3) for n in (3, 1, 0)] == ["confirmed", "partly confirmed", "contradicted"]
    with pytest.raises(ValueError):
        count_status(4, 3)


def test_a_check_cannot_return_not_verifiable():
    with pytest.raises(ValueError):
        Finding("not verifiable", 1, "x")


# -- checks on synthetic data ---------------------------------------------------------------------------

def loader(**frames):
    def load(name):
        if name not in frames:
            raise KeyError(name)
        return frames[name].copy()
    return load


def aei(h1_2020, all_2019):
    return pd.DataFrame({"year": [2019, 2019, 2020, 2020], "half": ["H1", "H2", "H1", "H2"],
                         "sector": ["Energy"] * 4, "subsector": [""] * 4, "deals": [1] * 4,
                         "usd_m": [all_2019 / 2, all_2019 / 2, h1_2020, 1.0]})


def test_aei_checks_confirm_and_contradict():
    ok = loader(aei_by_year_sector=aei(23_000, 115_000))
    assert claims.CHECKS["aei_h1_2020_level"](ok).status == "confirmed"
    assert claims.CHECKS["aei_h1_2020_ratio"](ok).data_value == 20.0
    off = loader(aei_by_year_sector=aei(50_000, 100_000))
    assert claims.CHECKS["aei_h1_2020_level"](off).status == "contradicted"
    f = claims.CHECKS["aei_h1_2020_ratio"](off)
    assert (f.status, f.data_value) == ("contradicted", 50.0)


def test_hrt_check_counts_countries_above_ten_percent():
    hrt = pd.DataFrame({"iso3": list("ABCDEF"), "year": [2017] * 6, "china_debt_usd": [1.0] * 6,
                        "china_debt_pct_gdp": [11, 12, 1, 2, 3, 4]})
    f = claims.CHECKS["hrt_third_above_ten"](loader(hrt_debt_stock=hrt))
    assert (f.status, f.data_value) == ("confirmed", 33.3)
    hrt["china_debt_pct_gdp"] = [11, 1, 1, 1, 1, 1]
    assert claims.CHECKS["hrt_third_above_ten"](loader(hrt_debt_stock=hrt)).status == "contradicted"


def test_debt_share_check_tries_both_denominators_and_years():
    hrt = pd.DataFrame({"iso3": ["TJK", "TJK"], "year": [2016, 2017], "china_debt_usd": [53.0, 40.0],
                        "china_debt_pct_gdp": [20.0, 15.0]})
    wdi = pd.DataFrame({"iso3": ["TJK"] * 4, "year": [2016, 2016, 2017, 2017],
                        "indicator": ["DT.DOD.DECT.CD", "DT.DOD.DPPG.CD"] * 2, "value": [200.0, 100.0, 200.0, 100.0]})
    f = claims.CHECKS["tajik_debt_share"](loader(hrt_debt_stock=hrt, wdi_indicators=wdi))
    assert (f.status, f.data_value) == ("confirmed", 53.0) and "public external debt, 2016" in f.evidence
    hrt["china_debt_usd"] = [10.0, 10.0]
    assert claims.CHECKS["tajik_debt_share"](loader(hrt_debt_stock=hrt, wdi_indicators=wdi)).status == "contradicted"


def test_five_eyes_check_counts_official_restrictions_by_2020():
    d = pd.DataFrame({"decision_id": ["D1", "D2", "D3"], "iso3": ["AUS", "USA", "CAN"], "year": [2018, 2019, 2022],
                      "decision": ["restricts"] * 3, "vendors": ["Huawei"] * 3, "detail": ["x"] * 3,
                      "source_key": ["k"] * 3, "section": ["s"] * 3, "confidence": ["A", "A", "A"]})
    f = claims.CHECKS["five_eyes_restrict"](loader(fiveg_decisions=d))
    assert (f.status, f.data_value) == ("partly confirmed", 2) and "GBR, NZL" in f.evidence
    d["confidence"] = "B"   # articles' reports do not count as official acts
    assert claims.CHECKS["five_eyes_restrict"](loader(fiveg_decisions=d)).status == "contradicted"


def test_aigs_checks_report_the_countries_missing():
    a = data.load("aigs_surveillance")
    a.loc[a["iso3"] == "PAK", "smart_city_safe_city"] = 0
    f = claims.CHECKS["kenya_pakistan_smart_cities"](loader(aigs_surveillance=a))
    assert (f.status, f.data_value) == ("partly confirmed", 1) and "not recorded: Pakistan" in f.evidence


def test_armenia_check_uses_half_a_years_gdp_as_the_bar():
    costs = pd.DataFrame({"project_id": ["C02"], "project": ["x"], "iso3": ["ARM"], "cost_low_usd_bn": [10.0],
                          "cost_high_usd_bn": [15.0], "years": [15], "source_key": ["k"], "section": ["s"],
                          "confidence": ["C"]})
    wdi = pd.DataFrame({"iso3": ["ARM"], "year": [2020], "indicator": ["NY.GDP.MKTP.CD"], "value": [40e9]})
    f = claims.CHECKS["armenia_city_vs_gdp"](loader(project_costs=costs, wdi_indicators=wdi))
    assert (f.status, f.data_value) == ("contradicted", 25.0)


# -- the ledger -----------------------------------------------------------------------------------------

def test_ledger_is_valid_against_its_schema():
    assert data.validate("claims") == []


def test_ledger_size_and_coverage(ledger):
    assert len(ledger) >= 60
    per_article = ledger["source_key"].value_counts()
    assert set(per_article.index) == set(claims.ARTICLES) and per_article.min() >= 8, per_article
    for key, seed in claims.ARTICLES.items():
        assert (ledger.loc[ledger["source_key"] == key, "source"] == f"{key} ({seed})").all()


def test_seed_files_exist():
    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} not found: the seed articles sit beside the repository")
    for seed in claims.ARTICLES.values():
        assert (SEEDS / f"{seed}.txt").exists(), seed


def test_claims_are_paraphrased_not_copied(ledger):
    """No claim shares a run of eight words with its article."""
    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} not found")
    words = lambda s: re.findall(r"[a-z0-9']+", s.lower())
    for key, seed in claims.ARTICLES.items():
        text = " ".join(words((SEEDS / f"{seed}.txt").read_text(encoding="utf-8")))
        for cid, claim in ledger.loc[ledger["source_key"] == key, ["claim_id", "claim"]].itertuples(index=False):
            w = words(claim)
            runs = [" ".join(w[i:i + 8]) for i in range(len(w) - 7)]
            assert not any(r in text for r in runs), f"{cid} copies the article: {claim}"


def test_every_judged_claim_has_evidence_and_the_rules_hold(ledger):
    judged = ledger[ledger["status"] != "not verifiable"]
    assert judged["evidence"].notna().all() and judged["evidence_source"].notna().all()
    assert claims.ledger_problems(ledger, BIB) == []


def test_every_data_verdict_is_recomputed_and_matches(ledger):
    fresh = claims.recompute(ledger)
    assert len(fresh) == (ledger["basis"] == "data").sum() >= 20
    assert claims.mismatches(ledger) == []


def test_every_check_is_used(ledger):
    assert set(ledger["check"].dropna()) == set(claims.CHECKS)


def test_mismatch_is_reported_with_claim_and_column(ledger):
    broken = ledger.copy()
    broken.loc[broken["claim_id"] == "M04", "status"] = "contradicted"
    broken.loc[broken["claim_id"] == "T12", "data_value"] = 80.0
    msgs = claims.mismatches(broken)
    assert len(msgs) == 2 and "M04 status: stored 'contradicted' != computed 'confirmed'" in msgs
    assert any(m.startswith("T12 data_value: stored 80.0 != computed 64.1") for m in msgs)


def test_ledger_problems_name_row_and_column(ledger):
    broken = ledger.copy()
    i = broken.index[broken["claim_id"] == "K01"][0]
    broken.loc[i, "evidence_source"] = "nosuchkey2020"
    j = broken.index[broken["claim_id"] == "K02"][0]
    broken.loc[j, "note"] = pd.NA
    problems = claims.ledger_problems(broken, BIB)
    assert f"data/claims.csv row {i + 2} (K01), column evidence_source: 'nosuchkey2020' is not a citation key" in problems
    assert any(p.startswith(f"data/claims.csv row {j + 2} (K02), column note") for p in problems)


def test_unknown_check_is_named():
    bad = pd.DataFrame({"claim_id": ["X01"], "check": ["no_such_check"]})
    with pytest.raises(KeyError, match="claim X01, column check: no check named 'no_such_check'"):
        claims.recompute(bad)


def test_ledger_html_has_every_claim_once_with_filters(ledger):
    page = claims.ledger_html(ledger)
    ids = re.findall(r'<tr id="claim-([A-Z][0-9]{2})"', page)
    assert sorted(ids) == sorted(ledger["claim_id"]) and len(set(ids)) == len(ids)
    assert len(re.findall(r'<select data-filter="(article|chapter|verdict|basis)"', page)) == 4
    assert 'href="../book/data/aei_by_year_sector.html"' in page


def test_chapter_html_lists_its_claims(ledger):
    page = claims.chapter_html(ledger, "05-central-asia")
    expected = ledger.loc[ledger["chapter"] == "05-central-asia", "claim_id"]
    assert re.findall(r'07-claims-ledger.html#claim-([A-Z][0-9]{2})', page) == list(expected)
    with pytest.raises(KeyError):
        claims.chapter_html(ledger, "99-nowhere")


def test_summary_counts_every_claim(ledger):
    table = claims.summary(ledger)
    assert table.to_numpy().sum() == len(ledger) and list(table.columns) == claims.STATUSES
