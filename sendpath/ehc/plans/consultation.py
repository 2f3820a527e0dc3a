"""Consultation on the draft plan: settings consulted and their responses, the placement named
(section I). Every step goes through ``services.event_record`` so the deadlines move with it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.text import slugify

from sendpath.core.audit import diff
from sendpath.core.formatting import govuk_date
from sendpath.core.models import AuditAction
from sendpath.ehc.cases import services
from sendpath.ehc.cases.stages import Step, require_step
from sendpath.ehc.models import (
    Case,
    CaseEvent,
    Plan,
)
from sendpath.ehc.plans.selectors import consultations, draft_sent_on, plan_for
from sendpath.ehc.plans.services import audit_plan_change
from sendpath.people.models import EDUCATION_KINDS, Organisation, SettingType, User


def _check_consulting(case: Case) -> Plan:
    require_step(case, Step.CONSULT_SETTINGS)
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
    audit_plan_change(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=plan,
        case=case,
        summary="Named the placement in section I of the plan",
        changes=diff(before, {"placement": plan.placement_id, "section_i": plan.section_i}),
    )
    return event
