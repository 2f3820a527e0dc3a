"""Decision notices: which apply to a case, and what each says.

Six decisions give the family a right of appeal to the First-tier Tribunal (SEND) under the
Children and Families Act 2014, section 51, and so need a written notice of those rights:

* not to carry out an EHC needs assessment (s.51(2)(a); SEND Regulations 2014 reg 5(3));
* not to issue a plan after an assessment (s.51(2)(b); reg 10);
* the final plan issued, whose sections B, F and I can be appealed (s.51(2)(c); reg 14);
* the amended plan issued, appealable as the final plan is (s.51(2)(c) and (4); reg 22(3));
* not to amend the plan after a review, or after amendments were proposed (s.51(2)(e);
  reg 20(10) and 21, reg 22(4));
* to cease to maintain the plan (s.51(2)(f); reg 31(2)-(3)); the plan is kept until the time
  to appeal has passed, or an appeal is decided (SEND Code of Practice 9.211).

Each notice gives the mediation information of reg 32, the 2-month limit to contact a mediation
adviser (reg 33) and the time limit to appeal (Tribunal Procedure (First-tier Tribunal) (HESC)
Rules 2008, r.20): 2 months from the notice, or 1 month from a mediation certificate if later.
The dates are the timescales engine's: before the notice is recorded as sent, a preview as if
it were sent today; afterwards, the case's own ``Deadline`` rows (for the latest notice sent) or
the engine's dates from that notice's own sending date (for an earlier one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from sendpath.core.formatting import contact_lines
from sendpath.ehc.cases import services
from sendpath.ehc.models import Case, CaseEvent, Deadline, Plan
from sendpath.people.ages import over_compulsory_school_age
from sendpath.people.models import FamilyMember, Organisation
from sendpath.timescales import compute

NOTICE_KEY = "notice"
"""A ``decision_notice_sent`` event's details name the notice sent under this key (one of
``KINDS``), with its label under ``kind_label``."""


@dataclass(frozen=True)
class Decision:
    """A recorded decision a notice follows: its event, outcome (if any) and the regulation
    that says the family must be told of it."""

    event_type: str
    outcome: str | None
    regulation: str


@dataclass(frozen=True)
class NoticeKind:
    key: str
    title: str  # the letter's heading, after "Decision ..."
    label: str  # how the notice is named on lists and on the timeline
    decisions: tuple[Decision, ...]
    appeal_section: str
    appeal_about: str
    # The tribunal may also recommend on health and social care: in appeals under s.51(2)(b)
    # to (f), not (a) (the Special Educational Needs and Disability (First-tier Tribunal
    # Recommendations Power) Regulations 2017, SI 2017/1306, the extended appeal).
    health_and_social_care: bool
    placement_only_without_certificate: bool
    plan_kept_until_appeal: bool = False  # the plan is kept until the appeal period ends

    @property
    def event_types(self) -> frozenset[str]:
        return frozenset(d.event_type for d in self.decisions)


_CONTENT = (
    "the description of special educational needs in section B of the plan, the "
    "special educational provision in section F, or the school or other institution "
    "named in section I (or that none is named)"
)

KINDS: dict[str, NoticeKind] = {
    "not_to_assess": NoticeKind(
        key="not_to_assess",
        title="Decision not to carry out an education, health and care (EHC) needs assessment",
        label="Notice of the decision not to assess",
        decisions=(Decision("decision_to_assess", "no", "regulation 5(3)"),),
        appeal_section="section 51(2)(a)",
        appeal_about="our decision not to carry out an EHC needs assessment",
        health_and_social_care=False,
        placement_only_without_certificate=False,
    ),
    "not_to_issue": NoticeKind(
        key="not_to_issue",
        title="Decision not to issue an education, health and care (EHC) plan",
        label="Notice of the decision not to issue a plan",
        decisions=(Decision("assessment_outcome", "no_plan", "regulation 10"),),
        appeal_section="section 51(2)(b)",
        appeal_about="our decision not to issue an EHC plan after the assessment",
        health_and_social_care=True,
        placement_only_without_certificate=False,
    ),
    "final_plan_issued": NoticeKind(
        key="final_plan_issued",
        title="Final education, health and care (EHC) plan issued",
        label="Notice that the final plan has been issued",
        decisions=(Decision("final_plan_issued", None, "regulation 14"),),
        appeal_section="section 51(2)(c)",
        appeal_about=_CONTENT,
        health_and_social_care=True,
        placement_only_without_certificate=True,
    ),
    "amended_plan_issued": NoticeKind(
        key="amended_plan_issued",
        title="Amended education, health and care (EHC) plan issued",
        label="Notice that the amended plan has been issued",
        decisions=(Decision("amended_plan_issued", None, "regulation 22(3)"),),
        appeal_section="section 51(2)(c) and (4)",
        appeal_about=_CONTENT + ", as the plan now stands after the amendment",
        health_and_social_care=True,
        placement_only_without_certificate=True,
    ),
    "not_to_amend": NoticeKind(
        key="not_to_amend",
        title="Decision not to amend the education, health and care (EHC) plan",
        label="Notice of the decision not to amend the plan",
        decisions=(
            Decision("review_decision_notified", "maintain", "regulations 20(10) and 21"),
            Decision("decided_not_to_amend", None, "regulation 22(4)"),
        ),
        appeal_section="section 51(2)(e)",
        appeal_about="our decision not to amend the EHC plan, and so what sections B, F and I "
        "of the plan say",
        health_and_social_care=True,
        placement_only_without_certificate=False,
    ),
    "plan_ceased": NoticeKind(
        key="plan_ceased",
        title="Decision to stop maintaining the education, health and care (EHC) plan",
        label="Notice of the decision to cease the plan",
        decisions=(Decision("plan_ceased", None, "regulation 31(2) and (3)"),),
        appeal_section="section 51(2)(f)",
        appeal_about="our decision to stop maintaining (cease) the EHC plan",
        # An appeal under s.51(2)(f) is one in which the tribunal may recommend on health and
        # social care (First-tier Tribunal Recommendations Power Regulations 2017).
        health_and_social_care=True,
        placement_only_without_certificate=False,
        plan_kept_until_appeal=True,
    ),
}


@dataclass
class Recipient:
    name: str
    address_lines: list[str]
    salutation: str
    young_person: bool
    found: bool


@dataclass
class Notice:
    kind: NoticeKind
    case: Case
    decision: CaseEvent
    sent: CaseEvent | None
    recipient: Recipient
    contact_mediation_by: dt.date | None
    appeal_by: dt.date | None
    preview_on: dt.date | None  # the hypothetical sending date of a preview, else None
    placement: str = ""
    notify_regulation: str = ""
    appeal_registered: bool = False

    @property
    def plan_kept_until(self) -> dt.date | None:
        """For a decision to cease: the plan is kept until the time to appeal has passed."""
        return self.appeal_by if self.kind.plan_kept_until_appeal else None

    @property
    def reasons(self) -> str:
        details = self.decision.details
        return str(details.get("reasons") or details.get("reason_label") or "")

    @property
    def letter_date(self) -> dt.date | None:
        return self.sent.date if self.sent else self.preview_on


def _lines(*parts: str) -> list[str]:
    lines: list[str] = []
    for part in parts:
        lines.extend(line.strip() for line in (part or "").splitlines() if line.strip())
    return lines


def recipient_for(case: Case, on: dt.date | None = None) -> Recipient:
    """The young person, or the main contact among those with parental responsibility."""
    on = on or timezone.localdate()
    child = case.child
    if over_compulsory_school_age(child.date_of_birth, on):
        return Recipient(
            name=child.full_name,
            address_lines=_lines(child.address, child.postcode),
            salutation=f"Dear {child.full_name}",
            young_person=True,
            found=True,
        )
    member = (
        FamilyMember.objects.filter(child=child, parental_responsibility=True)
        .order_by("-main_contact", "full_name")
        .first()
    )
    if member is None:
        return Recipient(
            name=f"The parent or carer of {child.full_name}",
            address_lines=_lines(child.address, child.postcode),
            salutation="Dear parent or carer",
            young_person=False,
            found=False,
        )
    address = _lines(member.address) or _lines(child.address, child.postcode)
    return Recipient(
        name=member.full_name,
        address_lines=address,
        salutation=f"Dear {member.full_name}",
        young_person=False,
        found=True,
    )


def decision_for(kind: NoticeKind, events: list[CaseEvent]) -> CaseEvent | None:
    """The latest of the kind's decisions, if it is one that needs this notice."""
    matching = [e for e in events if e.type in kind.event_types]
    if not matching:
        return None
    latest = matching[-1]
    if _decision_of(kind, latest) is None:
        return None
    return latest


