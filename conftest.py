"""Fixtures shared by the whole suite: organisations, one user per role, children.

The suite also reads the project's shared folder beside this checkout (``../shared``): the
timescales' worked examples, the ORUK 3.0 specification and the DfE figures. Without them the
run stops at once with an error saying what is missing; no test is skipped for want of them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sendpath.people.tests.factories import build_world

SHARED = Path(__file__).resolve().parent.parent / "shared"
# What the tests read from ../shared, and which tests read it.
SHARED_NEEDED = {
    "examples/timescales/v03_mediation_and_appeal.input.json": "sendpath/timescales/tests",
    "examples/timescales/v03_mediation_and_appeal.expected.json": "sendpath/timescales/tests",
    "spec/oruk-3.0/schema/service.json": "sendpath/localoffer/tests/test_api.py",
    "data/dfe-ehcp-2025/sen_needs_all_plans.csv": "sendpath/demo/tests/test_demo.py",
    "data/dfe-ehcp-2025/caseload.csv": "sendpath/demo/tests/test_demo.py",
    "spec/sen2/sen2_sample_2026.xml": "sendpath/ehc/tests/test_caseload.py",
    "spec/sen2/sen2_sample_2025.xml": "sendpath/ehc/tests/test_caseload.py",
    "spec/sen2/bad_sen2_sample_2024.xml": "sendpath/ehc/tests/test_caseload.py",
}


def shared_missing(shared: Path = SHARED) -> list[str]:
    """The files the tests need from the shared folder that are not there."""
    dfe = os.environ.get("SENDPATH_DFE_DATA")
    missing = []
    for name, reader in SHARED_NEEDED.items():
        path = shared / name
        if dfe and name.startswith("data/dfe-ehcp-2025/"):
            path = Path(dfe) / path.name
        if not path.is_file():
            missing.append(f"{path} (read by {reader})")
    return missing


def pytest_sessionstart(session: pytest.Session) -> None:
    missing = shared_missing()
    if missing:
        where = "" if SHARED.is_dir() else f"The shared folder {SHARED} does not exist. "
        raise pytest.UsageError(
            f"{where}The tests need the project's shared folder beside this checkout "
            "(../shared: worked examples, specifications and data). Missing:\n  "
            + "\n  ".join(missing)
        )


@pytest.fixture
def world(db):
    """Two authorities, schools in each, children in each, and one user per role."""
    return build_world()


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Each test that uses the database starts with nothing cached (lists kept a few minutes,
    like the Local Offer's). The cache is a table in the database (shared by every app process),
    so a test without the database has none to clear."""
    from django.core.cache import cache

    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is not None and (marker.kwargs.get("transaction") or "transactional_db" in names):
        request.getfixturevalue("transactional_db")
    elif marker is not None or names & {"db", "transactional_db", "live_server"}:
        request.getfixturevalue("db")
    else:
        return
    cache.clear()
