"""Country groups and the one definition of "developing economy" (dsr.groups)."""

import re

import pandas as pd
import pytest

from dsr import countries, data, groups, paths
from dsr.claims import checks


def test_central_asia_is_the_un_region():
    un = {c for c, r in countries.attribute("UNregion").items() if r == "Central Asia"}
    assert set(groups.CENTRAL_ASIA) == un
    assert groups.EURASIA == ("RUS", *groups.CENTRAL_ASIA)
    assert len(set(groups.FIVE_EYES)) == 5


def test_groups_cannot_be_changed_by_a_caller():
    for g in (groups.CENTRAL_ASIA, groups.FIVE_EYES, groups.EURASIA):
        assert isinstance(g, tuple)


def test_treaty_groups_come_from_the_memberships_table():
    m = data.load("memberships")
    assert groups.eaeu() == set(m.loc[m["organisation"] == "EAEU", "iso3"])
    assert groups.sco(2020) == {"CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"}
    assert groups.sco(2000) == set()
    with pytest.raises(KeyError, match="no organisation 'NATO'"):
        groups.members("NATO")


def test_developing_is_gdp_per_head_below_the_cut_in_the_stated_year():
    wdi = pd.DataFrame(
        {
            "iso3": ["AAA", "BBB", "CCC", "AAA", "DDD"],
            "indicator": ["NY.GDP.PCAP.CD"] * 3 + ["NY.GDP.PCAP.CD", "SP.POP.TOTL"],
            "year": [2019, 2019, 2019, 2010, 2019],
            "value": [11_999.0, 12_000.0, 500.0, 20_000.0, 1.0],
        }
    )
    assert groups.developing(2019, wdi) == {"AAA", "CCC"}
    assert groups.developing(2010, wdi) == set()
    with pytest.raises(ValueError, match="no NY.GDP.PCAP.CD .* values for 2031"):
        groups.developing(2031, wdi)
    assert "USD 12,000 in 2019" in groups.developing_rule(2019)


def test_developing_on_the_book_data():
    d = groups.developing(2019)
    assert {"KGZ", "TJK", "KEN", "PAK"} <= d and not {"USA", "DEU"} & d
    assert "CHN" in d  # China's GDP per head was about USD 10,000 in 2019


def test_the_claims_checks_use_the_shared_groups():
    assert checks.CENTRAL_ASIA is groups.CENTRAL_ASIA and checks.FIVE_EYES is groups.FIVE_EYES
    assert checks.EURASIA is groups.EURASIA and checks.DEVELOPING_GDP_PC == groups.DEVELOPING_GDP_PC


def test_no_other_dsr_module_types_a_group_or_the_cut():
    """Only dsr/groups.py writes the groups' codes or the 12,000 cut."""
    lists = [
        re.compile(r"\W".join(f'"{c}"' for c in g)) for g in (groups.CENTRAL_ASIA, groups.FIVE_EYES)
    ]
    for path in sorted((paths.ROOT / "dsr").rglob("*.py")):
        if path.name == "groups.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b12_?000\b", text), (
            f"{path}: types the 'developing' cut; use dsr.groups"
        )
        for pattern in lists:
            assert not pattern.search(text), f"{path}: types a country group; use dsr.groups"
