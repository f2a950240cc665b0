"""Sphinx extension: the book's teaching files, generated at build time from the chapter sources.

When the HTML build has finished (after the figure snapshots), writes into
``_build/html/teaching/``:

* ``student/<chapter>.ipynb``: the chapter with outputs cleared and the solutions removed (the
  ``## Solutions`` heading, every ``solution-start`` .. ``solution-end`` block and the code cells
  between them), an empty answer cell after each exercise, and a first cell that checks the
  environment (``dsr`` importable, the data present) with a message saying what to do if not;
* ``instructor/<chapter>.ipynb``: the notebook as the book build executed it (myst-nb's copy in
  ``_build/jupyter_execute``), solutions and outputs included, figures shown as their snapshots;
* ``pdf/<chapter>-student-a4.pdf`` and ``-instructor-`` (and ``-letter``), ``seminar-guide-*.pdf``,
  ``handouts-*.pdf`` and ``assessment-*.pdf`` (the course pages, :data:`COURSE_PAGES`): printable
  handouts made by headless Chromium's print-to-PDF from the built pages with the print stylesheet
  ``dsr-print.css`` (solutions hidden in the student edition by the ``dsr-student`` class; wide
  tables and their scroll boxes fitted to the text block), a header naming the chapter and edition,
  and a footer with the book's title, version, build date, URL and page numbers. PDFs are cached in
  ``_build/.dsr-teaching`` by a hash of the page HTML, the stylesheet, this module and the paper
  size, so a rebuild prints only pages that changed. Without Chromium the build skips them and says
  so in its log;
* ``dsr-course-pack-<version>.zip``: the student notebooks, ``data/`` with ``datapackage.json``, the
  ``dsr`` package, a student ``requirements.txt``, ``pyproject.toml``, a README, the changelog and
  CITATION.cff: everything a student needs to run the chapters offline.

Chapter pages get the files in their download menu (the theme's ``.pdf`` entry, which would print
the web page, becomes the student handout) and in a small "Teaching files" box at the end. The
directive ``{dsr-teaching-files}`` lists every file (for the seminar guide); with ``:this-page:`` it
links only the printed PDFs of the page it is on (the guide, the handouts, the assessment package),
which also get them in their download menu. Every page's footer carries the book's version
(``pyproject.toml``) and build date (``SOURCE_DATE_EPOCH`` if set, else today, UTC).

Enable it in ``_config.yml`` under ``sphinx.extra_extensions``, after ``dsr.sphinxext``.
"""

from __future__ import annotations

import copy
import datetime as _dt
import hashlib
import html
import os
import posixpath
import re
import shutil
import time
import zipfile
from functools import lru_cache
from pathlib import Path

import nbformat
from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.util import logging

from . import paths
from .firstpaint import LOAD_STYLESHEETS_JS
from .notebooks import HEADING_ID, _pieces

logger = logging.getLogger(__name__)

OUT = "teaching"  # folder in the HTML output
CACHE = ".dsr-teaching"  # folder beside the HTML output (in _build)
PRINT_CSS = "dsr-print.css"
PAPERS = {"a4": "A4", "letter": "Letter"}
#: Page margins of the handouts (also in dsr-print.css for readers who print a page themselves).
MARGIN = {"top": "18mm", "bottom": "20mm", "left": "18mm", "right": "18mm"}
GUIDE = "book/seminar-guide"
#: Course pages printed like the guide (name in the PDF file and the download menu).
COURSE_PAGES = {"book/handouts": "handouts", "book/assessment": "assessment"}
AUTHORS = "The Digital Silk Road book authors"
#: Packages a student needs to run the chapters (names as in requirements.txt; pins are taken from
#: it).
STUDENT_PACKAGES = [
    "pandas",
    "numpy",
    "plotly",
    "frictionless",
    "pycountry",
    "country_converter",
    "ipykernel",
    "ipywidgets",
    "nbformat",
    "myst-nb",
    "pyyaml",
    "jupyterlab",
    "notebook",
    "jupyterlab-myst",
]

_EXERCISE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{exercise\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S
)
_LABEL = re.compile(r"^:label:\s*(\S+)", re.M)
_SOLUTIONS_SECTION = re.compile(r"^## Solutions[ \t]*\n.*?(?=^#{1,2} |\Z)", re.M | re.S)


# --------------------------------------------------------------------------------------------------
# Book facts: version, date, URL, chapters


@lru_cache(maxsize=1)
def version() -> str:
    import tomllib

    return tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


