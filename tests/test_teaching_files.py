"""Teaching files (issue 18, "Teach from it"): student and instructor notebooks, printable handouts,
the course pack, citation and versions. Unit tests run on the chapter sources; tests marked
``build`` check what the book build wrote into ``_build/html/teaching`` (and run the notebooks)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
import unicodedata
import zipfile
from pathlib import Path

import nbformat
import pytest
import yaml
from conftest import IN_CI, ROOT, notebook_sources

from dsr import teaching
from dsr.notebooks import _pieces

CHAPTERS = [p for p in notebook_sources() if re.match(r"0\d", p.stem)]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
MM = 72 / 25.4  # PDF points per millimetre


def _norm(text: str) -> str:
    """Text without whitespace, typographic quotes, ligatures or soft hyphens, lower case: PDF and
    notebook text compared regardless of line breaks."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(
        "[\u00ad\u0002\ufffe\ufffd]", "", text
    )  # PDFium's marks for a hyphen at a line end
    text = (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )
    return re.sub(r"[\s\u00ad]+", "", text).lower()


def solution_parts(nb) -> tuple[list[str], list[str], str]:
    """(solution prose lines, solution code lines, all text outside the solutions) of a source
    notebook. Lines that also occur outside the solutions are left out: they are not solution text.
    """
    state, inside, outside = [False], [], []
    for cell in nb.cells:
        for ins, kind, obj, _ in _pieces(cell, state):
            text = obj if kind == "markdown" else obj.source
            (inside if ins else outside).append(
                (kind if kind == "markdown" else obj.cell_type, text)
            )
    rest = "\n".join(t for _, t in outside)
    prose, code = [], []
    for kind, text in inside:
        if kind == "markdown" and "{solution-" in text:
            continue
        for line in text.splitlines():
            line = line.strip()
            if len(line) >= 25 and line not in rest and not line.startswith("#"):
                (prose if kind == "markdown" else code).append(line)
    return prose, code, rest


def exercise_blocks(nb) -> list[tuple[str, str]]:
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return [
        ((teaching._LABEL.search(m.group("body")) or [None, ""])[1], m.group(0))
        for m in teaching._EXERCISE.finditer(md)
    ]


def check_student(student, source) -> None:
    text = "\n".join(c.source for c in student.cells)
    blocks = exercise_blocks(source)
    assert blocks, "chapter without exercises"
    for label, block in blocks:
        assert block in text, f"exercise {label} missing from the student edition"
    prose, code, _ = solution_parts(source)
    assert prose or code
    for line in prose + code:
        assert line not in text, f"solution text in the student edition: {line!r}"
    assert "{solution-start}" not in text and "{solution-end}" not in text
    assert not re.search(r"^## Solutions", text, re.M)
    # Each exercise is followed by an empty answer cell.
    cells = student.cells
    for label, _ in blocks:
        i = next(
            k
            for k, c in enumerate(cells)
            if c.cell_type == "markdown" and f":label: {label}" in c.source
        )
        nxt = cells[i + 1]
        assert (
            nxt.cell_type == "code"
            and nxt.source == ""
            and "answer" in nxt.metadata.get("tags", [])
        ), label
    assert cells[0].cell_type == "code" and "_dsr_check_environment" in cells[0].source
    assert all(
        not c.get("outputs") and c.get("execution_count") is None
        for c in cells
        if c.cell_type == "code"
    )
    nbformat.validate(student)


# --------------------------------------------------------------------------------------------------
# Notebook editions from the sources (no build)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_student_edition_has_every_exercise_an_answer_cell_each_and_no_solution(path):
    source = nbformat.read(path, as_version=4)
    check_student(teaching.student_edition(source, teaching.chapter_title(path)), source)
    assert nbformat.read(path, as_version=4) == source, "the chapter source must not change"


