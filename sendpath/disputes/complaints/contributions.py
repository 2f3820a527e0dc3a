"""What complaints add to the pages below them: the SEND team's menu item, a panel on the
child's record, a front-page alert for overdue responses (``sendpath.core.registry``), and the
family's "Make a complaint" link in their list of things they can do (the portal's list, also
shown on the portal's complaints page). Importing ``rules`` registers the permissions."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from sendpath.core import registry
from sendpath.core.formatting import govuk_date
from sendpath.people.rules import child_in_scope
from sendpath.portal.status import actions

from ..models.complaints import OPEN_STAGES
from . import rules, selectors

PANEL_LIMIT = 5


def child_panel_context(child: Any, user: Any) -> dict[str, Any]:
    found = list(selectors.complaints_for_child(child)[: PANEL_LIMIT + 1])
    return {
        "child": child,
        "complaints": found[:PANEL_LIMIT],
        "more": len(found) > PANEL_LIMIT,
        "today": timezone.localdate(),
    }


def overdue_alerts(user: Any) -> list[dict[str, str]]:
    """Replies owed by the council's complaints procedure, on the worklist and the front page:
    those overdue, and those due in the next 7 days (counts only: no child is named)."""
    today = timezone.localdate()
    due = selectors.due_counts(selectors.complaints_in_scope(user), today)
    alerts = []
    if due["overdue"]:
        noun = "complaint response is" if due["overdue"] == 1 else "complaint responses are"
        alerts.append(
            {
                "text": f"{due['overdue']} {noun} overdue",
                "href": reverse("disputes:complaints") + "?status=open&overdue=on",
            }
        )
    if due["soon"]:
        noun = "complaint response is" if due["soon"] == 1 else "complaint responses are"
        alerts.append(
            {
                "text": f"{due['soon']} {noun} due in the next {selectors.DUE_SOON_DAYS} days",
                "href": reverse("disputes:complaints") + "?status=open&due_soon=on",
            }
        )
    return alerts


def family_status(child: Any, user: Any) -> str:
    """Next to the family's link: the stage of their latest open complaint."""
    latest = (
        selectors.complaints_for_child(child)
        .filter(stage__in=OPEN_STAGES, from_family=True)
        .first()
    )
    if latest is None:
        return ""
    text = f"Your complaint is at {latest.get_stage_display().lower()}"
    due = getattr(latest, "current_due", None)
    if due is not None:
        text += f": a reply is due by {govuk_date(due)}"
    return text


def register() -> None:
    registry.add_nav(
        registry.Nav("disputes:complaints", "Complaints", perm=rules.VIEW, order=75),
        registry.Nav("disputes:complaint_counts", "Complaints", perm=rules.LEADER_ONLY, order=75),
    )
    registry.add_panel(
        registry.Panel(
            slot=registry.CHILD_RECORD,
            template="disputes/complaints/_child_panel.html",
            perm=rules.is_editor & child_in_scope,
            order=40,
            context=child_panel_context,
        )
    )
    # The same panel on the case's overview page, for the case's child.
    registry.add_panel(
        registry.Panel(
            slot=registry.CASE_OVERVIEW,
            template="disputes/complaints/_child_panel.html",
            perm=rules.is_editor & rules.case_child_in_scope,
            order=40,
            context=lambda case, user: child_panel_context(case.child, user),
        )
    )
    registry.add_alert(registry.Alert(perm=rules.VIEW, alerts=overdue_alerts, order=60))
    actions.add_action(
        actions.Action(
            "Make a complaint",
            "disputes:family_complaint_raise",
            gate="disputes.raise_complaint",
            hint="Tell the council what went wrong. We will reply in writing.",
            order=65,
            places=("child", "complaints"),
            status=family_status,
        ),
        actions.Action(
            "Your complaints",
            "disputes:family_complaints",
            gate=rules.has_complaints,
            hint="See what stage your complaint is at.",
            order=66,
            places=("child", "complaints"),
        ),
    )
