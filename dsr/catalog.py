"""The book's data catalogue: one description per dataset, written once, in ``data/catalog.yml``.

Everything said about a dataset (title, description, sources, licence, origin, key, fields, how it
was derived, and the text of its page: introduction, caveats and other sections) is in its entry in
``data/catalog.yml``. From it:

* ``python -m dsr.catalog pages`` writes every dataset page ``book/data/<name>.md``, the Data part
  of ``_toc.yml`` (only the lines between its ``caption: Data`` and the next caption) and the
  descriptor ``data/datapackage.json``; ``python -m dsr.catalog check`` reports any of them that
  differ from what the catalogue generates (the tests do the same);
* ``python -m dsr.build`` writes ``data/datapackage.json`` with :func:`datapackage`.

Adding a dataset: an entry in ``data/catalog.yml`` (and, if it is derived, its registered derivation
in code), then ``python -m dsr.catalog pages``.

Only what must be computed is Python: the ``enum`` of ISO 3166-1 alpha-3 codes (from ``pycountry``,
written ``enum: ISO3`` in the catalogue), the other named vocabularies a field's ``enum`` may name
(:data:`VOCABULARIES`: the claims vocabulary of :mod:`dsr.claims.vocab`, the WDI indicator codes),
and the lists the derivations use (:data:`WDI_INDICATORS`, :data:`ICT_FIRMS`; a field description
may say ``{ICT_FIRMS}``).

Format of ``data/catalog.yml``
------------------------------

``retrieved``
    Default retrieval date of every dataset (``x_retrieved``); also the default
    ``upstream_updated``.
``package``
    Name, title, description and licences of the data package itself.
``licences``, ``sources``
    Licences and upstream sources by key; a dataset's ``licences`` and ``sources`` name them (a
    source may also be written in place as a mapping with ``title`` and ``path``).
``fields``
    Shared field definitions. A dataset's field ``- use: as_of`` takes one (a shared list, such as
    ``contested``, expands to several fields); keys written next to ``use`` replace the shared ones.
``kinds``
    Defaults for a dataset's ``kind`` (``hand-compiled``, ``derived``, ``compiled``): ``origin`` and
    ``publisher`` (``{name}`` is the dataset's name), ``licences``, a ``description_suffix`` added
    to the description, and ``fields_after``: shared fields appended to the dataset's own.
``page_sections``
    Page sections (``heading``, ``text``) shared by several pages, used as ``- use: <name>``.
``toc``
    Order of the dataset pages in the Data part of the book; datasets not listed come last.
``datasets``
    One entry per dataset, in the order of ``data/datapackage.json``: ``name``, ``kind``, ``title``,
    ``description``, ``path`` (default ``<name>.csv``), ``format``, ``mediatype``, ``origin``,
    ``publisher``, ``sources``, ``licences``, ``upstream_updated``, ``retrieved``, ``hash``, ``key``
    (primary key), ``fields`` (each ``name``, ``type``, ``description`` and its constraints:
    ``required``, ``unique``, ``enum``, ``minimum``, ``maximum``, ``pattern``), ``derivation`` (what
    the code that derives the table does and leaves out; shown on the page by ``{dsr-derivation}``),
    and ``page``: ``title``, ``intro`` (Markdown), ``card`` (false for no dataset card) and
    ``sections`` (each ``heading`` and ``text`` in Markdown, or ``use``).
"""

from __future__ import annotations

import copy
import json
import re
import sys
from functools import lru_cache
from pathlib import Path, PurePosixPath

import pycountry
import yaml

from . import paths

# The vocabulary is defined in dsr.claims.vocab (which imports nothing from dsr: no import cycle).
from .claims.vocab import (
    ARTICLE_KEYS,
    CHAPTER_STEMS,
)
from .claims.vocab import (
    BASES as CLAIM_BASES,
)
from .claims.vocab import (
    COMPARATORS as CLAIM_COMPARATORS,
)
from .claims.vocab import (
    GRADES as CLAIM_GRADES,
)
from .claims.vocab import (
    RELATIONS as CLAIM_RELATIONS,
)
from .claims.vocab import (
    STATUSES as CLAIM_STATUSES,
)

