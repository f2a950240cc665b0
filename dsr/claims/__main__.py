"""python -m dsr.claims check|write: recompute and check the ledger, or write its computed
columns."""

from __future__ import annotations

import argparse
import sys

from ..bib import keys as bib_keys
from . import ledger as L
from .checks import CHECKS
from .vocab import COVERAGE_FILE, LEDGER_FILE


def _sentences():
    """The body sentences, or None (with the reason) when the seeds are not on this machine."""
    from .. import sentences

    try:
        return sentences.all_sentences(), None
    except FileNotFoundError as e:
        return None, f"seed articles not found ({e.filename}): seed_line/seed_sentence not checked"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m dsr.claims",
        description="Check the claims ledger against its rules, or write its computed columns.",
    )
    p.add_argument("command", choices=["check", "write"])
    args = p.parse_args(argv)
    if args.command == "write":
        print(f"{LEDGER_FILE}: {L.write()} rows updated")
        return 0
    ledger = L.claims()
    bib = bib_keys()
    sents, why = _sentences()
    keys = None if sents is None else {s.key for s in sents}
    if why:
        print(f"note: {why}", file=sys.stderr)
    try:
        coverage = L.load_coverage()
    except FileNotFoundError:
        coverage = None
        print(
            f"note: {COVERAGE_FILE} not found: the seed sentences are not checked against it",
            file=sys.stderr,
        )
    bad = L.problems(ledger, bib, sentences=keys, coverage=coverage)
    bad += [f"{LEDGER_FILE}: claim {m}" for m in L.mismatches(ledger)]
    if coverage is not None:
        bad += L.coverage_problems(coverage, sents, set(ledger["claim_id"]))
    for line in bad:
        print(line, file=sys.stderr)
    print(f"{LEDGER_FILE}: {len(ledger)} claims, {len(CHECKS)} checks, {len(bad)} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
