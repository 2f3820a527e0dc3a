"""Plans in force: amendments, plan versions and ceasing a plan.

A plan issued as final can change only through an amendment (reg 22) or an annual review. The
authority proposes the changes with its reasons and evidence (``amendment_proposed`` starts the
family's 15 days for representations and the 8 weeks to issue), then issues the amended plan
(``amended_plan_issued``) or decides not to amend (``decided_not_to_amend``). While a proposal is
open the plan's sections can be edited with the services of ``plan.py`` (its ``_check_editable``
asks ``amendment_open``). Every plan issued (the final plan and each amended plan) is kept as a
``PlanVersion`` snapshot, and two versions can be compared section by section.

Ceasing (CFA s.45, reg 31) is a local step, ``plan_ceased``, recorded with the SEN2 reason, the
consultation done, and the notice with appeal rights (``decision_notice_sent``, which starts the
family's appeal deadline). The plan stays maintained until the appeal period ends, so the case is
not closed here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest

from sendpath.core.audit import audit_record
from sendpath.core.formatting import govuk_date
from sendpath.core.models import AuditAction
from sendpath.core.reference import SEN2_CEASE_REASONS
from sendpath.people.models import User

from . import documents, services
from . import plan as plans
from .models import Case, CaseEvent, Deadline, Plan, PlanStatus, PlanVersion, Stage

CEASE_REASONS: dict[str, str] = dict(SEN2_CEASE_REASONS)
TEXT_LETTERS = ("A", "C", "D", "I", "J", "K")
PROVISION_LETTERS = ("F", "G", "H1", "H2")
SECTION_ORDER = ("A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K")
CLOSING_TYPES = ("amended_plan_issued", "decided_not_to_amend")


# ---------------------------------------------------------------------------------------------
# Reads


def amendment_open(case: Case) -> CaseEvent | None:
    """The amendment proposal still open: no amended plan issued and no decision not to amend
    recorded after it. While it is open the plan in force can be edited."""
    open_event: CaseEvent | None = None
    for event in services.effective_events(case):
        if event.type == "amendment_proposed":
            open_event = event
        elif event.type in CLOSING_TYPES:
            open_event = None
    return open_event


def ceased_event(case: Case) -> CaseEvent | None:
    events = plans.current_events(case, "plan_ceased")
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
        case.stage == Stage.FINAL_ISSUED
        and plan.status == PlanStatus.FINAL
        and ceased_event(case) is None
    )


# ---------------------------------------------------------------------------------------------
# Snapshots and comparison


def snapshot_plan(plan: Plan) -> dict[str, Any]:
    """Every section and item of the plan, with the needs each outcome and provision meets."""
    needs = list(plan.needs.all())
    numbers = plans.need_numbers(needs)
    return {
        "sections": {
            letter: getattr(plan, plans.TEXT_SECTIONS[letter.lower()].field)
            for letter in TEXT_LETTERS
        },
        "placement": plan.placement.name if plan.placement_id and plan.placement else "",
        "needs": [
            {
                "id": str(n.pk),
                "number": numbers[n.pk],
                "area": n.area,
                "description": n.description,
            }
            for n in needs
        ],
        "outcomes": [
            {
                "id": str(o.pk),
                "what": o.what,
                "by_when": o.by_when,
                "how_measured": o.how_measured,
                "preparing_for_adulthood": o.preparing_for_adulthood,
                "needs": sorted(numbers[n.pk] for n in o.needs.all() if n.pk in numbers),
            }
            for o in plan.outcomes.prefetch_related("needs")
        ],
        "provisions": [
            {
                "id": str(p.pk),
                "section": p.section,
                "what": p.what,
                "who": p.who,
                "how_often": p.how_often,
                "how_long": p.how_long,
                "needs": sorted(numbers[n.pk] for n in p.needs.all() if n.pk in numbers),
            }
            for p in plan.provisions.prefetch_related("needs")
        ],
    }


@dataclass
class Change:
    """One difference between two versions: added, removed or changed, in plain words."""

    kind: str  # "Added", "Removed", "Changed"
    item: str
    before: str
    after: str


@dataclass
class SectionChanges:
    letter: str
    title: str
    changes: list[Change] = field(default_factory=list)


def _needs_text(numbers: list[int]) -> str:
    if not numbers:
        return "no needs"
    return (
        "Need " + ", ".join(str(n) for n in numbers)
        if len(numbers) == 1
        else ("Needs " + ", ".join(str(n) for n in numbers))
    )


def _need_text(item: dict[str, Any]) -> str:
    return f"{item.get('area', '')}: {item.get('description', '')}"


def _outcome_text(item: dict[str, Any]) -> str:
    parts = [str(item.get("what", ""))]
    if item.get("by_when"):
        parts.append(f"By: {item['by_when']}")
    if item.get("how_measured"):
        parts.append(f"Measured by: {item['how_measured']}")
    if item.get("preparing_for_adulthood"):
        parts.append("Preparing for adulthood")
    parts.append(f"Meets: {_needs_text(item.get('needs', []))}")
    return ". ".join(parts)


def _provision_text(item: dict[str, Any]) -> str:
    return ". ".join(
        [
            str(item.get("what", "")),
            f"Who: {item.get('who') or 'not said'}",
            f"How often: {item.get('how_often') or 'not said'}",
            f"How long: {item.get('how_long') or 'not said'}",
            f"Meets: {_needs_text(item.get('needs', []))}",
        ]
    )


def _short(text: str) -> str:
    return plans._short(text, 60)


def _compare_items(
    old: list[dict[str, Any]],
    new: list[dict[str, Any]],
    text: Any,
    name: Any,
) -> list[Change]:
    before = {i["id"]: i for i in old}
    after = {i["id"]: i for i in new}
    changes: list[Change] = []
    for ident, item in before.items():
        if ident not in after:
            changes.append(Change("Removed", name(item), text(item), ""))
        elif text(item) != text(after[ident]):
            changes.append(Change("Changed", name(after[ident]), text(item), text(after[ident])))
    for ident, item in after.items():
        if ident not in before:
            changes.append(Change("Added", name(item), "", text(item)))
    return changes


def compare(v1: PlanVersion, v2: PlanVersion) -> list[SectionChanges]:
    """What changed from ``v1`` to ``v2``, section by section, in the order of the plan."""
    old, new = v1.snapshot or {}, v2.snapshot or {}
    result: dict[str, SectionChanges] = {
        letter: SectionChanges(letter, plans.SECTION_TITLES[letter]) for letter in SECTION_ORDER
    }
    for letter in TEXT_LETTERS:
        before = (old.get("sections") or {}).get(letter, "") or ""
        after = (new.get("sections") or {}).get(letter, "") or ""
        if before == after:
            continue
        kind = "Added" if not before else "Removed" if not after else "Changed"
        result[letter].changes.append(Change(kind, f"Section {letter}", before, after))
    result["B"].changes = _compare_items(
        old.get("needs", []),
        new.get("needs", []),
        _need_text,
        lambda i: f"Need {i.get('number')} ({i.get('area', '')})",
    )
    result["E"].changes = _compare_items(
        old.get("outcomes", []),
        new.get("outcomes", []),
        _outcome_text,
        lambda i: f"Outcome “{_short(str(i.get('what', '')))}”",
    )
    for letter in PROVISION_LETTERS:
        result[letter].changes = _compare_items(
            [p for p in old.get("provisions", []) if p.get("section") == letter],
            [p for p in new.get("provisions", []) if p.get("section") == letter],
            _provision_text,
            lambda i: f"Provision “{_short(str(i.get('what', '')))}”",
        )
    return [result[letter] for letter in SECTION_ORDER]


# ---------------------------------------------------------------------------------------------
# Writes


def version_record(
    *,
    actor: User | None,
    plan: Plan,
    kind: str,
    issued_on: dt.date,
    event: CaseEvent | None = None,
    request: HttpRequest | None = None,
) -> PlanVersion:
    """Keep a copy of the plan as issued (call inside the caller's transaction)."""
    last = plan.versions.aggregate(last=Max("number"))["last"] or 0
    version = PlanVersion.objects.create(
        plan=plan,
        number=last + 1,
        kind=kind,
        issued_on=issued_on,
        snapshot=snapshot_plan(plan),
        event=event,
        created_by=actor,
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=version,
        child_id=plan.case.child_id,
        summary=f"Kept version {version.number} of the plan ({kind}, issued "
        f"{govuk_date(issued_on)}) on case {plan.case.reference}",
    )
    return version


def _lock(case: Case) -> tuple[Case, Plan]:
    case = Case.objects.select_for_update().select_related("child").get(pk=case.pk)
    plan = Plan.objects.select_for_update().get(pk=plans.plan_for(case).pk)
    return case, plan


def _check_in_force(case: Case, plan: Plan) -> None:
    if not can_amend(case, plan):
        if ceased_event(case) is not None:
            raise ValidationError("The authority has decided to cease this plan")
        raise ValidationError("Only a final plan that has been issued can be amended or ceased")


@transaction.atomic
def amendment_propose(
    *,
    actor: User,
    case: Case,
    proposed_on: dt.date,
    reasons: str,
    changes: str,
    evidence: UploadedFile | None = None,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Propose amendments to the plan in force: the family has 15 days to comment and the
    amended plan is due within 8 weeks (reg 22)."""
    case, plan = _lock(case)
    _check_in_force(case, plan)
    if amendment_open(case) is not None:
        raise ValidationError(
            "An amendment is already proposed: issue the amended plan or decide not to amend first"
        )
    errors: dict[str, str] = {}
    if not reasons.strip():
        errors["reasons"] = "Enter the reasons for the proposed amendments"
    if not changes.strip():
        errors["changes"] = "Describe the changes proposed to the plan"
    if plan.issued_on and proposed_on < plan.issued_on:
        errors["date"] = (
            f"The date must be on or after {govuk_date(plan.issued_on)}, "
            "the date the final plan was issued"
        )
    if errors:
        raise ValidationError(errors)
    if not plan.versions.exists() and plan.issued_on:
        # A plan issued before versions were kept: keep it as issued before it changes.
        version_record(
            actor=actor,
            plan=plan,
            kind="final",
            issued_on=plan.issued_on,
            event=plans.latest_event(case, "final_plan_issued"),
            request=request,
        )
    event = services.event_record(
        actor=actor,
        case=case,
        type="amendment_proposed",
        date=proposed_on,
        details={"reasons": reasons.strip(), "changes": changes.strip()},
        request=request,
    )
    if evidence:
        try:
            documents.document_attach(
                actor=actor,
                case=case,
                upload=evidence,
                title="Evidence for proposed amendments",
                event=event,
                request=request,
            )
        except ValidationError as error:
            raise ValidationError({"evidence": error.messages[0]}) from None
    return event


def _open_or_refuse(case: Case) -> CaseEvent:
    proposed = amendment_open(case)
    if proposed is None:
        raise ValidationError("There is no amendment proposed on this plan")
    return proposed


def _not_before(proposed: CaseEvent, on: dt.date) -> None:
    if proposed.date and on < proposed.date:
        raise ValidationError(
            {
                "date": f"The date must be on or after {govuk_date(proposed.date)}, "
                "the date the amendments were proposed"
            }
        )


@transaction.atomic
def amendment_issue(
    *,
    actor: User,
    case: Case,
    issued_on: dt.date,
    early_confirmed: bool = False,
    request: HttpRequest | None = None,
) -> PlanVersion:
    """Issue the amended plan: it becomes the next version."""
    case, plan = _lock(case)
    _check_in_force(case, plan)
    proposed = _open_or_refuse(case)
    _not_before(proposed, issued_on)
    close = Deadline.objects.filter(case=case, key="amendment_representations_close").first()
    if close is not None and issued_on <= close.due and not early_confirmed:
        raise ValidationError(
            {
                "early_confirmed": "The family's 15 days to comment end on "
                f"{govuk_date(close.due)}. Choose a later date, or tick to confirm the family "
                "have already made their representations"
            }
        )
    event = services.event_record(
        actor=actor,
        case=case,
        type="amended_plan_issued",
        date=issued_on,
        details={"proposed_on": proposed.date.isoformat() if proposed.date else None},
        request=request,
    )
    version = version_record(
        actor=actor, plan=plan, kind="amended", issued_on=issued_on, event=event, request=request
    )
    return version


@transaction.atomic
def amendment_decline(
    *,
    actor: User,
    case: Case,
    decided_on: dt.date,
    reasons: str,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Decide not to amend the plan after all (the family must be told, with reasons)."""
    case, plan = _lock(case)
    _check_in_force(case, plan)
    proposed = _open_or_refuse(case)
    if not reasons.strip():
        raise ValidationError({"reasons": "Enter the reasons for deciding not to amend"})
    _not_before(proposed, decided_on)
    return services.event_record(
        actor=actor,
        case=case,
        type="decided_not_to_amend",
        date=decided_on,
        details={"reasons": reasons.strip()},
        request=request,
    )


@transaction.atomic
def cease_plan(
    *,
    actor: User,
    case: Case,
    decided_on: dt.date,
    reason: str,
    consultation: str,
    notice_sent_on: dt.date,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Decide to cease the plan: the reason (SEN2), the consultation done (reg 31) and the notice
    with appeal rights. The plan stays maintained until the appeal period ends."""
    case, plan = _lock(case)
    _check_in_force(case, plan)
    if amendment_open(case) is not None:
        raise ValidationError(
            "An amendment is proposed: issue the amended plan or decide not to amend first"
        )
    errors: dict[str, str] = {}
    if reason not in CEASE_REASONS:
        errors["reason"] = "Select the reason for ceasing the plan"
    if not consultation.strip():
        errors["consultation"] = (
            "Enter the consultation done with the family, the young person and the setting"
        )
    if plan.issued_on and decided_on < plan.issued_on:
        errors["date"] = (
            f"The date must be on or after {govuk_date(plan.issued_on)}, "
            "the date the final plan was issued"
        )
    if notice_sent_on < decided_on:
        errors["notice_sent_on"] = "The notice must be sent on or after the date of the decision"
    if errors:
        raise ValidationError(errors)
    label = CEASE_REASONS[reason]
    event = services.event_record(
        actor=actor,
        case=case,
        type="plan_ceased",
        date=decided_on,
        details={
            "reason": reason,
            "reason_label": label,
            "kind_label": label,
            "consultation": consultation.strip(),
            "notice_sent_on": notice_sent_on.isoformat(),
        },
        request=request,
    )
    try:
        services.event_record(
            actor=actor,
            case=case,
            type="decision_notice_sent",
            date=notice_sent_on,
            details={
                "kind": "plan_ceased",
                "kind_label": "Notice of the decision to cease the plan, with the right to appeal",
            },
            request=request,
        )
    except ValidationError as error:
        messages = error.message_dict.get("date") if hasattr(error, "error_dict") else None
        raise ValidationError({"notice_sent_on": (messages or error.messages)[0]}) from None
    return event