CATALOG = paths.DATA / "catalog.yml"
TOC = paths.ROOT / "_toc.yml"

#: Indicators taken from the World Bank WDI mirror (folder names in shared/raw/wdi).
WDI_INDICATORS = [
    "ag.lnd.totl.k2",
    "bx.klt.dinv.cd.wd",
    "dt.dod.dect.cd",
    "dt.dod.dect.gn.zs",
    "dt.dod.dppg.cd",
    "dt.tds.dect.ex.zs",
    "eg.elc.accs.zs",
    "en.pop.dnst",
    "gb.xpd.rsdv.gd.zs",
    "ie.ppi.tele.cd",
    "ie.ppn.icti.cd",
    "it.cel.sets.p2",
    "it.mlt.main.p2",
    "it.net.bbnd.p2",
    "it.net.secr.p6",
    "ny.gdp.mktp.cd",
    "ny.gdp.pcap.cd",
    "sp.pop.grow",
    "sp.pop.totl",
    "sp.urb.totl.in.zs",
    "tx.val.tech.mf.zs",
]
#: Firms searched for in the titles of AidData's communications projects (case-insensitive).
ICT_FIRMS = [
    "Huawei",
    "ZTE",
    "China Telecom",
    "China Unicom",
    "China Mobile",
    "Hikvision",
    "Dahua",
    "China Great Wall",
    "CEIEC",
    "FiberHome",
    "Hengtong",
    "China Satellite",
    "Alibaba",
    "Tencent",
]

#: Named vocabularies a field's ``enum`` may name in the catalogue (``enum: ISO3`` stays a name
#: until :func:`datapackage` expands it).
VOCABULARIES = {
    "ARTICLE_KEYS": ARTICLE_KEYS,
    "CHAPTER_STEMS": CHAPTER_STEMS,
    "CLAIM_BASES": CLAIM_BASES,
    "CLAIM_COMPARATORS": CLAIM_COMPARATORS,
    "CLAIM_GRADES": CLAIM_GRADES,
    "CLAIM_RELATIONS": CLAIM_RELATIONS,
    "CLAIM_STATUSES": CLAIM_STATUSES,
    "WDI_INDICATORS": [c.upper() for c in WDI_INDICATORS],
}
#: Lists a field description may name, as ``{NAME}`` (written joined by commas).
TEXT_LISTS = {"ICT_FIRMS": ICT_FIRMS}

_FIELD_KEYS = ("name", "type", "description")
_RESOURCE_KEYS = (
    "name",
    "title",
    "description",
    "path",
    "format",
    "mediatype",
    "x_origin",
    "x_publisher",
    "sources",
    "licenses",
    "x_upstream_updated",
    "x_retrieved",
    "hash",
    "schema",
)


class CatalogError(ValueError):
    """A catalogue entry that cannot be turned into a descriptor or a page."""


def load_catalog(path: Path = CATALOG) -> dict:
    """The catalogue as written in ``data/catalog.yml``."""
    return yaml.load(
        path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    )


# -- descriptors
# --------------------------------------------------------------------------------------------


def iso3_codes() -> list[str]:
    """Every ISO 3166-1 alpha-3 code, from pycountry, plus XKX (Kosovo, used by the World Bank)."""
    return sorted({c.alpha_3 for c in pycountry.countries} | {"XKX"})