def build_date() -> str:
    """ISO date of the build: ``SOURCE_DATE_EPOCH`` if set (reproducible builds), else today
    (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = _dt.datetime.fromtimestamp(int(epoch), _dt.UTC) if epoch else _dt.datetime.now(_dt.UTC)
    return when.date().isoformat()


def book_url(config) -> str:
    """Where the book lives: ``html.baseurl`` if set, else the repository."""
    return (
        (getattr(config, "html_baseurl", "") or "").strip()
        or (getattr(config, "html_theme_options", {}) or {}).get("repository_url", "")
        or "https://github.com/dsr-book/digital-silk-road"
    )


def chapter_docnames(srcdir: Path, docnames) -> list[str]:
    """The chapter notebooks (``notebooks/0*.ipynb``) that are part of the book, in order."""
    return sorted(
        d
        for d in docnames
        if re.fullmatch(r"notebooks/0[^/]*", d) and (Path(srcdir) / f"{d}.ipynb").is_file()
    )


def chapter_title(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        m = re.search(r"^# (.+)$", cell.source, re.M) if cell.cell_type == "markdown" else None
        if m:
            return m.group(1).strip()
    return path.stem


def files_for(stem: str) -> dict[str, str]:
    """Paths (relative to the HTML root) of one chapter's teaching files."""
    out = {"student": f"{OUT}/student/{stem}.ipynb", "instructor": f"{OUT}/instructor/{stem}.ipynb"}
    for edition in ("student", "instructor"):
        for paper in PAPERS:
            out[f"{edition}-{paper}"] = f"{OUT}/pdf/{stem}-{edition}-{paper}.pdf"
    return out


def guide_pdf(paper: str = "a4") -> str:
    return f"{OUT}/pdf/seminar-guide-{paper}.pdf"


def page_pdf(docname: str, paper: str = "a4") -> str:
    """The printed handout of a course page (the handouts, the assessment package)."""
    return f"{OUT}/pdf/{COURSE_PAGES[docname]}-{paper}.pdf"


def course_pack() -> str:
    return f"{OUT}/dsr-course-pack-{version()}.zip"


# --------------------------------------------------------------------------------------------------
# Notebook editions


def check_cell_source(edition: str, title: str) -> str:
    """The first cell of every edition: finds ``dsr`` (also beside ``notebooks/`` in the course
    pack) and the data, and says what to do when either is missing."""
    return f"""# {edition.capitalize()} edition of "{title}": The Digital Silk Road {version()} (built {build_date()}).
# Run this cell first: it checks that the book's helper package `dsr` and its data are available.
{"# Write your answers in the empty code cell under each exercise." if edition == "student" else "# Solutions are included; outputs are those of the book build (rerun to make the figures interactive)."}
def _dsr_check_environment():
    import importlib, importlib.util, json, sys
    from pathlib import Path

    if importlib.util.find_spec("dsr") is None:
        # The course pack keeps `dsr/` beside `notebooks/`; Jupyter starts the kernel in `notebooks/`.
        for folder in (Path.cwd(), Path.cwd().parent):
            if (folder / "dsr" / "__init__.py").is_file():
                sys.path.insert(0, str(folder))
                break
    try:
        import dsr
        from dsr import paths
    except ModuleNotFoundError as err:
        raise ModuleNotFoundError(
            f"Cannot import the book's helper package `dsr` ({{err}}). Open this notebook from the "
            "unpacked course pack or the book's repository (the folder `dsr/` sits beside `notebooks/`), "
            "or run `python -m pip install -r requirements.txt` in that folder, then restart the kernel."
        ) from None
    missing = [m for m in ("pandas", "plotly", "myst_nb") if importlib.util.find_spec(m) is None]
    if missing:
        raise ModuleNotFoundError(
            f"Missing Python packages: {{', '.join(missing)}}. Run `python -m pip install -r "
            "requirements.txt` in the course pack or repository folder, then restart the kernel.")
    if not paths.DATAPACKAGE.is_file():
        raise FileNotFoundError(
            f"The book's data are not where `dsr` expects them ({{paths.DATA}}). Keep the folder `data/` "
            "beside `dsr/` (as in the course pack or the repository).")
    resources = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))["resources"]
    absent = [r["path"] for r in resources if not (paths.DATA / r["path"]).is_file()]
    if absent:
        raise FileNotFoundError(f"Data files missing from {{paths.DATA}}: {{', '.join(absent)}}. "
                                "Unpack the course pack again, or `git checkout data/` in the repository.")
    print(f"Environment OK: dsr {{dsr.__version__}} from {{Path(dsr.__file__).parent}}; "
          f"{{len(resources)}} datasets in {{paths.DATA}}.")

_dsr_check_environment()
del _dsr_check_environment"""  # noqa: E501 (embedded HTML, CSS or JavaScript)


def _check_cell(edition: str, title: str):
    cell = nbformat.v4.new_code_cell(check_cell_source(edition, title))
    cell["id"] = "dsr-check-environment"
    cell.metadata["dsr"] = {"role": "environment-check"}
    return cell


def exercises_in(text: str) -> list[str]:
    """Labels of the ``{exercise}`` blocks in a markdown text, in order."""
    return [(_LABEL.search(m.group("body")) or [None, ""])[1] for m in _EXERCISE.finditer(text)]


