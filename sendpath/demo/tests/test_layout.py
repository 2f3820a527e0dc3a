"""The demo's modules import one way (no circles, imports inside functions included), and no
production module imports the demo."""

from __future__ import annotations

import grimp


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("sendpath", cache_dir=None)


def _is_test(module: str) -> bool:
    return ".tests" in module or module.endswith("conftest")


def test_the_demo_modules_import_each_other_in_one_direction():
    graph = _graph()
    modules = {m for m in graph.modules if m.startswith("sendpath.demo") and not _is_test(m)}
    imports = {
        m: {i for i in graph.find_modules_directly_imported_by(m) if i in modules} for m in modules
    }
    circles: list[list[str]] = []
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = "open"
        path.append(module)
        for imported in sorted(imports[module]):
            if state.get(imported) == "open":
                circles.append([*path[path.index(imported) :], imported])
            elif imported not in state:
                visit(imported)
        path.pop()
        state[module] = "done"

    for module in sorted(modules):
        if module not in state:
            visit(module)
    assert circles == []


def test_no_production_module_imports_the_demo():
    graph = _graph()
    importers = graph.find_downstream_modules("sendpath.demo", as_package=True)
    assert sorted(m for m in importers if not _is_test(m)) == []
