"""What insight adds to the pages below it: the "Insight" menu item for leaders and managers."""

from __future__ import annotations

from typing import Any

from sendpath.core import registry
from sendpath.core.roles import Role

from .rules import VIEW


def _order(user: Any) -> int:
    """A leader's first page after Home; for the SEND team, after the records."""
    return 5 if getattr(user, "role", None) == Role.LEADER else 170


def register() -> None:
    registry.add_nav(registry.Nav("insight:index", "Insight", perm=VIEW, order=_order))
