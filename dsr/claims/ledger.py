"""Read, recompute, check, merge and write the ledger (``data/claims.csv``) and its sentence map
(``data/claims_coverage.csv``).

Every problem is reported as ``FILE:LINE claim ID column 'COL': message`` (LINE counts the header as
line 1), so a reviewer can go straight to the cell.

Merging the reviewers' files (the lead)::

    from pathlib import Path from dsr.claims import ledger files =
    sorted(Path(".work").glob("claims_*.csv")) ledger.merge(files, out="data/claims.csv")         #
    refuses unknown/missing columns and duplicate IDs
    ledger.merge_coverage(sorted(Path(".work").glob("coverage_*.csv")),
    out="data/claims_coverage.csv")

then ``python -m dsr.claims write`` (fills the computed columns of data rows, capped by the rules)
and ``python -m dsr.claims check``."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pandas as pd

from .. import paths
from . import rules
from .checks import CHECKS
from .rules import blank
from .vocab import (
    ARTICLE_LABELS,
    ARTICLES,
    CATEGORIES,
    COLUMNS,
    COMPUTED,
    COVERAGE_COLUMNS,
    COVERAGE_FILE,
    LEDGER_FILE,
    STATUSES,
)

Loader = Callable[[str], pd.DataFrame]
ID = re.compile(r"\b[KWTMR][0-9]{2}\b")
#: A number, a year, a percentage or a money amount: a sentence with one is a claim unless the
#: reason says why not.
NUMERIC = re.compile(
    r"\d|%|\bper ?cent\b|[$€£¥]|\b(?:USD|RMB|yuan|dollars?|euros?|billion|million|trillion|bn)\b",
    re.I,
)


class LedgerError(ValueError):
    """Bad input for the ledger or the sentence map; the message has one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _load(name: str) -> pd.DataFrame:
    from ..data import load  # imported when first needed: the checks can run on other loaders

    return load(name)


def where(file: str, i: int, cid, column: str, msg: str) -> str:
    """One problem line. ``i`` is the 0-based data row; the file line is ``i + 2``."""
    claim = f" claim {cid}" if not blank(cid) else ""
    return f"{file}:{i + 2}{claim} column '{column}': {msg}"


# -- reading and recomputing
# ------------------------------------------------------------------------


def claims() -> pd.DataFrame:
    """The ledger (``data/claims.csv``), validated against its schema."""
    return _load("claims")


def recompute(ledger: pd.DataFrame, load: Loader = None) -> pd.DataFrame:
    """The computed columns for every row that names a check, indexed by claim_id: ``status`` (the
    check's raw verdict capped by the ledger rules), ``raw_status``, ``data_value`` and
    ``evidence``.

    A row that lacks what the rules need (relation, evidence_grade, parts, parts_tested) keeps the
    raw verdict here; ``check`` reports the missing cells."""
    load = load or _load
    rows, cache = {}, {}

    def cached(table: str) -> pd.DataFrame:  # each table is read (and validated) once per recompute
        if table not in cache:
            cache[table] = load(table)
        return cache[table].copy()

    for rec in ledger.to_dict("records"):
        cid, name = rec["claim_id"], rec.get("check")
        if blank(name):
            continue
        if name not in CHECKS:
            raise KeyError(
                f"{LEDGER_FILE}: claim {cid}, column check: no check named {name!r} in dsr.claims"
            )
        f = CHECKS[name](cached)
        status = f.status if rules.incomplete(rec) else rules.cap(f.status, rec, f.data_value)
        rows[cid] = {
            "status": status,
            "raw_status": f.status,
            "data_value": f.data_value,
            "evidence": f.evidence,
        }
    return pd.DataFrame.from_dict(
        rows, orient="index", columns=["status", "raw_status", "data_value", "evidence"]
    )


def mismatches(ledger: pd.DataFrame, load: Loader = None) -> list[str]:
    """Every difference between the stored and the recomputed columns, as 'claim column: stored !=
    computed'."""
    fresh = recompute(ledger, load)
    stored = ledger.set_index("claim_id")
    out = []
    for cid, row in fresh.iterrows():
        for col in COMPUTED:
            a, b = (v.item() if hasattr(v, "item") else v for v in (stored.loc[cid, col], row[col]))
            if blank(a):
                same = False
            else:
                same = abs(float(a) - float(b)) < 1e-9 if col == "data_value" else a == b
            if not same:
                out.append(f"{cid} {col}: stored {a!r} != computed {b!r}")
    return out


