"""What the family's messages add to the pages below (``sendpath.core.registry``) and what they
listen for (``receivers``)."""

from __future__ import annotations

from typing import Any

from sendpath.core import registry

from . import receivers, selectors
from . import rules as _rules  # noqa: F401  (registers the permissions)


def case_panel_context(case: Any, user: Any) -> dict[str, Any]:
    """The failed messages and the letters waiting to be printed, for the case page (whose own
    view audits the read of the case)."""
    return {
        "failed": list(selectors.failed_messages(case=case)),
        "letters": selectors.letters_to_print(case=case).count(),
        "can_change": user.has_perm("ehc.change_case", case),
    }


def register() -> None:
    receivers.connect()
    registry.add_nav(
        registry.Nav(
            "portal:preferences",
            "How we contact you",
            perm="portal.set_contact_preferences",
            order=90,
        )
    )
    registry.add_panel(
        registry.Panel(
            slot=registry.CASE_OVERVIEW,
            template="portal/messages/_case_panel.html",
            perm="portal.view_family_messages",
            order=10,
            context=case_panel_context,
        )
    )
