"""What this part adds to other pages: the family's views for a review on the staff review
page, what the family sent on the child's record (``sendpath.core.registry``), and its pages in
the family's list of things they can do (the status part's list). Importing
``rules`` registers the permissions of its pages."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from sendpath.core import registry
from sendpath.core.formatting import govuk_date
from sendpath.ehc.presenters import event_label
from sendpath.ehc.rules import works_on_cases
from sendpath.people.rules import child_in_scope
from sendpath.portal.status import actions

from . import selectors
from .rules import (
    budget_possible,
    draft_waiting,
    family_child,
    has_an_open_case,
    no_open_request,
    review_arranged,
)

# The pages of this part, for the family's "things you can do" list on the child's page:
# (label, URL name, when to offer it, one plain sentence, order).
PAGES = (
    ("Ask for an assessment", "portal:ask_assessment",
     family_child & no_open_request, "Ask the council to find out what help is needed.", 10),
    ("Read and comment on the draft plan", "portal:draft_plan", family_child & draft_waiting,
     "Say what you think, ask for a meeting and name the school or college you want.", 20),
    ("Your views for the review", "portal:review_contribution",
     family_child & review_arranged,
     "Tell us what is going well and what is not, before the review meeting.", 30),
    ("Ask for a personal budget", "portal:personal_budget", family_child & budget_possible,
     "Money to arrange some of the help yourself.", 40),
    ("Send reports and letters", "portal:documents", family_child & has_an_open_case,
     "Upload a report or letter for your caseworker.", 50),
    ("Tell us something is wrong", "portal:concern", family_child,
     "Send a message to your caseworker.", 60),
    ("Complaints and disagreements", "portal:complaints", family_child,
     "Free advice, complaints, mediation and appeals.", 70),
)  # fmt: skip


def draft_status(child: Any, user: Any) -> str:
    draft = selectors.draft_for(child)
    if draft is None or draft.last_day is None:
        return ""
    if draft.late_on(timezone.localdate()):
        return f"The last day was {govuk_date(draft.last_day)}: comments now are marked late"
    return f"Last day for comments: {govuk_date(draft.last_day)}"


def _offer_actions() -> None:
    """Add the pages to the status part's list of things a family can do."""
    for label, url_name, gate, hint, order in PAGES:
        actions.add_action(
            actions.Action(
                label,
                url_name,
                gate=gate,
                hint=hint,
                order=order,
                status=draft_status if url_name == "portal:draft_plan" else None,
            )
        )


def review_rows(case: Any, user: Any) -> list[dict[str, Any]]:
    """The family's views sent for the review, each with who sent it and when, and any file."""
    rows = []
    for event in selectors.review_contributions(case):
        files = selectors.event_file_titles(event)
        value = str(event.details.get("views", ""))
        if files:
            value += f" (with a file: {', '.join(files)})"
        rows.append(
            {
                "key": {
                    "text": f"Family's views for the review, from "
                    f"{event.details.get('from', 'the family')}, {govuk_date(event.date)}"
                },
                "value": {"text": value},
            }
        )
    return rows


# Everything a family can send from these pages, as steps on the case timeline.
FAMILY_TYPES = (
    "family_representations",
    "family_meeting_requested",
    "family_placement_preference",
    "family_personal_budget_requested",
    "family_document",
    "family_concern",
    "family_review_contribution",
)
PANEL_LIMIT = 10


def family_sent_context(child: Any, user: Any) -> dict[str, Any]:
    """For the SEND team on the child's record: what the family has sent, newest first."""
    events = selectors.family_sent(child, *FAMILY_TYPES)
    return {
        "rows": [
            {"event": e, "label": event_label(e), "case": e.case} for e in events[:PANEL_LIMIT]
        ],
        "more": max(0, len(events) - PANEL_LIMIT),
    }


def register() -> None:
    _offer_actions()
    registry.add_rows(
        registry.Rows(slot=registry.CASE_REVIEW, perm="ehc.view_review", rows=review_rows)
    )
    registry.add_panel(
        registry.Panel(
            slot=registry.CHILD_RECORD,
            template="portal/asking/_staff_panel.html",
            perm=works_on_cases & child_in_scope,
            order=15,
            context=family_sent_context,
        )
    )
