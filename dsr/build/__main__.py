"""python -m dsr.build [--raw ../shared/raw] [--data data]: (re)write data/ from the raw
datasets."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import paths
from .pipeline import build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dsr.build",
        description="Derive data/ from the raw public datasets (shared/raw).",
    )
    parser.add_argument(
        "--raw",
        type=Path,
        default=paths.RAW_DEFAULT,
        help=f"folder of the raw datasets (default: {paths.RAW_DEFAULT})",
    )
    parser.add_argument(
        "--data", type=Path, default=paths.DATA, help=f"folder to write (default: {paths.DATA})"
    )
    args = parser.parse_args(argv)
    try:
        written = build(args.raw, args.data)
    except FileNotFoundError as e:
        print(f"python -m dsr.build: {e}", file=sys.stderr)
        return 2
    for p in written:
        print(f"wrote {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
