"""Building blocks for the Data part of the book: the facts of each dataset, read from the
data package and the data themselves, so that the pages never restate a number by hand."""

from __future__ import annotations

import html

import pandas as pd

from . import catalog, data


def _constraints(field: dict) -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if c.get("unique"):
        parts.append("unique")
    enum = c.get("enum")
    if enum:
        parts.append(
            "ISO 3166-1 alpha-3 code"
            if "CHN" in enum and len(enum) > 100
            else "one of: " + ", ".join(map(str, enum))
        )
    if "minimum" in c or "maximum" in c:
        parts.append(f"{c.get('minimum', '')}..{c.get('maximum', '')}")
    if "pattern" in c:
        parts.append(f"pattern {c['pattern']}")
    return "; ".join(parts)


def schema_table(name: str) -> pd.DataFrame:
    """One row per field: name, type, description (with unit) and constraints."""
    fields = catalog.resource(name)["schema"]["fields"]
    return pd.DataFrame(
        [
            {
                "field": f["name"],
                "type": f["type"],
                "description": f.get("description", ""),
                "constraints": _constraints(f),
            }
            for f in fields
        ]
    )


def coverage(name: str) -> dict:
    """Rows, year range and number of countries of a tabular dataset, computed from the file."""
    df = data.load(name)
    out = {"rows": len(df)}
    if "year" in df:
        years = df["year"].dropna()
        out["years"] = f"{int(years.min())}-{int(years.max())}" if len(years) else "none given"
    if "iso3" in df:
        out["countries"] = int(df["iso3"].dropna().nunique())
    return out


def card_html(name: str) -> str:
    """An HTML summary of a dataset: provenance, licence, dates, coverage and schema."""
    r = catalog.resource(name)
    cov = coverage(name)
    sources = "; ".join(
        html.escape(s["title"])
        + (f" (<code>{html.escape(s['path'])}</code>)" if s.get("path") else "")
        + (
            f"; taken from <code>{html.escape(s['x_taken_from'])}</code>"
            if s.get("x_taken_from")
            else ""
        )
        for s in r.get("sources", [])
    )
    lic = ", ".join(
        f'<a href="{html.escape(x["path"])}">{html.escape(x["title"])}</a>' for x in r["licenses"]
    )
    rows = [
        ("Publisher", html.escape(r.get("x_publisher", ""))),
        ("Sources", sources),
        ("Licence", lic),
        ("Origin", html.escape(r.get("x_origin", ""))),
        ("Upstream last updated", r.get("x_upstream_updated", "")),
        ("Retrieved", r.get("x_retrieved", "")),
        ("Rows", f"{cov['rows']:,}"),
    ]
    if "years" in cov:
        rows.append(("Years covered", cov["years"]))
    if "countries" in cov:
        rows.append(("Countries", str(cov["countries"])))
    facts = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    schema = schema_table(name).to_html(index=False, escape=True, classes="dsr-schema", border=0)
    return (
        scroll_box(
            f'<table class="dsr-card">{facts}</table>', f"Facts about {r.get('title', name)}"
        )
        + "<p><strong>Schema</strong></p>"
        + scroll_box(schema, f"Schema of {r.get('title', name)}")
    )


def scroll_box(table_html: str, label: str) -> str:
    """A wide table inside a box that scrolls sideways on its own (and can be focused and scrolled
    with the keyboard), so that the page itself never scrolls sideways on a phone."""
    return (
        '<div class="dsr-table-scroll" tabindex="0" role="region"'
        f' aria-label="{html.escape(label, quote=True)}">{table_html}</div>'
    )


def overview() -> pd.DataFrame:
    """One row per dataset in the package: name, title, origin, licence, rows."""
    rows = []
    for r in catalog._committed()["resources"]:
        origin = "hand-compiled" if r.get("x_origin", "").startswith("hand-compiled") else "derived"
        entry = {
            "dataset": r["name"],
            "title": r["title"],
            "kind": origin,
            "publisher": r.get("x_publisher", ""),
            "licence": ", ".join(x["title"] for x in r.get("licenses", [])),
            "rows": None,
        }
        if "schema" in r:
            entry["rows"] = coverage(r["name"])["rows"]
        rows.append(entry)
    return pd.DataFrame(rows).astype({"rows": "Int64"})


def derivation_html(name: str) -> str:
    """How a derived table was made: the description in its catalogue entry (``derivation`` in
    data/catalog.yml), the code that writes it, and the rows each stated rule left out (from
    data/derivation_report.json, written by ``python -m dsr.build``)."""
    import json

    from . import paths
    from .build import pipeline

    code = pipeline.code_of(name)
    doc = catalog.derivation(name)
    report = json.loads((paths.DATA / "derivation_report.json").read_text()).get(name, {})
    items = "".join(f"<li>{html.escape(rule)}: {n:,} rows</li>" for rule, n in report.items())
    left_out = (
        f"<p>Rows left out by stated rules:</p><ul>{items}</ul>"
        if items
        else "<p>No rows were left out.</p>"
    )
    return (
        f"<p>Code: <code>{code.__module__}.{code.__name__}</code>, run by <code>python -m"
        f" dsr.build</code>.</p><blockquote>{html.escape(doc)}</blockquote>{left_out}"
    )


def overview_html() -> str:
    return scroll_box(
        overview().to_html(index=False, escape=True, classes="dsr-schema", border=0, na_rep=""),
        "Datasets of the book",
    )
