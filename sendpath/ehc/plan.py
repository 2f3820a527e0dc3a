"""The EHC plan: drafting sections A-K, the golden-thread checker, the draft, consultation and
the final plan.

Every write here is a keyword-only service that runs in a transaction and writes the audit log
(ARCHITECTURE.md). Steps on the statutory timeline (the draft sent, settings consulted and their
responses, the placement named, the final plan issued) go through ``services.event_record`` so
the deadlines move with them. The plan's content can be changed until the final plan is issued;
after that, changes belong to an annual review or an amendment.

``golden_thread_problems`` checks the "golden thread" of SEND Code of Practice 9.62 and 9.69:
every need in section B leads to an outcome in E and to provision in F that is specific and
quantified (who, what, how often, for how long).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from sendpath.core.audit import audit_record, diff
from sendpath.core.formatting import age, govuk_date
from sendpath.core.models import AuditAction
from sendpath.people.models import EDUCATION_KINDS, Child, Organisation, SettingType, User

from . import services
from .models import (
    Case,
    CaseEvent,
    Deadline,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanProvision,
    PlanStatus,
    ProvisionSection,
    Stage,
)

# ---------------------------------------------------------------------------------------------
# Reference lists

# The four broad areas of need (SEND Code of Practice 5.32, 6.28).
NEED_AREAS: tuple[str, ...] = (
    "Communication and interaction",
    "Cognition and learning",
    "Social, emotional and mental health",
    "Sensory and/or physical",
)


@dataclass(frozen=True)
class TextSection:
    letter: str
    field: str
    title: str
    hint: str


# The plan's free-text sections, in the order of SEND Code of Practice 9.62.
TEXT_SECTIONS: dict[str, TextSection] = {
    s.letter.lower(): s
    for s in (
        TextSection(
            "A",
            "section_a",
            "The views, interests and aspirations of the child or young person and their family",
            "In their own words where possible: what matters to them, what they enjoy, their hopes for the future",
        ),
        TextSection(
            "C",
            "section_c",
            "Health needs related to special educational needs",
            "Health needs identified through the assessment that relate to their special educational needs",
        ),
        TextSection(
            "D",
            "section_d",
            "Social care needs related to special educational needs or disability",
            "Social care needs that relate to their special educational needs or to a disability",
        ),
        TextSection(
            "I",
            "section_i",
            "Placement",
            "The name and type of the school or other institution. Naming the placement on the consultation page fills this in",
        ),
        TextSection(
            "J",
            "section_j",
            "Personal budget arrangements",
            "Any personal budget, the provision it secures, and any direct payments",
        ),
        TextSection(
            "K",
            "section_k",
            "Advice and information gathered during the assessment",
            "A list of the advice and information gathered, attached as appendices",
        ),
    )
}

SECTION_TITLES: dict[str, str] = {
    "A": TEXT_SECTIONS["a"].title,
    "B": "Special educational needs",
    "C": TEXT_SECTIONS["c"].title,
    "D": TEXT_SECTIONS["d"].title,
    "E": "Outcomes",
    "F": "Special educational provision",
    "G": "Health provision",
    "H1": "Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970",
    "H2": "Other social care provision",
    "I": TEXT_SECTIONS["i"].title,
    "J": TEXT_SECTIONS["j"].title,
    "K": TEXT_SECTIONS["k"].title,
}

# Editing a plan makes sense while the assessment runs and until the final plan is issued.
EDITABLE_STAGES = (Stage.ASSESSING, Stage.DRAFTING, Stage.DRAFT_SENT)


def school_year(date_of_birth: dt.date, on: dt.date | None = None) -> int:
    """National curriculum year group on a date (Reception is 0), from the child's age on the
    31 August before the school year began."""
    on = on or timezone.localdate()
    start = on.year if on.month >= 9 else on.year - 1
    return (age(date_of_birth, dt.date(start, 8, 31)) or 0) - 4


def preparing_for_adulthood_applies(child: Child, on: dt.date | None = None) -> bool:
    """Outcomes are marked as preparing for adulthood from Year 9 (CoP 8.9, 9.63)."""
    return school_year(child.date_of_birth, on) >= 9


# ---------------------------------------------------------------------------------------------
# The golden thread


@dataclass(frozen=True)
class Problem:
    """One break in the golden thread: a plain-English message and where the item is."""

    message: str
    anchor: str
    link: str
    kind: str


# Words that make provision vague: they promise nothing the family could hold the authority
# to (IPSEA and tribunal guidance on "specified and quantified" provision).
_VAGUE = re.compile(
    r"\b(access to|regularly|regular|as needed|as required|as necessary|as and when|"
    r"opportunities|opportunity|support as appropriate|where appropriate|where possible|"
    r"up to|when necessary|if necessary|if needed|when needed|if required)\b",
    re.IGNORECASE,
)
# "may" as a modal verb, but not the month ("from May 2027", "1 May").
_MAY = re.compile(r"\bmay\b|(?<![0-9]\s)\bMay\b(?!\s+\d)")
_QUANTIFIED = re.compile(
    r"\d|\b(once|twice|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|forty-five|sixty|ninety|half|"
    r"daily|weekly|fortnightly|monthly|termly|half-termly|yearly|annually|hourly|"
    r"minutes?|mins?|hours?|hrs?|sessions?|lessons?|times|"
    r"(per|a|each|every) (day|week|fortnight|month|term|half-term|year|lesson|school day)|"
    r"school day|full[- ]time|part[- ]time)\b",
    re.IGNORECASE,
)


def vague_phrases(text: str) -> list[str]:
    """The vague words and phrases in a piece of provision, in the order they appear."""
    found: list[tuple[int, str]] = [(m.start(), m.group(0).lower()) for m in _VAGUE.finditer(text)]
    found += [(m.start(), "may") for m in _MAY.finditer(text)]
    seen: list[str] = []
    for _, phrase in sorted(found):
        if phrase not in seen:
            seen.append(phrase)
    return seen


def is_quantified(text: str) -> bool:
    """Whether a how-often or how-long says a number or a frequency (daily, weekly, minutes)."""
    return bool(_QUANTIFIED.search(text or ""))


def _short(text: str, length: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _and(items: Iterable[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _quote(phrases: Iterable[str]) -> str:
    return _and(f"“{p}”" for p in phrases)


def need_numbers(needs: Iterable[PlanNeed]) -> dict[Any, int]:
    """Needs are numbered in order (Need 1, Need 2...) so outcomes and provision can name them."""
    return {need.pk: number for number, need in enumerate(needs, start=1)}


def golden_thread_problems(plan: Plan) -> list[Problem]:
    """Breaks in the golden thread, needs first, then outcomes, then provision."""
    base = reverse("ehc:plan", args=[plan.case_id])
    needs = list(plan.needs.all())
    outcomes = list(plan.outcomes.prefetch_related("needs"))
    provisions = list(plan.provisions.prefetch_related("needs"))
    numbers = need_numbers(needs)
    problems: list[Problem] = []

    def add(kind: str, anchor: str, message: str) -> None:
        problems.append(Problem(message=message, anchor=anchor, link=f"{base}#{anchor}", kind=kind))

    if not needs:
        add(
            "no_needs",
            "section-b",
            "Section B has no needs. Add the child's special educational needs before sending the draft",
        )
    met_by_outcome = {n.pk for o in outcomes for n in o.needs.all()}
    met_by_f = {n.pk for p in provisions if p.section == ProvisionSection.F for n in p.needs.all()}
    for need in needs:
        name = f"Need {numbers[need.pk]} ({need.area})"
        if need.pk not in met_by_outcome:
            add(
                "need_without_outcome",
                f"need-{need.pk}",
                f"{name} has no outcome: link it to at least one outcome in section E",
            )
        if need.pk not in met_by_f:
            add(
                "need_without_provision",
                f"need-{need.pk}",
                f"{name} has no special educational provision: link it to provision in section F",
            )
    for outcome in outcomes:
        anchor = f"outcome-{outcome.pk}"
        name = f"Outcome “{_short(outcome.what)}”"
        if not outcome.needs.all():
            add("outcome_without_need", anchor, f"{name} is not linked to any need in section B")
        if not outcome.by_when.strip():
            add("outcome_without_date", anchor, f"{name} does not say by when it should be met")
        if not outcome.how_measured.strip():
            add(
                "outcome_without_measure",
                anchor,
                f"{name} does not say how progress towards it will be measured",
            )
    for provision in provisions:
        anchor = f"provision-{provision.pk}"
        name = f"Provision in section {provision.section} (“{_short(provision.what)}”)"
        if not provision.needs.all():
            add("provision_without_need", anchor, f"{name} is not linked to any need in section B")
        phrases = vague_phrases(
            " | ".join((provision.what, provision.who, provision.how_often, provision.how_long))
        )
        if phrases:
            add(
                "provision_vague",
                anchor,
                f"{name} is not specific: {_quote(phrases)} "
                + ("does" if len(phrases) == 1 else "do")
                + " not say exactly what will be provided. Say what, who, how often and for how long",
            )
        if not provision.who.strip():
            add("provision_without_who", anchor, f"{name} does not say who will provide it")
        if not is_quantified(provision.how_often):
            add(
                "provision_not_quantified",
                anchor,
                f"{name} does not say how often in numbers (for example, 3 sessions of 30 minutes a week)",
            )
        if not is_quantified(provision.how_long):
            add(
                "provision_not_quantified",
                anchor,
                f"{name} does not say for how long in numbers (for example, 30 minutes, or 2 terms)",
            )
    return problems


# ---------------------------------------------------------------------------------------------
# Reads


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
        from .amendments import amendment_open  # the plan in force changes by amendment

        return amendment_open(case) is not None
    return case.stage in EDITABLE_STAGES


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


# ---------------------------------------------------------------------------------------------
# Writes: the plan's content


def _lock(plan: Plan) -> tuple[Plan, Case]:
    plan = Plan.objects.select_for_update().select_related("case__child").get(pk=plan.pk)
    return plan, plan.case


def _check_editable(case: Case, plan: Plan) -> None:
    if plan.status == PlanStatus.FINAL:
        from .amendments import amendment_open  # the plan in force changes by amendment

        if amendment_open(case) is not None:
            return
        raise ValidationError(
            "The final plan has been issued, so it can no longer be changed here. "
            "Changes now need an annual review or an amendment"
        )
    if case.stage not in EDITABLE_STAGES:
        raise ValidationError(
            "The plan can only be drafted once the authority has decided to assess, "
            "and until the final plan is issued"
        )


def _audit(
    *,
    request: HttpRequest | None,
    actor: User,
    action: AuditAction,
    obj: Any,
    case: Case,
    summary: str,
    changes: dict[str, Any] | None = None,
) -> None:
    audit_record(
        request=request,
        actor=actor,
        action=action,
        obj=obj,
        child_id=case.child_id,
        summary=f"{summary} (case {case.reference})",
        changes=changes,
    )


def _touch(plan: Plan, actor: User) -> None:
    plan.modified_by = actor
    plan.save(update_fields=["modified_by", "modified_at"])


@transaction.atomic
def plan_section_update(
    *, actor: User, plan: Plan, section: str, text: str, request: HttpRequest | None = None
) -> Plan:
    """Change one of the free-text sections (A, C, D, I, J, K)."""
    spec = TEXT_SECTIONS.get(section.lower())
    if spec is None:
        raise ValidationError("Choose a section of the plan")
    plan, case = _lock(plan)
    _check_editable(case, plan)
    before = getattr(plan, spec.field)
    text = text.strip()
    setattr(plan, spec.field, text)
    plan.modified_by = actor
    plan.save(update_fields=[spec.field, "modified_by", "modified_at"])
    _audit(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=plan,
        case=case,
        summary=f"Changed section {spec.letter} of the plan",
        changes=diff({spec.field: before}, {spec.field: text}),
    )
    return plan


def _need_snapshot(need: PlanNeed) -> dict[str, Any]:
    return {"area": need.area, "description": need.description}


@transaction.atomic
def need_save(
    *,
    actor: User,
    plan: Plan,
    area: str,
    description: str,
    need: PlanNeed | None = None,
    request: HttpRequest | None = None,
) -> PlanNeed:
    """Add a need to section B, or change one."""
    plan, case = _lock(plan)
    _check_editable(case, plan)
    errors: dict[str, str] = {}
    if area not in NEED_AREAS:
        errors["area"] = "Select the area of need"
    if not description.strip():
        errors["description"] = "Enter a description of the need"
    if errors:
        raise ValidationError(errors)
    if need is not None and need.plan_id != plan.pk:
        raise ValidationError("That need is not part of this plan")
    before = _need_snapshot(need) if need is not None else {}
    if need is None:
        last = plan.needs.order_by("-position").values_list("position", flat=True).first()
        need = PlanNeed(plan=plan, position=(last or 0) + 1, created_by=actor)
    need.area = area
    need.description = description.strip()
    need.modified_by = actor
    need.save()
    _touch(plan, actor)
    _audit(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED if before else AuditAction.CREATED,
        obj=need,
        case=case,
        summary=("Changed a need in" if before else "Added a need to") + " section B of the plan",
        changes=diff(before, _need_snapshot(need)),
    )
    return need


def _lock_item(
    plan: Plan, item: PlanNeed | PlanOutcome | PlanProvision, refusal: str
) -> tuple[Plan, Case]:
    """Lock a draft plan for a change to one of its items, refusing an item of another plan."""
    plan, case = _lock(plan)
    _check_editable(case, plan)
    if item.plan_id != plan.pk:
        raise ValidationError(refusal)
    return plan, case


@transaction.atomic
def need_remove(
    *, actor: User, plan: Plan, need: PlanNeed, request: HttpRequest | None = None
) -> None:
    """Remove a need, unless an outcome or provision would be left addressing no need."""
    plan, case = _lock_item(plan, need, "That need is not part of this plan")
    orphans = [
        f"outcome “{_short(o.what, 40)}”"
        for o in need.outcomes.all()
        if not o.needs.exclude(pk=need.pk).exists()
    ] + [
        f"provision “{_short(p.what, 40)}” in section {p.section}"
        for p in need.provisions.all()
        if not p.needs.exclude(pk=need.pk).exists()
    ]
    if orphans:
        raise ValidationError(
            "This need cannot be removed yet: it is the only need linked to the "
            + _and(orphans)
            + ". Link those to another need, or remove them, first"
        )
    _delete_item(
        actor=actor,
        plan=plan,
        case=case,
        item=need,
        name="need",
        snapshot=_need_snapshot(need),
        where="a need from section B",
        request=request,
    )


def _delete_item(
    *,
    actor: User,
    plan: Plan,
    case: Case,
    item: PlanNeed | PlanOutcome | PlanProvision,
    name: str,
    snapshot: dict[str, Any],
    where: str,
    request: HttpRequest | None,
) -> None:
    """Delete one item of a draft plan and audit what it was."""
    pk = item.pk
    item.delete()
    _touch(plan, actor)
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=plan,
        child_id=case.child_id,
        summary=f"Removed {where} of the plan (case {case.reference})",
        changes={f"removed_{name}": str(pk), **{k: [v, None] for k, v in snapshot.items()}},
    )


def _needs_of(plan: Plan, needs: Iterable[PlanNeed | Any], what: str) -> list[PlanNeed]:
    ids = [n.pk if isinstance(n, PlanNeed) else n for n in needs]
    found = list(plan.needs.filter(pk__in=ids))
    if not ids:
        raise ValidationError({"needs": f"Select at least one need this {what} addresses"})
    if len(found) != len(set(map(str, ids))):
        raise ValidationError({"needs": "Select needs from this plan"})
    return found


def _outcome_snapshot(outcome: PlanOutcome) -> dict[str, Any]:
    return {
        "what": outcome.what,
        "by_when": outcome.by_when,
        "how_measured": outcome.how_measured,
        "preparing_for_adulthood": outcome.preparing_for_adulthood,
        "needs": sorted(str(n.pk) for n in outcome.needs.all()) if outcome.pk else [],
    }


@transaction.atomic
def outcome_save(
    *,
    actor: User,
    plan: Plan,
    what: str,
    by_when: str,
    how_measured: str,
    needs: Iterable[PlanNeed | Any],
    preparing_for_adulthood: bool = False,
    outcome: PlanOutcome | None = None,
    request: HttpRequest | None = None,
) -> PlanOutcome:
    """Add an outcome to section E, or change one. It must address at least one need."""
    plan, case = _lock(plan)
    _check_editable(case, plan)
    if not what.strip():
        raise ValidationError({"what": "Enter the outcome"})
    linked = _needs_of(plan, needs, "outcome")
    if outcome is not None and outcome.plan_id != plan.pk:
        raise ValidationError("That outcome is not part of this plan")
    before = _outcome_snapshot(outcome) if outcome is not None else {}
    if outcome is None:
        outcome = PlanOutcome(plan=plan, created_by=actor)
    outcome.what = what.strip()
    outcome.by_when = by_when.strip()[:100]
    outcome.how_measured = how_measured.strip()
    outcome.preparing_for_adulthood = bool(preparing_for_adulthood)
    outcome.modified_by = actor
    outcome.save()
    outcome.needs.set(linked)
    _touch(plan, actor)
    _audit(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED if before else AuditAction.CREATED,
        obj=outcome,
        case=case,
        summary=("Changed an outcome in" if before else "Added an outcome to")
        + " section E of the plan",
        changes=diff(before, _outcome_snapshot(outcome)),
    )
    return outcome


@transaction.atomic
def outcome_remove(
    *, actor: User, plan: Plan, outcome: PlanOutcome, request: HttpRequest | None = None
) -> None:
    plan, case = _lock_item(plan, outcome, "That outcome is not part of this plan")
    _delete_item(
        actor=actor,
        plan=plan,
        case=case,
        item=outcome,
        name="outcome",
        snapshot=_outcome_snapshot(outcome),
        where="an outcome from section E",
        request=request,
    )


def _provision_snapshot(provision: PlanProvision) -> dict[str, Any]:
    return {
        "section": provision.section,
        "what": provision.what,
        "who": provision.who,
        "how_often": provision.how_often,
        "how_long": provision.how_long,
        "needs": sorted(str(n.pk) for n in provision.needs.all()) if provision.pk else [],
    }


@transaction.atomic
def provision_save(
    *,
    actor: User,
    plan: Plan,
    section: str,
    what: str,
    who: str,
    how_often: str,
    how_long: str,
    needs: Iterable[PlanNeed | Any],
    provision: PlanProvision | None = None,
    request: HttpRequest | None = None,
) -> PlanProvision:
    """Add provision to section F, G, H1 or H2, or change it. It must meet at least one need."""
    plan, case = _lock(plan)
    _check_editable(case, plan)
    errors: dict[str, str] = {}
    if section not in ProvisionSection.values:
        errors["section"] = "Select the section of the plan"
    if not what.strip():
        errors["what"] = "Enter what the provision is"
    for name, value, limit in (("who", who, 200), ("how_often", how_often, 100)):
        if len(value.strip()) > limit:
            errors[name] = f"This must be {limit} characters or fewer"
    if len(how_long.strip()) > 100:
        errors["how_long"] = "This must be 100 characters or fewer"
    if errors:
        raise ValidationError(errors)
    linked = _needs_of(plan, needs, "provision")
    if provision is not None and provision.plan_id != plan.pk:
        raise ValidationError("That provision is not part of this plan")
    before = _provision_snapshot(provision) if provision is not None else {}
    if provision is None:
        provision = PlanProvision(plan=plan, created_by=actor)
    provision.section = section
    provision.what = what.strip()
    provision.who = who.strip()
    provision.how_often = how_often.strip()
    provision.how_long = how_long.strip()
    provision.modified_by = actor
    provision.save()
    provision.needs.set(linked)
    _touch(plan, actor)
    _audit(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED if before else AuditAction.CREATED,
        obj=provision,
        case=case,
        summary=("Changed provision in" if before else "Added provision to")
        + f" section {section} of the plan",
        changes=diff(before, _provision_snapshot(provision)),
    )
    return provision


@transaction.atomic
def provision_remove(
    *, actor: User, plan: Plan, provision: PlanProvision, request: HttpRequest | None = None
) -> None:
    plan, case = _lock_item(plan, provision, "That provision is not part of this plan")
    snapshot = _provision_snapshot(provision)
    _delete_item(
        actor=actor,
        plan=plan,
        case=case,
        item=provision,
        name="provision",
        snapshot=snapshot,
        where=f"provision from section {snapshot['section']}",
        request=request,
    )


# ---------------------------------------------------------------------------------------------
# Writes: the draft plan


@transaction.atomic
def draft_send(
    *,
    actor: User,
    case: Case,
    sent_on: dt.date,
    warnings_checked: bool = False,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Send the draft plan to the family, starting their 15 days for representations."""
    plan, case = _lock(plan_for(case, actor))
    if case.stage != Stage.DRAFTING:
        raise ValidationError(
            "The draft can only be sent after the decision to issue a plan, and only once"
        )
    outcome = latest_event(case, "assessment_outcome")
    if outcome is not None and outcome.date is not None and sent_on < outcome.date:
        raise ValidationError(
            {
                "date": "The date the draft was sent must be on or after "
                f"{govuk_date(outcome.date)}, the date of the decision to issue a plan"
            }
        )
    problems = golden_thread_problems(plan)
    if problems and not warnings_checked:
        raise ValidationError(
            {
                "warnings_checked": "The plan has golden thread warnings. Tick to confirm you "
                "have checked them and want to send the draft anyway"
            }
        )
    event = services.event_record(
        actor=actor,
        case=case,
        type="draft_plan_sent",
        date=sent_on,
        details={"warnings": len(problems)},
        request=request,
    )
    _set_status(
        actor=actor,
        plan=plan,
        case=case,
        status=PlanStatus.DRAFT_SENT,
        date_field="draft_sent_on",
        on=sent_on,
        summary="Sent the draft plan to the family",
        request=request,
    )
    return event


