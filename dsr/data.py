"""Load and validate the book's datasets.

    python -m dsr.data check [--data data]           # validate every resource; exit 1 on any
    problem

``load(name)`` is what notebooks call: it validates the file against its schema with Frictionless
and raises :class:`DataValidationError` (one line per problem: file, line, column, value) instead of
returning bad data. This module only reads ``data/``: writing it from the raw datasets is the job of
:mod:`dsr.build` (``python -m dsr.build``), which this module never imports.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import frictionless as fl
import pandas as pd

from . import paths


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    value: object
    kind: str
    detail: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        col = f" column '{self.column}'" if self.column else ""
        return f"{where}{col}: {self.kind}: value {self.value!r} - {self.detail}"


class DataValidationError(ValueError):
    """Raised by :func:`load` when a file breaks its schema; ``problems`` lists each one."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(
            f"{len(problems)} problem(s) in the data:\n" + "\n".join(map(str, problems))
        )


def _detail(err, fields: dict) -> str:
    note = str(getattr(err, "note", "") or "")
    if 'constraint "enum"' in note:
        allowed = (
            fields.get(getattr(err, "field_name", None), {}).get("constraints", {}).get("enum", [])
        )
        if "CHN" in allowed and len(allowed) > 100:
            return "not an ISO 3166-1 alpha-3 country code"
        return "not one of the allowed values: " + ", ".join(map(str, allowed))
    return note or err.type


_VALIDATED: dict[tuple, list] = {}


def _problems(descriptor: dict, base: Path) -> list[Problem]:
    """Validate one resource with Frictionless. Results are remembered for the same file contents
    (path, size, modification time) and descriptor, so a notebook that loads a table twice validates
    it once."""
    path = base / descriptor["path"]
    stat = path.stat() if path.exists() else None
    key = (
        str(path),
        stat and stat.st_size,
        stat and stat.st_mtime_ns,
        json.dumps(descriptor, sort_keys=True),
    )
    if stat is not None and key in _VALIDATED:
        return list(_VALIDATED[key])
    out = _validate(descriptor, base)
    if stat is not None:
        _VALIDATED[key] = out
    return list(out)


def _validate(descriptor: dict, base: Path) -> list[Problem]:
    res = fl.Resource(descriptor, basepath=str(base))
    report = res.validate()
    fields = {f["name"]: f for f in descriptor.get("schema", {}).get("fields", [])}
    out = []
    for task in report.tasks:
        for err in task.errors:
            cells = getattr(err, "cells", None)
            value = getattr(err, "cell", None)
            if value is None and cells is not None and err.type == "primary-key":
                value = cells
            if "label" in err.type:  # a header problem: the header is line 1
                out.append(
                    Problem(
                        str(base / descriptor["path"]),
                        1,
                        getattr(err, "field_name", None),
                        getattr(err, "label", None),
                        err.type,
                        "the header does not match the schema's column names and order",
                    )
                )
                continue
            out.append(
                Problem(
                    file=str(base / descriptor["path"]),
                    line=getattr(err, "row_number", None),
                    column=getattr(err, "field_name", None),
                    value=value,
                    kind=err.type,
                    detail=_detail(err, fields),
                )
            )
    return out


def _descriptor(name: str, data_dir: Path) -> dict:
    pkg = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    for r in pkg["resources"]:
        if r["name"] == name:
            return r
    raise KeyError(
        f"no dataset named {name!r} in {data_dir / 'datapackage.json'}; "
        f"known: {', '.join(r['name'] for r in pkg['resources'])}"
    )


def validate(name: str, data_dir: Path = paths.DATA) -> list[Problem]:
    """Problems with one resource (empty list when it is valid)."""
    return _problems(_descriptor(name, data_dir), data_dir)


def check(data_dir: Path = paths.DATA) -> list[Problem]:
    """Problems with every resource of the package in ``data_dir``."""
    pkg = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    problems = []
    for r in pkg["resources"]:
        problems += _problems(
            r, data_dir
        )  # tabular: schema; other files: existence, format and hash
    return problems


def _pandas_dtypes(fields: list[dict]) -> dict:
    kinds = {"integer": "Int64", "number": "float64", "string": "string", "boolean": "boolean"}
    return {f["name"]: kinds.get(f["type"], "string") for f in fields}


def load(name: str, data_dir: Path = paths.DATA) -> pd.DataFrame:
    """Validated table of one dataset, typed according to its schema."""
    desc = _descriptor(name, data_dir)
    problems = _problems(desc, data_dir)
    if problems:
        raise DataValidationError(problems)
    fields = desc["schema"]["fields"]
    dates = [f["name"] for f in fields if f["type"] in ("date", "datetime")]
    df = pd.read_csv(
        data_dir / desc["path"],
        dtype=_pandas_dtypes([f for f in fields if f["name"] not in dates]),
        keep_default_na=False,
        na_values=[""],
        parse_dates=dates,
    )
    return df


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dsr.data",
        description=__doc__.split("\n\n")[0],
        epilog="To (re)write data/ from the raw datasets: python -m dsr.build",
    )
    sub = parser.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="validate every resource against its schema")
    c.add_argument("--data", type=Path, default=paths.DATA)
    args = parser.parse_args(argv)
    problems = check(args.data)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"all resources in {args.data / 'datapackage.json'} are valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