def test_student_edition_handles_solutions_left_between_exercises():
    """A chapter whose solutions were never moved after the exercises (dsr.notebooks) works too."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# T\n\n```{exercise}\n:label: a\n\nDo A.\n```\n\n"
            "```{solution-start} a\n:class: dropdown\n```\nSecret prose A.\n"
        ),
        nbformat.v4.new_code_cell("secret_code_a = 1"),
        nbformat.v4.new_markdown_cell(
            "```{solution-end}\n```\n\n```{exercise}\n:label: b\n\nDo"
            " B.\n```\n\n```{solution-start} b\n```\nSecret B.\n\n```{solution-end}\n```\n\n##"
            " Resources\n\nMore."
        ),
    ]
    for i, c in enumerate(nb.cells):
        c["id"] = f"c{i}"
    out = teaching.student_edition(nb, "T")
    text = "\n".join(c.source for c in out.cells)
    assert "Secret" not in text and "secret_code" not in text
    assert "Do A." in text and "Do B." in text and "## Resources" in text
    assert [
        c.metadata["dsr"]["answer_to"]
        for c in out.cells
        if c.metadata.get("dsr", {}).get("answer_to")
    ] == ["a", "b"]


def _run_check(cwd: Path, env_extra: dict, *python_flags: str):
    src = teaching.check_cell_source("student", "T")
    env = {"PATH": "/usr/bin:/bin", **env_extra}
    return subprocess.run(
        [sys.executable, *python_flags, "-c", src],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_environment_check_says_what_to_do_without_dsr(tmp_path):
    proc = _run_check(tmp_path, {}, "-S")  # no site-packages: no dsr, no pandas
    assert proc.returncode != 0 and "Cannot import the book's helper package `dsr`" in proc.stderr
    assert "requirements.txt" in proc.stderr


def test_environment_check_finds_dsr_beside_notebooks_and_reports_missing_data(tmp_path):
    shutil.copytree(ROOT / "dsr", tmp_path / "dsr", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "notebooks").mkdir()
    proc = _run_check(tmp_path / "notebooks", {"PYTHONPATH": str(tmp_path)})
    assert (
        proc.returncode != 0 and "The book's data are not where `dsr` expects them" in proc.stderr
    )
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data" / "claims.csv").unlink()
    proc = _run_check(tmp_path / "notebooks", {"PYTHONPATH": str(tmp_path)})
    assert (
        proc.returncode != 0 and "Data files missing" in proc.stderr and "claims.csv" in proc.stderr
    )
    shutil.copyfile(ROOT / "data" / "claims.csv", tmp_path / "data" / "claims.csv")
    proc = _run_check(tmp_path / "notebooks", {"PYTHONPATH": str(tmp_path)})
    assert proc.returncode == 0 and f"from {tmp_path / 'dsr'}" in proc.stdout, proc.stderr


def test_student_requirements_are_pinned_as_the_project_pins_them():
    project = {
        re.split(r"==", ln)[0].strip().lower(): ln.split("#")[0].strip()
        for ln in (ROOT / "requirements.txt").read_text().splitlines()
        if "==" in ln
    }
    student = [
        ln for ln in teaching.student_requirements().splitlines() if ln and not ln.startswith("#")
    ]
    assert "-e ." in student
    pins = [ln for ln in student if "==" in ln]
    assert len(pins) >= 10 and all(project[ln.split("==")[0].lower()] == ln for ln in pins)
    for name in ("pandas", "plotly", "myst-nb", "frictionless", "ipykernel"):
        assert any(ln.lower().startswith(name + "==") for ln in pins), name


# --------------------------------------------------------------------------------------------------
# Citation, versions, documentation


def test_citation_cff_is_valid_and_matches_the_version():
    import jsonschema

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    cff = json.loads(json.dumps(cff, default=str))
    schema = json.loads((Path(__file__).parent / "cff-schema-1.2.0.json").read_text())
    jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    ).validate(cff)
    assert cff["cff-version"] == "1.2.0" and cff["version"] == VERSION
    assert cff["authors"] == [{"name": "The Digital Silk Road book authors"}]
    assert cff["preferred-citation"]["edition"] == VERSION


def test_intro_says_how_to_cite_with_bibtex_and_plain_text():
    text = (ROOT / "book" / "intro.md").read_text(encoding="utf-8")
    cite = text.split("## How to cite", 1)[1]
    assert "```bibtex\n@book{" in cite and f"Version {VERSION}" in cite
    assert "The Digital Silk Road book authors. (" in cite and f"(Version {VERSION})" in cite
    assert "contributors" in cite.lower()
    assert (
        "## Preface" in text and "```{tableofcontents}" in text
    )  # the rest of the preface is kept


def test_contributors_file_names_the_group_author_and_says_how_to_be_added():
    """Contributors are credited in CONTRIBUTORS.md, which the preface, CITATION.cff and
    CONTRIBUTING.md
    point to; it names the group author and says how to be added (a pull request adding oneself)."""
    text = (ROOT / "CONTRIBUTORS.md").read_text(encoding="utf-8")
    assert "The Digital Silk Road book authors" in text
    how = text.split("## How to be added", 1)[1]
    assert "pull request" in how and "CONTRIBUTING.md" in how
    for area in ("Text", "Evidence", "Data", "Figures and code", "Build and teaching"):
        assert f"**{area}**" in text, area
    cite = (ROOT / "book" / "intro.md").read_text(encoding="utf-8").split("## How to cite", 1)[1]
    assert "CONTRIBUTORS.md" in cite and "pull request" in cite
    assert "CONTRIBUTORS.md" in (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert "CONTRIBUTORS.md" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_changelog_covers_this_release():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    section = text.split(f"## {VERSION}", 1)[1].split("\n## ", 1)[0]
    for topic in ("Evidence review", "Fresh-laptop setup", "Figures", "Teaching files"):
        assert f"### {topic}" in section, topic


def test_how_to_use_documents_an_nbgitpuller_link():
    text = (ROOT / "book" / "how-to-use.md").read_text(encoding="utf-8")
    assert "/hub/user-redirect/git-pull?repo=" in text and "launch_buttons.jupyterhub_url" in text
    assert "**A university JupyterHub**" in text  # the setup steps are kept


def test_the_extension_is_registered_after_the_figure_extension():
    ext = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["extra_extensions"]
    assert ext.index("dsr.teaching") > ext.index("dsr.sphinxext")
    reqs = (ROOT / "requirements.txt").read_text()
    for pin in ("pypdf==", "pypdfium2==", "jsonschema=="):
        assert re.search(rf"^{re.escape(pin)}", reqs, re.M), pin


# --------------------------------------------------------------------------------------------------
# What the build wrote


@pytest.fixture(scope="session")
def teaching_dir(built_book):
    html_dir, _ = built_book
    return html_dir / teaching.OUT


@pytest.mark.build
def test_every_chapter_has_its_teaching_files(built_book):
    html_dir, log = built_book
    for path in CHAPTERS:
        for _key, rel in teaching.files_for(path.stem).items():
            assert (html_dir / rel).is_file(), rel
    assert (html_dir / teaching.guide_pdf("a4")).is_file() and (
        html_dir / teaching.course_pack()
    ).is_file()
    for doc in teaching.COURSE_PAGES:
        for paper in teaching.PAPERS:
            assert (html_dir / teaching.page_pdf(doc, paper)).is_file(), teaching.page_pdf(
                doc, paper
            )
    assert "[dsr] teaching files:" in log


@pytest.mark.build
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_built_editions(built_book, path):
    html_dir, _ = built_book
    source = nbformat.read(path, as_version=4)
    files = teaching.files_for(path.stem)
    check_student(nbformat.read(html_dir / files["student"], as_version=4), source)
    instructor = nbformat.read(html_dir / files["instructor"], as_version=4)
    text = "\n".join(c.source for c in instructor.cells)
    prose, code, _ = solution_parts(source)
    assert all(line in text for line in prose + code), "instructor edition lacks solutions"
    assert sum(len(c.get("outputs", [])) for c in instructor.cells if c.cell_type == "code") > 0


@pytest.mark.build
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_page_links_its_teaching_files(built_book, path):
    html_dir, _ = built_book
    page = (html_dir / "notebooks" / f"{path.stem}.html").read_text(encoding="utf-8")
    menu = page.split("dropdown-download-buttons", 1)[1].split("</ul>", 1)[0]
    for key, rel in teaching.files_for(path.stem).items():
        href = teaching._relative(f"notebooks/{path.stem}", rel)
        if key in ("student", "instructor", "student-a4", "instructor-a4"):
            assert f'href="{href}"' in menu, key
        assert f'href="{href}"' in page, key
    assert "window.print()" not in menu  # the PDF entry is the handout, not the browser's print


@pytest.mark.build
def test_seminar_guide_links_its_handout_and_lists_the_teaching_files(built_book):
    html_dir, _ = built_book
    page = (html_dir / "book" / "seminar-guide.html").read_text(encoding="utf-8")
    assert f'href="{teaching._relative(teaching.GUIDE, teaching.guide_pdf("a4"))}"' in page
    if "{dsr-teaching-files}" not in (ROOT / "book" / "seminar-guide.md").read_text(
        encoding="utf-8"
    ):
        pytest.skip("the seminar guide does not use {dsr-teaching-files} yet")
    for path in CHAPTERS:
        for rel in teaching.files_for(path.stem).values():
            assert f'href="{teaching._relative(teaching.GUIDE, rel)}"' in page, rel
    assert f'href="{teaching._relative(teaching.GUIDE, teaching.course_pack())}"' in page
    for doc in teaching.COURSE_PAGES:
        for paper in teaching.PAPERS:
            assert (
                f'href="{teaching._relative(teaching.GUIDE, teaching.page_pdf(doc, paper))}"'
                in page
            ), (doc, paper)


@pytest.mark.build
@pytest.mark.parametrize("doc", list(teaching.COURSE_PAGES))
def test_course_pages_offer_their_printed_pdfs(built_book, doc):
    """The handouts and the assessment package link their own PDFs (A4 and US Letter) in the
    download menu, instead of the browser's print, and at the top of the page."""
    html_dir, _ = built_book
    page = (html_dir / f"{doc}.html").read_text(encoding="utf-8")
    menu = page.split("dropdown-download-buttons", 1)[1].split("</ul>", 1)[0]
    body = page.split('class="dsr-teaching-files dsr-print-links', 1)[1].split("</p>", 1)[0]
    for paper in teaching.PAPERS:
        href = f'href="{teaching._relative(doc, teaching.page_pdf(doc, paper))}"'
        assert href in menu and href in body, (doc, paper)
    assert "window.print()" not in menu


