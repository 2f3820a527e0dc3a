"""The people app's own pages in the menu, and the council's name for core's public pages
(``sendpath.core.registry``)."""

from __future__ import annotations

from sendpath.core import registry

from . import selectors


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
        registry.Nav("people:staff_list", "Staff accounts", perm="people.manage_staff", order=180),
    )
    # The privacy notice and the accessibility statement name the council that runs the service.
    registry.add_template_global("council_name", selectors.home_authority_name)