def _set_status(
    *,
    actor: User,
    plan: Plan,
    case: Case,
    status: str,
    date_field: str,
    on: dt.date,
    summary: str,
    request: HttpRequest | None,
) -> None:
    """Move the plan to a new status on a date (sent, issued) and audit the change."""
    before = {"status": plan.status, date_field: getattr(plan, date_field)}
    plan.status = status
    setattr(plan, date_field, on)
    plan.modified_by = actor
    plan.save(update_fields=["status", date_field, "modified_by", "modified_at"])
    _audit(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=plan,
        case=case,
        summary=summary,
        changes=diff(before, {"status": plan.status, date_field: on}),
    )


# ---------------------------------------------------------------------------------------------
# Writes: consultation with settings


def _check_consulting(case: Case) -> Plan:
    if case.stage != Stage.DRAFT_SENT:
        raise ValidationError(
            "Settings are consulted on the draft plan: send the draft to the family first"
        )
    return plan_for(case)


def _setting_id(case: Case, name: str) -> str:
    used = {
        str(e.details.get("id"))
        for e in case.events.filter(type="setting_consulted").only("details")
    }
    base = (slugify(name)[:40].strip("-") or "setting").replace("-", "_")
    ident, n = base, 2
    while ident in used:
        ident, n = f"{base}_{n}", n + 1
    return ident


