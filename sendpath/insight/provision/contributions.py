"""What the provision part adds to the child's record (``sendpath.core.registry``): a panel with
the child's alternative provision placements and preparing-for-adulthood record, for the SEND
team's editors, who record and change them there."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from sendpath.core import registry
from sendpath.core.formatting import age

from . import rules, selectors


def child_panel_context(child: Any, user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "placements": list(selectors.placements_of(child)),
        "adulthood": selectors.adulthood_of(child),
        "ap_today": today,
        "ap_age": age(child.date_of_birth, today),
    }


def register() -> None:
    from sendpath.insight import rules as insight_rules  # noqa: F401 - registers insight's perms

    registry.add_panel(
        registry.Panel(
            slot=registry.CHILD_RECORD,
            template="insight/provision/_child_panel.html",
            perm=rules.RECORD,
            order=70,
            context=child_panel_context,
        )
    )