def _read_raw(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write(path=None) -> int:
    """Rewrite the computed columns of ``data/claims.csv`` from the checks, with the rules' cap
    applied; return how many rows changed."""
    path = path or paths.DATA / "claims.csv"
    raw = _read_raw(path)
    typed = raw.replace("", None)
    fresh = recompute(typed)
    changed = 0
    for cid, row in fresh.iterrows():
        i = raw.index[raw["claim_id"] == cid][0]
        new = {
            "status": row["status"],
            "data_value": f"{row['data_value']:g}",
            "evidence": row["evidence"],
        }
        if any(raw.at[i, k] != v for k, v in new.items()):
            changed += 1
            for k, v in new.items():
                raw.at[i, k] = v
    raw.to_csv(path, index=False, lineterminator="\n")
    return changed


def summary(ledger: pd.DataFrame) -> pd.DataFrame:
    """Claims by article and status (rows: articles in ARTICLES order; columns: STATUSES)."""
    t = pd.crosstab(ledger["source_key"], ledger["status"]).reindex(
        index=list(ARTICLES), columns=STATUSES, fill_value=0
    )
    t.index = [ARTICLE_LABELS[k] for k in t.index]
    return t


# -- the rules, row by row
# --------------------------------------------------------------------------


def problems(
    ledger: pd.DataFrame,
    bib_keys: set[str] | None = None,
    tables: set[str] | None = None,
    sentences: set[tuple[str, int, int]] | None = None,
    coverage: pd.DataFrame | None = None,
    file: str = LEDGER_FILE,
) -> list[str]:
    """Every stored row that breaks a ledger rule (:func:`dsr.claims.rules.row_problems`), plus: the
    seed sentence must be a body sentence of the article (when ``sentences``, the set of ``(seed,
    line, n)`` keys, is given) and ``coverage`` must list the claim on that sentence (when given).
    ``tables`` defaults to the tables of the committed data package (``data/datapackage.json``,
    which the tests keep equal to the catalogue's; read here rather than imported from
    :mod:`dsr.catalog`, which imports this package's vocabulary: no import cycle)."""
    if tables is None:
        tables = {
            r["name"]
            for r in json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))["resources"]
        }
    listed = {}
    if coverage is not None:
        for r in coverage.to_dict("records"):
            listed[(r["seed"], int(r["line"]), int(r["sentence"]))] = set(_ids(r["claims"]))
    out = []
    for i, r in enumerate(ledger.to_dict("records")):
        cid = r.get("claim_id")
        for col, msg in rules.row_problems(r, bib_keys, tables, set(CHECKS)):
            out.append(where(file, i, cid, col, msg))
        line, n = rules._int(r.get("seed_line")), rules._int(r.get("seed_sentence"))
        seed = ARTICLES.get(r.get("source_key"))
        if line is None or n is None or seed is None:
            continue
        key = (seed, line, n)
        if sentences is not None and key not in sentences:
            out.append(
                where(
                    file,
                    i,
                    cid,
                    "seed_line",
                    f"({line}, {n}) is not a body sentence of {seed} "
                    "(see .work/sentences.tsv / python -m dsr.sentences)",
                )
            )
        elif coverage is not None and cid not in listed.get(key, set()):
            out.append(
                where(
                    file,
                    i,
                    cid,
                    "seed_line",
                    f"{COVERAGE_FILE} does not list {cid} on sentence "
                    f"{seed} line {line} sentence {n}",
                )
            )
    return out


ledger_problems = problems  # the name the tests and notebooks used before the package


# -- merging the reviewers' files
# -------------------------------------------------------------------


def _frames(frames) -> list[tuple[str, pd.DataFrame]]:
    if isinstance(frames, Mapping):
        items = list(frames.items())
    else:
        items = [
            (
                f
                if isinstance(f, tuple)
                else (str(f) if isinstance(f, (str, Path)) else f"frame {n + 1}", f)
            )
            for n, f in enumerate(frames)
        ]
    out = []
    for name, f in items:
        if isinstance(f, (str, Path)):
            name, f = str(f), _read_raw(f)
        out.append((name, f.fillna("").astype(str) if isinstance(f, pd.DataFrame) else f))
    return out


