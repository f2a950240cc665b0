"""No import cycles in the dsr package.

The graph has an edge A -> B when module A imports dsr module B anywhere: at the top of the file or
inside a function (an import deferred into a function still makes A depend on B; it only hides the
cycle until the function runs). Importing ``dsr.x.y`` also runs the package ``dsr.x`` (its
``__init__``), so the edge goes to every package on the way that does not already contain A.
``importlib.import_module`` with a literal name counts as an import too."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "dsr"
ROOT = Path(__file__).resolve().parent.parent


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path = ROOT, package: str = PACKAGE) -> dict[str, Path]:
    """Every module of ``package`` (name -> file), packages under their own name."""
    return {module_name(p, root): p for p in sorted((root / package).rglob("*.py"))}


def _resolve(known: set[str], importer: str, is_package: bool, node) -> list[str]:
    """The dsr modules one import statement names (most specific first)."""
    out = []
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if node.level:  # relative: from .x import y / from .. import y
        base = importer.split(".") if is_package else importer.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        mod = ".".join(base + ([node.module] if node.module else []))
    else:
        mod = node.module or ""
    for a in node.names:
        sub = f"{mod}.{a.name}"
        out.append(sub if sub in known else mod)  # a submodule, or a name defined in mod
    return out


def _import_module_calls(tree) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.append(node.args[0].value)
    return names


def import_graph(root: Path = ROOT, package: str = PACKAGE) -> dict[str, set[str]]:
    """module -> the dsr modules it imports (top-level and function-level), with the packages on the
    way."""
    mods = modules(root, package)
    known = set(mods)
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for m, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets = []
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                targets += _resolve(known, m, path.name == "__init__.py", node)
        targets += _import_module_calls(tree)
        own = {".".join(m.split(".")[:i]) for i in range(1, m.count(".") + 1)}  # packages holding m
        for t in targets:
            if not (t == package or t.startswith(package + ".")):
                continue
            if t not in known:
                raise AssertionError(f"{path}: imports {t}, which is not a module of {package}")
            graph[m].add(t)
            parts = t.split(".")
            for i in range(1, len(parts)):
                parent = ".".join(parts[:i])
                if parent not in own and parent != m:
                    graph[m].add(parent)
        graph[m].discard(m)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (``[a, b, ..., a]``) for every strongly connected group of modules that has one."""
    index, low, stack, on, groups, counter = {}, {}, [], set(), [], [0]

    def connect(v):  # Tarjan
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1 or v in graph.get(v, ()):
                groups.append(set(group))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    out = []
    for group in groups:  # a shortest way round, from the alphabetically first module of the group
        start = min(group)
        paths = {start: [start]}
        queue = [start]
        found = None
        while queue and not found:
            v = queue.pop(0)
            for w in sorted(graph[v]):
                if w == start:
                    found = paths[v] + [start]
                    break
                if w in group and w not in paths:
                    paths[w] = paths[v] + [w]
                    queue.append(w)
        out.append(found)
    return sorted(out)


def test_the_graph_sees_every_kind_of_import(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from . import b\n")
    (pkg / "b.py").write_text("def f():\n    from .sub import c\n")
    (pkg / "sub" / "__init__.py").write_text("from . import c\n")
    (pkg / "sub" / "c.py").write_text(
        "import importlib\n\ndef g():\n    importlib.import_module('pkg.a')\n"
    )
    (pkg / "d.py").write_text("import pkg.sub.c as c\nfrom pkg import a\n")
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.a"] == {"pkg.b"}
    assert graph["pkg.b"] == {
        "pkg.sub",
        "pkg.sub.c",
    }  # importing pkg.sub.c runs pkg/sub/__init__.py
    assert graph["pkg.sub"] == {"pkg.sub.c"}
    assert graph["pkg.sub.c"] == {"pkg.a"}
    assert graph["pkg.d"] == {"pkg.sub", "pkg.sub.c", "pkg.a"}
    assert cycles(graph) == [["pkg.a", "pkg.b", "pkg.sub.c", "pkg.a"]]


def test_cycles_are_found_and_named():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"a"}}) == [["a", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_dsr_has_no_import_cycle():
    found = cycles(import_graph())
    assert not found, "import cycles in dsr:\n" + "\n".join(" -> ".join(c) for c in found)


def test_the_data_layer_runs_one_way():
    graph = import_graph()
    assert not any(
        m == "dsr.build" or m.startswith("dsr.build.") or m == "dsr.sources"
        for m in graph["dsr.data"]
    ), "dsr.data only loads and validates; it must not import the build"
    assert "dsr.data" not in graph["dsr.sources"], "raw derivations read shared/raw, not data/"