def test_teaching_files_directive_links_everything():
    docnames = [f"notebooks/{p.stem}" for p in CHAPTERS] + list(teaching.COURSE_PAGES)
    out = teaching.teaching_files_html(teaching.GUIDE, ROOT, docnames)
    for p in CHAPTERS:
        for rel in teaching.files_for(p.stem).values():
            assert f'href="../{rel}"' in out
    assert f'href="../{teaching.course_pack()}"' in out and 'href="../teaching/CHANGELOG.md"' in out
    for doc in teaching.COURSE_PAGES:
        for paper in teaching.PAPERS:
            assert f'href="../{teaching.page_pdf(doc, paper)}"' in out, (doc, paper)
    # A course page that is not in the book is not linked.
    out = teaching.teaching_files_html(teaching.GUIDE, ROOT, docnames[:-1])
    assert teaching.page_pdf(docnames[-1], "a4") not in out
    # On a course page, the directive's :this-page: form links that page's own PDFs.
    for doc in teaching.COURSE_PAGES:
        links = teaching.print_links_html(doc)
        assert all(
            f'href="{teaching._relative(doc, teaching.page_pdf(doc, paper))}"' in links
            for paper in teaching.PAPERS
        )


def book_pages(html_dir: Path) -> list[Path]:
    """The book's own pages: the documents of the table of contents (_toc.yml) and the pages the
    teaching build generates (the slide decks), not whatever else lies under _build/html (a stale
    copy of a virtual environment, say)."""

    def files(node) -> list[str]:
        if isinstance(node, dict):
            return ([node["file"]] if "file" in node else []) + [
                f for v in node.values() for f in files(v)
            ]
        if isinstance(node, list):
            return [f for v in node for f in files(v)]
        return []

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docs = [toc["root"]] + files({k: v for k, v in toc.items() if k != "root"})
    docs = [re.sub(r"\.(md|ipynb|rst)$", "", d) for d in dict.fromkeys(docs)]
    return [html_dir / f"{d}.html" for d in docs] + sorted(
        (html_dir / "teaching" / "slides").glob("session-*.html")
    )


