"""View-models: what the record page shows, worked out once, outside the template."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils import timezone

from sendpath.core import reference
from sendpath.core.formatting import age, govuk_date

from .ages import over_compulsory_school_age
from .family import selectors as family
from .models import Child, FamilyMember, ProfessionalLink, SettingAttendance


@dataclass
class ChildPresenter:
    child: Child

    def __getattr__(self, name: str) -> Any:
        return getattr(self.child, name)

    @property
    def age(self) -> int | None:
        return age(self.child.date_of_birth)

    @cached_property
    def family(self) -> list[FamilyMember]:
        return list(self.child.family.all())

    @cached_property
    def professionals(self) -> list[ProfessionalLink]:
        return list(
            self.child.professionals.filter(ended_on__isnull=True).select_related(
                "user__organisation"
            )
        )

    @cached_property
    def settings(self) -> list[SettingAttendance]:
        return list(self.child.settings.select_related("organisation"))

    @property
    def current_settings(self) -> list[SettingAttendance]:
        return [s for s in self.settings if s.is_current]

    @property
    def past_settings(self) -> list[SettingAttendance]:
        return [s for s in self.settings if not s.is_current]

    @property
    def flags(self) -> list[dict[str, str]]:
        """The things everyone working with the child should see first."""
        c = self.child
        flags: list[dict[str, str]] = []
        if c.cared_for:
            by = f" by {c.looked_after_by.name}" if c.looked_after_by else ""
            flags.append({"text": f"Cared for{by}", "classes": "govuk-tag--purple"})
        if c.sen_provision == "E":
            flags.append({"text": "EHC plan", "classes": "govuk-tag--blue"})
        elif c.sen_provision == "K":
            flags.append({"text": "SEN support", "classes": "govuk-tag--light-blue"})
        today = timezone.localdate()
        for name, text, classes in (
            ("dynamic_support_register", "Dynamic Support Register", "govuk-tag--red"),
            ("youth_justice", "Youth justice", "govuk-tag--orange"),
            ("eotas", "EOTAS", "govuk-tag--yellow"),
        ):
            ended = getattr(c, f"{name}_to")
            if getattr(c, name) and (ended is None or ended >= today):
                flags.append({"text": text, "classes": classes})
        if c.alternative_provision:
            flags.append({"text": "Alternative provision", "classes": "govuk-tag--yellow"})
        if c.interpreter_needed:
            flags.append(
                {"text": f"Interpreter: {c.interpreter_language}", "classes": "govuk-tag--pink"}
            )
        return flags

    def identity_rows(self) -> list[dict[str, Any]]:
        c = self.child
        rows = [
            ("Name", c.full_name + (f" (known as {c.preferred_name})" if c.preferred_name else "")),
            ("Date of birth", f"{govuk_date(c.date_of_birth)} (age {self.age})"),
            ("Sex", reference.SEX_LABELS.get(c.sex, "Not recorded")),
            ("Ethnicity", reference.ETHNICITY_LABELS.get(c.ethnicity, "Not recorded")),
            (
                "UPN",
                c.upn or (dict(reference.UPN_UNKNOWN).get(c.upn_unknown_reason) or "Not recorded"),
            ),
            ("ULN", c.uln or "Not recorded"),
            ("NHS number", _spaced_nhs(c.nhs_number) or "Not recorded"),
            ("Address", (c.address + ("\n" + c.postcode if c.postcode else "")) or "Not recorded"),
            ("Responsible local authority", c.responsible_authority.name),
            ("Lives in", c.resident_authority.name if c.resident_authority else "Not recorded"),
        ]
        return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]

    def needs_rows(self) -> list[dict[str, Any]]:
        c = self.child
        rows = [
            ("SEN provision", reference.SEN_PROVISION_LABELS.get(c.sen_provision, "")),
            ("Primary type of need", reference.NEED_LABELS.get(c.primary_need, "None recorded")),
            (
                "Secondary type of need",
                reference.NEED_LABELS.get(c.secondary_need, "None recorded"),
            ),
            (
                "Cared for",
                f"Yes, by {c.looked_after_by.name}"
                if c.cared_for and c.looked_after_by
                else ("Yes" if c.cared_for else "No"),
            ),
            (
                "Dynamic Support Register",
                _period(
                    c.dynamic_support_register,
                    c.dynamic_support_register_from,
                    c.dynamic_support_register_to,
                ),
            ),
            ("Youth justice", _period(c.youth_justice, c.youth_justice_from, c.youth_justice_to)),
            ("EOTAS", _period(c.eotas, c.eotas_from, c.eotas_to)),
            ("Alternative provision", "Yes" if c.alternative_provision else "No"),
            ("Free school meals", _fsm(c.fsm_eligible, c.fsm_eligible_from)),
        ]
        return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]

    def communication_rows(self) -> list[dict[str, Any]]:
        c = self.child
        rows = [
            ("First language", c.first_language or "Not recorded"),
            (
                "First language category (school census)",
                reference.FIRST_LANGUAGE_LABELS.get(c.first_language_code, "Not recorded"),
            ),
            (
                "Interpreter",
                f"Needed: {c.interpreter_language}" if c.interpreter_needed else "Not needed",
            ),
            ("Preferred format", c.preferred_format or "No preference recorded"),
            ("Communication needs", c.communication_notes or "None recorded"),
        ]
        return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]


def _period(flag: bool, start: dt.date | None, end: dt.date | None) -> str:
    """A flag with its dates: "Yes, since 3 February 2025", "No, ended 1 May 2026"."""
    if not flag:
        return "No"
    if end is not None and end < timezone.localdate():
        since = f" (from {govuk_date(start)})" if start else ""
        return f"No, ended {govuk_date(end)}{since}"
    text = f"Yes, since {govuk_date(start)}" if start else "Yes"
    return f"{text}, until {govuk_date(end)}" if end else text


def _fsm(eligible: str, since: dt.date | None) -> str:
    if eligible == "Y":
        return f"Eligible since {govuk_date(since)}" if since else "Eligible"
    return "Not eligible" if eligible == "N" else "Not known"


def _spaced_nhs(value: str) -> str:
    return f"{value[:3]} {value[3:6]} {value[6:]}" if len(value) == 10 else value


def family_home_context(user: Any, children: Any) -> dict[str, Any]:
    """A family's home page: only what the portal will show them later. Each linked child's
    name, date of birth and school; their open invitations (naming no child); why a record has
    gone (the 16+ rule); the plans a carer may read."""
    return {
        "children": [
            {
                "child": c,
                "date_of_birth": govuk_date(c.date_of_birth),
                "schools": family.current_school_names(child=c),
            }
            for c in children
        ],
        "invitations": list(family.open_invitations_for(user=user)),
        "withheld": family.withheld_by_the_16_plus_rule(user=user),
        "carer_children": list(family.carer_plan_children(user=user)),
        "own_record": family.own_record_of(user=user),
        "may_decide": user.has_perm("people.decide_parents_access"),
    }


def family_accounts_rows(child: Child) -> list[dict[str, Any]]:
    """Staff's view of who has a family account for this child, and the 16+ rule's state."""
    rows: list[tuple[str, str]] = []
    for member in family.linked_members_for(child=child):
        what = "sees the record" if member.has_account_access else "no access"
        if member.plan_read_access and not member.parental_responsibility:
            what = "reads the plan only"
        rows.append(
            (f"{member.full_name} ({member.get_relationship_display()})", f"Linked: {what}")
        )
    if child.young_person_user_id:
        rows.append((f"{child.full_name} (the young person)", "Linked: their own account"))
    for inv in family.invitations_for_child(child=child).filter(used_at__isnull=True):
        if inv.status() == "open":
            who = inv.family_member.full_name if inv.family_member else "The young person"
            rows.append(
                (
                    who,
                    f"Invited ({inv.email}), until "
                    f"{govuk_date(timezone.localtime(inv.expires_at).date())}",
                )
            )
    if not rows:
        rows.append(("Family accounts", "None linked"))
    if over_compulsory_school_age(child.date_of_birth, timezone.localdate()):
        decision = {
            "keep": "The young person decided their parents keep access",
            "stop": "The young person stopped their parents' access",
        }.get(child.parents_access, "Not decided by the young person yet: parents keep access")
        rows.append(("Parents' access (16+)", decision))
    if child.lacks_capacity_recorded_on:
        by = child.lacks_capacity_recorded_by
        rows.append(
            (
                "Capacity to decide",
                f"Lacks capacity to decide about parents' access: assessed "
                f"{govuk_date(child.lacks_capacity_recorded_on)}, recorded by "
                f"{by.display_name() if by else 'someone no longer known'}. Parents keep access",
            )
        )
    return [{"key": {"text": k}, "value": {"text": v}} for k, v in rows]
