"""What partners add to the pages of the apps below them (``sendpath.core.registry``): the
panel "SEN support in school" on a child's record, for the SEND team and the Virtual School."""

from __future__ import annotations

from typing import Any

from sendpath.core import registry
from sendpath.support.money import pounds

from . import selectors


def child_support_context(child: Any, user: Any) -> dict[str, Any]:
    summary = selectors.support_summary(child=child)
    return {"support": summary, "provision_total": pounds(summary.provision_pence)}


def register() -> None:
    registry.add_nav(
        registry.Nav("support:profile", "SEND data profile", perm="support.view_profile", order=45)
    )
    registry.add_panel(
        registry.Panel(
            slot=registry.CHILD_RECORD,
            template="support/partners/child_panel.html",
            perm="support.view_overview",
            order=20,
            context=child_support_context,
        )
    )
