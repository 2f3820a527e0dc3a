"""Importing an SEN2 return, all or nothing (``import_return``), and its report.

The file is read and checked first (``sen2.read``); it must be this installation's authority's
(``LEA`` = ``HOME_LA_CODE``). Then, in one transaction, each Person's child is matched (by UPN,
else first name, surname and date of birth: ``sendpath.people.matching``) or added, and each
of their Requests becomes a case with its timeline (``services.case_from_history``). Any error
anywhere (each naming its element) undoes everything; a dry run does all of it and then undoes
it, returning the same report.

Importing the same return again does not duplicate anything: a request whose child already has
a case received on the same date (the request's ``ReceivedDate``, or for a request decided in an
earlier year with no date, its first dated step) is counted as already imported and left as it
is. Changes to such a case since are not read from the file again.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction
from sendpath.ehc.models import Case
from sendpath.people.matching import ChildClashError, match_child
from sendpath.people.models import (
    Child,
    Organisation,
    OrganisationKind,
    SettingAttendance,
    SettingType,
    User,
)

from . import sen2
from .mapping import CaseDraft, PersonDraft, PlacementDraft, person_draft
from .services import case_from_history, home_authority

Progress = Callable[[int, int], None]
SOON = dt.timedelta(weeks=8)


@dataclass
class Report:
    dry_run: bool
    year: int = 0
    persons: int = 0
    children_created: int = 0
    children_matched: int = 0
    cases: int = 0
    open_requests: int = 0
    plans_in_force: int = 0
    plans_ceased: int = 0
    reviews_due: int = 0  # plans in force whose annual review is due in 8 weeks or overdue
    reviews_overdue: int = 0
    already_imported: int = 0
    organisations_added: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _DryRunError(Exception):
    """Raised at the end of a dry run to undo everything it wrote."""


def _find_setting(
    found: PlacementDraft, actor: User | None, cache: dict[str, Organisation], report: Report
) -> Organisation | None:
    """The school or college a placement names, by URN or UKPRN; added when we do not have it
    (as ``transfers.importing`` does), so a placement is never lost."""
    for name, value in (("urn", found.urn), ("ukprn", found.ukprn)):
        if not value:
            continue
        key = f"{name}:{value}"
        if key in cache:
            return cache[key]
        org = Organisation.objects.filter(**{name: value}).first()
        if org is not None:
            cache[key] = org
            return org
    if not (found.urn or found.ukprn):
        return None
    org = Organisation.objects.create(
        kind=OrganisationKind.SCHOOL if found.urn else OrganisationKind.COLLEGE,
        name=f"URN {found.urn}" if found.urn else f"UKPRN {found.ukprn}",
        urn=found.urn,
        ukprn=found.ukprn if not found.urn else "",
        setting_type=SettingType.OTHER,
        created_by=actor,
        modified_by=actor,
    )
    report.organisations_added += 1
    cache[f"urn:{found.urn}" if found.urn else f"ukprn:{found.ukprn}"] = org
    return org


def _clash_message(person: PersonDraft, clash: ChildClashError) -> str:
    element = {"upn": "UPN", "uln": "UniqueLearnerNumber", "nhs_number": "UPN"}
    child = clash.child
    if clash.kind == "date_of_birth":
        return (
            f"{person.path}/PersonBirthDate: the UPN belongs to {child.full_name}, born "
            f"{child.date_of_birth:%-d %B %Y}, not {person.date_of_birth:%-d %B %Y}"
        )
    name = element.get(clash.field, clash.field)
    if clash.kind == "identifier":
        return (
            f"{person.path}/{name}: {person.name} matches {child.full_name} (born "
            f"{child.date_of_birth:%-d %B %Y}) whose {clash.label} is different"
        )
    return f"{person.path}/{name}: this {clash.label} belongs to another child, {child.full_name}"


def _child(
    person: PersonDraft, authority: Organisation, actor: User | None, report: Report
) -> Child:
    child = match_child(
        identifiers={"upn": person.upn, "uln": person.uln},
        first_name=person.first_name,
        last_name=person.last_name,
        date_of_birth=person.date_of_birth,
        authority=authority,
    )
    if child is not None:
        report.children_matched += 1
        return child
    report.children_created += 1
    return Child.objects.create(
        first_name=person.first_name,
        last_name=person.last_name,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        ethnicity=person.ethnicity,
        postcode=person.postcode,
        upn=person.upn,
        uln=person.uln,
        upn_unknown_reason=person.upn_unknown,
        responsible_authority=authority,
        resident_authority=authority,
        created_by=actor,
        modified_by=actor,
    )


def _case(
    draft: CaseDraft,
    child: Child,
    authority: Organisation,
    actor: User | None,
    orgs: dict[str, Organisation],
    report: Report,
) -> Case | None:
    if Case.objects.filter(child=child, received_on=draft.received_on).exists():
        report.already_imported += 1
        return None
    if draft.is_open:
        existing = Case.objects.filter(child=child, closed_at__isnull=True).first()
        if existing is not None:
            raise ValidationError(
                f"{draft.path}: {child.full_name} already has an open case ({existing.reference}, "
                f"received {existing.received_on:%-d %B %Y}) that is not in this return"
            )
    placement = None
    for found in sorted(draft.named, key=lambda p: p.rank) + sorted(
        draft.attended, key=lambda p: p.rank
    ):
        if found.rank == 1 and (found.urn or found.ukprn):
            placement = _find_setting(found, actor, orgs, report)
            break
    start = next((e.date for e in draft.events if e.type == "final_plan_issued"), None)
    if draft.in_force:
        for found in draft.attended:
            org = _find_setting(found, actor, orgs, report)
            begins = found.entry or start
            if org is None or begins is None:
                continue
            if not SettingAttendance.objects.filter(
                child=child, organisation=org, start_date=begins
            ).exists():
                SettingAttendance.objects.create(
                    child=child,
                    organisation=org,
                    start_date=begins,
                    end_date=found.leaving,
                    created_by=actor,
                    modified_by=actor,
                )
        ranked = {n.rank: n.code for n in draft.needs}
        if ranked:
            child.primary_need = ranked.get(1, child.primary_need)
            child.secondary_need = ranked.get(2, "")
            child.save(update_fields=["primary_need", "secondary_need", "modified_at"])
    try:
        case = case_from_history(
            actor=actor,
            child=child,
            authority=authority,
            source=draft.source,
            received_on=draft.received_on,
            events=draft.events,
            placement=placement,
            needs=draft.needs if draft.in_force else [],
            warnings=draft.warnings,
            closed_reason=draft.closed_reason,
            why=f"imported from the SEN2 return ({draft.path})",
        )
    except ValidationError as error:
        raise ValidationError(f"{draft.path}: {error.messages[0]}") from None
    report.cases += 1
    report.plans_ceased += int(draft.ceased)
    report.warnings.extend(f"{child.full_name}, {draft.path}: {w}" for w in draft.warnings)
    return case


def _count_reviews(cases: list[Case], report: Report, today: dt.date) -> None:
    for case in cases:
        if case.closed_at is None and case.stage == "final_issued":
            report.plans_in_force += 1
            review = case.deadlines.filter(
                key__in=("annual_review", "early_years_review"), pending=True
            ).first()
            if review is not None and review.due <= today + SOON:
                report.reviews_due += 1
                if review.due < today:
                    report.reviews_overdue += 1
        elif case.closed_at is None:
            report.open_requests += 1


def import_return(
    *,
    raw: bytes,
    actor: User | None,
    dry_run: bool = False,
    progress: Progress | None = None,
    request: HttpRequest | None = None,
) -> Report:
    """Import the return (or, with ``dry_run``, try it and undo it); ``sen2.Sen2Error`` with
    every reason, each naming its element, if anything is wrong (nothing is written)."""
    began = time.monotonic()
    home = str(settings.HOME_LA_CODE)
    parsed = sen2.read(raw, lea=home)
    if parsed.lea != home:
        raise sen2.Sen2Error(
            [f"This return is for LA {parsed.lea}; this installation serves LA {home}"]
        )
    today = timezone.localdate()
    errors: list[str] = []
    drafts: list[PersonDraft] = []
    for person in parsed.persons:
        draft = person_draft(person, parsed.reference_date, errors, today)
        if draft is not None:
            drafts.append(draft)
        if len(errors) >= sen2.MAX_ERRORS:
            break
    if errors:
        raise sen2.Sen2Error(errors)
    report = Report(dry_run=dry_run, year=parsed.year, persons=len(parsed.persons))
    try:
        with transaction.atomic():
            _write(drafts, actor, report, errors, today, progress)
            if errors:
                raise sen2.Sen2Error(errors)
            audit_record(
                request=request,
                actor=actor,
                action=AuditAction.CREATED,
                summary=f"{'Tried (dry run)' if dry_run else 'Imported'} the SEN2 return "
                f"{parsed.year} of LA {parsed.lea}: {report.cases} cases, "
                f"{report.children_created} new children",
                changes={k: v for k, v in report.as_dict().items() if k != "warnings"},
            )
            if dry_run:
                raise _DryRunError
    except _DryRunError:
        pass
    report.seconds = round(time.monotonic() - began, 2)
    return report


def _write(
    drafts: list[PersonDraft],
    actor: User | None,
    report: Report,
    errors: list[str],
    today: dt.date,
    progress: Progress | None,
) -> None:
    authority = home_authority(actor=actor)
    orgs: dict[str, Organisation] = {}
    seen: dict[Any, str] = {}
    created: list[Case] = []
    for index, person in enumerate(drafts, start=1):
        report.warnings.extend(person.warnings)
        try:
            child = _child(person, authority, actor, report)
        except ChildClashError as clash:
            errors.append(_clash_message(person, clash))
            continue
        if child.pk in seen:
            errors.append(f"{person.path}: the same child as {seen[child.pk]}")
            continue
        seen[child.pk] = person.path
        for draft in person.cases:
            try:
                case = _case(draft, child, authority, actor, orgs, report)
            except ValidationError as error:
                errors.append(error.messages[0])
                continue
            if case is not None:
                created.append(case)
        if len(errors) >= sen2.MAX_ERRORS:
            return
        if progress is not None and (index % 25 == 0 or index == len(drafts)):
            progress(index, len(drafts))
    _count_reviews(created, report, today)
