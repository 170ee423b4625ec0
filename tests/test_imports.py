"""The packages import in one direction: no cycles, also none hidden in a function's import.

``graph`` is the base and imports no other package of ours; ``queries`` imports nothing of
ours; ``loaders`` may import ``graph`` and ``queries``; ``app`` may import all three. Inside
a package, no two modules import each other, directly or around a loop, whether the import
is at the top of the file or inside a function (an import moved into a function hides a
cycle from Python, not from the design).
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("graph", "loaders", "queries", "app")
ALLOWED = {"graph": set(), "queries": set(), "loaders": {"graph", "queries"}, "app": {"graph", "queries", "loaders"}}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Our modules that ``path`` imports anywhere in it (``from a.b import c`` counts a.b.c if a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module in modules:
                found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in modules)
    return found


def _graph() -> nx.DiGraph:
    files = {
        _module_name(p): p
        for package in PACKAGES
        for p in (ROOT / package).rglob("*.py")
        if "node_modules" not in p.parts
    }
    modules = set(files)
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in files.items():
        for target in _imports(path, modules):
            # a package's __init__ re-exporting its modules is not a use of them by the module
            if target != name and not name.startswith(target + ".") and not target.startswith(name + "."):
                graph.add_edge(name, target)
    return graph


def test_packages_import_only_downwards() -> None:
    wrong = sorted(
        f"{a} -> {b}"
        for a, b in _graph().edges
        if a.split(".")[0] != b.split(".")[0] and b.split(".")[0] not in ALLOWED[a.split(".")[0]]
    )
    assert wrong == []


def test_no_module_cycles_not_even_through_late_imports() -> None:
    graph = _graph()
    assert graph.number_of_edges() > 100  # the walk found the imports, or this test proves nothing
    cycles = sorted(sorted(component) for component in nx.strongly_connected_components(graph) if len(component) > 1)
    assert cycles == []
