"""The claims vocabulary: articles, chapters, verdicts, bases and the ledger's column order.

This module imports nothing from :mod:`dsr`, so :mod:`dsr.catalog` can take the enums for the
``claims`` schema from here without an import cycle.
"""

from __future__ import annotations

#: Citation keys of the five source articles, in the book's order.
ARTICLE_KEYS = [
    "alkhatib2024dsr",
    "wnukowski2020dsr",
    "tarrats2021centralasia",
    "magnus2020digital",
    "russiaessay2020",
]
#: Citation key -> seed file (stem) in shared/seeds.
ARTICLES = dict(
    zip(
        ARTICLE_KEYS,
        [
            "000_db253ab4ae18af17",
            "001_922eba754a52eb50",
            "002_143837d20366d203",
            "003_e3e8299f9a9a3bfb",
            "004_7f990a0aa4a17099",
        ],
        strict=False,
    )
)
ARTICLE_LABELS = {
    "alkhatib2024dsr": "Al Khatib (2024)",
    "wnukowski2020dsr": "Wnukowski (2020)",
    "tarrats2021centralasia": "Tarrats Castillo (2021)",
    "magnus2020digital": "Magnus and Bretherton (2020)",
    "russiaessay2020": "Russia essay (2020)",
}
CHAPTER_STEMS = [
    "01-what-is-the-dsr",
    "02-economics",
    "03-security",
    "04-geopolitics",
    "05-central-asia",
    "06-russia",
    "08-africa",
]
CHAPTERS = dict(
    zip(
        CHAPTER_STEMS,
        [
            "What is the Digital Silk Road?",
            "Economics",
            "Security",
            "Geopolitics",
            "Central Asia",
            "Russia",
            "Africa",
        ],
        strict=False,
    )
)

STATUSES = ["confirmed", "partly confirmed", "contradicted", "not verifiable"]
BASES = ["data", "primary source", "none"]
#: How to read ``value``: a point, a floor ("more than") or a ceiling ("up to").
COMPARATORS = ["about", "at least", "at most"]
#: Relation of the evidence's measure and scope to the claim's.
RELATIONS = ["same", "lower bound", "upper bound", "proxy", "different scope"]
#: A official/primary, B reputable secondary, C as reported, model = the book's own model,
#: article = the article itself (or a table citing only it).
GRADES = ["A", "B", "C", "model", "article"]
#: Categories of data/claims_coverage.csv.
CATEGORIES = ["claim", "argument", "background", "attribution", "repeats", "rhetorical"]

#: Column order of data/claims.csv (CONTRACT.md).
COLUMNS = [
    "claim_id",
    "claim",
    "source_key",
    "source",
    "seed_line",
    "seed_sentence",
    "section",
    "chapter",
    "scope",
    "measure",
    "comparator",
    "value",
    "unit",
    "year",
    "parts",
    "status",
    "basis",
    "relation",
    "evidence_grade",
    "parts_tested",
    "check",
    "data_value",
    "evidence",
    "evidence_source",
    "reason",
    "note",
]
COVERAGE_COLUMNS = ["seed", "line", "sentence", "claims", "category", "reason"]
COMPUTED = ["status", "data_value", "evidence"]  # the columns a check writes

STATUS_COLOURS = {
    "confirmed": "#009E73",
    "partly confirmed": "#E69F00",
    "contradicted": "#D55E00",
    "not verifiable": "#8c8c8c",
}  # Okabe-Ito; every badge also carries its word
LEDGER_PAGE = "07-claims-ledger.html"  # the ledger's page, relative to the chapters (same folder)
LEDGER_FILE = "data/claims.csv"
COVERAGE_FILE = "data/claims_coverage.csv"
