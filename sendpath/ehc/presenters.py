"""Plain-English labels and statuses for deadlines and timeline events."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from sendpath.timescales import rule_for

from .models import Case, CaseEvent, Deadline


def period_of(key: str, name: str = "period") -> str:
    """A rule's period in words ("6 weeks", "15 days"), read from the rule itself, so a page
    never states a period the engine does not count. ``name`` picks one of a rule's several
    periods (e.g. ``appeal_deadline``'s "decision" and "certificate")."""
    return rule_for(key).periods[name].length


DEADLINE_LABELS: dict[str, str] = {
    "decide_whether_to_assess": "Decide whether to assess",
    "advice": "Advice",
    "draft_plan_target": "Send the draft plan (local target)",
    "draft_representations_close": (
        f"Family's {period_of('draft_representations_close')} to comment on the draft plan"
    ),
    "setting_response": "Setting's response to consultation",
    "decide_whether_to_issue_plan": "Decide whether to issue a plan",
    "issue_final_plan": f"Issue the final plan ({period_of('issue_final_plan')})",
    "annual_review": "Annual review meeting",
    "early_years_review": "Six-monthly review (under 5)",
    "review_invitations": "Send review invitations",
    "review_report": "Review report",
    "review_decision": "Decision after the review",
    "amendment_representations_close": (
        f"Family's {period_of('amendment_representations_close')} to comment on amendments"
    ),
    "issue_amended_plan": "Issue the amended plan",
    "phase_transfer_review": "Phase transfer: amend the plan",
    "transfer_plan_out": "Transfer the plan to the new authority",
    "transfer_notice": "Tell the family how the plan will continue",
    "transfer_review": "Review the transferred plan",
    "contact_mediation_adviser": "Family's limit to contact a mediation adviser",
    "mediation_certificate": "Issue the mediation certificate",
    "arrange_mediation": "Hold the mediation",
    "mediation_notice": "Give notice of the mediation",
    "appeal_deadline": "Family's limit to appeal to the tribunal",
    "comply_with_order": "Comply with the tribunal's order",
}

EVENT_LABELS: dict[str, str] = {
    "request_received": "Request for an EHC needs assessment received",
    "decision_to_assess": "Decision whether to assess",
    "advice_requested": "Advice requested",
    "advice_received": "Advice received",
    "existing_advice_agreed": "Existing advice agreed as sufficient",
    "draft_plan_sent": "Draft plan sent to the family",
    "setting_consulted": "Setting consulted",
    "setting_responded": "Setting responded",
    "placement_named": "Placement named",
    "assessment_outcome": "Decision whether to issue a plan",
    "final_plan_issued": "Final plan issued",
    "decision_notice_sent": "Decision notice sent",
    "exception": "Exception recorded",
    "caseworker_assigned": "Caseworker assigned",
    "note": "Note",
    "request_withdrawn": "Request withdrawn",
    "review_meeting_scheduled": "Review meeting arranged",
    "review_invitations_sent": "Review invitations sent",
    "review_meeting_held": "Review meeting held",
    "review_report_received": "Review report received",
    "review_decision_notified": "Review decision sent to the family",
    "phase_transfer": "Phase transfer recorded",
    "amendment_proposed": "Amendments proposed",
    "amended_plan_issued": "Amended plan issued",
    "decided_not_to_amend": "Decided not to amend the plan",
    "move_notified": "Move to another authority notified",
    "plan_transferred": "Plan transferred to the new authority",
    "transfer_in": "Plan transferred in from another authority",
    "plan_ceased": "Decision to cease the plan",
    "appeal_decided": "Tribunal decided the appeal",
    "family_representations": "Family's comments on the draft plan",
    "family_meeting_requested": "Family asked for a meeting about the draft plan",
    "family_placement_preference": "Family named the school or college they want",
    "family_personal_budget_requested": "Family asked for a personal budget",
    "family_document": "Family sent a document",
    "family_concern": "Family said something is wrong",
    "family_review_contribution": "Family's views for the review",
    "mediation_adviser_contacted": "Family contacted the mediation adviser",
    "mediation_certificate_issued": "Mediation certificate issued",
    "mediation_requested": "Family asked for mediation",
    "mediation_scheduled": "Mediation arranged",
    "mediation_notice_sent": "Notice of the mediation sent",
    "mediation_held": "Mediation held",
    "appeal_registered": "Appeal registered by the tribunal",
    "tribunal_order": "Tribunal's order",
    "order_complied": "Tribunal's order met",
    "complaint_received": "Complaint received",
    "complaint_stage_started": "Complaint moved on",
    "complaint_responded": "Response to the complaint sent",
    "complaint_closed": "Complaint closed",
    "personal_budget_requested": "Personal budget asked for",
    "personal_budget_agreed": "Personal budget agreed",
    "personal_budget_refused": "Personal budget refused",
    "personal_budget_review_requested": "Review of the personal budget refusal asked for",
    "direct_payments_set_up": "Direct payments set up",
    "direct_payment_consent_withdrawn": "Consent to direct payments withdrawn: payments stopped",
}

# Complaint steps read by their kind: a request for disagreement resolution (SEND Regulations
# 2014 reg 54) is not a complaint.
RESOLUTION_LABELS = {
    "complaint_received": "Disagreement resolution requested",
    "complaint_closed": "Disagreement resolution closed",
}
COMPLAINT_STAGES = {
    "stage_1": "stage 1",
    "stage_2": "stage 2",
    "ombudsman": "the Ombudsman",
    "passed_on": "passed to the school or health service that deals with it",
}
COMPLAINT_OUTCOMES = {
    "upheld": "upheld",
    "partly_upheld": "partly upheld",
    "not_upheld": "not upheld",
    "resolved": "agreement reached",
    "not_resolved": "no agreement",
    "withdrawn": "withdrawn",
}
BUDGET_HOLDINGS = {
    "direct_payment": "direct payment",
    "arrangement": "arrangement",
    "third_party": "third party",
    "mix": "a mix",
}

MEDIATION_OUTCOMES = {
    "agreed": "agreement reached",
    "partly": "partly agreed",
    "not_agreed": "no agreement",
}

STATUS_TAGS = {
    "overdue": ("Overdue", "govuk-tag--red"),
    "open": ("Due", "govuk-tag--blue"),
    "late": ("Done late", "govuk-tag--orange"),
    "met": ("Done on time", "govuk-tag--green"),
}


_MACHINE_ID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$")


def deadline_label(key: str, names: dict[str, str] | None = None) -> str:
    family, _, ident = key.partition(":")
    base = DEADLINE_LABELS.get(family, family.replace("_", " ").capitalize())
    if ident:
        shown = (names or {}).get(key)
        if not shown and _MACHINE_ID.match(ident):
            return base  # a generated id means nothing to a reader
        return f"{base}: {shown or ident.replace('_', ' ')}"
    return base


def live_status(deadline: Deadline, today: dt.date | None = None) -> str:
    """Status as of today: stored rows are computed when the timeline last changed."""
    today = today or timezone.localdate()
    if deadline.pending:
        return "overdue" if deadline.due < today else "open"
    if deadline.family.endswith("_representations_close"):
        return "met" if deadline.due < today else "open"
    return deadline.status


@dataclass
class DeadlineView:
    deadline: Deadline
    label: str
    status: str
    rule: str
    source: str
    days_left: int

    @property
    def tag(self) -> tuple[str, str]:
        return STATUS_TAGS.get(self.status, (self.status, "govuk-tag--grey"))


def deadline_views(case: Case, names: dict[str, str] | None = None) -> list[DeadlineView]:
    today = timezone.localdate()
    views = []
    for d in case.deadlines.all():
        rule = rule_for(d.key)
        views.append(
            DeadlineView(
                deadline=d,
                label=deadline_label(d.key, names),
                status=live_status(d, today),
                rule=rule.due,
                source=rule.source,
                days_left=(d.due - today).days,
            )
        )
    return views


def event_label(event: CaseEvent) -> str:
    label = EVENT_LABELS.get(event.type, event.type.replace("_", " ").capitalize())
    outcome = event.details.get("outcome")
    if event.type == "decision_to_assess" and outcome:
        label += ": yes, assess" if outcome == "yes" else ": no, do not assess"
    if event.type == "assessment_outcome" and outcome:
        label += ": issue a plan" if outcome == "plan" else ": do not issue a plan"
    if event.type == "mediation_adviser_contacted" and "wants_mediation" in event.details:
        wants = event.details["wants_mediation"]
        label += ": wants mediation" if wants else ": does not want mediation"
    if event.type == "mediation_held" and outcome in MEDIATION_OUTCOMES:
        label += f": {MEDIATION_OUTCOMES[outcome]}"
    if event.type.startswith("complaint_"):
        return _complaint_label(event.type, event.details, label)
    if event.type == "personal_budget_agreed":
        label += _budget_amount(event.details)
    return label


def _complaint_label(type_: str, details: dict[str, Any], label: str) -> str:
    if details.get("kind") == "resolution":
        label = RESOLUTION_LABELS.get(type_, label)
    stage = COMPLAINT_STAGES.get(str(details.get("stage", "")))
    outcome = COMPLAINT_OUTCOMES.get(str(details.get("outcome", "")))
    if type_ == "complaint_stage_started" and details.get("stage") == "arranged":
        return "Disagreement resolution arranged"
    if type_ == "complaint_stage_started" and stage:
        return f"Complaint moved on: {stage}"
    if type_ == "complaint_responded" and stage:
        return f"{label} ({stage})"
    if type_ == "complaint_closed" and outcome:
        return f"{label}: {outcome}"
    return label


def _budget_amount(details: dict[str, Any]) -> str:
    pence = details.get("amount_pence")
    if not isinstance(pence, int):
        return ""
    held = BUDGET_HOLDINGS.get(str(details.get("holding", "")))
    amount = f"£{pence // 100:,}" + (f".{pence % 100:02d}" if pence % 100 else "")
    return f": {amount} a year" + (f", held as {held}" if held else "")


def event_summary(event: CaseEvent) -> str:
    d: dict[str, Any] = event.details
    parts = []
    for key in (
        "source_label",
        "organisation",
        "author",
        "caseworker",
        "reasons",
        "reason",
        "applies_to_label",
        "kind_label",
        "venue",
    ):
        if d.get(key):
            parts.append(str(d[key]))
    if event.note:
        parts.append(event.note)
    return " · ".join(parts)


def names_for(case: Case) -> dict[str, str]:
    """Display names for advice ids and consulted settings, from the events that created them."""
    return names_for_cases([case.pk]).get(case.pk, {})


def names_for_cases(case_ids: Any) -> dict[Any, dict[str, str]]:
    """``names_for`` of many cases in one query (a worklist page, an agenda). Each advice is
    named by its kind and who gives it ("Educational advice from Ourshire Primary"); two that
    would still read the same are told apart by the date they were asked for."""
    events = (
        CaseEvent.objects.filter(
            case_id__in=list(case_ids), type__in=["advice_requested", "setting_consulted"]
        )
        .order_by("date", "recorded_at")
        .values_list("case_id", "type", "date", "details")
    )
    found: dict[Any, list[tuple[str, str, dt.date | None]]] = {}
    for case_id, type_, date, details in events:
        ident = details.get("id")
        if not ident:
            continue
        if type_ == "advice_requested":
            name = details.get("source_label") or "Advice"
            giver = details.get("organisation") or details.get("author")
            if giver:
                name = f"{name} from {giver}"
            found.setdefault(case_id, []).append((f"advice:{ident}", name, date))
        else:
            name = details.get("organisation") or "a setting"
            found.setdefault(case_id, []).append((f"setting_response:{ident}", name, date))
    result: dict[Any, dict[str, str]] = {}
    for case_id, rows in found.items():
        counts: dict[str, int] = {}
        for _, name, _ in rows:
            counts[name] = counts.get(name, 0) + 1
        names: dict[str, str] = {}
        for key, name, date in rows:
            if counts[name] > 1 and date is not None:
                name = f"{name}, asked for {date:%-d %B %Y}"
            names[key] = name
        # Still alike (asked for the same day): number them in the order they were asked for.
        seen: dict[str, int] = {}
        for key, name in list(names.items()):
            if list(names.values()).count(name) > 1:
                seen[name] = seen.get(name, 0) + 1
                names[key] = f"{name} ({seen[name]})"
        result[case_id] = names
    return result


# The counts of an SEN2 import's report (``caseload.loading.Report``), in the order shown.
IMPORT_COUNTS = (
    ("persons", "People in the return"),
    ("children_created", "Children added"),
    ("children_matched", "Children already on the service (matched)"),
    ("cases", "Cases created"),
    ("already_imported", "Requests already imported (left as they are)"),
    ("open_requests", "Requests still open (on the worklist)"),
    ("plans_in_force", "Plans in force"),
    ("plans_ceased", "Ceased plans"),
    ("reviews_due", "Annual reviews due in the next 8 weeks or overdue"),
    ("reviews_overdue", "Annual reviews overdue"),
    ("organisations_added", "Schools and colleges added"),
)


def report_rows(report: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(label, report.get(key, 0)) for key, label in IMPORT_COUNTS]


def report_lines(report: dict[str, Any]) -> list[str]:
    """An SEN2 import's report as lines of text (the command prints them)."""
    head = "Dry run: nothing was kept." if report.get("dry_run") else "Imported."
    lines = [f"{head} SEN2 return {report.get('year')}, read in {report.get('seconds')} s"]
    lines += [f"{label}: {value}" for label, value in report_rows(report)]
    warnings = report.get("warnings") or []
    lines.append(f"Warnings: {len(warnings)}")
    lines += [f"  {w}" for w in warnings]
    return lines