@pytest.mark.build
def test_every_page_shows_version_and_build_date(built_book):
    html_dir, _ = built_book
    pages = book_pages(html_dir)
    assert len(pages) > 30 and any("slides" in p.parts for p in pages)
    for p in pages:
        assert p.is_file(), f"{p.relative_to(html_dir)}: not built"
        text = p.read_text(encoding="utf-8")
        assert re.search(rf"version {re.escape(VERSION)}, built \d{{4}}-\d\d-\d\d", text), (
            p.relative_to(html_dir)
        )
    assert (html_dir / "teaching" / "CHANGELOG.md").is_file() and (
        html_dir / "teaching" / "CITATION.cff"
    ).is_file()


# --------------------------------------------------------------------------------------------------
# Notebooks run top to bottom (nbclient, a kernel from this environment)


def _execute(nb, cwd: Path):
    from nbclient import NotebookClient

    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    ).execute()
    return nb


@pytest.mark.build
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_instructor_edition_runs(built_book, path):
    html_dir, _ = built_book
    nb = nbformat.read(html_dir / teaching.files_for(path.stem)["instructor"], as_version=4)
    _execute(nb, ROOT / "notebooks")


@pytest.fixture(scope="session")
def course_pack(built_book, tmp_path_factory):
    html_dir, _ = built_book
    folder = tmp_path_factory.mktemp("pack")
    assert not any(folder.iterdir())
    with zipfile.ZipFile(html_dir / teaching.course_pack()) as zf:
        zf.extractall(folder)
    (pack,) = list(folder.iterdir())
    return pack


