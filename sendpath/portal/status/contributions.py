"""What the status part adds to the pages below it: the family's home page (``/my/``)."""

from __future__ import annotations

from sendpath.core import registry
from sendpath.core.roles import Role
from sendpath.people.rules import is_family


def register() -> None:
    from . import rules  # noqa: F401 (the part's permissions: portal.follow_case, portal.read_plan)

    registry.add_home_page(registry.HomePage((Role.FAMILY,), "portal:home", is_family))
