"""Reads for the registers: every one starts from ``Child.objects.visible_to(user)``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from sendpath.core import reference
from sendpath.ehc.models import Case
from sendpath.people.models import Child, Organisation, SettingAttendance, User

from .models import ContactRole, KeyContact, PlanCopy

# Who may use each register: see rules.py.

SEN_REGISTER_COLUMNS = (
    "Name",
    "Date of birth",
    "Year group",
    "UPN",
    "Status",
    "Primary need",
    "Secondary need",
    "School or setting",
    "At setting since",
    "SEN provision since",
    "Cared for",
    "Responsible authority",
)


def academic_year_start(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    return today.year if today.month >= 9 else today.year - 1


def year_group(date_of_birth: dt.date, today: dt.date | None = None) -> int:
    """National curriculum year (0 is Reception), from age on 31 August before the year."""
    cohort = date_of_birth.year + 1 if date_of_birth.month >= 9 else date_of_birth.year
    return academic_year_start(today) - cohort - 4


def year_label(year: int) -> str:
    if year == 0:
        return "Reception"
    if year < 0:
        return "Early years"
    return f"Year {year}"


def births_for_year(year: int, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    cohort = academic_year_start(today) - 4 - year
    return dt.date(cohort - 1, 9, 1), dt.date(cohort, 8, 31)


def _current_settings() -> Prefetch[Any]:
    today = timezone.localdate()
    current = (
        SettingAttendance.objects.filter(start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("organisation")
        .order_by("-start_date")
    )
    return Prefetch("settings", queryset=current, to_attr="current_setting_list")


def sen_register(
    *,
    user: User,
    school: str = "",
    need: str = "",
    status: str = "",
    year: int | None = None,
    cared_for: str = "",
) -> Any:
    """Children with SEN support (K) or a plan (E) the user may see, filtered."""
    children = Child.objects.visible_to(user).filter(sen_provision__in=("K", "E"))
    today = timezone.localdate()
    if school:
        children = children.filter(
            pk__in=SettingAttendance.objects.filter(organisation_id=school, start_date__lte=today)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            .values("child_id")
        )
    if need:
        children = children.filter(Q(primary_need=need) | Q(secondary_need=need))
    if status:
        children = children.filter(sen_provision=status)
    if year is not None:
        start, end = births_for_year(year, today)
        children = children.filter(date_of_birth__range=(start, end))
    if cared_for == "yes":
        children = children.filter(cared_for=True)
    elif cared_for == "no":
        children = children.filter(cared_for=False)
    return children.select_related("responsible_authority").prefetch_related(_current_settings())


def register_schools(*, user: User) -> list[tuple[str, str]]:
    """The current settings of the children on the user's register, for the school filter:
    each setting checked for one such pupil through the attendance index, rather than every
    attendance gathered and sorted."""
    today = timezone.localdate()
    visible = Child.objects.visible_to(user).filter(sen_provision__in=("K", "E"))
    attending = SettingAttendance.objects.filter(
        organisation=OuterRef("pk"), child__in=visible, start_date__lte=today
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    rows = (
        Organisation.objects.filter(Exists(attending))
        .order_by("name", "pk")
        .values_list("pk", "name")
    )
    return [(str(pk), name) for pk, name in rows]


def current_setting(child: Child) -> SettingAttendance | None:
    settings = getattr(child, "current_setting_list", None)
    if settings is None:
        settings = list(child.current_settings().select_related("organisation"))
    return settings[0] if settings else None


def sen_register_row(child: Child) -> list[Any]:
    """One child's row of the SEN Register, in the order of ``SEN_REGISTER_COLUMNS``."""
    setting = current_setting(child)
    return [
        f"{child.last_name}, {child.first_name}",
        child.date_of_birth,
        year_label(year_group(child.date_of_birth)),
        child.upn,
        reference.SEN_PROVISION_LABELS.get(child.sen_provision, child.sen_provision),
        reference.NEED_LABELS.get(child.primary_need, ""),
        reference.NEED_LABELS.get(child.secondary_need, ""),
        setting.organisation.name if setting else "",
        setting.start_date if setting else None,
        child.sen_provision_since,
        "Yes" if child.cared_for else "No",
        child.responsible_authority.name,
    ]


def belonging_register(*, user: User) -> Any:
    """Cared-for children with SEN support or a plan whom the user may see."""
    return belonging_children(user=user).filter(sen_provision__in=("K", "E"))


