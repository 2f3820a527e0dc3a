"""What this part adds to other pages (``sendpath.core.registry``): the family's views for a
review, on the staff review page beside the review dates; and the permissions of its pages."""

from __future__ import annotations

from typing import Any

from sendpath.core import registry
from sendpath.core.formatting import govuk_date
from sendpath.ehc.models import Document
from sendpath.ehc.presenters import event_label
from sendpath.ehc.rules import works_on_cases
from sendpath.people.rules import child_in_scope

from . import rules as rules
from . import selectors

# The pages of this part, for the family's "things you can do" list: (label, URL name,
# permission, one plain sentence).
PAGES = (
    ("Ask for an assessment", "portal:ask_assessment", "portal.ask_assessment",
     "Ask the council to find out what help is needed."),
    ("Read and comment on the draft plan", "portal:draft_plan", "portal.respond_to_draft",
     "Say what you think, ask for a meeting and name the school or college you want."),
    ("Ask for a personal budget", "portal:personal_budget", "portal.ask_personal_budget",
     "Money to arrange some of the help yourself."),
    ("Send reports and letters", "portal:documents", "portal.send_documents",
     "Upload a report or letter for your caseworker."),
    ("Your views for the review", "portal:review_contribution", "portal.contribute_to_review",
     "Tell us what is going well and what is not, before the review meeting."),
    ("Tell us something is wrong", "portal:concern", "portal.raise_concern",
     "Send a message to your caseworker."),
    ("Complaints and disagreements", "portal:complaints", "portal.raise_concern",
     "Free advice, complaints, mediation and appeals."),
)  # fmt: skip


def review_rows(case: Any, user: Any) -> list[dict[str, Any]]:
    """The family's views sent for the review, each with who sent it and when, and any file."""
    rows = []
    for event in selectors.review_contributions(case):
        files = list(Document.objects.filter(event=event).values_list("title", flat=True))
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
