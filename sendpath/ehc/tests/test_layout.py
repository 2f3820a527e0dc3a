"""The shape of the ehc package: workflows in sub-packages, no import cycles, small modules."""

from __future__ import annotations

from pathlib import Path

import grimp

EHC = Path(__file__).resolve().parent.parent
LIMIT = 600


def test_no_ehc_module_imports_in_a_circle():
    graph = grimp.build_graph("sendpath")
    modules = [m for m in graph.modules if m.startswith("sendpath.ehc.") and ".tests" not in m]
    circles = [
        (module, imported)
        for module in modules
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.startswith("sendpath.ehc.")
        and graph.chain_exists(importer=imported, imported=module)
    ]
    assert circles == []


def test_no_ehc_module_passes_the_size_limit():
    long = [
        (str(path.relative_to(EHC)), lines)
        for path in EHC.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        if (lines := len(path.read_text().splitlines())) > LIMIT
    ]
    assert long == []