@pytest.mark.build
def test_course_pack_holds_what_students_need(course_pack, built_book):
    html_dir, _ = built_book
    for rel in (
        "README.md",
        "requirements.txt",
        "pyproject.toml",
        "CITATION.cff",
        "CHANGELOG.md",
        "data/datapackage.json",
        "dsr/__init__.py",
        "dsr/data.py",
        "data/geo/world_110m.json",
    ):
        assert (course_pack / rel).is_file(), rel
    package = json.loads((course_pack / "data" / "datapackage.json").read_text())
    assert all((course_pack / "data" / r["path"]).is_file() for r in package["resources"])
    for p in CHAPTERS:
        packed = (course_pack / "notebooks" / f"{p.stem}.ipynb").read_bytes()
        assert packed == (html_dir / teaching.files_for(p.stem)["student"]).read_bytes()
    assert not list(course_pack.rglob("__pycache__"))


@pytest.mark.build
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_student_notebooks_run_from_the_unpacked_course_pack(course_pack, path, monkeypatch):
    """The student edition, answer cells empty, runs with the pack's own dsr and data (not the
    repository's editable install): PYTHONPATH is the pack, the kernel starts in its notebooks
    folder."""
    monkeypatch.setenv("PYTHONPATH", str(course_pack))
    monkeypatch.delenv("DSR_BOOK_BUILD", raising=False)
    nb = nbformat.read(course_pack / "notebooks" / f"{path.stem}.ipynb", as_version=4)
    assert all(c.source == "" for c in nb.cells if "answer" in c.metadata.get("tags", []))
    nb.cells.append(
        nbformat.v4.new_code_cell("import dsr, dsr.paths\nprint(dsr.__file__, dsr.paths.DATA)")
    )
    _execute(nb, course_pack / "notebooks")
    first = "".join(o.get("text", "") for o in nb.cells[0].outputs)
    assert first.startswith("Environment OK") and str(course_pack / "dsr") in first
    last = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    assert last.split()[0].startswith(str(course_pack / "dsr")) and last.split()[1] == str(
        course_pack / "data"
    )


# --------------------------------------------------------------------------------------------------
# Handouts (PDF)


def _pdfs(html_dir: Path) -> list[tuple[Path, str, Path | None, str]]:
    """(pdf, edition, chapter source or None, docname of the page printed) for every handout: the
    chapters' (both editions), the seminar guide's and the course pages' (handouts, assessment)."""
    out = []
    for p in CHAPTERS:
        for key, rel in teaching.files_for(p.stem).items():
            if rel.endswith(".pdf"):
                out.append((html_dir / rel, key.split("-")[0], p, f"notebooks/{p.stem}"))
    out += [
        (html_dir / teaching.guide_pdf(paper), "guide", None, teaching.GUIDE)
        for paper in teaching.PAPERS
    ]
    out += [
        (html_dir / teaching.page_pdf(doc, paper), "guide", None, doc)
        for doc in teaching.COURSE_PAGES
        for paper in teaching.PAPERS
    ]
    return out


def pdf_text(pdf: Path, body_only: bool = False) -> str:
    """All text of a PDF, or only the text block's (no header or footer). PDFium: fast; pypdf takes
    minutes for the 30 handouts."""
    import pypdfium2 as pdfium

    top, bottom = (float(teaching.MARGIN[k].removesuffix("mm")) * MM for k in ("top", "bottom"))
    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for page in doc:
            w, h = page.get_size()
            text = page.get_textpage()
            out.append(
                text.get_text_bounded(0, bottom, w, h - top) if body_only else text.get_text_range()
            )
        return "\n".join(out)
    finally:
        doc.close()


@pytest.fixture(scope="session")
def handouts(built_book):
    html_dir, log = built_book
    if "handouts (PDF) skipped" in log:
        msg = "headless Chromium not found: the build skipped the handouts (PDF)"
        if IN_CI:
            pytest.fail(msg + " (CI=true)")
        pytest.skip(msg)
    return _pdfs(html_dir)