def belonging_children(*, user: User) -> Any:
    """Every cared-for child the user may see: each can have an entry and copies of a plan held
    by another authority stored, even before their SEN provision is recorded here."""
    return (
        Child.objects.visible_to(user)
        .filter(cared_for=True)
        .select_related(
            "responsible_authority",
            "resident_authority",
            "looked_after_by",
            "belonging__plan_authority",
        )
        .prefetch_related(
            _current_settings(),
            Prefetch(
                "plan_copies",
                queryset=PlanCopy.objects.select_related("holding_authority"),
                to_attr="plan_copy_list",
            ),
            _open_cases(),
        )
    )


def directory_contacts(authority_ids: Iterable[Any]) -> dict[Any, KeyContact]:
    """The SEN team's key contact of each authority (the latest confirmed), in one query."""
    found: dict[Any, KeyContact] = {}
    rows = KeyContact.objects.filter(
        organisation_id__in=set(authority_ids), role=ContactRole.SEN
    ).order_by("organisation_id", "-last_confirmed")
    for contact in rows:
        found.setdefault(contact.organisation_id, contact)
    return found


def _open_cases() -> Prefetch:
    return Prefetch(
        "cases",
        queryset=Case.objects.open().select_related("caseworker").order_by("received_on"),
        to_attr="open_case_list",
    )


def _own_caseworker(child: Child, authority: Any) -> User | None:
    """The caseworker of the child's open case here, where this authority holds the plan."""
    if authority is None or authority.pk != child.responsible_authority_id:
        return None
    cases = getattr(child, "open_case_list", None)
    if cases is None:
        cases = list(Case.objects.open().filter(child=child).select_related("caseworker"))
    for case in cases:
        if case.authority_id == authority.pk and case.caseworker is not None:
            caseworker: User = case.caseworker
            return caseworker
    return None


def _plan_authority(child: Child) -> Any:
    entry = getattr(child, "belonging", None)
    return (entry.plan_authority if entry else None) or child.responsible_authority


def plan_contact(child: Child, directory: dict[Any, KeyContact] | None = None) -> dict[str, Any]:
    """Who holds the plan and who to talk to there: the child's own entry; else, where this
    authority holds the plan, the caseworker of the child's open case; else a key contact
    (from ``directory``, looked up for a page of children at once, when given)."""
    entry = getattr(child, "belonging", None)
    authority = _plan_authority(child)
    if entry and (entry.plan_caseworker_name or entry.email or entry.telephone):
        return {
            "authority": authority,
            "name": entry.plan_caseworker_name,
            "email": entry.email,
            "telephone": entry.telephone,
            "from_directory": False,
        }
    caseworker = _own_caseworker(child, authority)
    if caseworker is not None:
        return {
            "authority": authority,
            "name": caseworker.display_name(),
            "email": caseworker.email,
            "telephone": "",
            "from_directory": False,
            "own_caseworker": True,
        }
    if directory is None:
        directory = directory_contacts([authority.pk])
    contact = directory.get(authority.pk)
    return {
        "authority": authority,
        "name": contact.name if contact else "",
        "email": contact.email if contact else "",
        "telephone": contact.telephone if contact else "",
        "from_directory": contact is not None,
    }


def plan_contacts(children: list[Child]) -> dict[Any, dict[str, Any]]:
    """``plan_contact`` for a page of children, with one query for the directory."""
    directory = directory_contacts(_plan_authority(c).pk for c in children)
    return {c.pk: plan_contact(c, directory) for c in children}


def contacts(*, q: str = "", organisation: str = "", role: str = "") -> Any:
    rows = KeyContact.objects.select_related("organisation")
    if q:
        rows = rows.filter(
            Q(name__icontains=q) | Q(organisation__name__icontains=q) | Q(job_title__icontains=q)
        )
    if organisation:
        rows = rows.filter(organisation_id=organisation)
    if role:
        rows = rows.filter(role=role)
    return rows


def plan_copies_for(*, child: Child, with_authority: bool = False) -> QuerySet[PlanCopy]:
    """The copies of a child's plan stored for the Belonging Register (the child is already in
    the user's scope), newest first; with the authority that holds each where a page shows it."""
    copies = PlanCopy.objects.filter(child=child)
    if with_authority:
        copies = copies.select_related("holding_authority")
    return copies


def key_contacts_all() -> QuerySet[KeyContact]:
    """Every key contact, to find one by its key (the directory is shared by all who use it)."""
    return KeyContact.objects.all()
