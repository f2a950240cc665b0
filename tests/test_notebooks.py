"""dsr.notebooks move-solutions: solutions after the exercises, idempotent, nothing lost."""

import re

import nbformat

from dsr import notebooks

NB = """## Exercises

```{exercise}
:label: a

Question A.
```

```{solution-start} a
:class: dropdown
```"""


def make():
    cells = [
        nbformat.v4.new_markdown_cell(NB),
        nbformat.v4.new_code_cell("answer_a = 1"),
        nbformat.v4.new_markdown_cell(
            "Because.\n\n```{solution-end}\n```\n\n```{exercise}\n:label: b\n\nQuestion B.\n```"
            "\n\n```{solution-start} b\n:class: dropdown\n```"
        ),
        nbformat.v4.new_code_cell("answer_b = 2"),
        nbformat.v4.new_markdown_cell("```{solution-end}\n```\n\n## Resources\n\nMore."),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    return nb


def test_move_solutions_puts_every_solution_after_the_exercises_and_is_idempotent():
    nb = make()
    assert notebooks.move_solutions(nb)
    text = [c.source for c in nb.cells]
    joined = "\n".join(text)
    assert (
        joined.index("Question B")
        < joined.index("## Solutions")
        < joined.index("answer_a")
        < joined.index("## Resources")
    )
    assert re.findall(r"solution-start\} (\w)", joined) == ["a", "b"]
    nbformat.validate(nb)
    assert not notebooks.move_solutions(nb)
    assert [c.source for c in nb.cells] == text


def test_every_chapter_and_its_markdown_twin_hold_the_same_cells():
    """notebooks/NN.ipynb and notebooks/NN.md (jupytext, MyST) are one chapter in two formats."""
    import jupytext
    from conftest import notebook_sources

    chapters = notebook_sources()
    assert len(chapters) >= 8
    for ipynb in chapters:
        twin = ipynb.with_suffix(".md")
        assert twin.is_file(), f"{twin.name} missing: run `jupytext --sync notebooks/*.ipynb`"
        a, b = jupytext.read(ipynb), jupytext.read(twin)
        assert a.metadata.get("mystnb") == b.metadata.get("mystnb"), (
            f"{ipynb.name}: notebook metadata"
        )
        assert len(a.cells) == len(b.cells), (
            f"{ipynb.name} and {twin.name} differ: run `jupytext --sync`"
        )
        for n, (x, y) in enumerate(zip(a.cells, b.cells, strict=True), start=1):
            assert (x.cell_type, x.source, x.metadata) == (y.cell_type, y.source, y.metadata), (
                f"{ipynb.name} cell {n} differs from {twin.name}: run `jupytext --sync"
                " notebooks/*.ipynb`"
            )
