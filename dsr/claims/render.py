"""HTML for the ledger page and the chapters, and verdicts and facts ready for inline use.

Chapter authors never retype a verdict or a claimed number: they take it from the ledger. In a code
cell (usually hidden)::

    from dsr import claims
    t_m03 = claims.verdict("M03")                # the verdict, linked to the ledger row
    t_m03_value = claims.fact("M03", "value")    # any column of the row, formatted

and in the Markdown, with MyST's ``{eval}`` role, which myst-nb renders in the book (the chapters
run in ``execution_mode: inline``) and jupyterlab-myst renders in JupyterLab after the cell has
run::

    The ledger finds this claim {eval}`t_m03`; the article gives {eval}`t_m03_value` billion.

Both return ``IPython.display.Markdown``, so the value is never shown in quote marks.
:func:`verdict` renders as the verdict word linked to ``07-claims-ledger.html#claim-M03``; the link
is inline HTML, so Sphinx does not try to resolve it as a cross-reference."""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import Markdown

from .rules import blank
from .vocab import ARTICLE_LABELS, ARTICLES, BASES, CHAPTERS, LEDGER_PAGE, STATUS_COLOURS, STATUSES


def _badge(status: str) -> str:
    return (
        f'<span class="dsr-verdict" style="border-color:{STATUS_COLOURS[status]}">'
        f"{html.escape(status)}</span>"
    )


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
    """The whole ledger as a table with filters (article, chapter, verdict, basis). Without
    JavaScript (e.g. in Jupyter) the full table shows; in the book ``dsr-ledger.js`` makes the
    filters work."""

    def options(name, values, labels):
        opts = "".join(
            f'<option value="{html.escape(v)}">{html.escape(labels.get(v, v))}</option>'
            for v in values
        )
        return (
            f'<label>{name.capitalize()} <select data-filter="{name}"><option value="">all</option>'
            f"{opts}</select></label>"
        )

    head = (
        '<div class="dsr-ledger"><form class="dsr-ledger-filters" aria-label="Filter the claims">'
        + options("article", list(ARTICLES), ARTICLE_LABELS)
        + options("chapter", list(CHAPTERS), CHAPTERS)
        + options("verdict", STATUSES, {})
        + options("basis", BASES, {})
        + f'<output class="dsr-ledger-count" aria-live="polite">{len(ledger)}'
        ' claims</output></form><table class="dsr-ledger-table"><caption>The claims ledger: one'
        " row per claim; the filters above narrow it down.</caption><thead><tr><th"
        ' scope="col">ID</th><th scope="col">Claim</th><th scope="col">Claimed</th><th'
        ' scope="col">Verdict</th><th scope="col">Evidence</th></tr></thead><tbody>'
    )
    rows = []
    for r in ledger.to_dict("records"):
        evidence = " ".join(
            x
            for x in [
                html.escape(r["evidence"]) if pd.notna(r["evidence"]) else "",
                _sources(r, data_href),
            ]
            if x
        )
        note = (
            f'<div class="dsr-ledger-note">{html.escape(r["note"])}</div>'
            if pd.notna(r["note"])
            else ""
        )
        reason = r.get("reason")
        note = (
            f'<div class="dsr-ledger-reason">{html.escape(reason)}</div>'
            if not blank(reason)
            else ""
        ) + note
        rows.append(
            f'<tr id="claim-{r["claim_id"]}" data-article="{r["source_key"]}"'
            f' data-chapter="{r["chapter"]}" '
            f'data-verdict="{r["status"]}" data-basis="{r["basis"]}">'
            f"<td>{r['claim_id']}</td>"
            f"<td>{html.escape(r['claim'])}<div"
            f' class="dsr-ledger-where">{ARTICLE_LABELS[r["source_key"]]}, '
            f'"{html.escape(r["section"])}"; chapter: {CHAPTERS[r["chapter"]]}</div></td>'
            f"<td>{html.escape(_claimed(r))}</td><td>{_badge(r['status'])}</td>"
            f"<td>{evidence}{note}</td></tr>"
        )
    return head + "".join(rows) + "</tbody></table></div>"