def _new_id(seed: str, used: set[str], prefix: str = "md-") -> str:
    cid = prefix + hashlib.sha1(seed.encode()).hexdigest()[:10]
    while cid in used:
        cid = prefix + hashlib.sha1(cid.encode()).hexdigest()[:10]
    used.add(cid)
    return cid


def student_edition(nb, title: str):
    """The student edition of a chapter notebook (nbformat v4): a new notebook, ``nb`` is
    unchanged."""
    nb = copy.deepcopy(nb)
    cells = [c for c in nb.cells if c.get("id") != HEADING_ID]
    state = [False]
    kept = []  # (kind, text or cell, origin id), solutions left out
    for cell in cells:
        for inside, kind, obj, origin in _pieces(cell, state):
            if not inside:
                kept.append((kind, obj, origin))
    if state[0]:
        raise ValueError("a {solution-start} has no matching {solution-end}")
    used: set[str] = {"dsr-check-environment"}
    out = [_check_cell("student", title)]
    group: list[tuple[str, str]] = []

    def flush():
        if not group:
            return
        text = "\n\n".join(t for t, _ in group)
        origin = group[0][1]
        group.clear()
        pos = 0
        chunks = []
        for m in _EXERCISE.finditer(text):
            chunks.append(
                (text[pos : m.end()].strip(), (_LABEL.search(m.group("body")) or [None, ""])[1])
            )
            pos = m.end()
        chunks.append((text[pos:].strip(), None))
        for k, (chunk, label) in enumerate(chunks):
            if chunk:
                cell = nbformat.v4.new_markdown_cell(chunk)
                cell["id"] = (
                    origin if (k == 0 and origin and origin not in used) else _new_id(chunk, used)
                )
                used.add(cell["id"])
                out.append(cell)
            if label is not None:
                answer = nbformat.v4.new_code_cell("")
                answer["id"] = _new_id(f"answer-{label}", used, prefix="answer-")
                answer.metadata["tags"] = ["answer"]
                answer.metadata["dsr"] = {"answer_to": label}
                out.append(answer)

    for kind, obj, origin in kept:
        if kind == "markdown":
            # The Solutions heading and its note (whatever the cell's id), up to the next heading.
            obj = _SOLUTIONS_SECTION.sub("", obj).strip()
            if obj:
                group.append((obj, origin))
            continue
        flush()
        obj = copy.deepcopy(obj)
        if obj.cell_type == "code":
            obj.outputs, obj.execution_count = [], None
        if not obj.get("id") or obj["id"] in used:
            obj["id"] = _new_id(obj.source, used, prefix="cell-")
        used.add(obj["id"])
        out.append(obj)
    flush()
    nb.cells = out
    nb.metadata["dsr"] = {"edition": "student", "version": version(), "built": build_date()}
    nbformat.validate(nb)
    return nb


_FIG_DIV = re.compile(r'(<div id="(dsrfig-[0-9a-f]+)" class="plotly-graph-div"[^>]*>)(</div>)')


def _snapshot_images(page_html: str, page_dir: Path) -> dict[str, str]:
    """Figure id -> data URL of its static snapshot, from the built page (``img.dsr-snapshot``).
    Used for figures the executed notebook holds as HTML plot divs only; figures that carry their
    Plotly JSON draw natively in Jupyter."""
    import base64

    out = {}
    pattern = (
        r'<div id="(dsrfig-[0-9a-f]+)" class="plotly-graph-div"[^>]*>'
        r'(?:(?!</div>).)*?<img class="dsr-snapshot" src="([^"]+)"'
    )
    for fid, src in re.findall(pattern, page_html, flags=re.S):
        image = (page_dir / src.split("?")[0]).resolve()
        mime = {".png": "image/png", ".svg": "image/svg+xml", ".webp": "image/webp"}.get(
            image.suffix
        )
        if mime and image.is_file():
            out[fid] = f"data:{mime};base64," + base64.b64encode(image.read_bytes()).decode()
    return out


