"""The package's import graph, built from the source: no cycles, and the layers hold.

Every ``import`` and ``from ... import`` of a culturekit module counts, inside functions
too (a lazy import is still a dependency); imports under ``if TYPE_CHECKING:`` do not,
since they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "culturekit"

# (importer prefix, imported prefix): modules under the first never import the second.
FORBIDDEN: tuple[tuple[str, str], ...] = (
    ("culturekit.scoring", "culturekit.report"),
    ("culturekit.scoring", "culturekit.cli"),
    ("culturekit.scoring", "culturekit.api"),
    ("culturekit.scoring", "culturekit.batch"),
    ("culturekit.results", "culturekit.report"),
    ("culturekit.results", "culturekit.cli"),
    ("culturekit.results", "culturekit.scoring"),
    ("culturekit.ingest", "culturekit.scoring"),
    ("culturekit.ingest", "culturekit.report"),
    ("culturekit.ingest", "culturekit.results"),
    ("culturekit.ingest", "culturekit.cli"),
    ("culturekit.framework", "culturekit.ingest"),
    ("culturekit.framework", "culturekit.scoring"),
    ("culturekit.framework", "culturekit.report"),
    ("culturekit.privacy", "culturekit.scoring"),
    ("culturekit.privacy", "culturekit.results"),
    ("culturekit.privacy", "culturekit.report"),
    ("culturekit.report", "culturekit.cli"),
    ("culturekit.report", "culturekit.ingest"),
    ("culturekit.errors", "culturekit"),
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(node: ast.AST, module: str, is_package: bool, modules: set[str]) -> set[str]:
    """The culturekit modules one import statement names."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name.split(".")[0] == "culturekit"}
    if not isinstance(node, ast.ImportFrom):
        return set()
    if node.level:
        base = module.split(".")
        base = base if is_package else base[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join([*base, *([node.module] if node.module else [])])
    else:
        target = node.module or ""
    if target.split(".")[0] != "culturekit":
        return set()
    found = set()
    for alias in node.names:
        # ``from culturekit.report import charts`` imports the module culturekit.report.charts.
        submodule = f"{target}.{alias.name}"
        found.add(submodule if submodule in modules else target)
    return found


def _walk(body: list[ast.stmt]) -> list[ast.AST]:
    """Every statement, nested ones included, except what ``if TYPE_CHECKING:`` guards."""
    found: list[ast.AST] = []
    for node in body:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            found.extend(_walk(node.orelse))
            continue
        found.append(node)
        for field in ("body", "orelse", "finalbody", "handlers"):
            found.extend(_walk(getattr(node, field, []) or []))
        if isinstance(node, ast.Match):
            for case in node.cases:
                found.extend(_walk(case.body))
    return found


def import_graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(files)
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        edges: set[str] = set()
        for node in _walk(tree.body):
            edges |= _imported(node, module, is_package, modules)
        graph[module] = {m for m in edges if m != module and m in modules}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path that returns to its start, or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)) is not None:
            return cycle
    return None


def _under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def test_the_graph_is_read_from_the_source() -> None:
    graph = import_graph()
    # Checked by hand against the source: cli imports its errors eagerly, and api imports
    # the diagnosis inside a function (which must count).
    assert "culturekit.errors" in graph["culturekit.cli"]
    assert "culturekit.api" in graph["culturekit.cli"]
    assert "culturekit.diagnosis" in graph["culturekit.api"]
    # culturekit/__init__.py names its lazy modules only under TYPE_CHECKING.
    assert "culturekit.diagnosis" not in graph["culturekit"]


def test_no_import_cycles() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize(
    ("importer", "imported"), FORBIDDEN, ids=[f"{a}->{b}" for a, b in FORBIDDEN]
)
def test_layers(importer: str, imported: str) -> None:
    graph = import_graph()
    wrong = sorted(
        (m, t)
        for m, targets in graph.items()
        if _under(m, importer)
        for t in targets
        if _under(t, imported)
    )
    assert not wrong, f"{importer} must not import {imported}: {wrong}"


def test_a_cycle_is_found_and_printed() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
