"""Country names and map positions, from pycountry and the book's own geometry (no hand-typed lists)."""
from __future__ import annotations

import csv
import json
from functools import lru_cache

import pycountry

from . import paths

SHORT = {"Russian Federation": "Russia", "Brunei Darussalam": "Brunei", "Syrian Arab Republic": "Syria"}


def name(iso3: str) -> str:
    """Short English name of a country from its ISO 3166-1 alpha-3 code (pycountry's common name)."""
    if iso3 == "XKX":  # user-assigned code used by the World Bank; not in ISO 3166
        return "Kosovo"
    c = pycountry.countries.get(alpha_3=iso3)
    if c is None:
        raise KeyError(f"{iso3!r} is not an ISO 3166-1 alpha-3 country code")
    full = getattr(c, "common_name", None) or c.name
    return SHORT.get(full, full)


def code(country_name: str) -> str:
    """ISO 3166-1 alpha-3 code for a country name, via pycountry's lookup and fuzzy search."""
    try:
        return pycountry.countries.lookup(country_name).alpha_3
    except LookupError:
        hits = pycountry.countries.search_fuzzy(country_name)
        if len(hits) == 1:
            return hits[0].alpha_3
        raise KeyError(f"no unambiguous ISO 3166 country for {country_name!r}") from None


@lru_cache(maxsize=1)
def drawn() -> frozenset[str]:
    """Codes of the countries that have a shape in the book's 1:110m geometry."""
    topo = json.loads(paths.WORLD_TOPOJSON.read_text(encoding="utf-8"))
    return frozenset(g["id"] for g in topo["objects"]["countries"]["geometries"] if "id" in g)


@lru_cache(maxsize=1)
def small_country_points() -> dict[str, tuple[float, float]]:
    """(lon, lat) of countries too small for the 1:110m shapes, from ``data/geo/small_countries.csv``
    (centroids that ``dsr.data build`` reads from the 1:50m geometry)."""
    with open(paths.DATA / "geo" / "small_countries.csv", newline="", encoding="utf-8") as f:
        return {r["iso3"]: (float(r["lon"]), float(r["lat"])) for r in csv.DictReader(f)}