def chapter_html(ledger: pd.DataFrame, chapter: str, ledger_href: str = LEDGER_PAGE) -> str:
    """The claims a chapter discusses, each with its verdict and a link to its row in the ledger."""
    if chapter not in CHAPTERS:
        raise KeyError(f"unknown chapter {chapter!r}; known: {', '.join(CHAPTERS)}")
    d = ledger[ledger["chapter"] == chapter]
    items = "".join(
        f"<li>{_badge(r['status'])} <a"
        f' href="{ledger_href}#claim-{r["claim_id"]}">{r["claim_id"]}</a> {html.escape(r["claim"])}'
        f' <span class="dsr-ledger-where">({ARTICLE_LABELS[r["source_key"]]})</span></li>'
        for r in d.to_dict("records")
    )
    counts = d["status"].value_counts().reindex(STATUSES, fill_value=0)
    tally = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    return (
        f'<div class="dsr-chapter-claims"><p>{len(d)} claims of the source articles are discussed'
        f" in this chapter: {tally}.</p><ul>{items}</ul></div>"
    )


def _row(claim_id: str, ledger: pd.DataFrame | None) -> dict:
    if ledger is None:
        from .ledger import claims

        ledger = claims()
    hit = ledger[ledger["claim_id"] == claim_id]
    if hit.empty:
        raise KeyError(f"no claim {claim_id!r} in data/claims.csv")
    return hit.iloc[0].to_dict()


def verdict(claim_id: str, ledger: pd.DataFrame | None = None, href: str = LEDGER_PAGE) -> Markdown:
    """The ledger's verdict on a claim as Markdown for MyST's ``{eval}`` role: the verdict word
    (e.g. *partly confirmed*) linked to the claim's row.
    ``href`` is the ledger page relative to the page that glues it."""
    r = _row(claim_id, ledger)
    return Markdown(
        f'<a href="{href}#claim-{claim_id}" class="dsr-verdict-link" '
        f'data-claim="{claim_id}">{html.escape(r["status"])}</a>'
    )


def fact(claim_id: str, column: str, ledger: pd.DataFrame | None = None) -> Markdown:
    """One cell of a claim's row as Markdown for ``{eval}``: numbers without trailing zeros
    (``23``, not ``23.0``), text as it is, never in quotes. Raises KeyError for an unknown column
    and ValueError for an empty cell."""
    r = _row(claim_id, ledger)
    if column not in r:
        raise KeyError(f"data/claims.csv has no column {column!r}")
    v = r[column]
    if blank(v):
        raise ValueError(f"data/claims.csv: claim {claim_id} column {column!r} is empty")
    if isinstance(v, float):  # years stay 2013, not 2,013; other numbers get thousands separators
        text = (
            f"{v:.10g}"
            if column == "year" or (v.is_integer() and 1000 <= v <= 2100)
            else f"{v:,.10g}"
        )
    else:
        text = html.escape(str(v))
    return Markdown(text)


def coverage_html(coverage: pd.DataFrame | None = None) -> str:
    """The coverage table (body sentences per article and category) as an HTML table. Reads
    ``data/claims_coverage.csv`` when no frame is given (FileNotFoundError if it is missing)."""
    from .ledger import coverage_table

    t = coverage_table(coverage)
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in ["Article", *t.columns])
    rows = "".join(
        f'<tr><th scope="row">{html.escape(str(a))}</th>'
        + "".join(f"<td>{int(v)}</td>" for v in r)
        + "</tr>"
        for a, r in t.iterrows()
    )
    return (
        '<table class="dsr-coverage-table"><caption>Body sentences of each article by what they'
        " do: make a claim in the ledger, argue, give background, attribute, repeat a claim, or"
        f" connect.</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )
