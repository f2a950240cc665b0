"""The claims ledger: every factual claim of the five source articles, and the verdict on it.

``data/claims.csv`` holds one row per claim (columns: :data:`COLUMNS`, see CONTRACT.md and the data
page). Reviewers write the claim (paraphrased), the sentence that makes it (``seed_line``,
``seed_sentence``), its scope, measure, comparator and parts, and the evidence with its relation to
the claim and its grade. For claims a dataset covers, the row names a check in :data:`CHECKS`; the
check computes a raw verdict, the number the data give (``data_value``) and the evidence sentence,
the ledger rules cap the verdict, and ``python -m dsr.claims write`` puts them into the CSV.
``python -m dsr.claims check`` recomputes every one and refuses every row that breaks a rule.

Modules:

- :mod:`.vocab`: articles, chapters, statuses, bases, relations, grades, column order;
- :mod:`.rules`: the comparisons (:func:`level_status`, :func:`points_status`,
  :func:`count_status`),
  :class:`Finding`, and the ledger rules (:func:`~.rules.allowed`, :func:`~.rules.cap`,
  :func:`~.rules.row_problems`);
- :mod:`.checks`: the ``@check`` functions and :data:`CHECKS`;
- :mod:`.ledger`: load, recompute, write, check, merge the reviewers' files, the sentence map;
- :mod:`.render`: HTML for the ledger page and chapters; :func:`verdict` and :func:`fact` for inline
  values.

Comparison rules: a level (money, people) is *confirmed* when the data are within 10% of the claim,
*partly confirmed* within 25%, *contradicted* beyond; a share in per cent is compared in percentage
points (5 / 10); a claim naming several countries is confirmed when the data record all of them,
partly confirmed when they record some, contradicted when none. The ledger rules then apply
(lower bounds, scope, proxies, grades, parts): see :mod:`dsr.claims.rules`.
"""

from __future__ import annotations

from . import checks, ledger, render, rules, vocab
from .checks import CHECKS, check
from .ledger import (
    LedgerError,
    claims,
    convert,
    coverage_problems,
    coverage_table,
    ledger_problems,
    load_coverage,
    merge,
    merge_coverage,
    mismatches,
    problems,
    recompute,
    summary,
    write,
)
from .render import chapter_html, coverage_html, fact, ledger_html, verdict
from .rules import Finding, allowed, cap, count_status, level_status, points_status, row_problems
from .vocab import (
    ARTICLE_KEYS,
    ARTICLE_LABELS,
    ARTICLES,
    BASES,
    CATEGORIES,
    CHAPTER_STEMS,
    CHAPTERS,
    COLUMNS,
    COMPARATORS,
    COMPUTED,
    COVERAGE_COLUMNS,
    GRADES,
    LEDGER_PAGE,
    RELATIONS,
    STATUS_COLOURS,
    STATUSES,
)


def main(argv=None) -> int:
    from .__main__ import main as _main

    return _main(argv)
