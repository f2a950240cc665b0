"""Country names, codes and map positions, from pycountry, country_converter and the book's own
geometry (no hand-typed lists)."""

from __future__ import annotations

import csv
import json
import os
from functools import cache, lru_cache

import pandas as pd
import pycountry

from . import paths

SHORT = {
    "Russian Federation": "Russia",
    "Brunei Darussalam": "Brunei",
    "Syrian Arab Republic": "Syria",
    "Congo, The Democratic Republic of the": "DR Congo",
}


def name(iso3: str) -> str:
    """Short English name of a country from its ISO 3166-1 alpha-3 code (pycountry's common
    name)."""
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
    """(lon, lat) of countries too small for the 1:110m shapes, from
    ``data/geo/small_countries.csv``
    (centroids that ``python -m dsr.build`` reads from the 1:50m geometry)."""
    with open(paths.DATA / "geo" / "small_countries.csv", newline="", encoding="utf-8") as f:
        return {r["iso3"]: (float(r["lon"]), float(r["lat"])) for r in csv.DictReader(f)}


@lru_cache(maxsize=1)
def _converter():
    """country_converter's own table, read so that Namibia's ISO2 code "NA" stays a string (pandas 3
    reads it as missing, which breaks CountryConverter's default loader)."""
    import country_converter as coco

    table = os.path.join(os.path.dirname(coco.__file__), "country_data.tsv")
    data = pd.read_csv(
        table, sep="\t", encoding="utf-8", keep_default_na=False, na_values=[""], dtype=str
    )
    return coco.CountryConverter(country_data=data)


def codes(names, source) -> list[str]:
    """ISO 3166-1 alpha-3 codes for country names, through country_converter's regular expressions.
    Raises ValueError naming ``source`` and every name it could not map; never guesses or drops."""
    import logging

    names = list(names)
    logging.getLogger("country_converter").setLevel(
        logging.CRITICAL
    )  # we report failures ourselves
    unique = sorted(set(names))
    found = _converter().convert(unique, to="ISO3", not_found=None)
    found = found if isinstance(found, list) else [found]
    mapping = dict(zip(unique, found, strict=False))
    valid = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    bad = sorted(n for n, c in mapping.items() if not isinstance(c, str) or c not in valid)
    if bad:
        raise ValueError(f"{source}: no ISO 3166-1 alpha-3 code for {bad}")
    return [mapping[n] for n in names]


@lru_cache(maxsize=1)
def centroids() -> dict[str, tuple[float, float]]:
    """(lon, lat) label points of every country: the ``ct`` property of the 1:110m geometry, and the
    small-country points for countries too small for it."""
    topo = json.loads(paths.WORLD_TOPOJSON.read_text(encoding="utf-8"))
    out = {
        g["id"]: tuple(g["properties"]["ct"])
        for g in topo["objects"]["countries"]["geometries"]
        if "id" in g and "ct" in g.get("properties", {})
    }
    return {**small_country_points(), **out}


@cache
def attribute(column: str) -> dict[str, str]:
    """One column of country_converter's table (e.g. ``continent``, ``UNregion``, ``UNmember``) by
    ISO3 code."""
    data = _converter().data
    if column not in data.columns:
        raise KeyError(f"country_converter has no column {column!r}")
    return {
        iso3: value
        for iso3, value in zip(data["ISO3"], data[column], strict=False)
        if isinstance(value, str)
    }
