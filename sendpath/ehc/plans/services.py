"""The EHC plan's content: drafting sections A-K, needs, outcomes and provision.

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

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from sendpath.core.audit import audit_record, diff
from sendpath.core.concurrency import check_version
from sendpath.core.models import AuditAction
from sendpath.ehc.cases.selectors import amendment_open
from sendpath.ehc.cases.stages import Step, require_step
from sendpath.ehc.models import (
    Case,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanProvision,
    PlanStatus,
    ProvisionSection,
)
from sendpath.ehc.plans.reference import NEED_AREAS, TEXT_SECTIONS
from sendpath.ehc.plans.rules import and_list, shorten
from sendpath.people.models import User

Item = TypeVar("Item", PlanNeed, PlanOutcome, PlanProvision)


def lock_plan(plan: Plan) -> tuple[Plan, Case]:
    plan = Plan.objects.select_for_update().select_related("case__child").get(pk=plan.pk)
    return plan, plan.case


def _check_editable(case: Case, plan: Plan) -> None:
    if plan.status == PlanStatus.FINAL:
        if amendment_open(case) is not None:
            return
        raise ValidationError(
            "The final plan has been issued, so it can no longer be changed here. "
            "Changes now need an annual review or an amendment"
        )
    require_step(case, Step.EDIT_PLAN)


def audit_plan_change(
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


def _current(item: Item | None, based_on: str) -> Item | None:
    """An item of the locked plan as it is now, refused (``StaleEditError``) when it changed
    after the page was opened. The plan's row lock keeps its items' changes in turn."""
    if item is None:
        return None
    current = type(item).objects.filter(pk=item.pk).first()
    if current is None:
        raise ValidationError("Someone else removed this from the plan after you opened this page")
    check_version(current, based_on)
    return current


def _touch(plan: Plan, actor: User) -> None:
    plan.modified_by = actor
    plan.save(update_fields=["modified_by", "modified_at"])


@transaction.atomic
def plan_section_update(
    *,
    actor: User,
    plan: Plan,
    section: str,
    text: str,
    based_on: str = "",
    request: HttpRequest | None = None,
) -> Plan:
    """Change one of the free-text sections (A, C, D, I, J, K). ``based_on``: the section as
    the page showed it (``sendpath.core.concurrency``); others may change other sections."""
    spec = TEXT_SECTIONS.get(section.lower())
    if spec is None:
        raise ValidationError("Choose a section of the plan")
    plan, case = lock_plan(plan)
    check_version(plan, based_on, version=spec.version)
    _check_editable(case, plan)
    before = getattr(plan, spec.field)
    text = text.strip()
    setattr(plan, spec.field, text)
    plan.modified_by = actor
    plan.save(update_fields=[spec.field, "modified_by", "modified_at"])
    audit_plan_change(
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
    based_on: str = "",
    request: HttpRequest | None = None,
) -> PlanNeed:
    """Add a need to section B, or change one (``based_on``: the need as the page showed it)."""
    plan, case = lock_plan(plan)
    _check_editable(case, plan)
    need = _current(need, based_on)
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
    audit_plan_change(
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
    plan, case = lock_plan(plan)
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
        f"outcome “{shorten(o.what, 40)}”"
        for o in need.outcomes.all()
        if not o.needs.exclude(pk=need.pk).exists()
    ] + [
        f"provision “{shorten(p.what, 40)}” in section {p.section}"
        for p in need.provisions.all()
        if not p.needs.exclude(pk=need.pk).exists()
    ]
    if orphans:
        raise ValidationError(
            "This need cannot be removed yet: it is the only need linked to the "
            + and_list(orphans)
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
    based_on: str = "",
    request: HttpRequest | None = None,
) -> PlanOutcome:
    """Add an outcome to section E, or change one. It must address at least one need."""
    plan, case = lock_plan(plan)
    _check_editable(case, plan)
    outcome = _current(outcome, based_on)
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
    audit_plan_change(
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
    based_on: str = "",
    request: HttpRequest | None = None,
) -> PlanProvision:
    """Add provision to section F, G, H1 or H2, or change it. It must meet at least one need."""
    plan, case = lock_plan(plan)
    _check_editable(case, plan)
    provision = _current(provision, based_on)
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
    audit_plan_change(
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