def _field(flat: dict, where: str) -> dict:
    """A Frictionless field from the catalogue's flat form (constraints next to name, type,
    description)."""
    missing = [k for k in _FIELD_KEYS if k not in flat]
    if missing:
        raise CatalogError(f"{where}: field {flat.get('name', '?')!r} lacks {', '.join(missing)}")
    constraints = {k: v for k, v in flat.items() if k not in _FIELD_KEYS}
    if "required" in constraints:
        constraints = {"required": constraints.pop("required"), **constraints}
    enum = constraints.get("enum")
    if isinstance(enum, str) and enum != "ISO3":
        if enum not in VOCABULARIES:
            raise CatalogError(f"{where}: field {flat['name']!r}: unknown vocabulary {enum!r}")
        constraints["enum"] = list(VOCABULARIES[enum])
    desc = flat["description"]
    for key, values in TEXT_LISTS.items():
        desc = desc.replace("{" + key + "}", ", ".join(values))
    out = {"name": flat["name"], "type": flat["type"], "description": desc}
    if constraints:
        out["constraints"] = constraints
    return out


def _fields(specs: list, shared: dict, where: str) -> list[dict]:
    out = []
    for spec in specs:
        if "use" in spec:
            if spec["use"] not in shared:
                raise CatalogError(f"{where}: no shared field {spec['use']!r}")
            base = shared[spec["use"]]
            over = {k: v for k, v in spec.items() if k != "use"}
            if isinstance(base, list):
                if over:
                    raise CatalogError(
                        f"{where}: shared field list {spec['use']!r} takes no overrides"
                    )
                out += [_field(f, where) for f in base]
                continue
            spec = {**base, **over}
        out.append(_field(spec, where))
    return out


def _resource(entry: dict, cat: dict) -> dict:
    name = entry["name"]
    kind = cat.get("kinds", {}).get(entry.get("kind"), {}) if entry.get("kind") else {}
    if entry.get("kind") and not kind:
        raise CatalogError(f"{name}: unknown kind {entry['kind']!r}")
    retrieved = entry.get("retrieved", cat["retrieved"])
    description = entry["description"] + (
        " " + kind["description_suffix"] if kind.get("description_suffix") else ""
    )
    origin = entry.get("origin", kind.get("origin"))
    publisher = entry.get("publisher", kind.get("publisher"))
    try:
        sources = [cat["sources"][s] if isinstance(s, str) else s for s in entry["sources"]]
        licences = [cat["licences"][k] for k in entry.get("licences", kind.get("licences", []))]
    except KeyError as err:
        raise CatalogError(f"{name}: unknown source or licence {err}") from None
    res = {
        "name": name,
        "title": entry["title"],
        "description": description,
        "path": entry.get("path", f"{name}.csv"),
        "format": entry.get("format"),
        "mediatype": entry.get("mediatype"),
        "x_origin": origin.replace("{name}", name) if origin else None,
        "x_publisher": publisher.replace("{name}", name) if publisher else None,
        "sources": sources,
        "licenses": licences,
        "x_upstream_updated": entry.get("upstream_updated", retrieved),
        "x_retrieved": retrieved,
        "hash": entry.get("hash"),
    }
    if "fields" in entry:
        fields = _fields(entry["fields"], cat.get("fields", {}), name)
        fields += _fields(
            [{"use": u} for u in kind.get("fields_after", [])], cat.get("fields", {}), name
        )
        res["schema"] = {
            "fields": fields,
            **({"primaryKey": entry["key"]} if entry.get("key") else {}),
        }
    return copy.deepcopy({k: res[k] for k in _RESOURCE_KEYS if res.get(k) is not None})


def resources(cat: dict | None = None) -> list[dict]:
    """Every dataset's descriptor, in catalogue order, with ISO code enums still written
    ``"ISO3"``."""
    cat = cat if cat is not None else load_catalog()
    names = [e["name"] for e in cat["datasets"]]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise CatalogError(f"datasets named twice in {CATALOG.name}: {', '.join(dupes)}")
    return [_resource(e, cat) for e in cat["datasets"]]


#: The descriptors as written in the catalogue (before the ISO code enums are expanded).
RESOURCES: list[dict] = resources()


def _expand(resource: dict) -> dict:
    res = copy.deepcopy(resource)
    for f in res.get("schema", {}).get("fields", []):
        if f.get("constraints", {}).get("enum") == "ISO3":
            f["constraints"]["enum"] = iso3_codes()
    return res


