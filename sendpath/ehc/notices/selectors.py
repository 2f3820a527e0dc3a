"""Decision notices: which apply to a case, and what each says.

Three decisions give the family a right of appeal to the First-tier Tribunal (SEND) under the
Children and Families Act 2014, section 51, and so need a written notice of those rights:

* not to carry out an EHC needs assessment (s.51(2)(a); SEND Regulations 2014 reg 5(3));
* not to issue a plan after an assessment (s.51(2)(b); reg 10);
* the final plan issued, whose sections B, F and I can be appealed (s.51(2)(c); reg 14).

Each notice gives the mediation information of reg 32, the 2-month limit to contact a mediation
adviser (reg 33) and the time limit to appeal (Tribunal Procedure (First-tier Tribunal) (HESC)
Rules 2008, r.20): 2 months from the notice, or 1 month from a mediation certificate if later.
The dates are the timescales engine's: before the notice is recorded as sent, a preview as if
it were sent today; afterwards, the case's own ``Deadline`` rows.
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
from sendpath.people.models import FamilyMember
from sendpath.timescales import compute


@dataclass(frozen=True)
class NoticeKind:
    key: str
    title: str  # the letter's heading, after "Decision ..."
    label: str  # how the notice is named on lists and on the timeline
    event_type: str
    outcome: str | None
    notify_regulation: str
    appeal_section: str
    appeal_about: str
    health_and_social_care: bool  # the tribunal may also recommend on health and social care
    placement_only_without_certificate: bool


KINDS: dict[str, NoticeKind] = {
    "not_to_assess": NoticeKind(
        key="not_to_assess",
        title="Decision not to carry out an education, health and care (EHC) needs assessment",
        label="Notice of the decision not to assess",
        event_type="decision_to_assess",
        outcome="no",
        notify_regulation="regulation 5(3)",
        appeal_section="section 51(2)(a)",
        appeal_about="our decision not to carry out an EHC needs assessment",
        health_and_social_care=False,
        placement_only_without_certificate=False,
    ),
    "not_to_issue": NoticeKind(
        key="not_to_issue",
        title="Decision not to issue an education, health and care (EHC) plan",
        label="Notice of the decision not to issue a plan",
        event_type="assessment_outcome",
        outcome="no_plan",
        notify_regulation="regulation 10",
        appeal_section="section 51(2)(b)",
        appeal_about="our decision not to issue an EHC plan after the assessment",
        health_and_social_care=True,
        placement_only_without_certificate=False,
    ),
    "final_plan_issued": NoticeKind(
        key="final_plan_issued",
        title="Final education, health and care (EHC) plan issued",
        label="Notice that the final plan has been issued",
        event_type="final_plan_issued",
        outcome=None,
        notify_regulation="regulation 14",
        appeal_section="section 51(2)(c)",
        appeal_about=(
            "the description of special educational needs in section B of the plan, the "
            "special educational provision in section F, or the school or other institution "
            "named in section I (or that none is named)"
        ),
        health_and_social_care=True,
        placement_only_without_certificate=True,
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

    @property
    def reasons(self) -> str:
        return str(self.decision.details.get("reasons", "") or "")

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
    matching = [e for e in events if e.type == kind.event_type]
    if not matching:
        return None
    latest = matching[-1]
    if kind.outcome is not None and latest.details.get("outcome") != kind.outcome:
        return None
    return latest


def sent_for(kind: NoticeKind, decision: CaseEvent, events: list[CaseEvent]) -> CaseEvent | None:
    sent = [
        e
        for e in events
        if e.type == "decision_notice_sent"
        and e.details.get("kind") == kind.key
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
    notices = []
    for kind, decision in applicable:
        sent = sent_for(kind, decision, events)
        if sent is not None:
            mediation = stored.get("contact_mediation_adviser")
            appeal = stored.get("appeal_deadline")
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
                placement=_placement(case) if kind.key == "final_plan_issued" else "",
            )
        )
    return notices


def notice_get(case: Case, kind: str) -> Notice | None:
    return next((n for n in notices_for(case) if n.kind.key == kind), None)


def mediation_adviser() -> list[str]:
    return contact_lines(str(getattr(settings, "MEDIATION_ADVISER", "")))


def tribunal() -> list[str]:
    return contact_lines(str(getattr(settings, "TRIBUNAL", "")))
