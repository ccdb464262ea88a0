"""The shape of the code: no import cycles between the modules of ``pipeline``, and every
exception praxis defines under the one base :class:`pipeline.errors.PraxisError`.

Both are static checks over the source (``ast``), so an import inside a function counts as
much as one at the top of a module: a cycle that only closes at run time still ties the two
modules together.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

from pipeline.errors import PraxisError

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "pipeline"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imported(node: ast.AST, package: str, known: set[str]) -> set[str]:
    """The ``pipeline`` modules one import statement names (``from a import b``: ``a.b``
    when that is a module, else ``a``)."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names}
    if not isinstance(node, ast.ImportFrom):
        return set()
    if node.level:
        base = package.split(".")[: len(package.split(".")) - node.level + 1]
        module = ".".join([*base, node.module] if node.module else base)
    else:
        module = node.module or ""
    found = {module}
    found |= {f"{module}.{a.name}" for a in node.names if f"{module}.{a.name}" in known}
    return found


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the ``pipeline`` modules it imports anywhere (also inside functions)."""
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            deps |= _imported(node, package, known)
        graph[name] = {d for d in deps if d in known and d not in (name, "pipeline")}
    return graph


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """The modules ``start`` imports, directly or through others."""
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        v = todo.pop()
        if v not in seen:
            seen.add(v)
            todo += graph[v]
    return seen


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other (round and round), each sorted."""
    reach = {v: _reachable(graph, v) for v in graph}
    found: list[list[str]] = []
    for v in sorted(graph):
        if v in reach[v] and not any(v in group for group in found):
            found.append(sorted(w for w in reach[v] if v in reach[w]))
    return found


def test_the_cycle_check_finds_a_cycle_through_a_function_local_import(tmp_path):
    (tmp_path / "a.py").write_text("from pipeline import b\n")
    (tmp_path / "b.py").write_text("def f():\n    from pipeline.c import g\n")
    (tmp_path / "c.py").write_text("import pipeline.a\n")
    (tmp_path / "d.py").write_text("from pipeline.a import x\n")
    modules = {f"pipeline.{n}": tmp_path / f"{n}.py" for n in "abcd"}
    graph = import_graph(modules)
    assert graph["pipeline.b"] == {"pipeline.c"}
    assert cycles(graph) == [["pipeline.a", "pipeline.b", "pipeline.c"]]


def test_the_graph_knows_the_real_imports_of_ingest():
    graph = import_graph(_modules())
    assert "pipeline.returns.store" in graph["pipeline.returns.ingest"]
    assert "pipeline.returns.reports" in graph["pipeline.returns.ingest"]  # a local import
    assert "pipeline.returns.ingest" not in graph["pipeline.returns.reports"]


def test_no_module_of_pipeline_takes_part_in_an_import_cycle():
    assert cycles(import_graph(_modules())) == []


def _exception_classes() -> list[type[BaseException]]:
    found = []
    for name, path in _modules().items():
        tree = ast.parse(path.read_text("utf-8"))
        if not any(isinstance(n, ast.ClassDef) for n in ast.walk(tree)):
            continue
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name and issubclass(cls, BaseException):
                found.append(cls)
    return found


def test_every_exception_praxis_defines_derives_from_the_one_base():
    classes = _exception_classes()
    names = {f"{c.__module__}.{c.__qualname__}" for c in classes}
    assert "pipeline.returns.safety.RejectedFile" in names  # the search does find them
    assert "pipeline.errors.EnvironmentFailure" in names
    outside = sorted(
        f"{c.__module__}.{c.__qualname__}" for c in classes if not issubclass(c, PraxisError)
    )
    assert outside == []


MAX_LINES = 550
"""About 500 lines a module (issue 11): one job each; the largest today is the Excel writer."""


def test_no_module_is_longer_than_about_500_lines():
    long = {
        name: n
        for name, path in _modules().items()
        if (n := len(path.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