def datapackage(cat: dict | None = None) -> dict:
    """The data package descriptor, as ``python -m dsr.build`` writes it."""
    cat = cat if cat is not None else load_catalog()
    pkg = cat["package"]
    return {
        "name": pkg["name"],
        "title": pkg["title"],
        "description": pkg["description"],
        "licenses": [copy.deepcopy(cat["licences"][k]) for k in pkg["licences"]],
        "resources": [_expand(r) for r in resources(cat)],
    }


def datapackage_json(cat: dict | None = None) -> str:
    """``data/datapackage.json`` as text (the serialisation ``python -m dsr.build`` uses)."""
    return json.dumps(datapackage(cat), indent=1, ensure_ascii=False) + "\n"


@lru_cache(maxsize=1)
def _committed() -> dict:
    if not paths.DATAPACKAGE.exists():
        raise FileNotFoundError(
            f"{paths.DATAPACKAGE} is missing: run `python -m dsr.build` or `python -m dsr.catalog"
            " pages`"
        )
    return json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))


def resource_spec(name: str) -> dict:
    """The description of one resource as written in the catalogue (before enum expansion)."""
    for r in RESOURCES:
        if r["name"] == name:
            return r
    raise KeyError(f"no dataset named {name!r} in {CATALOG}")


def resource(name: str) -> dict:
    """The descriptor of one resource in the committed ``data/datapackage.json``."""
    for r in _committed()["resources"]:
        if r["name"] == name:
            return r
    known = ", ".join(r["name"] for r in _committed()["resources"])
    raise KeyError(f"no dataset named {name!r} in {paths.DATAPACKAGE}; known: {known}")


def describe(name: str) -> dict:
    """What a chart's Source line needs to know about a dataset."""
    r = resource(name)
    return {
        "name": name,
        "title": r["title"],
        "publisher": r.get("x_publisher", ""),
        "licence": ", ".join(
            lic.get("title", lic.get("name", "")) for lic in r.get("licenses", [])
        ),
    }


def entry(name: str, cat: dict | None = None) -> dict:
    """One dataset's entry in the catalogue, as written there."""
    cat = cat if cat is not None else load_catalog()
    for e in cat["datasets"]:
        if e["name"] == name:
            return e
    raise KeyError(f"no dataset named {name!r} in {CATALOG}")


def derivation(name: str) -> str:
    """What the code that derives a table does and leaves out (the entry's ``derivation``)."""
    text = entry(name).get("derivation")
    if not text:
        raise KeyError(f"{name}: no derivation in {CATALOG}")
    return text


# -- pages and the toc
# ----------------------------------------------------------------------------------------

PAGE_NOTE = (
    "% Generated by `python -m dsr.catalog pages` from this dataset's entry in data/catalog.yml:\n"
    "% edit the entry there, not this file."
)


def page_markdown(name: str, cat: dict | None = None) -> str:
    """The page ``book/data/<name>.md``: title, introduction, download link, dataset card, how it
    was derived (for a dataset with a ``derivation``), then the entry's page sections."""
    cat = cat if cat is not None else load_catalog()
    e = entry(name, cat)
    page = e.get("page")
    if not page:
        raise CatalogError(f"{name}: no page in {CATALOG.name}")
    path = e.get("path", f"{name}.csv")
    blocks = [
        PAGE_NOTE,
        f"# {page['title']}",
        page["intro"].strip("\n"),
        f"Download: {{download}}`{PurePosixPath(path).name} <../../data/{path}>`",
    ]
    if page.get("card", True):
        blocks.append(f"```{{dsr-dataset-card}} {name}\n```")
    if e.get("derivation"):
        blocks += ["## How it was derived", f"```{{dsr-derivation}} {name}\n```"]
    for section in page.get("sections", []):
        if "use" in section:
            if section["use"] not in cat.get("page_sections", {}):
                raise CatalogError(f"{name}: no shared page section {section['use']!r}")
            section = cat["page_sections"][section["use"]]
        blocks += [f"## {section['heading']}", section["text"].strip("\n")]
    return "\n\n".join(blocks) + "\n"