def text_outside(pdf: Path, paper: str) -> list[str]:
    """Text boxes of ``pdf`` beyond the printable area: left or right of the text block (the page
    margins of the handouts, 1 pt tolerance) or within 4 mm of the top or bottom edge. Uses PDFium
    (the engine Chromium uses; pdfplumber gives the same boxes but takes a minute for the 30
    handouts). Chromium clips what overflows the text block, usually without a glyph beyond it: cut
    lines are found by their missing ends (test_no_code_or_table_is_cut_at_the_margin)."""
    import pypdfium2 as pdfium

    margin = {k: float(v.removesuffix("mm")) * MM for k, v in teaching.MARGIN.items()}
    width, height = {"a4": (210 * MM, 297 * MM), "letter": (8.5 * 72, 11 * 72)}[paper]
    out = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for n, page in enumerate(doc, 1):
            w, h = page.get_size()
            assert abs(w - width) < 2 and abs(h - height) < 2, (pdf.name, n, w, h)
            text = page.get_textpage()
            for i in range(text.count_rects()):
                left, bottom, right, top = text.get_rect(i)
                if (
                    left < margin["left"] - 1
                    or right > w - margin["right"] + 1
                    or bottom < 4 * MM
                    or top > h - 4 * MM
                ):
                    out.append(f"page {n}: {text.get_text_bounded(left, bottom, right, top)!r}")
    finally:
        doc.close()
    return out


@pytest.mark.build
def test_every_handout_opens_and_keeps_its_text_inside_the_printable_area(handouts):
    from pypdf import PdfReader

    for pdf, _edition, _, _ in handouts:
        assert pdf.is_file(), pdf
        reader = PdfReader(pdf)
        assert len(reader.pages) > 0, pdf
        first = reader.pages[0].extract_text()
        assert (
            "The Digital Silk Road" in first
            and f"version {VERSION}" in first
            and "Page 1 of" in first
        ), pdf
        outside = text_outside(pdf, "letter" if "letter" in pdf.name else "a4")
        assert not outside, f"{pdf.name}: text beyond the printable area: {outside[:5]}"


@pytest.mark.browser
def test_the_handout_checks_catch_code_cut_at_the_margin(chromium_path, tmp_path):
    """The checks are not vacuous: a long code line running past the margin, or clipped by its box,
    loses its end in the PDF; the print stylesheet's wrapped line keeps it, inside the margins."""
    from playwright.sync_api import sync_playwright

    from dsr.snapshots import FLAGS

    css = (ROOT / "dsr" / teaching.PRINT_CSS).read_text()
    body = (
        "<p>Text.</p><div class='highlight'><pre>"
        + "long_identifier = 1; " * 30
        + "END</pre></div>"
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=FLAGS)
        page = browser.new_page()
        for name, style in (
            ("overflowing", "pre { white-space: pre; overflow: visible; }"),
            ("clipped", "pre { white-space: pre; overflow: hidden; }"),
            ("wrapped", css),
        ):
            page.set_content(
                "<!doctype"
                f" html><html><head><style>{style}</style></head><body>{body}</body></html>"
            )
            page.pdf(path=str(tmp_path / f"{name}.pdf"), format="A4", margin=teaching.MARGIN)
        browser.close()
    assert "END" not in pdf_text(tmp_path / "clipped.pdf") and "END" not in pdf_text(
        tmp_path / "overflowing.pdf"
    )
    assert not text_outside(tmp_path / "wrapped.pdf", "a4") and "END" in pdf_text(
        tmp_path / "wrapped.pdf"
    )


#: What a page gives a wide table on screen: the scroll boxes (the theme's box around MyST tables,
#: the labelled region dsr.a11y adds, the book's own boxes), a table wider than any paper, unwrapped
#: cells.
SCREEN_TABLES = """.pst-scrollable-table-container, .dsr-table-scroll { overflow-x: auto; max-width: 100%; }
.dsr-table-panel { max-height: 24rem; overflow: auto; }
table { min-width: 1100px; } th, td.nowrap { white-space: nowrap; }"""  # noqa: E501 (embedded HTML, CSS or JavaScript)


