"""The layout's rules that import-linter's contracts do not express (see docs/adr/0012).

- No module imports in a circle, counting imports made inside functions.
- No production module is over about 600 lines (data files and migrations aside).
- No module imports another app's private names (a name starting with an underscore).
- No view module reads a model directly (``Model.objects``, ``get_object_or_404(Model, ...)``):
  reads go through the app's selectors, scoped to what the user may see.

The contracts between apps (which app may import which) are in ``pyproject.toml`` under
``[tool.importlinter]`` and run by ``make test``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sendpath"
MAX_LINES = 600


def _production_modules() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    )


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _app(module: str) -> str:
    return ".".join(module.split(".")[:2])


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("sendpath", cache_dir=None, exclude_type_checking_imports=True)


def _cycles(graph: grimp.ImportGraph, modules: set[str]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    edges = {
        m: sorted(graph.find_modules_directly_imported_by(m) & modules) for m in sorted(modules)
    }
    for start in sorted(modules):
        if start in index:
            continue
        work: list[tuple[str, int]] = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            if i < len(edges[node]):
                work.append((node, i + 1))
                nxt = edges[node][i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for name in ("p", "p.a", "p.b", "p.c"):
        graph.add_module(name)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.a")
    graph.add_import(importer="p.b", imported="p.c")
    assert _cycles(graph, {"p.a", "p.b", "p.c"}) == [["p.a", "p.b"]]


def test_no_module_imports_in_a_circle(graph):
    cycles = _cycles(graph, set(graph.modules))
    assert cycles == [], "modules that import each other in a circle: " + "; ".join(
        " <-> ".join(c) for c in cycles
    )


def test_no_production_module_is_over_600_lines():
    long = {
        str(path.relative_to(ROOT)): n
        for path in _production_modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"split these modules (over {MAX_LINES} lines): {long}"


def test_no_module_imports_another_apps_private_names():
    offences = []
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom) or not node.module or node.level:
                continue
            if not node.module.startswith("sendpath.") or _app(node.module) == _app(module):
                continue
            offences += [
                f"{module} imports {node.module}.{alias.name}"
                for alias in node.names
                if alias.name.startswith("_")
            ]
    assert offences == []


# Direct reads of a model: ``Model.objects`` or ``get_object_or_404(Model, ...)``.
_MODEL_READ = re.compile(r"\b[A-Z]\w*\.objects\b|\bget_object_or_404\(\s*[A-Z]\w*")

# Deliberate exceptions, as "path: read" (no line number, so an entry survives edits above it),
# each with its reason in a comment. Keep this short; it is empty today.
MODEL_READS_ALLOWED: set[str] = set()


def _is_view_module(relative: Path) -> bool:
    """views.py, views_*.py, any module in a views/ package, and the API's api.py."""
    return (
        relative.name in ("views.py", "api.py")
        or (relative.name.startswith("views_") and relative.suffix == ".py")
        or "views" in relative.parts[:-1]
    )


def _model_reads(path: str, text: str) -> list[str]:
    """Each direct model read in a module's source, as "path:line: read", less those allowed."""
    found = []
    for match in _MODEL_READ.finditer(text):
        read = re.sub(r"\s+", "", match.group())
        if f"{path}: {read}" not in MODEL_READS_ALLOWED:
            found.append(f"{path}:{text.count(chr(10), 0, match.start()) + 1}: {read}")
    return found


def test_the_model_read_finder_finds_direct_reads():
    source = (
        "from .models import Plan\n"
        "plans = selectors.plans_for(user=user)\n"
        "plan = Plan.objects.get(pk=pk)\n"
        "other = get_object_or_404(\n    Plan, pk=pk)\n"
        "scoped = get_object_or_404(selectors.plans_for(user=user), pk=pk)\n"
    )
    assert _model_reads("app/views.py", source) == [
        "app/views.py:3: Plan.objects",
        "app/views.py:4: get_object_or_404(Plan",
    ]
    assert _model_reads("app/views.py", "plan = selectors.plan_get(pk=pk)\n") == []


def test_view_modules_are_told_apart():
    for name in ("a/views.py", "a/views_plan.py", "a/views/content.py", "a/api.py"):
        assert _is_view_module(Path(name)), name
    for name in ("a/selectors.py", "a/services.py", "a/preview.py", "a/apis.py"):
        assert not _is_view_module(Path(name)), name


def test_no_view_module_reads_a_model_directly():
    offences = []
    for path in _production_modules():
        relative = path.relative_to(ROOT)
        if _is_view_module(relative.relative_to("sendpath")):
            offences += _model_reads(str(relative), path.read_text(encoding="utf-8"))
    assert offences == [], "read models through the app's selectors, not in views: " + "; ".join(
        offences
    )