def instructor_edition(executed, title: str, snapshots: dict[str, str] | None = None):
    """The instructor edition: the executed notebook, with the environment check first and each
    figure's snapshot inside its plot div, so that figures show in Jupyter before the notebook is
    rerun."""
    nb = copy.deepcopy(executed)
    snapshots = snapshots or {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data and snapshots:
                text = (
                    "".join(data["text/html"])
                    if isinstance(data["text/html"], list)
                    else data["text/html"]
                )
                data["text/html"] = _FIG_DIV.sub(
                    lambda m: (
                        f'{m.group(1)}<img class="dsr-snapshot" alt="" style="max-width:100%" '
                        f'src="{snapshots[m.group(2)]}">{m.group(3)}'
                        if m.group(2) in snapshots
                        else m.group(0)
                    ),
                    text,
                )
    nb.cells = [_check_cell("instructor", title)] + [
        c for c in nb.cells if c.get("id") != "dsr-check-environment"
    ]
    nb.metadata["dsr"] = {"edition": "instructor", "version": version(), "built": build_date()}
    nbformat.validate(nb)
    return nb


# --------------------------------------------------------------------------------------------------
# Course pack


def student_requirements(requirements: Path = paths.ROOT / "requirements.txt") -> str:
    lines = [
        "# What a student needs to run the chapters: `python -m pip install -r requirements.txt`.",
        "# `-e .` installs the book's helper package `dsr` from this folder.",
    ]
    wanted = {p.lower().replace("_", "-") for p in STUDENT_PACKAGES}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        name = re.split(r"[<>=!~\s\[;#]", line.strip(), maxsplit=1)[0].lower().replace("_", "-")
        if name in wanted:
            lines.append(line.split("#")[0].strip())
    return "\n".join(lines + ["-e ."]) + "\n"


def pack_readme(chapters: list[tuple[str, str]], url: str) -> str:
    rows = "\n".join(f"- `notebooks/{stem}.ipynb`: {title}" for stem, title in chapters)
    return f"""# The Digital Silk Road: course pack (version {version()}, built {build_date()})

The student notebooks of *The Digital Silk Road*, an open, data-driven book by {AUTHORS}
({url}), with the data and the helper package they need. Nothing here fetches from the internet.

## Set up (once)

You need Python 3.11 or newer. In a terminal, in this folder:

```bash
python3 -m venv .venv
.venv/bin/python -m pip install -r requirements.txt     # Windows: .venv\\Scripts\\python -m pip ...
.venv/bin/jupyter lab --ServerApp.root_dir=. --ServerApp.default_url=/lab/tree/notebooks
```

On a JupyterHub, open a terminal, `cd` into this folder and run `python3 -m pip install --user -r
requirements.txt`, then open the notebooks.

## Work

Open a chapter in `notebooks/` and run its first cell: it checks that the helper package `dsr` and the
data in `data/` are found, and says what to do if not. Then read and run the chapter from the top.
Each exercise is followed by an empty cell for your answer. The solutions are not in this pack; your
instructor has them.

{rows}

## What is here

- `notebooks/`: one notebook per chapter (student edition: outputs cleared, solutions removed);
- `data/`: the tables behind every chart, described in `data/datapackage.json` (a Frictionless Data
  Package: source, licence and schema of each table);
- `dsr/`: the book's helper package (charts, validated data loading, explorers);
- `requirements.txt`: the Python packages, pinned; `CHANGELOG.md`; `CITATION.cff` (how to cite).

Text and tables: CC BY 4.0 unless a dataset says otherwise; code: MIT.
"""  # noqa: E501 (embedded HTML, CSS or JavaScript)


def write_course_pack(
    target: Path, student_dir: Path, chapters: list[tuple[str, str]], url: str
) -> None:
    """Zip the course pack (fixed timestamps, so the same inputs give the same bytes)."""
    root = f"dsr-course-pack-{version()}"
    stamp = (1980, 1, 1, 0, 0, 0)

    def add(zf, arcname: str, data: bytes):
        info = zipfile.ZipInfo(f"{root}/{arcname}", date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        zf.writestr(info, data)

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        add(zf, "README.md", pack_readme(chapters, url).encode())
        add(zf, "requirements.txt", student_requirements().encode())
        for name in ("pyproject.toml", "CHANGELOG.md", "CITATION.cff", "runtime.txt"):
            if (paths.ROOT / name).is_file():
                add(zf, name, (paths.ROOT / name).read_bytes())
        for stem, _ in chapters:
            add(zf, f"notebooks/{stem}.ipynb", (student_dir / f"{stem}.ipynb").read_bytes())
        for base in (paths.DATA, Path(__file__).parent):
            for p in sorted(base.rglob("*")):
                if (
                    p.is_file()
                    and "__pycache__" not in p.parts
                    and p.suffix not in {".pyc", ".tmp"}
                ):
                    add(zf, p.relative_to(paths.ROOT).as_posix(), p.read_bytes())
    tmp.replace(target)


# --------------------------------------------------------------------------------------------------
# Handouts (PDF)


def _footer(url: str) -> str:
    style = (
        "font-family: 'Helvetica Neue', Arial, sans-serif; font-size: 7.5pt; color: #444; width:"
        f" 100%; margin: 0 {MARGIN['right']} 0 {MARGIN['left']}; display: flex; justify-content:"
        " space-between;"
    )
    text = html.escape(
        f"The Digital Silk Road · version {version()} · built {build_date()} · {url}"
    )
    return (
        f'<div style="{style}"><span>{text}</span><span style="white-space: nowrap; padding-left:'
        ' 4mm">Page <span class="pageNumber"></span> of <span'
        ' class="totalPages"></span></span></div>'
    )


def _header(title: str, edition: str) -> str:
    style = (
        "font-family: 'Helvetica Neue', Arial, sans-serif; font-size: 7.5pt; color: #666; width:"
        f" 100%; margin: 0 {MARGIN['right']} 0 {MARGIN['left']}; display: flex; justify-content:"
        " space-between;"
    )
    return (
        f'<div style="{style}"><span>{html.escape(title)}</span>'
        f"<span>{html.escape(edition)}</span></div>"
    )


#: Runs in the page before printing: mark the edition, show every snapshot at once (lazy images
#: would not load for print), open collapsed solutions (not folded cell inputs: the print stylesheet
#: hides those), and wait for every image (at most 20 s: a broken image prints as its alt text).
_PREPARE = """async (edition) => {
    const root = document.documentElement;
    root.classList.remove('dsr-student', 'dsr-instructor');
    root.classList.add('dsr-handout', 'dsr-' + edition);
    document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
    document.querySelectorAll('details:not(.above-input)').forEach(d => d.open = true);
    const imgs = Array.from(document.images);
    imgs.forEach(i => { i.loading = 'eager'; });
    const loaded = Promise.all(imgs.map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
    await Promise.race([loaded, new Promise(r => setTimeout(r, 20000))]);
}"""  # noqa: E501 (embedded HTML, CSS or JavaScript)

#: Plot divs without their static snapshot (the build's <picture>/img.dsr-snapshot); they print
#: empty.
_NO_SNAPSHOT = """() => Array.from(document.querySelectorAll('.plotly-graph-div'))
                      .filter(d => !d.querySelector('img.dsr-snapshot')).map(d => d.id)"""
#: Scripts a handout does not need (icons, search, Thebe). Figures print as their snapshots, so
#: nothing that draws charts is loaded either: plotly.js under any name, and the map geometry.
_SKIP = {"fontawesome.js", "searchindex.js", "sphinx-thebe.js"}
_PLOTTING = re.compile(r"(^|[-_.])plotly[^/]*\.js$|^dsr-geo-[^/]*\.js$", re.I)


def _blocked(url: str) -> bool:
    """Whether a handout page must not load ``url``: anything not on disk, and the scripts above."""
    if not url.startswith("file:"):
        return True
    name = url.split("?")[0].split("#")[0].rsplit("/", 1)[-1]
    return name in _SKIP or bool(_PLOTTING.search(name))


async def _route(route, request) -> None:
    """Playwright route handler (called with the Route and its Request): abort or continue every
    request, so that none is left pending (a pending request would hold the page load until it times
    out)."""
    try:
        blocked = _blocked(request.url)
    except Exception:  # noqa: BLE001 - never leave a request unanswered
        blocked = True
    if blocked:
        await route.abort()
    else:
        await route.continue_()


WORKERS = 2


def _job_key(job: dict, css: bytes, code: bytes) -> str:
    h = hashlib.sha256()
    for part in (
        Path(job["html"]).read_bytes(),
        css,
        code,
        job["edition"].encode(),
        job["paper"].encode(),
        _footer(job["url"]).encode(),
        _header(job["title"], job["label"]).encode(),
    ):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()[:24]


async def _print_page(context, page_path: str, jobs: list[dict]) -> None:
    """Load one built page (offline) and print each of its jobs (editions x papers)."""
    page = await context.new_page()
    await page.route("**/*", _route)
    await page.goto(Path(page_path).resolve().as_uri(), wait_until="load", timeout=120000)
    missing = await page.evaluate(_NO_SNAPSHOT)
    if missing:
        logger.warning(
            f"[dsr] handout of {Path(page_path).name}: figure(s) without a static snapshot print "
            f"empty: {', '.join(missing)}"
        )
    # The page inlines only the rules its own markup and scripts can use (dsr.firstpaint); the
    # handout's classes (dsr-handout, dsr-student, ...) are set here, so it prints with the full
    # stylesheets.
    await page.evaluate(LOAD_STYLESHEETS_JS)
    await page.emulate_media(media="print")
    for job in sorted(jobs, key=lambda j: j["edition"]):
        await page.evaluate(_PREPARE, job["edition"])
        await page.pdf(
            path=str(job["key"]),
            format=PAPERS[job["paper"]],
            print_background=True,
            display_header_footer=True,
            header_template=_header(job["title"], job["label"]),
            footer_template=_footer(job["url"]),
            margin=MARGIN,
            prefer_css_page_size=False,
        )
    await page.close()


async def _print_all(todo: list[dict], exe: str) -> None:
    import asyncio

    from playwright.async_api import async_playwright

    from .snapshots import FLAGS

    by_page: dict[str, list[dict]] = {}
    for job in todo:
        by_page.setdefault(str(job["html"]), []).append(job)
    queue = sorted(by_page.items(), key=lambda kv: -len(kv[1]))
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=exe, args=FLAGS)
        context = await browser.new_context(viewport={"width": 800, "height": 1100})

        async def worker():
            while queue:
                page_path, jobs = queue.pop(0)
                await _print_page(context, page_path, jobs)

        await asyncio.gather(*(worker() for _ in range(WORKERS)))
        await browser.close()


def print_pdfs(jobs: list[dict], cache: Path, log) -> tuple[int, int]:
    """Print each job (html, pdf, edition, title, label, paper, url) to PDF, using ``cache`` where
    it can. Returns (printed, from the cache). Raises FileNotFoundError without Chromium."""
    import asyncio

    from .snapshots import chromium

    cache.mkdir(parents=True, exist_ok=True)
    css = (Path(__file__).parent / PRINT_CSS).read_bytes()
    code = Path(__file__).read_bytes()
    for job in jobs:
        job["key"] = cache / f"{_job_key(job, css, code)}.pdf"
    todo = [job for job in jobs if not job["key"].exists()]
    if todo:
        exe = chromium()
        if exe is None:
            raise FileNotFoundError(
                "headless Chromium not found (install it with scripts/setup.sh)"
            )
        asyncio.run(_print_all(todo, exe))
    used = {job["key"].name for job in jobs}
    for stale in cache.glob("*.pdf"):
        if stale.name not in used:
            stale.unlink()
    for job in jobs:
        Path(job["pdf"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(job["key"], job["pdf"])
    return len(todo), len(jobs) - len(todo)


# --------------------------------------------------------------------------------------------------
# Sphinx: build-finished, page context, footer, directive


def _build_teaching_files(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    start = time.monotonic()
    outdir, srcdir = Path(app.outdir), Path(app.srcdir)
    teach = outdir / OUT
    url = book_url(app.config)
    chapters = [
        (d, Path(d).name, chapter_title(srcdir / f"{d}.ipynb"))
        for d in chapter_docnames(srcdir, app.env.found_docs)
    ]
    executed_dir = outdir.parent / "jupyter_execute"
    for sub in ("student", "instructor"):
        (teach / sub).mkdir(parents=True, exist_ok=True)
    for docname, stem, title in chapters:
        source = nbformat.read(srcdir / f"{docname}.ipynb", as_version=4)
        nbformat.write(student_edition(source, title), teach / "student" / f"{stem}.ipynb")
        executed_path = executed_dir / f"{docname}.ipynb"
        if executed_path.is_file():
            executed = nbformat.read(executed_path, as_version=4)
        else:
            logger.info(
                f"[dsr] teaching files: no executed copy of {docname} in {executed_dir}; "
                "the instructor edition has no outputs"
            )
            executed = source
        page = outdir / f"{docname}.html"
        snaps = (
            _snapshot_images(page.read_text(encoding="utf-8"), page.parent)
            if page.is_file()
            else {}
        )
        nbformat.write(
            instructor_edition(executed, title, snaps), teach / "instructor" / f"{stem}.ipynb"
        )
    for name in ("CHANGELOG.md", "CITATION.cff"):
        if (paths.ROOT / name).is_file():
            shutil.copyfile(paths.ROOT / name, teach / name)
    write_course_pack(
        outdir / course_pack(), teach / "student", [(s, t) for _, s, t in chapters], url
    )

    jobs = []
    for docname, stem, title in chapters:
        files = files_for(stem)
        for edition in ("student", "instructor"):
            for paper in PAPERS:
                jobs.append(
                    {
                        "html": outdir / f"{docname}.html",
                        "pdf": outdir / files[f"{edition}-{paper}"],
                        "edition": edition,
                        "paper": paper,
                        "url": url,
                        "title": title,
                        "label": f"{edition.capitalize()} edition",
                    }
                )
    if GUIDE in app.env.found_docs:
        for paper in PAPERS:
            jobs.append(
                {
                    "html": outdir / f"{GUIDE}.html",
                    "pdf": outdir / guide_pdf(paper),
                    "edition": "instructor",
                    "paper": paper,
                    "url": url,
                    "title": (
                        app.env.titles[GUIDE].astext()
                        if GUIDE in app.env.titles
                        else "Seminar guide"
                    ),
                    "label": "Seminar guide",
                }
            )
    for doc in COURSE_PAGES:
        if doc in app.env.found_docs:
            for paper in PAPERS:
                jobs.append(
                    {
                        "html": outdir / f"{doc}.html",
                        "pdf": outdir / page_pdf(doc, paper),
                        "edition": "instructor",
                        "paper": paper,
                        "url": url,
                        "title": app.env.titles[doc].astext() if doc in app.env.titles else doc,
                        "label": "Course handout",
                    }
                )
    try:
        printed, cached = print_pdfs(jobs, outdir.parent / CACHE, logger)
        pdfs = f"{printed} PDFs printed, {cached} from the cache"
    except FileNotFoundError as err:
        pdfs = f"handouts (PDF) skipped: {err}"
    logger.info(
        f"[dsr] teaching files: {len(chapters)} chapters (student and instructor notebooks), "
        f"course pack, {pdfs} in {time.monotonic() - start:.1f} s"
    )


def _relative(docname: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(docname) or ".")


def _page_links(app, pagename, templatename, context, doctree) -> None:
    """Chapter pages: teaching files in the download menu and in a box at the end; the seminar guide
    and the course pages (handouts, assessment): their printed PDFs in the download menu."""
    srcdir = Path(app.srcdir)
    is_chapter = pagename in chapter_docnames(srcdir, [pagename])
    if not (is_chapter or pagename == GUIDE or pagename in COURSE_PAGES):
        return
    if is_chapter:
        files = files_for(Path(pagename).name)
        entries = [
            (
                files["student-a4"],
                ".pdf (student handout)",
                "fas fa-file-pdf",
                "Printable handout without solutions (A4)",
            ),
            (
                files["instructor-a4"],
                ".pdf (instructor handout)",
                "fas fa-file-pdf",
                "Printable handout with solutions (A4)",
            ),
            (
                files["student"],
                ".ipynb (student)",
                "fas fa-code",
                "Student notebook: solutions removed, answer cells",
            ),
            (
                files["instructor"],
                ".ipynb (instructor)",
                "fas fa-code",
                "Instructor notebook: solutions, executed",
            ),
        ]
    elif pagename in COURSE_PAGES:
        name = COURSE_PAGES[pagename]
        entries = [
            (
                page_pdf(pagename, "a4"),
                f".pdf ({name}, A4)",
                "fas fa-file-pdf",
                f"Printable {name} (A4)",
            ),
            (
                page_pdf(pagename, "letter"),
                f".pdf ({name}, Letter)",
                "fas fa-file-pdf",
                f"Printable {name} (US Letter)",
            ),
        ]
    else:
        entries = [
            (
                guide_pdf("a4"),
                ".pdf (seminar guide)",
                "fas fa-file-pdf",
                "Printable seminar guide (A4)",
            )
        ]
    buttons = []
    for target, text, icon, tip in entries:
        buttons.append(
            {
                "type": "link",
                "url": _relative(pagename, target),
                "text": text,
                "icon": icon,
                "tooltip": tip,
                "label": (
                    "download-teaching-"
                    + re.sub(r"[^A-Za-z0-9]+", "-", text.split("(")[1].rstrip(")"))
                ),
            }
        )
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"] = [
                b for b in group["buttons"] if b.get("label") != "download-pdf-button"
            ] + buttons
    if is_chapter:
        link = lambda key: html.escape(_relative(pagename, files[key]))  # noqa: E731
        context["body"] = (
            context.get("body", "")
            + '<aside class="dsr-teaching-box d-print-none" aria-label="Teaching files"><p'
            ' class="dsr-teaching-title">Teaching files</p><ul><li>Notebook: <a'
            f' href="{link("student")}" download>student edition</a> (solutions removed, a cell'
            f' for each answer) · <a href="{link("instructor")}" download>instructor edition</a>'
            " (with solutions, executed)</li><li>Handout (PDF): <a"
            f' href="{link("student-a4")}">student</a> · <a'
            f' href="{link("instructor-a4")}">instructor</a> (A4; US Letter: <a'
            f' href="{link("student-letter")}">student</a> · <a'
            f' href="{link("instructor-letter")}">instructor</a>)</li><li>Everything for a'
            f' course: the <a href="{html.escape(_relative(pagename, GUIDE + ".html"))}">seminar'
            " guide</a> and the <a"
            f' href="{html.escape(_relative(pagename, course_pack()))}">course pack</a>'
            " (zip)</li></ul></aside>"
        )


def _course_page_items(docname: str, docnames) -> str:
    """List items linking the printed course pages (handouts, assessment) that are part of the
    book."""
    rel = lambda target: html.escape(_relative(docname, target))  # noqa: E731
    docnames = set(docnames)
    what = {
        "book/handouts": (
            "The seminar handouts (debate briefs, scenario and role cards, grid, timeline, maps)"
        ),
        "book/assessment": (
            "The assessment package (prompts, memo template, rubrics, instructor's key)"
        ),
    }
    return "".join(
        f"<li>{html.escape(what.get(doc, COURSE_PAGES[doc]))}, to print: <a"
        f' href="{rel(page_pdf(doc, "a4"))}">A4</a> · <a href="{rel(page_pdf(doc, "letter"))}">US'
        " Letter</a> (PDF; on the web: <a"
        f' href="{rel(doc + ".html")}">{html.escape(Path(doc).name)}</a>)</li>'
        for doc in COURSE_PAGES
        if doc in docnames
    )


def print_links_html(docname: str) -> str:
    """A course page's (or the guide's) own printed PDFs, A4 and US Letter, linked from that
    page."""
    pdf = guide_pdf if docname == GUIDE else (lambda paper: page_pdf(docname, paper))
    rel = lambda target: html.escape(_relative(docname, target))  # noqa: E731
    return (
        '<p class="dsr-teaching-files dsr-print-links d-print-none">This page as a printable'
        f' handout (PDF): <a href="{rel(pdf("a4"))}">A4</a> · <a href="{rel(pdf("letter"))}">US'
        " Letter</a>. Every teaching file is listed in the <a"
        f' href="{rel(GUIDE + ".html")}">seminar guide</a>.</p>'
    )


def teaching_files_html(docname: str, srcdir: Path, docnames) -> str:
    """The table of every teaching file, with links relative to ``docname``."""
    rel = lambda target: html.escape(_relative(docname, target))  # noqa: E731
    rows = []
    for d in chapter_docnames(srcdir, docnames):
        stem = Path(d).name
        f = files_for(stem)
        title = html.escape(chapter_title(Path(srcdir) / f"{d}.ipynb"))
        rows.append(
            f'<tr><td><a href="{rel(d + ".html")}">{title}</a></td><td><a'
            f' href="{rel(f["student"])}" download>student</a> · <a href="{rel(f["instructor"])}"'
            f' download>instructor</a></td><td><a href="{rel(f["student-a4"])}">student</a> · <a'
            f' href="{rel(f["instructor-a4"])}">instructor</a></td><td><a'
            f' href="{rel(f["student-letter"])}">student</a> · <a'
            f' href="{rel(f["instructor-letter"])}">instructor</a></td></tr>'
        )
    return (
        '<div class="dsr-teaching-files"><table'
        ' class="table"><thead><tr><th>Chapter</th><th>Notebook (.ipynb)</th><th>Handout, A4'
        " (PDF)</th><th>Handout, US Letter (PDF)</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        "<ul>"
        f'<li>This guide as a handout: <a href="{rel(guide_pdf("a4"))}">A4</a> · <a'
        f' href="{rel(guide_pdf("letter"))}">US Letter</a> (PDF)</li>'
        + _course_page_items(docname, docnames)
        + "<li>Course pack for students: <a"
        f' href="{rel(course_pack())}">{html.escape(Path(course_pack()).name)}</a> (student'
        " notebooks, data, the <code>dsr</code> package, requirements and a README)</li><li>What"
        f" changed in this version ({html.escape(version())}): <a"
        f' href="{rel(OUT + "/CHANGELOG.md")}">CHANGELOG.md</a>; how to cite the book: <a'
        f' href="{rel(OUT + "/CITATION.cff")}">CITATION.cff</a></li></ul><p>Student editions have'
        " the solutions removed and an empty cell after each exercise; instructor editions keep"
        " the solutions, with the outputs of this build. Every notebook starts with a cell that"
        " checks the environment.</p></div>"
    )


class TeachingFiles(Directive):
    """``{dsr-teaching-files}``: every chapter's student and instructor notebooks and handouts, the
    handouts of the seminar guide and of the course pages (handouts, assessment), the course pack,
    the changelog and the citation file. With the flag ``:this-page:`` (on the guide or a course
    page): only that page's own printed PDFs, A4 and US Letter."""

    required_arguments = 0
    optional_arguments = 0
    option_spec = {"this-page": directives.flag}

    def run(self):
        env = self.state.document.settings.env
        env.note_dependency(
            __file__
        )  # the links change with this module (a rebuild re-reads the page)
        if "this-page" in self.options:
            if env.docname != GUIDE and env.docname not in COURSE_PAGES:
                raise self.error(
                    f"dsr-teaching-files :this-page: works on {GUIDE} and "
                    f"{', '.join(COURSE_PAGES)} only, not on {env.docname}"
                )
            return [nodes.raw("", print_links_html(env.docname), format="html")]
        for d in chapter_docnames(Path(env.srcdir), env.found_docs):
            env.note_dependency(str(Path(env.srcdir) / f"{d}.ipynb"))
        return [
            nodes.raw(
                "",
                teaching_files_html(env.docname, Path(env.srcdir), env.found_docs),
                format="html",
            )
        ]


def footer_text() -> str:
    return (
        f'<p class="dsr-edition">{html.escape(AUTHORS)}, <em>The Digital Silk Road</em>, '
        f"version {html.escape(version())}, built {build_date()}.</p>"
    )


def _footer_option(app, config) -> None:
    """Version and build date in every page's footer (the theme's ``extra_footer``)."""
    opts = dict(config.html_theme_options or {})
    extra = opts.get("extra_footer") or ""
    if "dsr-edition" not in extra:
        opts["extra_footer"] = extra + footer_text()
    config.html_theme_options = opts


def setup(app):
    app.add_directive("dsr-teaching-files", TeachingFiles)
    app.connect("config-inited", _footer_option)
    app.add_css_file(PRINT_CSS)
    app.connect("builder-inited", _copy_css)
    app.connect(
        "html-page-context", _page_links, priority=600
    )  # after the theme's header buttons (501)
    app.connect("build-finished", _build_teaching_files, priority=900)  # after the figure snapshots
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}


def _copy_css(app) -> None:
    if app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(__file__).parent / PRINT_CSS, static / PRINT_CSS)