def _wide_table(name: str, rows: int, cols: int = 7) -> str:
    """A table wider than any paper: plain cells, then code and a link that do not wrap on screen,
    then a last cell ending in a marker (``<name>last<row>end``) that the PDF must hold."""
    head = "".join(f"<th>Column heading number {c}</th>" for c in range(cols))
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>row {r} cell {c}, a sentence of ordinary words that wraps when allowed</td>"
            for c in range(cols - 2)
        )
        + f"<td class='nowrap'><code>an_identifier_without_breaks_{r}</code> <a"
        f" href='#'>example.org/a/long/path/{r}</a></td>"
        + f"<td class='nowrap'>{name}LAST{r}END</td></tr>"
        for r in range(rows)
    )
    return f"<table class='table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


@pytest.mark.browser
@pytest.mark.parametrize("paper", list(teaching.PAPERS))
def test_the_print_stylesheet_fits_wide_tables_in_their_scroll_boxes(
    chromium_path, tmp_path, paper
):
    """A table wider than the paper, inside each kind of scroll box (with a fixed width, too),
    prints whole with the print stylesheet: the last cell of every row is in the PDF and nothing is
    beyond the printable area. Without it the boxes clip the table (so the check is not vacuous)."""
    from playwright.sync_api import sync_playwright

    from dsr.snapshots import FLAGS

    css = (ROOT / "dsr" / teaching.PRINT_CSS).read_text()
    tables = {"theme": 12, "region": 12, "panel": 30}
    body = (
        "<p>Text.</p><div class='pst-scrollable-table-container' role='region'"
        f" aria-label='A'>{_wide_table('theme', tables['theme'])}</div><div"
        " class='pst-scrollable-table-container dsr-table-scroll' tabindex='0' role='region'"
        f" aria-label='B' style='width: 900px'>{_wide_table('region', tables['region'])}</div><div"
        " class='dsr-table-panel' role='region'"
        f" aria-label='C'>{_wide_table('panel', tables['panel'])}</div>"
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=FLAGS)
        page = browser.new_page(viewport={"width": 800, "height": 1100})
        for name, style in (("screen", SCREEN_TABLES), ("print", SCREEN_TABLES + css)):
            page.set_content(
                "<!doctype html><html"
                f" lang='en'><head><style>{style}</style></head><body>{body}</body></html>"
            )
            page.pdf(
                path=str(tmp_path / f"{name}.pdf"),
                format=teaching.PAPERS[paper],
                margin=teaching.MARGIN,
            )
        browser.close()
    markers = [f"{name}last{r}end" for name, rows in tables.items() for r in range(rows)]
    screen, printed = (_norm(pdf_text(tmp_path / f"{name}.pdf")) for name in ("screen", "print"))
    assert not any(m in screen for m in markers), (
        "the scroll boxes do not clip on screen: the check is vacuous"
    )
    missing = [m for m in markers if m not in printed]
    assert not missing, f"cut at the margin in print: {missing[:5]}"
    assert all(f"example.org/a/long/path/{r}" in printed for r in range(12))
    outside = text_outside(tmp_path / "print.pdf", paper)
    assert not outside, f"text beyond the printable area: {outside[:5]}"


#: Cell inputs a handout does not print (the print stylesheet hides them): folded (hide-input: the
#: chart plumbing) or removed (remove-input, which the page does not hold anyway).
FOLDED_INPUTS = ".cell.tag_hide-input .cell_input, .cell.tag_remove-input .cell_input"


def _article(html_page: Path, edition: str):
    from bs4 import BeautifulSoup

    article = BeautifulSoup(html_page.read_text(encoding="utf-8"), "html.parser").select_one(
        "article.bd-article"
    )
    hidden = ".dsr-teaching-box, form.dsr-ledger-filters, .d-print-none"
    if edition == "student":
        hidden += ", .solution, section#solutions"
    for node in article.select(hidden):
        node.decompose()
    return article


def printed_lines(html_page: Path, edition: str) -> list[str]:
    """Every line of code or output and every table cell of a built page, as the handout of
    ``edition`` prints them (the student edition without the solutions, no folded cell input)."""
    article = _article(html_page, edition)
    for node in article.select(FOLDED_INPUTS):
        node.decompose()
    return [line for pre in article.select("pre") for line in pre.get_text().splitlines()] + [
        cell.get_text() for cell in article.select("td, th")
    ]


