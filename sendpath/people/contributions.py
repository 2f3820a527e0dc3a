"""The people app's own pages in the menu (``sendpath.core.registry``)."""

from __future__ import annotations

from sendpath.core import registry


def register() -> None:
    registry.add_nav(
        registry.Nav(
            "people:child_list",
            "Children and young people",
            perm="people.search_children",
            order=90,
        ),
        registry.Nav(
            "people:organisation_list", "Organisations", perm="people.view_organisation", order=100
        ),
    )
