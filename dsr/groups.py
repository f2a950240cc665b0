"""Country groups, and the book's one definition of "developing economy".

Every chapter and claims check that speaks of one of these groups takes it from here, so that
"Central Asia" or "developing" means the same countries everywhere. Groups fixed by geography or by
a standing agreement are written once below (ISO 3166-1 alpha-3 codes, as tuples so no caller can
change them); groups whose membership changes over time (the EAEU and the SCO) are read from
``data/memberships.csv``, where every admission has a year, a source and a grade, and are never
typed.

"Developing economy" (see :func:`developing` and the methods page, "Country groups and
'developing'"): GDP per head below USD 12,000, in current US dollars (World Bank WDI,
``NY.GDP.PCAP.CD``), in the year the statement refers to, which the caller must state."""

from __future__ import annotations

import pandas as pd

from . import data

#: The five Central Asian states (the UN M49 region "Central Asia").
CENTRAL_ASIA = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
#: The Five Eyes intelligence alliance (UKUSA agreement): Australia, Canada, the UK, New Zealand,
#: the US.
FIVE_EYES = ("AUS", "CAN", "GBR", "NZL", "USA")
#: "Eurasia" as the Russia essay and the 5G density claim use it: Russia and the five Central Asian
#: states.
EURASIA = ("RUS", *CENTRAL_ASIA)

#: The cut of the definition of "developing economy": GDP per head, current US dollars.
DEVELOPING_GDP_PC = 12_000
#: The WDI indicator the cut applies to (GDP per capita, current US$).
DEVELOPING_INDICATOR = "NY.GDP.PCAP.CD"


def developing(year: int, wdi: pd.DataFrame | None = None) -> set[str]:
    """ISO3 codes of the developing economies in ``year``: GDP per head below USD 12,000
    (:data:`DEVELOPING_GDP_PC`, current US dollars, WDI :data:`DEVELOPING_INDICATOR`) in that year.
    ``year`` is the year the statement refers to; a country with no value that year is in neither
    group. ``wdi`` is the ``wdi_indicators`` table (loaded from ``data/`` if not given; the claims
    checks pass their loader's). Raises ValueError when the table has no GDP per head for ``year``.
    """
    wdi = data.load("wdi_indicators") if wdi is None else wdi
    gdp = wdi[(wdi["indicator"] == DEVELOPING_INDICATOR) & (wdi["year"] == year)]
    if gdp.empty:
        raise ValueError(
            f"wdi_indicators: no {DEVELOPING_INDICATOR} (GDP per head) values for {year}; "
            "'developing' is defined only for years the table covers"
        )
    return set(gdp.loc[gdp["value"] < DEVELOPING_GDP_PC, "iso3"])


def developing_rule(year: int) -> str:
    """The definition in words, for a chart note or an evidence sentence."""
    return (
        f"GDP per head below USD {DEVELOPING_GDP_PC:,} in {year} (current US dollars, World Bank"
        " WDI)"
    )


def members(
    organisation: str, year: int | None = None, memberships: pd.DataFrame | None = None
) -> set[str]:
    """ISO3 codes of the members of ``organisation`` (``"EAEU"`` or ``"SCO"``, as named in
    ``data/memberships.csv``) that had joined by the end of ``year`` (every recorded member if
    ``year`` is None, i.e. as of the table's ``as_of`` dates). ``memberships`` is that table (loaded
    if not given)."""
    m = data.load("memberships") if memberships is None else memberships
    known = sorted(set(m["organisation"]))
    if organisation not in known:
        raise KeyError(f"memberships: no organisation {organisation!r}; known: {', '.join(known)}")
    rows = m[m["organisation"] == organisation]
    if year is not None:
        rows = rows[rows["year_joined"] <= year]
    return set(rows["iso3"])


def eaeu(year: int | None = None, memberships: pd.DataFrame | None = None) -> set[str]:
    """Members of the Eurasian Economic Union by the end of ``year`` (from
    ``data/memberships.csv``)."""
    return members("EAEU", year, memberships)


def sco(year: int | None = None, memberships: pd.DataFrame | None = None) -> set[str]:
    """Members of the Shanghai Cooperation Organisation by the end of ``year`` (from
    ``data/memberships.csv``)."""
    return members("SCO", year, memberships)
