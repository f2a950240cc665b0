"""Structural edits to the chapter notebooks.

``python -m dsr.notebooks move-solutions notebooks/01-what-is-the-dsr.ipynb [...]``

moves every sphinx-exercise solution (the cells from a ```` ```{solution-start} ```` fence to its
```` ```{solution-end} ```` fence, code cells included) out from between the exercises into a ``##
Solutions`` section right after the last exercise, so that *Run All* in Jupyter never runs an answer
before the reader has seen the next question. Labels, ``:class: dropdown`` and the fences are kept
as they are, so the book still renders each solution as a dropdown linked to its exercise. Text that
follows the last solution in the same cell (e.g. "## Resources and further reading") stays after the
Solutions section.

The edit is idempotent: running it on a notebook that has already been moved changes nothing (the
``## Solutions`` heading cell is recognised by its id and rebuilt in place). Outputs and metadata of
code cells are kept; the notebook is written with nbformat only when something changed.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

import nbformat

HEADING_ID = "dsr-solutions"
HEADING = (
    "## Solutions\n\n"
    "Try each exercise above before you open its solution. The solutions come after all the "
    "exercises, so running the whole notebook never shows an answer before its question."
)

#: A solution-start or solution-end fence: the opening line, its ``:option:`` lines, the closing
#: fence.
_FENCE = re.compile(
    r"^```\{(solution-start|solution-end)\}[^\n]*\n(?:[ \t]*:[^\n]*\n)*```[ \t]*$", re.M
)


def _pieces(cell, state: list[bool]):
    """Split one cell into (inside_solution, kind, text_or_cell, origin_id) pieces; ``state[0]`` is
    True while inside a solution and carries over from cell to cell."""
    origin = cell.get("id")
    if cell.cell_type != "markdown":
        yield state[0], cell.cell_type, cell, origin
        return
    text, pos = cell.source, 0
    for m in _FENCE.finditer(text):
        before = text[pos : m.start()].strip()
        if before:
            yield state[0], "markdown", before, origin
        if m.group(1) == "solution-start":
            state[0] = True
            yield True, "markdown", m.group(0).strip(), origin
        else:
            yield True, "markdown", m.group(0).strip(), origin
            state[0] = False
        pos = m.end()
    rest = text[pos:].strip()
    if rest:
        yield state[0], "markdown", rest, origin


def _cells(pieces, used_ids: set[str]):
    """Turn pieces back into cells: adjacent markdown pieces join into one cell (blank line
    between)."""
    out: list = []
    group: list = []

    def flush():
        if not group:
            return
        source = "\n\n".join(text for text, _ in group)
        cell = nbformat.v4.new_markdown_cell(source)
        cid = group[0][1]
        if not cid or cid in used_ids:
            cid = "md-" + hashlib.sha1(source.encode()).hexdigest()[:10]
            while cid in used_ids:
                cid = "md-" + hashlib.sha1(cid.encode()).hexdigest()[:10]
        cell["id"] = cid
        used_ids.add(cid)
        out.append(cell)
        group.clear()

    for kind, obj, origin in pieces:
        if kind == "markdown":
            group.append((obj, origin))
        else:
            flush()
            used_ids.add(obj.get("id"))
            out.append(obj)
    flush()
    return out


def move_solutions(nb) -> bool:
    """Move the solutions of ``nb`` (a nbformat v4 notebook) after its exercises, in place.
    Returns True if the notebook changed."""
    cells = [c for c in nb.cells if c.get("id") != HEADING_ID]
    idx = [
        i
        for i, c in enumerate(cells)
        if c.cell_type == "markdown" and "{solution-start}" in c.source
    ]
    if not idx:
        return False
    ends = [
        i for i, c in enumerate(cells) if c.cell_type == "markdown" and "{solution-end}" in c.source
    ]
    first, last = idx[0], max(ends)
    state = [False]
    pieces = []
    for c in cells[first : last + 1]:
        pieces.extend(_pieces(c, state))
    if state[0]:
        raise ValueError("a {solution-start} has no matching {solution-end}")
    # Everything after the last solution-end fence (in the same cell) is the tail.
    last_end = max(
        i for i, p in enumerate(pieces) if p[0] and p[1] == "markdown" and "{solution-end}" in p[2]
    )
    exercises = [(k, o, oid) for ins, k, o, oid in pieces[: last_end + 1] if not ins]
    solutions = [(k, o, oid) for ins, k, o, oid in pieces[: last_end + 1] if ins]
    tail = [(k, o, oid) for _, k, o, oid in pieces[last_end + 1 :]]
    used = {c.get("id") for c in cells[:first]} | {c.get("id") for c in cells[last + 1 :]}
    heading = nbformat.v4.new_markdown_cell(HEADING)
    heading["id"] = HEADING_ID
    used.add(HEADING_ID)
    new = (
        cells[:first]
        + _cells(exercises, used)
        + [heading]
        + _cells(solutions, used)
        + _cells(tail, used)
        + cells[last + 1 :]
    )
    before = [(c.cell_type, c.source, c.get("id")) for c in nb.cells]
    after = [(c.cell_type, c.source, c.get("id")) for c in new]
    if before == after:
        return False
    nb.cells = new
    return True


def move_solutions_file(path: str | Path) -> bool:
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    changed = move_solutions(nb)
    if changed:
        nbformat.validate(nb)
        nbformat.write(nb, path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dsr.notebooks", description=__doc__.split("\n\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ms = sub.add_parser(
        "move-solutions",
        help=(
            "move each exercise's solution into a Solutions section "
            "after the exercises (idempotent)"
        ),
    )
    ms.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.notebooks:
        changed = move_solutions_file(path)
        print(f"{path}: {'solutions moved after the exercises' if changed else 'unchanged'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
