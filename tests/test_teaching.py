"""The teaching kit (issue: teaching kit): the seminar guide's structure, the exercises it sets, the
explorers, the glossary links and the launch buttons."""

import re

import nbformat
import pytest
import yaml
from conftest import ROOT, notebook_sources, toc_files

from dsr import teaching
from dsr.catalog import CHAPTER_STEMS

GUIDE = ROOT / "book" / "seminar-guide.md"


def exercises() -> dict[str, tuple[str, bool]]:
    """Exercise label -> (notebook stem, has a dropdown solution), across every notebook in the
    book."""
    out = {}
    for path in notebook_sources():
        md = "\n".join(
            c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"
        )
        solutions = set(re.findall(r"```\{solution-start\} ([\w-]+)\n:class: dropdown", md))
        for label in re.findall(r"```\{exercise\}\n:label: ([\w-]+)", md):
            out[label] = (path.stem, label in solutions)
    return out


def sessions() -> list[tuple[int, str, str]]:
    text = GUIDE.read_text(encoding="utf-8")
    parts = re.split(r"^## Session (\d+): (.+)$", text, flags=re.M)
    return [
        (int(parts[i]), parts[i + 1], parts[i + 2].split("\n## ")[0])
        for i in range(1, len(parts), 3)
    ]


def test_guide_is_in_the_book():
    assert "seminar" in GUIDE.name and "book/seminar-guide" in toc_files()


def test_guide_has_at_least_six_numbered_sessions_each_complete():
    found = sessions()
    assert len(found) >= 6 and [n for n, _, _ in found] == list(range(1, len(found) + 1))
    for n, title, body in found:
        for part in [
            "**Readings",
            "**Learning objectives",
            "**Materials",
            "90-minute plan",
            "**Discussion questions",
            "**Exercises to set",
            "**What a good answer looks like",
        ]:
            assert part in body, f"Session {n} ({title}) lacks {part}"
        assert re.search(r"\{doc\}`\.\./notebooks/", body), f"Session {n} names no chapter to read"
        assert "{cite}" in body, f"Session {n} names no article to read"
        assert re.search(r"\{ref\}`[^`]*<[\w-]+>`", body), f"Session {n} sets no exercise"


@pytest.mark.parametrize("n, title, body", sessions(), ids=lambda x: str(x)[:12])
def test_each_plan_covers_ninety_minutes_without_gaps(n, title, body):
    slots = [(int(a), int(b)) for a, b in re.findall(r"^\| (\d+)-(\d+) min \|", body, flags=re.M)]
    assert slots and slots[0][0] == 0 and slots[-1][1] == 90, f"Session {n}: {slots}"
    assert all(prev[1] == nxt[0] for prev, nxt in zip(slots, slots[1:], strict=False)), (
        f"Session {n}: gaps in {slots}"
    )


def test_assessment_and_handouts_follow_the_guide_in_the_book():
    files = toc_files()
    i = files.index("book/seminar-guide")
    assert files[i + 1 : i + 3] == ["book/assessment", "book/handouts"]
    assessment = (ROOT / "book" / "assessment.md").read_text(encoding="utf-8")
    for part in [
        "memo",
        "policy brief",
        "final project",
        "Rubric",
        "Instructor's key",
        "template",
        "session 8",
    ]:
        assert part.lower() in assessment.lower(), part
    handouts = (ROOT / "book" / "handouts.md").read_text(encoding="utf-8")
    guide = GUIDE.read_text(encoding="utf-8")
    for label in re.findall(r"\{ref\}`(handout-[\w-]+)`", guide):
        assert f"({label})=" in handouts, label
    assert len(re.findall(r"^### Role card \d", handouts, flags=re.M)) == 4


def test_guide_has_the_instructors_note():
    text = GUIDE.read_text(encoding="utf-8")
    note = text.split("## Instructor's note", 1)[1]
    assert "contested facts" in note and "politically sensitive" in note


def test_every_exercise_the_guide_sets_exists_and_most_are_set():
    labels = set(re.findall(r"\{ref\}`[^`]*<([\w-]+)>`", GUIDE.read_text(encoding="utf-8")))
    known = exercises()
    assert labels <= set(known), labels - set(known)
    assert len(labels) >= 15


