"""The bibliography's citation keys: the one place that reads them from ``book/references.bib``."""

from __future__ import annotations

import re
from pathlib import Path

from . import paths

#: The start of a BibTeX entry, ``@type{key,``; the key is the first group.
ENTRY = re.compile(r"@\w+\{([^,]+),")


def keys(bib: Path = paths.BIB) -> set[str]:
    """Every citation key in ``bib`` (default: the book's ``book/references.bib``)."""
    return set(ENTRY.findall(Path(bib).read_text(encoding="utf-8")))
