"""What joint working adds to the pages of the apps below it (``sendpath.core.registry``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sendpath.core import formatting, registry
from sendpath.core.roles import Role

from .selectors import latest_pep_date, overdue_escalations


def menu_order(user: Any) -> int:
    """Joint working is the Virtual School's main work: first in its menu, after the SEND
    team's case pages in theirs."""
    return 5 if user.role == Role.VIRTUAL_SCHOOL else 50


def pep_rows(case: Any, user: Any) -> list[dict[str, Any]]:
    """Beside a plan's review dates: the latest Personal Education Plan, so a cared-for child's
    PEP and review can be aligned."""
    if not case.child.cared_for:
        return []
    latest = latest_pep_date(case.child)
    row: dict[str, Any] = {
        "key": {"text": "Latest Personal Education Plan"},
        "value": {"text": formatting.govuk_date(latest, "None uploaded")},
    }
    if user.has_perm("jointworking.use"):
        href = reverse("jointworking:child", args=[case.child.pk])
        row["actions"] = {
            "items": [{"href": href, "text": "PEPs", "visuallyHiddenText": "for this child"}]
        }
    return [row]


def escalation_alerts(user: Any) -> list[dict[str, str]]:
    """Escalations past their review-by date, on the team's front pages."""
    count = overdue_escalations(user).count()
    if not count:
        return []
    return [
        {
            "text": f"{count} {'escalation is' if count == 1 else 'escalations are'} past "
            "their review-by date",
            "href": reverse("jointworking:escalations"),
        }
    ]


def register() -> None:
    registry.add_nav(
        registry.Nav(
            "jointworking:meetings", "Joint working", perm="jointworking.use", order=menu_order
        )
    )
    # Whoever may open the case's review page sees the row; the link needs joint working.
    registry.add_rows(
        registry.Rows(slot=registry.CASE_REVIEW, perm="ehc.view_review", rows=pep_rows)
    )
    registry.add_alert(registry.Alert(perm="jointworking.use", alerts=escalation_alerts))