def _merge(
    frames,
    columns: list[str],
    key: Callable[[dict], object],
    label: Callable[[dict], str],
    sort: list[str],
) -> pd.DataFrame:
    errors, seen, parts = [], {}, []
    for name, f in _frames(frames):
        unknown = [c for c in f.columns if c not in columns]
        missing = [c for c in columns if c not in f.columns]
        errors += [
            f"{name}:1 column '{c}': unknown column (expected {', '.join(columns)})"
            for c in unknown
        ]
        errors += [f"{name}:1 column '{c}': missing column" for c in missing]
        if unknown or missing:
            continue
        for i, r in enumerate(f.to_dict("records")):
            k = key(r)
            if k in seen:
                errors.append(f"{name}:{i + 2} {label(r)}: duplicate of {seen[k]}")
            else:
                seen[k] = f"{name}:{i + 2}"
        parts.append(f[columns])
    if errors:
        raise LedgerError(errors)
    if not parts:
        return pd.DataFrame(columns=columns)
    return (
        pd.concat(parts, ignore_index=True).sort_values(sort, kind="stable").reset_index(drop=True)
    )


def merge(frames, out=None) -> pd.DataFrame:
    """Concatenate the reviewers' ledger files in CONTRACT.md column order, sorted by claim_id.

    ``frames``: paths, DataFrames, ``(name, DataFrame)`` pairs, or a mapping name -> path/DataFrame.
    Raises :class:`LedgerError` naming file, line and column for an unknown or missing column and
    for a claim ID that occurs twice. With ``out``, also writes the result (UTF-8, ``\\n`` line
    ends). Cells are kept as strings; run ``python -m dsr.claims write`` and ``check`` afterwards.
    """
    merged = _merge(
        frames,
        COLUMNS,
        key=lambda r: r["claim_id"],
        label=lambda r: f"claim {r['claim_id']} column 'claim_id'",
        sort=["claim_id"],
    )
    if out is not None:
        merged.to_csv(out, index=False, lineterminator="\n")
    return merged


def merge_coverage(frames, out=None) -> pd.DataFrame:
    """Like :func:`merge` for the reviewers' sentence maps: one row per (seed, line, sentence),
    sorted."""
    merged = _merge(
        frames,
        COVERAGE_COLUMNS,
        key=lambda r: (r["seed"], r["line"], r["sentence"]),
        label=lambda r: f"column 'sentence': sentence ({r['seed']}, {r['line']}, {r['sentence']})",
        sort=["seed", "line", "sentence"],
    )
    if len(merged):
        merged = (
            merged.assign(_l=merged["line"].astype(int), _n=merged["sentence"].astype(int))
            .sort_values(["seed", "_l", "_n"])
            .drop(columns=["_l", "_n"])
            .reset_index(drop=True)
        )
    if out is not None:
        merged.to_csv(out, index=False, lineterminator="\n")
    return merged


def convert(old: pd.DataFrame) -> pd.DataFrame:
    """The pre-issue-14 ledger in the new column order: new columns empty, except ``parts`` = 1 and
    ``parts_tested`` = 0 (nothing is assumed tested until a reviewer says so)."""
    new = old.fillna("").astype(str).copy()
    for c in COLUMNS:
        if c not in new.columns:
            new[c] = {"parts": "1", "parts_tested": "0"}.get(c, "")
    return new[COLUMNS]


# -- the sentence map
# -------------------------------------------------------------------------------


def _ids(cell) -> list[str]:
    return [] if blank(cell) else [c.strip() for c in str(cell).split(";") if c.strip()]