def _decision_of(kind: NoticeKind, event: CaseEvent) -> Decision | None:
    for decision in kind.decisions:
        if decision.event_type == event.type and (
            decision.outcome is None or event.details.get("outcome") == decision.outcome
        ):
            return decision
    return None


def sent_for(kind: NoticeKind, decision: CaseEvent, events: list[CaseEvent]) -> CaseEvent | None:
    sent = [
        e
        for e in events
        if e.type == "decision_notice_sent"
        and e.details.get(NOTICE_KEY) == kind.key
        and (decision.date is None or (e.date is not None and e.date >= decision.date))
    ]
    return sent[-1] if sent else None


def preview_dates(
    case: Case, events: list[CaseEvent], on: dt.date
) -> tuple[dt.date | None, dt.date | None]:
    """The family's two limits if a notice were sent on ``on`` (the engine's computation)."""
    data = services.engine_input(case, events, on)
    data["events"].append({"type": "decision_notice_sent", "date": on.isoformat()})
    rows = {row["key"]: row for row in compute(data)["deadlines"]}
    return _date(rows.get("contact_mediation_adviser")), _date(rows.get("appeal_deadline"))


def dates_as_sent(
    case: Case, events: list[CaseEvent], sent: CaseEvent
) -> tuple[dt.date | None, dt.date | None]:
    """An earlier notice's own limits: the engine's dates from its sending date."""
    assert sent.date is not None  # noqa: S101 - a sent notice is dated
    before = [
        e
        for e in events
        if e.type != "decision_notice_sent" and (e.date is None or e.date <= sent.date)
    ]
    return preview_dates(case, before, sent.date)