def referenced_labels(text: str) -> set[str]:
    """Targets of the {ref} and {numref} roles in MyST text: `{ref}`label`` or `{ref}`text
    <label>``."""
    out = set()
    for inner in re.findall(r"\{(?:ref|numref)\}`([^`]+)`", text):
        m = re.search(r"<([^<>]+)>\s*$", inner)
        out.add((m.group(1) if m else inner).strip())
    return out


def test_the_guide_sets_every_exercise_of_every_chapter():
    """Every exercise of every chapter (any fence, ``` or :::) has a label and is set in one of the
    guide's sessions, by {ref} or {numref}: a new exercise fails here until a session sets it."""
    labelled, unlabelled = {}, []
    for path in notebook_sources():
        md = "\n".join(
            c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"
        )
        for label in teaching.exercises_in(md):
            if label:
                labelled[label] = path.stem
            else:
                unlabelled.append(path.stem)
    assert not unlabelled, f"exercises without a :label: in {sorted(set(unlabelled))}"
    assert len(labelled) >= 15
    set_in_sessions = set().union(*(referenced_labels(body) for _, _, body in sessions()))
    missing = sorted(
        f"{label} ({stem})" for label, stem in labelled.items() if label not in set_in_sessions
    )
    assert not missing, f"exercises no session of the seminar guide sets: {missing}"


def test_at_least_fifteen_exercises_with_hidden_solutions_graded_from_reading_to_pandas():
    known = exercises()
    assert len(known) >= 15
    assert all(has for _, has in known.values()), [k for k, (_, has) in known.items() if not has]
    text = "\n".join(
        c.source for p in notebook_sources() for c in nbformat.read(p, as_version=4).cells
    )
    assert len(re.findall(r"\*Read the chart\.\*", text)) >= 3


@pytest.mark.parametrize("stem", ["05-central-asia", "06-russia", "08-africa"])
def test_each_case_study_has_a_find_the_discrepancy_exercise_and_an_explorer(stem):
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "*Find the discrepancy.*" in md
    assert "explore.explorer(" in code, "no ipywidgets explorer"


@pytest.mark.parametrize("stem", CHAPTER_STEMS)
def test_chapters_link_the_glossary(stem):
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    assert "{term}`" in "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_glossary_defines_the_core_terms():
    text = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    for term in [
        "BRI",
        "DSR",
        "EAEU",
        "SCO",
        "eWTP",
        "BeiDou",
        "PEACE",
        "Safe city",
        "Cyber-sovereignty",
    ]:
        assert re.search(rf"^{re.escape(term)}\n", text, flags=re.M), term


def test_launch_buttons_point_at_the_repository_and_binder_can_build_it():
    cfg = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert cfg["repository"]["url"].startswith("https://github.com/")
    assert cfg["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert cfg["launch_buttons"]["thebe"] is False  # Thebe would load JavaScript from a CDN
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    reqs = (ROOT / "requirements.txt").read_text()
    assert re.search(r"^-e \.$", reqs, flags=re.M) and re.search(
        r"^jupyter-book[<=]", reqs, flags=re.M
    )


def test_chapter_pages_carry_a_binder_button(built_book):
    html_dir, _ = built_book
    cfg = yaml.safe_load((ROOT / "_config.yml").read_text())
    repo = cfg["repository"]["url"].removeprefix("https://github.com/")
    for stem in CHAPTER_STEMS:
        page = (html_dir / "notebooks" / f"{stem}.html").read_text(encoding="utf-8")
        assert f"mybinder.org/v2/gh/{repo}/" in page and f"notebooks/{stem}.ipynb" in page, stem


def test_theme_options_add_to_the_launch_buttons_instead_of_replacing_them(built_book):
    """dsr.sphinxext adds its theme options to Jupyter Book's; the page keeps the Binder button and
    has one search box (none in a header bar above the sidebar)."""
    html_dir, _ = built_book
    page = (html_dir / "notebooks" / "02-economics.html").read_text(encoding="utf-8")
    assert "mybinder.org/v2/gh/" in page
    assert (
        page.count('class="btn search-button-field') == 1
        and "navbar-persistent--container" not in page
    )
