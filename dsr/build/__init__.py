"""Derive the book's tables in ``data/`` from the raw public datasets (``shared/raw``).

    python -m dsr.build [--raw ../shared/raw] [--data data]

The data layer runs in one direction: this package writes ``data/``; :mod:`dsr.data` only loads and
validates it and never imports this package.

- :mod:`dsr.build.registry` (re-exported here): :func:`derives` and :func:`combines`, the decorators
  that register a derivation under the name of the table it writes, and :class:`Report`, the rows
  each derivation left out, by stated rule (written to ``data/derivation_report.json``);
- :mod:`dsr.sources`: the derivations from ``shared/raw``, one ``@derives("table")`` function per
  table;
- :mod:`dsr.build.combined`: tables combined from other tables in ``data/``
  (``@combines("table")``);
- :mod:`dsr.build.pipeline`: :func:`~dsr.build.pipeline.build` runs them all and writes ``data/``;
- :mod:`dsr.build.__main__`: the command line.
"""

from .registry import COMBINED, DERIVED, Report, TableReport, combines, derives

__all__ = ["COMBINED", "DERIVED", "Report", "TableReport", "combines", "derives"]
