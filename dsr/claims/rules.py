"""Verdict rules: how a number becomes a verdict, and which verdicts a row's evidence allows.

Two layers. The *comparison* functions (:func:`level_status`, :func:`points_status`,
:func:`count_status`) turn a claimed and a found number into a raw verdict; the checks use them. The
*ledger rules* (CONTRACT.md, rules 1-6) then say which verdicts the kind of evidence allows at all:

1. basis ``none`` allows only *not verifiable*;
2. evidence that is a ``lower bound`` on the claim (truth >= data) can *contradict* only a claim
   read as ``about``/``at most`` whose value the data exceed, and *confirm* only an ``at least``
   claim the data reach; anything else is *not verifiable*. ``upper bound`` is the mirror image;
3. a ``proxy`` or a ``different scope`` allows only *partly confirmed* or *not verifiable*;
4. *confirmed* needs evidence grade A or B and every part tested (``parts_tested == parts``); a
   grade-C source or the book's own model gives at best *partly confirmed*;
5. evidence graded ``article``, or whose only source is the article itself, allows only *not
   verifiable*;
6. ``parts_tested`` cannot exceed ``parts``; a claim of several parts not all tested is not
   *confirmed*.

:func:`allowed` returns the verdicts a row may carry (with the reason for each one refused);
:func:`cap` lowers a check's raw verdict to the best one allowed; :func:`row_problems` lists every
rule a stored row breaks, as ``(column, message)`` pairs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .vocab import BASES, COMPARATORS, GRADES, RELATIONS, STATUSES

NV, PARTLY, CONFIRMED, CONTRADICTED = (
    "not verifiable",
    "partly confirmed",
    "confirmed",
    "contradicted",
)


@dataclass(frozen=True)
class Finding:
    """What a check found: the raw verdict, the number the data give, and how it was obtained."""

    status: str
    data_value: float
    evidence: str

    def __post_init__(self):
        if self.status not in STATUSES[:3]:
            raise ValueError(f"a check must return one of {STATUSES[:3]}, not {self.status!r}")


# -- comparisons
# ------------------------------------------------------------------------------------


def level_status(claimed: float, found: float, close: float = 0.10, loose: float = 0.25) -> str:
    """Verdict for a level: relative gap within ``close`` confirms, within ``loose`` partly
    confirms."""
    if claimed == 0:
        raise ValueError("a claimed level of zero cannot be compared in relative terms")
    gap = round(
        abs(found / claimed - 1), 9
    )  # 110 against 100 is exactly 10%, whatever the float says
    return "confirmed" if gap <= close else "partly confirmed" if gap <= loose else "contradicted"


def points_status(claimed: float, found: float, close: float = 5, loose: float = 10) -> str:
    """Verdict for a share in per cent: the gap in percentage points."""
    gap = round(abs(found - claimed), 9)
    return "confirmed" if gap <= close else "partly confirmed" if gap <= loose else "contradicted"


def count_status(found: int, named: int) -> str:
    """Verdict for a claim naming ``named`` countries of which the data record ``found``."""
    if not 0 <= found <= named:
        raise ValueError(f"found {found} of {named}")
    return "confirmed" if found == named else "partly confirmed" if found else "contradicted"


# -- the ledger rules
# -------------------------------------------------------------------------------


def blank(v) -> bool:
    """Empty cell: None, NaN/NA or a blank string."""
    if v is None:
        return True
    if isinstance(v, str):
        return not v.strip()
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _num(v) -> float | None:
    if blank(v):
        return None
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def _int(v) -> int | None:
    x = _num(v)
    return None if x is None or x != int(x) else int(x)


def _keys(v) -> list[str]:
    return [] if blank(v) else [k.strip() for k in str(v).split(";") if k.strip()]


def own_article(row: Mapping) -> bool:
    """Whether the evidence is the article itself (grade ``article`` or the article's own key as
    source)."""
    keys = _keys(row.get("evidence_source"))
    return row.get("evidence_grade") == "article" or (
        bool(keys) and set(keys) == {row.get("source_key")}
    )


def incomplete(row: Mapping) -> list[str]:
    """The columns the rules need that a judged row leaves empty (empty for basis ``none``)."""
    if row.get("basis") == "none":
        return []
    return [c for c in ("relation", "evidence_grade", "parts", "parts_tested") if blank(row.get(c))]


def allowed(row: Mapping, data_value: float | None = None) -> dict[str, str | None]:
    """For each status, ``None`` if the row's evidence allows it, else the reason it is refused.

    ``data_value`` overrides the row's own (a check's fresh number). Rules whose inputs are missing
    are not applied here; :func:`row_problems` reports the missing inputs instead.
    """
    refuse: dict[str, str | None] = {s: None for s in STATUSES}

    def only(keep: set[str], why: str):
        for s in STATUSES:
            if s not in keep and refuse[s] is None:
                refuse[s] = why

    basis, relation, grade = row.get("basis"), row.get("relation"), row.get("evidence_grade")
    comparator = None if blank(row.get("comparator")) else row.get("comparator")
    value = _num(row.get("value"))
    found = _num(row.get("data_value")) if data_value is None else _num(data_value)
    parts, tested = _int(row.get("parts")), _int(row.get("parts_tested"))

    if basis == "none":  # rule 1
        only({NV}, "basis 'none' allows only not verifiable")
    if own_article(row):  # rule 5
        only(
            {NV},
            "evidence from the article itself (grade 'article' or evidence_source = the article's"
            " key) allows only not verifiable",
        )
    if relation in ("lower bound", "upper bound"):  # rule 2
        lower = relation == "lower bound"
        both = value is not None and found is not None
        contra_cmp = ("about", "at most") if lower else ("about", "at least")
        conf_cmp = "at least" if lower else "at most"
        beyond = both and (found > value if lower else found < value)
        reached = both and (found >= value if lower else found <= value)
        sign = ">" if lower else "<"
        if not (comparator in contra_cmp and beyond):
            refuse[CONTRADICTED] = (
                f"relation {relation!r} contradicts only a claim read as "
                f"{' or '.join(repr(c) for c in contra_cmp)} with data_value {sign} value "
                f"(here comparator {comparator!r}, value {value}, data_value {found})"
            )
        if not (comparator == conf_cmp and reached):
            refuse[CONFIRMED] = (
                f"relation {relation!r} confirms only a claim read as {conf_cmp!r} with "
                f"data_value {sign}= value (here comparator {comparator!r}, value {value}, "
                f"data_value {found})"
            )
        if refuse[PARTLY] is None:
            refuse[PARTLY] = (
                f"relation {relation!r} allows only confirmed / contradicted as above, else not"
                " verifiable"
            )
    if relation in ("proxy", "different scope"):  # rule 3
        only({PARTLY, NV}, f"relation {relation!r} allows only partly confirmed / not verifiable")
    if refuse[CONFIRMED] is None:  # rule 4
        if grade in ("C", "model"):
            refuse[CONFIRMED] = (
                f"evidence_grade {grade!r} never confirms (at best partly confirmed)"
            )
        elif not blank(grade) and grade not in ("A", "B"):
            refuse[CONFIRMED] = f"confirmed needs evidence_grade A or B, not {grade!r}"
    if (
        refuse[CONFIRMED] is None and parts is not None and tested is not None and tested < parts
    ):  # rules 4, 6
        refuse[CONFIRMED] = (
            "confirmed needs every part tested with grade A/B evidence "
            f"(parts_tested {tested} < parts {parts})"
        )
    return refuse


def cap(raw: str, row: Mapping, data_value: float | None = None) -> str:
    """The best verdict the rules allow for a raw verdict: confirmed falls to partly confirmed, then
    to not verifiable; contradicted and partly confirmed fall to not verifiable."""
    refused = allowed(row, data_value)
    ladder = {
        CONFIRMED: [CONFIRMED, PARTLY, NV],
        PARTLY: [PARTLY, NV],
        CONTRADICTED: [CONTRADICTED, NV],
        NV: [NV],
    }
    for s in ladder[raw]:
        if refused[s] is None:
            return s
    return NV


def row_problems(
    row: Mapping,
    bib_keys: set[str] | None = None,
    tables: set[str] | None = None,
    checks: set[str] | None = None,
) -> list[tuple[str, str]]:
    """Every rule a stored row breaks, as (column, message). ``bib_keys``, ``tables`` and ``checks``
    (the known citation keys, book tables and check names) are tested only when given."""
    out: list[tuple[str, str]] = []
    basis, status = row.get("basis"), row.get("status")
    judged = basis in BASES and basis != "none"

    def need(col, why):
        if blank(row.get(col)):
            out.append((col, f"empty; required {why}"))

    need("reason", "for every row (one sentence explaining the verdict)")
    need("seed_line", "for every row (line of the sentence that makes the claim)")
    need("seed_sentence", "for every row (number of that sentence within its line)")
    # rule 1: what each basis needs
    if basis == "data":
        need("check", "when basis is 'data' (the function that computes the verdict)")
        if checks is not None and not blank(row.get("check")) and row.get("check") not in checks:
            out.append(("check", f"no check named {row.get('check')!r} in dsr.claims.CHECKS"))
    elif not blank(row.get("check")):
        out.append(("check", f"only rows with basis 'data' name a check (basis is {basis!r})"))
    if judged:
        need("relation", f"when basis is {basis!r} ({' / '.join(RELATIONS)})")
        need("evidence_grade", f"when basis is {basis!r} ({' / '.join(GRADES)})")
        need("evidence", f"when basis is {basis!r}")
        need("evidence_source", f"when basis is {basis!r}")
        need(
            "scope",
            f"when basis is {basis!r} (whose entities, which period, as the article means it)",
        )
        need("measure", f"when basis is {basis!r} (what exactly is counted)")
        known = tables if basis == "data" else bib_keys
        for key in _keys(row.get("evidence_source")):
            if known is not None and key not in known and key != row.get("source_key"):
                out.append(
                    (
                        "evidence_source",
                        (
                            f"{key!r} is not a "
                            f"{'book table' if basis == 'data' else 'key in book/references.bib'}"
                        ),
                    )
                )
    else:
        if not blank(row.get("relation")):
            out.append(("relation", "must be empty when basis is 'none'"))
    for col, vocab in (
        ("relation", RELATIONS),
        ("evidence_grade", GRADES),
        ("comparator", COMPARATORS),
    ):
        v = row.get(col)
        if not blank(v) and v not in vocab:
            out.append((col, f"{v!r} is not one of {', '.join(vocab)}"))
    if _num(row.get("value")) is not None and blank(row.get("comparator")):
        out.append(
            (
                "comparator",
                "empty; required when the claim has a value (about / at least / at most)",
            )
        )
    if _num(row.get("value")) is None and not blank(row.get("comparator")):
        out.append(("comparator", "must be empty when the claim has no value"))
    parts, tested = _int(row.get("parts")), _int(row.get("parts_tested"))
    if parts is None or parts < 1:
        out.append(("parts", f"{row.get('parts')!r}: must be a whole number >= 1"))
    if tested is None or tested < 0:
        out.append(("parts_tested", f"{row.get('parts_tested')!r}: must be a whole number >= 0"))
    elif parts is not None and tested > parts:  # rule 6
        out.append(("parts_tested", f"{tested} exceeds parts ({parts})"))
    if status in STATUSES:
        why = allowed(row).get(status)
        if why:
            out.append(("status", f"{status!r} not allowed: {why}"))
    return out
