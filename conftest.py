"""Fixtures shared by the whole suite: organisations, one user per role, children."""

from __future__ import annotations

import pytest

from sendpath.people.tests.factories import build_world


@pytest.fixture
def world(db):
    """Two authorities, schools in each, children in each, and one user per role."""
    return build_world()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with nothing cached (lists kept a few minutes, like the Local Offer's)."""
    from django.core.cache import cache

    cache.clear()