def load_coverage(path=None) -> pd.DataFrame:
    """``data/claims_coverage.csv`` as a DataFrame (line and sentence as int, empty cells as '').

    Raises FileNotFoundError with what to do when the file is missing, and :class:`LedgerError`
    (file:line column) when columns, numbers or categories are wrong.
    """
    path = Path(path) if path else paths.ROOT / COVERAGE_FILE
    if not path.exists():
        raise FileNotFoundError(
            f"{path}: the sentence map is missing; the lead assembles it from the reviewers' "
            ".work/coverage_*.csv with dsr.claims.ledger.merge_coverage(...)"
        )
    raw = _read_raw(path)
    name = path.name if path.parent.name != "data" else f"data/{path.name}"
    errors = []
    if list(raw.columns) != COVERAGE_COLUMNS:
        raise LedgerError(
            [f"{name}:1: columns are {list(raw.columns)}, expected {COVERAGE_COLUMNS}"]
        )
    for i, r in enumerate(raw.to_dict("records")):
        for col in ("line", "sentence"):
            if not r[col].isdigit() or int(r[col]) < 1:
                errors.append(
                    f"{name}:{i + 2} column '{col}': {r[col]!r} is not a whole number >= 1"
                )
        if r["category"] not in CATEGORIES:
            errors.append(
                f"{name}:{i + 2} column 'category': {r['category']!r} is not one of"
                f" {', '.join(CATEGORIES)}"
            )
    if errors:
        raise LedgerError(errors)
    return raw.astype({"line": int, "sentence": int})


def coverage_problems(
    coverage: pd.DataFrame,
    sentences: Iterable | None,
    claim_ids: set[str] | None,
    file: str = COVERAGE_FILE,
) -> list[str]:
    """Every rule of CONTRACT.md the sentence map breaks, as 'file:line column 'C': problem'.

    ``sentences``: the body sentences (objects with ``.key`` and ``.text``, as from
    :func:`dsr.sentences.all_sentences`), or None to skip the one-row-per-sentence test;
    ``claim_ids``: the IDs in the ledger, or None to skip the existence test.
    """
    out = []
    text = {}
    if sentences is not None:
        text = {s.key: s.text for s in sentences}
    rows: dict[tuple, int] = {}
    for i, r in enumerate(coverage.to_dict("records")):
        at = f"{file}:{i + 2}"
        key = (r["seed"], int(r["line"]), int(r["sentence"]))
        if key in rows:
            out.append(
                f"{at} column 'sentence': sentence {key} is listed again (first at line"
                f" {rows[key] + 2})"
            )
        rows.setdefault(key, i)
        if sentences is not None and key not in text:
            out.append(f"{at} column 'sentence': {key} is not a body sentence in dsr.sentences")
        ids = _ids(r["claims"])
        for cid in ids:
            if not ID.fullmatch(cid):
                out.append(f"{at} column 'claims': {cid!r} is not a claim ID")
            elif claim_ids is not None and cid not in claim_ids:
                out.append(f"{at} column 'claims': {cid} is not in {LEDGER_FILE}")
        cat, reason = r["category"], r["reason"]
        if (cat == "claim") != bool(ids):
            out.append(
                f"{at} column 'category': {cat!r} with claims {r['claims']!r}; "
                "category is 'claim' exactly when claims is non-empty"
            )
        if cat != "claim" and blank(reason):
            msg = "a non-claim row needs a reason"
            if key in text and NUMERIC.search(text[key]):
                msg = (
                    "the sentence holds a number, year, percentage or money amount but is classed "
                    f"{cat!r}: the reason must say why it is not a claim"
                )
            out.append(f"{at} column 'reason': {msg}")
        if cat == "repeats":
            named = ID.findall(reason or "")
            if not named:
                out.append(
                    f"{at} column 'reason': a 'repeats' row names the claim ID it repeats (e.g."
                    " 'repeats M03')"
                )
            elif claim_ids is not None:
                out += [
                    f"{at} column 'reason': repeats {c}, which is not in {LEDGER_FILE}"
                    for c in named
                    if c not in claim_ids
                ]
    if sentences is not None:
        for key in text:
            if key not in rows:
                out.append(f"{file}: no row for body sentence {key} ({text[key][:60]}...)")
    return out


def coverage_table(coverage: pd.DataFrame | None = None) -> pd.DataFrame:
    """Body sentences per article (rows, labelled) and category (columns), with a total column.
    Reads ``data/claims_coverage.csv`` when no frame is given (FileNotFoundError if it is
    missing)."""
    coverage = load_coverage() if coverage is None else coverage
    seeds = {v: k for k, v in ARTICLES.items()}
    t = pd.crosstab(coverage["seed"].map(seeds), coverage["category"]).reindex(
        index=list(ARTICLES), columns=CATEGORIES, fill_value=0
    )
    t["total"] = t.sum(axis=1)
    t.index = [ARTICLE_LABELS[k] for k in t.index]
    t.index.name = "article"
    return t
