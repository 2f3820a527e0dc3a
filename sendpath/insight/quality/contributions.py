"""What the quality audit adds to the pages below it: a panel on the case's overview showing
the plan's audit results to its caseworker and the SEND team."""

from __future__ import annotations

from typing import Any

from sendpath.core import registry

from . import rules, selectors
from .framework import GRADES


def case_panel_context(case: Any, user: Any) -> dict[str, Any]:
    return {
        "quality_audits": selectors.case_results(case),
        "quality_grades": GRADES,
        "quality_manage": user.has_perm(rules.MANAGE),
    }


def register() -> None:
    registry.add_panel(
        registry.Panel(
            slot=registry.CASE_OVERVIEW,
            template="insight/quality/_case_panel.html",
            perm=rules.CASE_PANEL,
            order=80,
            context=case_panel_context,
        )
    )
