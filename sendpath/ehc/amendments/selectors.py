"""Reads for the plan in force: its versions, the amendment deadlines, whether it can be amended,
and the decision to cease it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from sendpath.core.reference import SEN2_CEASE_REASONS
from sendpath.ehc.cases.stages import Step, step_allowed
from sendpath.ehc.models import Case, CaseEvent, Deadline, Plan, PlanStatus, PlanVersion
from sendpath.ehc.plans import selectors as plan_selectors
from sendpath.people.ages import YOUNG_PERSON_AGE_LIMIT, birthday

CEASE_REASONS: dict[str, str] = dict(SEN2_CEASE_REASONS)


PROVISION_LETTERS = ("F", "G", "H1", "H2")


SECTION_ORDER = ("A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K")


def ceased_event(case: Case) -> CaseEvent | None:
    events = plan_selectors.current_events(case, "plan_ceased")
    return events[-1] if events else None


def amendment_deadlines(case: Case) -> list[Deadline]:
    """The family's 15 days and the 8 weeks to issue, as the engine computed them."""
    keys = ("amendment_representations_close", "issue_amended_plan")
    rows = {d.key: d for d in Deadline.objects.filter(case=case, key__in=keys)}
    return [rows[k] for k in keys if k in rows]


def versions(plan: Plan) -> list[PlanVersion]:
    return list(plan.versions.select_related("created_by").order_by("number"))


@dataclass
class Ceased:
    event: CaseEvent
    reason_label: str
    maintained_until: dt.date | None


def ceased_info(case: Case) -> Ceased | None:
    """The decision to cease, and the day the plan stays maintained until (the family's appeal
    deadline, from the engine, after the notice was sent)."""
    event = ceased_event(case)
    if event is None:
        return None
    appeal = Deadline.objects.filter(case=case, key="appeal_deadline").first()
    return Ceased(
        event=event,
        reason_label=str(event.details.get("reason_label", "")),
        maintained_until=appeal.due if appeal is not None else None,
    )


def can_amend(case: Case, plan: Plan) -> bool:
    return (
        step_allowed(case, Step.AMEND)
        and plan.status == PlanStatus.FINAL
        and ceased_event(case) is None
    )


# SEN2 cease reason 1: the young person has reached the maximum age.
REACHED_MAXIMUM_AGE = "1"


def turning_25(case: Case, on: dt.date | None = None) -> dt.date | None:
    """The young person's 25th birthday, when their plan is in force and that birthday is less
    than 12 months away or has passed: a young person is under 25 (CFA 2014 s.83(2)), and a plan
    may be kept only until the end of the academic year in which they turn 25 (s.46)."""
    on = on or timezone.localdate()
    twenty_fifth = birthday(case.child.date_of_birth, YOUNG_PERSON_AGE_LIMIT)
    if on < birthday(twenty_fifth, -1):
        return None
    plan = Plan.objects.filter(case=case).first()
    if plan is None or not can_amend(case, plan):
        return None
    return twenty_fifth