def folded_lines(html_page: Path, edition: str) -> list[str]:
    """Distinctive code lines of the folded cell inputs: at least 25 characters, and printed nowhere
    else on the page."""
    article = _article(html_page, edition)
    folded = [
        line.strip()
        for node in article.select(FOLDED_INPUTS)
        for pre in node.select("pre")
        for line in pre.get_text().splitlines()
    ]
    for node in article.select(FOLDED_INPUTS):
        node.decompose()
    rest = _norm(article.get_text())
    return [line for line in dict.fromkeys(folded) if len(line) >= 25 and _norm(line) not in rest]


def _broken_across_lines(end: str, pdf_lines: list[str]) -> bool:
    """Whether ``end`` (the normalised end of a printed line) is in the PDF as two pieces of at
    least 3 characters, the first ending a line of the PDF and the second starting one: a line
    wrapped inside its last word where a page breaks (Chromium prints the rest of the block further
    on)."""
    return any(
        any(ln.endswith(end[:k]) for ln in pdf_lines)
        and any(ln.startswith(end[k:]) for ln in pdf_lines)
        for k in range(3, len(end) - 2)
    )


@pytest.mark.build
def test_no_code_or_table_is_cut_at_the_margin(built_book, handouts):
    """The end of every printed code line and table cell is in the handout (chapters, the guide, the
    handouts and the assessment package, whose wide tables sit in scroll boxes). Text clipped by a
    scrolling box leaves no glyph beyond the margin, so the position check above cannot see it; its
    missing end can. Chromium writes a code block that continues on the next page after the figures
    of that page, so a line broken by the page break passes on its last word, or, when the break
    falls inside that word, on its two pieces: one ending a line of the PDF, the other starting one.
    Folded cell inputs do not print."""
    html_dir, _ = built_book
    checked = 0
    for pdf, edition, _, docname in handouts:
        page = html_dir / f"{docname}.html"
        raw = pdf_text(pdf, body_only=True)
        text = _norm(raw).replace("-", "")
        pdf_lines = [_norm(ln).replace("-", "") for ln in raw.splitlines()]
        missing = []
        for line in printed_lines(page, edition):
            tail = _norm(line).replace("-", "")[-15:]
            words = [_norm(w) for w in re.split(r"[\s\-]+", line) if len(_norm(w)) >= 3]
            last = words[-1] if words else ""
            checked += bool(tail)
            if (
                tail
                and tail not in text
                and not (len(last) >= 3 and last in text)
                and not _broken_across_lines(_norm(line).replace("-", "")[-30:], pdf_lines)
            ):
                missing.append(line.strip()[-60:])
        assert not missing, f"{pdf.name}: cut or missing: {missing[:5]}"
    assert checked > 1000


@pytest.mark.build
def test_handouts_do_not_print_folded_cell_inputs(built_book, handouts):
    """Both editions leave out the folded chart code (cells tagged hide-input), on either paper."""
    html_dir, _ = built_book
    seen = 0
    for pdf, edition, source_path, _ in handouts:
        if source_path is None:
            continue
        lines = folded_lines(html_dir / f"notebooks/{source_path.stem}.html", edition)
        seen += len(lines)
        text = _norm(pdf_text(pdf, body_only=True))
        printed = [line for line in lines if _norm(line) in text]
        assert not printed, f"{pdf.name}: folded cell input printed: {printed[:3]}"
    assert seen, "no chapter has a folded (hide-input) cell input: the check is vacuous"


@pytest.mark.build
def test_student_handouts_hold_no_solution_and_instructor_handouts_do(handouts):
    for pdf, edition, source_path, _ in handouts:
        if source_path is None:
            continue
        text = _norm(pdf_text(pdf))
        source = nbformat.read(source_path, as_version=4)
        prose, code, _ = solution_parts(source)
        # Prose as the page renders it: markdown markup removed.
        lines = [re.sub(r"[*`]|\{[a-z:]+\}", "", ln) for ln in prose] + code
        lines = [
            ln
            for ln in lines
            if "{glue" not in ln and "{cite" not in ln and "{doc" not in ln and "](" not in ln
        ]
        found = [ln for ln in lines if _norm(ln) in text]
        for label, block in exercise_blocks(source):
            body = block.split("\n\n", 1)[-1].strip("`\n").splitlines()[0]
            body = re.sub(r"[*`]|\{[a-z:]+\}`?", "", body)
            assert _norm(body)[:40] in text, f"{pdf.name}: exercise {label} missing"
        if edition == "student":
            assert not found, f"{pdf.name}: solution text {found[:3]}"
        else:
            assert len(found) >= max(1, len(lines) // 2), (
                f"{pdf.name}: solutions missing ({len(found)}/{len(lines)})"
            )
