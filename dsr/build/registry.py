"""Registration of derivations, and the report of the rows they leave out. Imports nothing from
dsr."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

#: table name -> function(raw_dir, report) deriving it from ``shared/raw`` (filled by
#: :func:`derives`).
DERIVED: dict[str, Callable[..., pd.DataFrame]] = {}
#: table name -> function(data_dir, report) combining it from tables in ``data/`` (filled by
#: :func:`combines`).
COMBINED: dict[str, Callable[..., pd.DataFrame]] = {}


def _register(registry: dict, table: str):
    def decorate(fn):
        if table in DERIVED or table in COMBINED:
            raise ValueError(
                f"table {table!r} already has a derivation "
                f"({(DERIVED.get(table) or COMBINED.get(table)).__qualname__}); cannot also "
                f"register {fn.__module__}.{fn.__qualname__}"
            )
        fn.table = table
        registry[table] = fn
        return fn

    return decorate


def derives(table: str):
    """Register the decorated ``fn(raw: Path, report: TableReport) -> DataFrame`` as the derivation
    of ``table`` from the raw datasets. The build writes its result to the table's path in the
    catalogue."""
    return _register(DERIVED, table)


def combines(table: str):
    """Register the decorated ``fn(data_dir: Path, report: TableReport) -> DataFrame`` as the way
    ``table`` is built from other tables in ``data/`` (run after every derivation is written)."""
    return _register(COMBINED, table)


@dataclass
class Report:
    """Rows the derivations of one build left out: ``dropped[table][rule]`` is how many rows
    ``rule`` removed from ``table`` (zero counts are kept: the rule was applied and removed
    nothing)."""

    dropped: dict[str, dict[str, int]] = field(default_factory=dict)

    def drop(self, table: str, rule: str, n) -> None:
        self.dropped.setdefault(table, {})[rule] = int(n)

    def table(self, name: str) -> TableReport:
        """The part of this report a derivation of table ``name`` writes to."""
        return TableReport(name, self)

    def to_json(self) -> str:
        """The report as ``data/derivation_report.json`` holds it."""
        return json.dumps(self.dropped, indent=1, sort_keys=True) + "\n"


@dataclass(frozen=True)
class TableReport:
    """One table's view of a :class:`Report`, handed to its derivation. ``TableReport("t")`` on its
    own starts an empty report (for calling a derivation outside a build)."""

    name: str
    report: Report = field(default_factory=Report)

    def drop(self, rule: str, n) -> None:
        """Record that ``rule`` left out ``n`` rows of this table."""
        self.report.drop(self.name, rule, n)

    @property
    def dropped(self) -> dict[str, int]:
        """rule -> rows left out, for this table."""
        return self.report.dropped.get(self.name, {})
