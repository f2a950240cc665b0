"""Split the body of each source article into sentences, with stable keys.

The five articles in ``shared/seeds`` are plain-text copies of web pages: besides the body they hold
site furniture (menus, "top of page"), titles, captions, author notes and, in one case, a reference
list. :data:`BODY` says, per seed file, which lines are the body (a first and last line, inclusive);
inside that range a line is skipped when it is a section heading (:func:`is_heading`). Every other
line is split into sentences by :func:`split`.

A sentence is keyed by ``(seed, line, n)``: the seed file's stem, the 1-based line number in the
file, and the 1-based position of the sentence within that line. The key depends only on the seed
text and this module, so ``data/claims_coverage.csv`` can refer to sentences without copying them.

The splitter ends a sentence at ``.``, ``?`` or ``!`` (with any closing quotes or brackets) followed
by white space and a capital letter, digit, opening quote or bracket, except after a known
abbreviation (``U.S.``, ``e.g.``, ``Mr.``, a single capital initial, ...). It never splits inside a
number (``3.5``) because a split needs white space after the full stop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import paths

SEEDS_DEFAULT = paths.ROOT.parent / "shared" / "seeds"

#: Body lines (first, last; inclusive, 1-based) of each seed. Lines outside are site furniture, the
#: title and byline, photo captions, author notes, disclaimers and the reference list.
BODY: dict[str, tuple[int, int]] = {
    "000_db253ab4ae18af17": (28, 79),  # Introduction .. Call to Action; before: menus, byline, tags
    "001_922eba754a52eb50": (9, 31),  # first paragraph .. Conclusions; before: title and author
    "002_143837d20366d203": (
        10,
        53,
    ),  # after the title photo caption (line 7); before the bio and references
    "003_e3e8299f9a9a3bfb": (
        5,
        60,
    ),  # key-point bullets and body; before the disclaimer and author bios
    "004_7f990a0aa4a17099": (2, 63),  # after the title
}

ABBREVIATIONS = {
    "u.s",
    "u.k",
    "u.n",
    "e.g",
    "i.e",
    "etc",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "no",
    "vs",
    "al",
    "inc",
    "co",
    "corp",
    "ltd",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "fig",
    "approx",
    "h.e",
}
_END = re.compile(r"[.?!][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_HEADING_END = re.compile(r"[.?!:;,\"”’)]\s*$")


@dataclass(frozen=True)
class Sentence:
    seed: str
    line: int
    n: int
    text: str

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.seed, self.line, self.n)


def is_heading(line: str) -> bool:
    """A section heading: a short line (at most 10 words) that does not end like a sentence."""
    text = line.strip()
    return bool(text) and len(text.split()) <= 10 and not _HEADING_END.search(text)


def _abbreviation_before(text: str, end: int) -> bool:
    """Whether the full stop at ``end`` closes an abbreviation or an initial rather than a
    sentence."""
    word = re.search(r"([A-Za-z.]+)$", text[:end])
    if not word:
        return False
    token = word.group(1).lower().strip(".")
    return token in ABBREVIATIONS or (
        len(token) == 1 and token.isalpha() and text[end - 1].isupper()
    )


def split(line: str) -> list[str]:
    """The sentences of one line of body text, in order, stripped; never empty strings."""
    text = line.strip()
    out, start = [], 0
    for m in _END.finditer(text):
        if text[m.start()] == "." and _abbreviation_before(text, m.start()):
            continue
        piece = text[start : m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def sentences(seed: str, seeds_dir: Path | None = None) -> list[Sentence]:
    """Every body sentence of one seed file (stem, without ``.txt``)."""
    if seed not in BODY:
        raise KeyError(f"{seed}: not a known seed file (known: {', '.join(BODY)})")
    path = Path(seeds_dir or SEEDS_DEFAULT) / f"{seed}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    first, last = BODY[seed]
    if last > len(lines):
        raise ValueError(
            f"{path}: body is said to end at line {last} but the file has {len(lines)} lines"
        )
    out = []
    for number in range(first, last + 1):
        line = lines[number - 1]
        if not line.strip() or is_heading(line):
            continue
        out += [Sentence(seed, number, i, s) for i, s in enumerate(split(line), start=1)]
    return out


def all_sentences(seeds_dir: Path | None = None) -> list[Sentence]:
    """Body sentences of all five seeds, in file and line order."""
    return [s for seed in BODY for s in sentences(seed, seeds_dir)]


if (
    __name__ == "__main__"
):  # python -m dsr.sentences [SEEDS_DIR]: one tab-separated line per sentence
    import sys

    for s in all_sentences(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        print(f"{s.seed}\t{s.line}\t{s.n}\t{s.text}")