def toc_order(cat: dict | None = None) -> list[str]:
    """Dataset names in the order of the Data part: the catalogue's ``toc`` list, then the rest."""
    cat = cat if cat is not None else load_catalog()
    names = [e["name"] for e in cat["datasets"] if "page" in e]
    unknown = [n for n in cat.get("toc", []) if n not in names]
    if unknown:
        raise CatalogError(f"toc names datasets without an entry or page: {', '.join(unknown)}")
    listed = list(cat.get("toc", []))
    return listed + [n for n in names if n not in listed]


def toc_data_lines(cat: dict | None = None) -> list[str]:
    """The lines of ``_toc.yml`` under ``- caption: Data``: the index page, then one page per
    dataset."""
    return ["    chapters:", "      - file: book/data/index", "        sections:"] + [
        f"          - file: book/data/{n}" for n in toc_order(cat)
    ]


_CAPTION = re.compile(r"^\s*-\s*caption:\s*(.*?)\s*$")


def toc_with_data_part(toc_text: str, cat: dict | None = None) -> str:
    """``toc_text`` with the lines between ``- caption: Data`` and the next caption (or the end)
    replaced by :func:`toc_data_lines`; every other line is kept as it is."""
    lines = toc_text.splitlines(keepends=True)
    starts = [
        i
        for i, ln in enumerate(lines)
        if (m := _CAPTION.match(ln)) and m.group(1).strip("'\"") == "Data"
    ]
    if len(starts) != 1:
        raise CatalogError(f"{TOC.name}: expected one '- caption: Data' line, found {len(starts)}")
    start = starts[0] + 1
    end = next((i for i in range(start, len(lines)) if _CAPTION.match(lines[i])), len(lines))
    # keep blank or comment lines that sit just before the next caption
    while end > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    new = [ln + "\n" for ln in toc_data_lines(cat)]
    return "".join(lines[:start] + new + lines[end:])


def generated(cat: dict | None = None) -> dict[Path, str]:
    """Every file the catalogue generates, with its text: the dataset pages, ``_toc.yml`` (with its
    Data part rewritten) and ``data/datapackage.json``."""
    cat = cat if cat is not None else load_catalog()
    out = {paths.data_page(n): page_markdown(n, cat) for n in toc_order(cat)}
    out[TOC] = toc_with_data_part(TOC.read_text(encoding="utf-8"), cat)
    out[paths.DATAPACKAGE] = datapackage_json(cat)
    return out


def stale(cat: dict | None = None) -> list[str]:
    """Files that differ from what the catalogue generates, and dataset pages with no entry."""
    out = [
        str(p.relative_to(paths.ROOT))
        for p, text in generated(cat).items()
        if not p.is_file() or p.read_text(encoding="utf-8") != text
    ]
    names = set(toc_order(cat))
    out += [
        f"{p.relative_to(paths.ROOT)} (no entry in {CATALOG.name})"
        for p in sorted((paths.BOOK / "data").glob("*.md"))
        if p.stem != "index" and p.stem not in names
    ]
    return out


def write(cat: dict | None = None) -> list[Path]:
    """Write every generated file whose text differs; returns those written."""
    written = []
    for p, text in generated(cat).items():
        if not p.is_file() or p.read_text(encoding="utf-8") != text:
            p.write_text(text, encoding="utf-8")
            written.append(p)
    return written


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m dsr.catalog", description=__doc__.split("\n\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser(
        "pages",
        help="write book/data/<name>.md, the Data part of _toc.yml and data/datapackage.json",
    )
    sub.add_parser(
        "check", help="list generated files that differ from the catalogue (exit 1 if any)"
    )
    args = parser.parse_args(argv)
    if args.command == "pages":
        for p in write():
            print(f"wrote {p.relative_to(paths.ROOT)}")
        for s in stale():
            print(f"warning: {s}", file=sys.stderr)
        return 0
    problems = stale()
    for s in problems:
        print(f"{s}: differs from data/catalog.yml; run `python -m dsr.catalog pages`")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