@transaction.atomic
def setting_consult(
    *,
    actor: User,
    case: Case,
    organisation: Organisation,
    consulted_on: dt.date,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Consult a school, college or early years setting the family named (15 days to reply)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    plan = _check_consulting(case)
    if organisation.kind not in EDUCATION_KINDS or not organisation.is_active:
        raise ValidationError({"organisation": "Select a school, college or early years setting"})
    for consulted in consultations(case):
        if consulted.organisation_id == str(organisation.pk):
            raise ValidationError(
                {
                    "organisation": f"{organisation.name} was already consulted on "
                    f"{govuk_date(consulted.consulted_on)}"
                }
            )
    sent = draft_sent_on(case, plan)
    if sent and consulted_on < sent:
        raise ValidationError(
            {
                "date": "The date consulted must be on or after "
                f"{govuk_date(sent)}, the date the draft plan was sent"
            }
        )
    return services.event_record(
        actor=actor,
        case=case,
        type="setting_consulted",
        date=consulted_on,
        details={
            "id": _setting_id(case, organisation.name),
            "organisation_id": str(organisation.pk),
            "organisation": organisation.name,
        },
        request=request,
    )


@transaction.atomic
def setting_response_record(
    *,
    actor: User,
    case: Case,
    ident: str,
    responded_on: dt.date,
    can_meet: bool,
    reasons: str = "",
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Record a setting's answer: whether it can meet the child's needs, with reasons if not."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _check_consulting(case)
    consulted = next((c for c in consultations(case) if c.ident == ident), None)
    if consulted is None:
        raise ValidationError("That setting has not been consulted on this case")
    if consulted.response is not None:
        raise ValidationError(
            f"The response from {consulted.organisation} is already recorded. "
            "To change it, correct it from the timeline"
        )
    reasons = reasons.strip()
    if not can_meet and not reasons:
        raise ValidationError(
            {"reasons": "Enter the reasons the setting gave for not being able to meet the needs"}
        )
    if consulted.consulted_on and responded_on < consulted.consulted_on:
        raise ValidationError(
            {
                "date": "The date of the response must be on or after "
                f"{govuk_date(consulted.consulted_on)}, the date the setting was consulted"
            }
        )
    return services.event_record(
        actor=actor,
        case=case,
        type="setting_responded",
        date=responded_on,
        details={
            "id": ident,
            "can_meet": bool(can_meet),
            "reasons": reasons,
            "organisation": consulted.organisation,
            "organisation_id": consulted.organisation_id,
            # Shown on the timeline beside the setting's name.
            "kind_label": "Can meet the needs" if can_meet else "Cannot meet the needs",
        },
        request=request,
    )


def placement_description(organisation: Organisation | None, setting_type: str = "") -> str:
    """What section I says: the name and type of the setting, or the type only."""
    if organisation is not None:
        parts = [organisation.name]
        if organisation.setting_type:
            parts.append(organisation.get_setting_type_display())
        text = ", ".join(parts)
        if organisation.urn:
            text += f" (URN {organisation.urn})"
        return text
    label = dict(SettingType.choices).get(setting_type, setting_type)
    return f"Type of setting: {label}. No particular school or other institution is named"


@transaction.atomic
def placement_name(
    *,
    actor: User,
    case: Case,
    named_on: dt.date,
    organisation: Organisation | None = None,
    setting_type: str = "",
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Name the placement for section I: a consulted setting, or only a type of setting."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    plan = _check_consulting(case)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if organisation is not None:
        consulted = {c.organisation_id for c in consultations(case)}
        if str(organisation.pk) not in consulted:
            raise ValidationError(
                {"placement": "Name one of the settings consulted, or a type of setting"}
            )
        setting_type = organisation.setting_type
    elif setting_type not in SettingType.values:
        raise ValidationError({"setting_type": "Select the type of setting"})
    sent = draft_sent_on(case, plan)
    if sent and named_on < sent:
        raise ValidationError(
            {
                "date": "The date must be on or after "
                f"{govuk_date(sent)}, the date the draft plan was sent"
            }
        )
    type_label = dict(SettingType.choices).get(setting_type, "")
    details: dict[str, Any] = {
        "organisation_id": str(organisation.pk) if organisation else None,
        "organisation": organisation.name if organisation else "",
        "setting_type": setting_type,
    }
    if organisation is None:
        details["kind_label"] = f"Type of setting only: {type_label}"
    event = services.event_record(
        actor=actor,
        case=case,
        type="placement_named",
        date=named_on,
        details=details,
        request=request,
    )
    before = {"placement": plan.placement_id, "section_i": plan.section_i}
    plan.placement = organisation
    plan.section_i = placement_description(organisation, setting_type)
    plan.modified_by = actor
    plan.save(update_fields=["placement", "section_i", "modified_by", "modified_at"])
    _audit(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=plan,
        case=case,
        summary="Named the placement in section I of the plan",
        changes=diff(before, {"placement": plan.placement_id, "section_i": plan.section_i}),
    )
    return event


# ---------------------------------------------------------------------------------------------
# Writes: the final plan


@transaction.atomic
def final_issue(
    *,
    actor: User,
    case: Case,
    issued_on: dt.date,
    early_confirmed: bool = False,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """Issue the final plan: the plan becomes final and the child's SEN provision is 'E'."""
    plan, case = _lock(plan_for(case, actor))
    if case.stage != Stage.DRAFT_SENT or plan.status == PlanStatus.FINAL:
        raise ValidationError("The final plan can only be issued once, after the draft is sent")
    sent = draft_sent_on(case, plan)
    if sent is not None and issued_on < sent:
        raise ValidationError(
            {
                "date": "The date the final plan was issued must be on or after "
                f"{govuk_date(sent)}, the date the draft was sent"
            }
        )
    named = latest_event(case, "placement_named")
    if named is None:
        raise ValidationError(
            "Name the placement (section I) on the consultation page before issuing the final plan"
        )
    close = representations_close(case)
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
        type="final_plan_issued",
        date=issued_on,
        details={
            "organisation": named.details.get("organisation")
            or named.details.get("kind_label", ""),
            "organisation_id": named.details.get("organisation_id"),
        },
        request=request,
    )
    _set_status(
        actor=actor,
        plan=plan,
        case=case,
        status=PlanStatus.FINAL,
        date_field="issued_on",
        on=issued_on,
        summary="Issued the final plan",
        request=request,
    )
    from .amendments import version_record

    version_record(
        actor=actor, plan=plan, kind="final", issued_on=issued_on, event=event, request=request
    )
    child = Child.objects.select_for_update().get(pk=case.child_id)
    if child.sen_provision != "E":
        previous = child.sen_provision
        child.sen_provision = "E"
        child.sen_provision_since = issued_on
        child.modified_by = actor
        child.save(
            update_fields=["sen_provision", "sen_provision_since", "modified_by", "modified_at"]
        )
        audit_record(
            request=request,
            actor=actor,
            action=AuditAction.UPDATED,
            obj=child,
            child_id=child.pk,
            summary=f"SEN provision set to E (EHC plan): final plan issued on case {case.reference}",
            changes={"sen_provision": [previous, "E"]},
        )
    return event
