"""What disagreements add to the pages below them (``sendpath.core.registry``) and to the
family's "Things you can do" list (``portal.status.actions``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from sendpath.core import registry
from sendpath.portal.status.actions import Action, add_action

from . import rules as _rules  # noqa: F401  (registers the permissions)
from . import selectors


def case_panel_context(case: Any, user: Any) -> dict[str, Any]:
    """The case's disagreements, for the case page (whose own view audits the read)."""
    return {
        "disagreements": list(selectors.disagreements_of_case(case)),
        "can_change": user.has_perm("disputes.change_disagreement", case),
    }


def action_alerts(user: Any) -> list[dict[str, str]]:
    """Actions of mediated agreements not yet done, on the worklist and the team's front page
    until each is marked done (counts only: no child is named)."""
    due = selectors.actions_due(user)
    count = due.count()
    if not count:
        return []
    overdue = due.filter(due__lt=timezone.localdate()).count()
    late = f" ({overdue} overdue)" if overdue else ""
    return [
        {
            "text": f"{count} {'action' if count == 1 else 'actions'} of mediated agreements "
            f"still to do{late}",
            "href": reverse("disputes:disagreements") + "#actions",
        }
    ]


RESPONSE_SOON_DAYS = 14


def response_alerts(user: Any) -> list[dict[str, str]]:
    """Responses to appeals owed to the tribunal by the date in its letter (HESC Rules 2008
    r.21): overdue, or due in the next two weeks (counts only: no child is named)."""
    due = selectors.responses_due_counts(user, timezone.localdate(), RESPONSE_SOON_DAYS)
    total = due["overdue"] + due["soon"]
    if not total:
        return []
    late = f" ({due['overdue']} overdue)" if due["overdue"] else ""
    noun = "response to an appeal is" if total == 1 else "responses to appeals are"
    return [
        {
            "text": f"{total} {noun} due to the tribunal in the next {RESPONSE_SOON_DAYS} "
            f"days or overdue{late}",
            "href": reverse("disputes:disagreements") + "?response_owed=on",
        }
    ]


def register() -> None:
    registry.add_alert(registry.Alert(perm="disputes.list_disagreements", alerts=action_alerts))
    registry.add_alert(registry.Alert(perm="disputes.list_disagreements", alerts=response_alerts))
    registry.add_nav(
        registry.Nav(
            "disputes:disagreements",
            "Disagreements",
            perm="disputes.list_disagreements",
            order=60,
        ),
        registry.Nav(
            "disputes:disagreement_counts",
            "Disagreements",
            perm="disputes.counts_in_menu",
            order=60,
        ),
    )
    registry.add_panel(
        registry.Panel(
            slot=registry.CASE_OVERVIEW,
            template="disputes/disagreements/_case_panel.html",
            perm="disputes.view_disagreement",
            order=30,
            context=case_panel_context,
        )
    )
    add_action(
        Action(
            "If you disagree with a decision",
            "disputes:family_disagreements",
            gate="disputes.follow_disagreements",
            hint="Mediation, appeals and the dates that matter.",
            order=80,
        )
    )
