"""Writes for the quality audit. Each change is audited, against the child where it is about a
child's plan, in the transaction that makes it; a change based on a page opened before someone
else's change is refused (``core.concurrency``)."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sendpath.core.audit import audit_many, audit_record, diff
from sendpath.core.concurrency import check_version
from sendpath.core.models import AuditAction
from sendpath.insight.models import (
    Agency,
    Criterion,
    Grade,
    Moderation,
    PlanAudit,
    QualityAction,
    Sample,
    SampleCriterion,
    SampledPlan,
    Theme,
)
from sendpath.people.models import Organisation, User

from . import selectors
from .framework import DEFAULT_FRAMEWORK, GRADES

MAX_SAMPLE = 200
SECTION_LETTERS = frozenset("ABCDEFGHIJK")


def _lock_authority(authority: Organisation) -> None:
    Organisation.objects.select_for_update().filter(pk=authority.pk).first()


# ---------------------------------------------------------------------------------------------
# The framework


def ensure_framework(*, authority: Organisation, actor: User | None) -> int:
    """Give the authority the default framework if it has none yet; the number of criteria
    made (0 when it already has one)."""
    with transaction.atomic():
        _lock_authority(authority)
        if selectors.has_framework(authority):
            return 0
        made = Criterion.objects.bulk_create(
            Criterion(
                authority=authority, section=d.section, text=d.text, guidance=d.guidance,
                source=d.source, weight=d.weight, position=i, created_by=actor, modified_by=actor,
            )
            for i, d in enumerate(DEFAULT_FRAMEWORK)
        )  # fmt: skip
        audit_record(
            request=None,
            actor=actor,
            action=AuditAction.CREATED,
            summary=f"Started the quality framework of {authority.name} from the default",
        )
        return len(made)


def _criterion_values(c: Criterion) -> dict[str, Any]:
    return {
        "section": c.section,
        "text": c.text,
        "guidance": c.guidance,
        "source": c.source,
        "weight": c.weight,
        "active": c.active,
    }


def criterion_save(
    *,
    actor: User,
    authority: Organisation,
    data: Mapping[str, Any],
    criterion: Criterion | None = None,
    based_on: str | None = None,
    request: HttpRequest | None = None,
) -> Criterion:
    """Add or change a criterion. Samples already drawn keep their own copy of the criteria,
    so this changes no audit under way or done."""
    weight = data.get("weight")
    if not isinstance(weight, int) or not 1 <= weight <= 5:
        raise ValidationError({"weight": "Weight must be a whole number from 1 to 5"})
    if str(data.get("section") or "-") not in SECTION_LETTERS:
        raise ValidationError({"section": "Select the section of the plan"})
    with transaction.atomic():
        if criterion is None:
            criterion = Criterion(authority=authority, created_by=actor)
            last = selectors.criteria(authority).filter(section=data["section"]).count()
            criterion.position = last
            before: dict[str, Any] = {}
        else:
            criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
            check_version(criterion, based_on)
            before = _criterion_values(criterion)
        for name in ("section", "text", "guidance", "source", "weight"):
            setattr(criterion, name, data[name] if name in data else getattr(criterion, name))
        criterion.active = bool(data.get("active", True))
        criterion.modified_by = actor
        criterion.save()
        audit_record(
            request=request,
            actor=actor,
            action=AuditAction.UPDATED if before else AuditAction.CREATED,
            obj=criterion,
            summary=f"{'Changed' if before else 'Added'} a quality criterion for section "
            f"{criterion.section}",
            changes=diff(before, _criterion_values(criterion)),
        )
    return criterion


# ---------------------------------------------------------------------------------------------
# Drawing a sample


def _describe(filters: Mapping[str, Any], setting: Organisation | None) -> list[str]:
    said = []
    if filters.get("need"):
        said.append(f"primary need {filters['need']}")
    if setting is not None:
        said.append(f"placed at {setting.name}")
    if filters.get("issued_from") or filters.get("issued_to"):
        said.append(
            f"issued from {filters.get('issued_from') or 'any date'} to "
            f"{filters.get('issued_to') or 'any date'}"
        )
    if filters.get("cared_for"):
        said.append("cared for (looked after)")
    return said


def draw_sample(
    *,
    actor: User,
    authority: Organisation,
    title: str,
    size: int,
    seed: int | None = None,
    need: str = "",
    setting: Organisation | None = None,
    issued_from: dt.date | None = None,
    issued_to: dt.date | None = None,
    cared_for: bool = False,
    today: dt.date | None = None,
    request: HttpRequest | None = None,
) -> Sample:
    """Draw ``size`` plans at random from the authority's issued plans in force matching the
    theme. The draw is reproducible: the same seed and the same plans give the same sample
    (the plans are put in case reference order, then ``random.Random(seed).sample``)."""
    if not 1 <= size <= MAX_SAMPLE:
        raise ValidationError({"size": f"Number of plans must be from 1 to {MAX_SAMPLE}"})
    if issued_from and issued_to and issued_from > issued_to:
        raise ValidationError({"issued_to": "Issued to must be the same as or after issued from"})
    if setting is not None and not selectors.placements(authority).filter(pk=setting.pk).exists():
        raise ValidationError({"setting": "Select a setting named in the authority's plans"})
    if seed is None:
        seed = secrets.randbelow(1_000_000) + 1
    population = list(
        selectors.issued_plans(
            authority, need=need, setting=setting, issued_from=issued_from,
            issued_to=issued_to, cared_for=cared_for,
        )
    )  # fmt: skip
    if not population:
        raise ValidationError({"size": "No issued plans match these choices: change the theme"})
    # Not for security: a reproducible draw the QA lead can repeat and show.
    picked = random.Random(seed).sample(population, min(size, len(population)))  # noqa: S311
    filters = {
        "need": need,
        "setting": str(setting.pk) if setting else "",
        "issued_from": issued_from.isoformat() if issued_from else "",
        "issued_to": issued_to.isoformat() if issued_to else "",
        "cared_for": cared_for,
    }
    theme = _describe(filters, setting)
    how = (
        f"{len(picked)} of {len(population)} issued plans in force"
        + (f" ({'; '.join(theme)})" if theme else "")
        + f", drawn at random with seed {seed}: the plans in case reference order, then "
        "Python's random.Random(seed).sample. The same seed and plans give the same sample."
    )
    with transaction.atomic():
        criteria = list(selectors.criteria(authority).filter(active=True))
        if not criteria:
            raise ValidationError({"size": "The framework has no criteria: add some first"})
        sample = Sample.objects.create(
            authority=authority, title=title, method="theme" if theme else "random",
            size=size, seed=seed, filters=filters, population=len(population), how_drawn=how,
            drawn_on=today or timezone.localdate(), created_by=actor, modified_by=actor,
        )  # fmt: skip
        SampleCriterion.objects.bulk_create(
            SampleCriterion(
                sample=sample, section=c.section, text=c.text, guidance=c.guidance,
                source=c.source, weight=c.weight, position=c.position,
            )
            for c in criteria
        )  # fmt: skip
        SampledPlan.objects.bulk_create(
            SampledPlan(
                sample=sample, version=v, case=v.plan.case, child_id=v.plan.case.child_id,
                position=i, created_by=actor,
            )
            for i, v in enumerate(picked)
        )  # fmt: skip
        audit_many(
            request=request,
            action=AuditAction.CREATED,
            child_ids=[v.plan.case.child_id for v in picked],
            summary=f"Plan drawn for the quality audit {title!r}",
        )
    return sample


# ---------------------------------------------------------------------------------------------
# Auditors and their grades


def assign(
    *,
    actor: User,
    plan: SampledPlan,
    auditor: User,
    agency: str,
    request: HttpRequest | None = None,
) -> PlanAudit:
    if agency not in Agency.values:
        raise ValidationError({"agency": "Select the auditor's agency"})
    if not selectors.eligible_auditors(plan.sample.authority).filter(pk=auditor.pk).exists():
        raise ValidationError({"auditor": "Select a member of the authority's staff or partners"})
    with transaction.atomic():
        if PlanAudit.objects.filter(plan=plan, auditor=auditor).exists():
            raise ValidationError({"auditor": "This auditor already audits this plan"})
        audit = PlanAudit.objects.create(
            plan=plan, auditor=auditor, agency=agency, created_by=actor, modified_by=actor
        )
        audit_record(
            request=request,
            actor=actor,
            action=AuditAction.CREATED,
            obj=audit,
            child_id=plan.child_id,
            summary=f"Asked {auditor.display_name()} ({audit.get_agency_display()}) to audit "
            f"the plan of case {plan.case.reference}",
        )
    return audit


def save_grades(
    *,
    actor: User,
    audit: PlanAudit,
    grades: Mapping[int, tuple[Any, str]],
    comment: str = "",
    based_on: str | None = None,
    request: HttpRequest | None = None,
) -> PlanAudit:
    """Grade every criterion of the sample (``grades``: criterion id -> (points, comment)) and
    submit the audit. Each missing or wrong grade is refused against its own field."""
    criteria = list(audit.plan.sample.criteria.all())
    errors: dict[str, str] = {}
    for c in criteria:
        points, _ = grades.get(c.pk, (None, ""))
        if str(points) not in {str(p) for p in GRADES}:
            errors[f"grade_{c.pk}"] = f"Select a grade for section {c.section}: {c.text}"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = PlanAudit.objects.select_for_update().get(pk=audit.pk)
        check_version(locked, based_on)
        if locked.plan.sample.closed_on:
            raise ValidationError("This sample is closed: its audits can no longer change")
        before = {str(g.criterion_id): g.points for g in locked.grades.all()}
        locked.grades.all().delete()
        Grade.objects.bulk_create(
            Grade(audit=locked, criterion=c, points=int(grades[c.pk][0]),
                  comment=str(grades[c.pk][1] or "")[:4000])
            for c in criteria
        )  # fmt: skip
        locked.comment = comment
        locked.submitted_at = locked.submitted_at or timezone.now()
        locked.modified_by = actor
        locked.save()
        audit_record(
            request=request,
            actor=actor,
            action=AuditAction.UPDATED,
            obj=locked,
            child_id=locked.plan.child_id,
            summary=f"Graded the plan of case {locked.plan.case.reference} for the quality audit",
            changes=diff(before, {str(c.pk): int(grades[c.pk][0]) for c in criteria}),
        )
    return locked


# ---------------------------------------------------------------------------------------------
# Moderation, themes and actions


def moderation_version(section: str) -> Any:
    """What a moderation of ``section`` is based on: the grades and any earlier moderation."""

    def version(plan: SampledPlan) -> Any:
        found = plan.moderations.filter(section=section).values_list("points", "note").first()
        submitted = plan.audits.filter(submitted_at__isnull=False).values_list("modified_at")
        return [list(found or []), sorted(str(s[0]) for s in submitted)]

    return version


def moderate(
    *,
    actor: User,
    plan: SampledPlan,
    section: str,
    points: Any,
    note: str,
    based_on: str | None = None,
    request: HttpRequest | None = None,
) -> Moderation:
    if str(points) not in {str(p) for p in GRADES}:
        raise ValidationError({"points": "Select the agreed grade"})
    if not note.strip():
        raise ValidationError({"note": "Enter why this grade was agreed"})
    with transaction.atomic():
        locked = SampledPlan.objects.select_for_update().get(pk=plan.pk)
        check_version(locked, based_on, version=moderation_version(section))
        found, _ = Moderation.objects.update_or_create(
            plan=locked, section=section,
            defaults={"points": int(points), "note": note, "modified_by": actor},
            create_defaults={"points": int(points), "note": note, "created_by": actor,
                             "modified_by": actor},
        )  # fmt: skip
        audit_record(
            request=request,
            actor=actor,
            action=AuditAction.UPDATED,
            obj=found,
            child_id=locked.child_id,
            summary=f"Moderated section {section} of the plan of case {locked.case.reference}: "
            f"{GRADES[int(points)]}",
        )
    return found


def findings_save(
    *,
    actor: User,
    plan: SampledPlan,
    themes: list[str],
    summary: str,
    based_on: str | None = None,
    request: HttpRequest | None = None,
) -> SampledPlan:
    names = sorted({" ".join(t.split())[:80] for t in themes if t.strip()})
    with transaction.atomic():
        locked = SampledPlan.objects.select_for_update().get(pk=plan.pk)
        check_version(locked, based_on)
        found = []
        for name in names:
            theme, _ = Theme.objects.get_or_create(
                authority=locked.sample.authority, name=name, defaults={"created_by": actor}
            )
            found.append(theme)
        before = {"themes": sorted(t.name for t in locked.themes.all()), "summary": locked.summary}
        locked.themes.set(found)
        locked.summary = summary
        locked.modified_by = actor
        locked.save()
        audit_record(
            request=request,
            actor=actor,
            action=AuditAction.UPDATED,
            obj=locked,
            child_id=locked.child_id,
            summary=f"Recorded the findings of the audit of case {locked.case.reference}",
            changes=diff(before, {"themes": names, "summary": summary}),
        )
    return locked


def action_add(
    *,
    actor: User,
    plan: SampledPlan,
    description: str,
    owner: User,
    due_on: dt.date,
    request: HttpRequest | None = None,
) -> QualityAction:
    if not selectors.staff_of(plan.sample.authority).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": "Select a member of the authority's staff or partners"})
    with transaction.atomic():
        action = QualityAction.objects.create(
            plan=plan, description=description, owner=owner, due_on=due_on,
            created_by=actor, modified_by=actor,
        )  # fmt: skip
        audit_record(
            request=request, actor=actor, action=AuditAction.CREATED, obj=action,
            child_id=plan.child_id,
            summary=f"Added an action from the audit of case {plan.case.reference}",
        )  # fmt: skip
    return action


def action_done(
    *, actor: User, action: QualityAction, on: dt.date, request: HttpRequest | None = None
) -> QualityAction:
    with transaction.atomic():
        locked = QualityAction.objects.select_for_update().get(pk=action.pk)
        if locked.done_on is None:
            locked.done_on = on
            locked.modified_by = actor
            locked.save()
            audit_record(
                request=request, actor=actor, action=AuditAction.UPDATED, obj=locked,
                child_id=locked.plan.child_id,
                summary=f"Marked done an action from the audit of case {locked.plan.case.reference}",
            )  # fmt: skip
    return locked
