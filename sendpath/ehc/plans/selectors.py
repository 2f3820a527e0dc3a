"""Reads for the plan: the case's plan, its draft and representation dates, whether it can be
edited, and the settings consulted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from sendpath.ehc.cases import services
from sendpath.ehc.cases.selectors import amendment_open
from sendpath.ehc.cases.stages import Step, step_allowed
from sendpath.ehc.models import (
    Case,
    CaseEvent,
    Deadline,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanProvision,
    PlanStatus,
)
from sendpath.people.models import EDUCATION_KINDS, Organisation, User


def plan_for(case: Case, actor: User | None = None) -> Plan:
    """The case's plan (every case has one from its request; older records get one now)."""
    plan = Plan.objects.filter(case=case).first()
    if plan is None:
        plan, _ = Plan.objects.get_or_create(
            case=case, defaults={"created_by": actor, "modified_by": actor}
        )
    return plan


def current_events(case: Case, *types: str) -> list[CaseEvent]:
    return [e for e in services.effective_events(case) if not types or e.type in types]


def latest_event(case: Case, type: str) -> CaseEvent | None:
    events = current_events(case, type)
    return events[-1] if events else None


def draft_sent_on(case: Case, plan: Plan) -> dt.date | None:
    """When the draft was sent, from the timeline (which corrections keep right)."""
    draft = latest_event(case, "draft_plan_sent")
    return draft.date if draft is not None and draft.date else plan.draft_sent_on


def representations_close(case: Case) -> Deadline | None:
    """The last day of the family's 15 days to comment on the draft (reg 13(1)(a))."""
    return Deadline.objects.filter(case=case, key="draft_representations_close").first()


def is_editable(case: Case, plan: Plan) -> bool:
    if plan.status == PlanStatus.FINAL:
        return amendment_open(case) is not None
    return step_allowed(case, Step.EDIT_PLAN)


@dataclass
class Consultation:
    """A setting consulted on the draft plan, with its response due date and any response."""

    ident: str
    organisation_id: str
    organisation: str
    consulted_on: dt.date | None
    due: Deadline | None
    response: CaseEvent | None

    @property
    def can_meet(self) -> bool | None:
        return None if self.response is None else bool(self.response.details.get("can_meet"))

    @property
    def status(self) -> str:
        if self.response is not None:
            return "met" if self.due is None or self.due.status == "met" else "late"
        if self.due is not None and self.due.due < timezone.localdate():
            return "overdue"
        return "open"


def consultations(case: Case) -> list[Consultation]:
    events = current_events(case, "setting_consulted", "setting_responded")
    responses = {e.details.get("id"): e for e in events if e.type == "setting_responded"}
    due = {d.key: d for d in Deadline.objects.filter(case=case, family="setting_response")}
    return [
        Consultation(
            ident=str(e.details.get("id", "")),
            organisation_id=str(e.details.get("organisation_id", "")),
            organisation=str(e.details.get("organisation", "")),
            consulted_on=e.date,
            due=due.get(f"setting_response:{e.details.get('id')}"),
            response=responses.get(e.details.get("id")),
        )
        for e in events
        if e.type == "setting_consulted"
    ]


def education_settings() -> list[Organisation]:
    """Schools, colleges and early years settings a family may name (in any area)."""
    return list(
        Organisation.objects.filter(kind__in=EDUCATION_KINDS, is_active=True)
        .select_related("local_authority")
        .order_by("name")
    )


def plan_needs_for(*, plan: Plan) -> QuerySet[PlanNeed]:
    """The needs written in a plan (the plan is already in the user's scope)."""
    return PlanNeed.objects.filter(plan=plan)


def plan_outcomes_for(*, plan: Plan) -> QuerySet[PlanOutcome]:
    """The outcomes written in a plan."""
    return PlanOutcome.objects.filter(plan=plan)


def plan_provisions_for(*, plan: Plan) -> QuerySet[PlanProvision]:
    """The provision written in a plan."""
    return PlanProvision.objects.filter(plan=plan)


def final_plan_for_child(child: Any) -> Plan | None:
    """The child's plan in force: the final plan of their newest case that has one."""
    return (
        Plan.objects.filter(case__child=child, status=PlanStatus.FINAL)
        .select_related("case", "case__authority", "case__child")
        .order_by("-case__received_on")
        .first()
    )