def _date(row: Mapping[str, Any] | None) -> dt.date | None:
    return dt.date.fromisoformat(str(row["due"])) if row else None


def _placement(case: Case) -> str:
    plan = Plan.objects.filter(case=case).select_related("placement").first()
    if plan is None:
        return ""
    if plan.placement is not None:
        return plan.placement.name
    return plan.section_i.strip()


def notices_for(
    case: Case, events: list[CaseEvent] | None = None, today: dt.date | None = None
) -> list[Notice]:
    """The decision notices that apply to the case now, in pathway order."""
    today = today or timezone.localdate()
    events = services.effective_events(case) if events is None else events
    applicable = [
        (kind, decision)
        for kind in KINDS.values()
        if (decision := decision_for(kind, events)) is not None
    ]
    if not applicable:
        return []
    recipient = recipient_for(case, today)
    stored = {d.key: d.due for d in Deadline.objects.filter(case=case, family_limit=True)}
    preview: tuple[dt.date | None, dt.date | None] | None = None
    notices_sent = [e for e in events if e.type == "decision_notice_sent"]
    latest_sent = notices_sent[-1] if notices_sent else None
    appeals = [e.date for e in events if e.type == "appeal_registered" and e.date is not None]
    notices = []
    for kind, decision in applicable:
        sent = sent_for(kind, decision, events)
        if sent is not None and sent == latest_sent:
            mediation = stored.get("contact_mediation_adviser")
            appeal = stored.get("appeal_deadline")
            preview_on = None
        elif sent is not None:
            mediation, appeal = dates_as_sent(case, events, sent)
            preview_on = None
        else:
            if preview is None:
                preview = preview_dates(case, events, today)
            mediation, appeal = preview
            preview_on = today
        notices.append(
            Notice(
                kind=kind,
                case=case,
                decision=decision,
                sent=sent,
                recipient=recipient,
                contact_mediation_by=mediation,
                appeal_by=appeal,
                preview_on=preview_on,
                placement=_placement(case) if kind.placement_only_without_certificate else "",
                notify_regulation=rule.regulation if (rule := _decision_of(kind, decision)) else "",
                appeal_registered=sent is not None
                and sent.date is not None
                and any(day >= sent.date for day in appeals),
            )
        )
    return notices


def notice_get(case: Case, kind: str) -> Notice | None:
    return next((n for n in notices_for(case) if n.kind.key == kind), None)


def mediation_adviser(authority: Organisation | None = None) -> list[str]:
    """The authority's mediation adviser, from its administrator's page (or the settings'
    contact before that page is filled in)."""
    from sendpath.ehc.notices.contacts import contacts_for

    return contacts_for(authority).mediation_adviser


def tribunal() -> list[str]:
    return contact_lines(str(getattr(settings, "TRIBUNAL", "")))
