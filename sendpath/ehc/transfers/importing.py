"""Reading a checked plan transfer file into the importing authority, all or nothing
(``import_case``): the child matched or added, the plan, the timeline, and the transfer deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction
from sendpath.ehc.transfers.interchange import (
    CHILD_TEXT,
    IDENTIFIERS,
    REVIEW_BASES,
    SECTION_FIELDS,
    schema_errors,
)
from sendpath.people.matching import ChildClashError, match_child
from sendpath.people.models import (
    Child,
    FamilyMember,
    Organisation,
    OrganisationKind,
    Relationship,
    SettingAttendance,
    SettingType,
    User,
)

from ..cases import holders, services
from ..models import (
    Case,
    CaseEvent,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanProvision,
    RequestSource,
)


def _date(value: str | None, path: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({"file": f"{path}: must be a real date"}) from None


def _required_date(value: str, path: str) -> dt.date:
    found = _date(value, path)
    if found is None:
        raise ValidationError({"file": f"{path}: is required"})
    return found


def _find_org(data: dict[str, Any] | None) -> Organisation | None:
    if not data:
        return None
    for name in ("urn", "ukprn", "la_code"):
        if data.get(name):
            found = Organisation.objects.filter(**{name: data[name]}).first()
            if found is not None:
                return found
    return Organisation.objects.filter(name=data["name"]).first()


def _find_or_add_setting(data: dict[str, Any] | None, actor: User) -> Organisation | None:
    """The school, college or setting a file names; added to our list of organisations when we
    do not have it yet (by its URN or UKPRN), so a placement is never lost in a transfer."""
    found = _find_org(data)
    if found is not None or not data or not (data.get("urn") or data.get("ukprn")):
        return found
    kind = OrganisationKind.SCHOOL if data.get("urn") else OrganisationKind.COLLEGE
    return Organisation.objects.create(
        kind=kind,
        name=data["name"],
        urn=data.get("urn") or "",
        ukprn=data.get("ukprn") or "",
        setting_type=SettingType.OTHER,
        created_by=actor,
        modified_by=actor,
    )


def _find_or_add_authority(data: dict[str, Any], actor: User) -> Organisation:
    """The local authority a file names (``looked_after_by``), by its LA code, else its name;
    added to our list of organisations when we do not have it yet, so a cared-for child's
    authority is never lost in a transfer."""
    authorities = Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY)
    code = data.get("la_code") or ""
    found = (
        authorities.filter(la_code=code).first()
        if code
        else authorities.filter(name__iexact=data["name"]).first()
    )
    if found is not None:
        return found
    return Organisation.objects.create(
        kind=OrganisationKind.LOCAL_AUTHORITY,
        name=data["name"],
        la_code=code,
        setting_type="",
        created_by=actor,
        modified_by=actor,
    )


def _cared_for(child: Child, data: dict[str, Any], actor: User) -> list[str]:
    """Set cared-for status and the authority that looks after the child, as the file says
    (a file made before these fields were added says nothing: the record is left as it is).
    Returns the fields changed."""
    if "cared_for" not in data and "looked_after_by" not in data:
        return []
    cared_for = bool(data.get("cared_for", child.cared_for))
    named = data.get("looked_after_by")
    looked_after_by = _find_or_add_authority(named, actor) if named and cared_for else None
    changed = []
    if child.cared_for != cared_for:
        child.cared_for = cared_for
        changed.append("cared_for")
    if child.looked_after_by_id != (looked_after_by.pk if looked_after_by else None):
        child.looked_after_by = looked_after_by
        changed.append("looked_after_by")
    return changed


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _match_child(data: dict[str, Any], authority: Organisation) -> Child | None:
    ids = {name: data["identifiers"].get(name, "") for name in IDENTIFIERS}
    dob = _required_date(data["date_of_birth"], "child.date_of_birth")
    try:
        return match_child(
            identifiers=ids,
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=dob,
            authority=authority,
        )
    except ChildClashError as clash:
        child = clash.child
        if clash.kind == "identifier":
            raise _refuse(
                f"The file matches {child.full_name} (born {child.date_of_birth:%-d %B %Y}) "
                f"but their {IDENTIFIERS[clash.field]} is different ({ids[clash.field]} in the "
                "file). Check the child's identifiers with the other authority before importing"
            ) from None
        if clash.kind == "date_of_birth":
            raise _refuse(
                f"The file's UPN belongs to {child.full_name}, whose date of birth is different. "
                "Check the child's identifiers with the other authority before importing"
            ) from None
        raise _refuse(
            f"The file's {IDENTIFIERS[clash.field]} belongs to another "
            "child on this service. Check the child's identifiers before importing"
        ) from None


def _new_child(data: dict[str, Any], authority: Organisation, actor: User) -> Child:
    ids = data["identifiers"]
    child = Child(
        first_name=data["first_name"],
        last_name=data["last_name"],
        date_of_birth=_required_date(data["date_of_birth"], "child.date_of_birth"),
        sex=data["sex"],
        upn=ids.get("upn", ""),
        upn_unknown_reason=ids.get("upn_unknown_reason", ""),
        uln=ids.get("uln", ""),
        nhs_number=ids.get("nhs_number", ""),
        interpreter_needed=bool(data.get("interpreter_needed", False)),
        responsible_authority=authority,
        resident_authority=authority,
        created_by=actor,
        modified_by=actor,
    )
    for name in CHILD_TEXT:
        if name in data:
            setattr(child, name, data[name])
    _cared_for(child, data, actor)
    child.save()
    for index, member in enumerate(data["family"]):
        relationship = member["relationship"]
        if relationship not in Relationship.values:
            raise _refuse(
                f"child.family[{index}].relationship: must be one of "
                + ", ".join(Relationship.values)
            )
        FamilyMember.objects.create(
            child=child,
            full_name=member["full_name"],
            relationship=relationship,
            parental_responsibility=bool(member.get("parental_responsibility")),
            lives_with_child=bool(member.get("lives_with_child")),
            main_contact=bool(member.get("main_contact")),
            telephone=member.get("telephone", ""),
            email=member.get("email", ""),
            address=member.get("address", ""),
            created_by=actor,
            modified_by=actor,
        )
    return child


@transaction.atomic
def import_case(*, actor: User, data: dict[str, Any], request: HttpRequest | None = None) -> Case:
    """Create (or match) the child, a new case for the actor's authority, its plan and history.

    All or nothing: any refusal (a ValidationError naming the field) leaves no trace.
    """
    errors = schema_errors(data)
    if errors:
        raise _refuse(f"The file is not a valid plan transfer: {errors[0]}")
    authority = actor.authority
    if authority is None:
        raise _refuse("Only staff of a local authority can import a plan")
    today = timezone.localdate()
    child_data = data["child"]
    child = _match_child(child_data, authority)
    settings_unmatched: list[str] = []
    if child is None:
        child = _new_child(child_data, authority, actor)
        created_child = True
    else:
        created_child = False
        Child.objects.select_for_update().filter(pk=child.pk).first()
        open_case = Case.objects.filter(child=child, closed_at__isnull=True).first()
        if open_case is not None:
            raise _refuse(
                f"{child.full_name} already has an open case ({open_case.reference}, "
                f"{open_case.authority}). That case must be closed before the plan is imported"
            )
        changed = _cared_for(child, child_data, actor)
        if child.responsible_authority_id != authority.pk:
            child.responsible_authority = authority
            child.resident_authority = authority
            changed += ["responsible_authority", "resident_authority"]
        if changed:
            child.modified_by = actor
            child.save(update_fields=[*changed, "modified_by", "modified_at"])
    for index, setting in enumerate(child_data["settings"]):
        org = _find_or_add_setting(setting["organisation"], actor)
        if org is None:
            settings_unmatched.append(setting["organisation"]["name"])
        elif created_child:
            SettingAttendance.objects.create(
                child=child,
                organisation=org,
                start_date=_required_date(
                    setting["start_date"], f"child.settings[{index}].start_date"
                ),
                end_date=_date(setting.get("end_date"), f"child.settings[{index}].end_date"),
                attendance=setting.get("attendance") or "full_time",
                created_by=actor,
                modified_by=actor,
            )

    source = data["case"]["request_source"]
    if source not in RequestSource.values:
        raise _refuse("case.request_source: must be one of " + ", ".join(RequestSource.values))
    received_on = _date(data["case"]["received_on"], "case.received_on") or today
    case = Case.objects.create(
        child=child,
        authority=authority,
        caseworker=actor,
        reference=services._next_reference(authority, today.year),
        request_source=source,
        received_on=received_on,
        created_by=actor,
        modified_by=actor,
    )

    # The plan and its items, links kept by the file's need refs.
    plan_data = data["plan"]
    sections = plan_data["sections"]
    plan = Plan.objects.create(
        case=case,
        status=plan_data["status"],
        placement=_find_or_add_setting(plan_data.get("placement"), actor),
        draft_sent_on=_date(plan_data.get("draft_sent_on"), "plan.draft_sent_on"),
        issued_on=_date(plan_data.get("issued_on"), "plan.issued_on"),
        created_by=actor,
        modified_by=actor,
        **{name: sections[letter] for letter, name in SECTION_FIELDS.items()},
    )
    needs: dict[str, PlanNeed] = {}
    for index, item in enumerate(plan_data["needs"]):
        if item["ref"] in needs:
            raise _refuse(f"plan.needs[{index}].ref: {item['ref']} is used twice")
        needs[item["ref"]] = PlanNeed.objects.create(
            plan=plan,
            area=item["area"],
            description=item["description"],
            position=item.get("position", index),
            created_by=actor,
            modified_by=actor,
        )

    def linked(kind: str, index: int, refs: list[str]) -> list[PlanNeed]:
        for at, ref in enumerate(refs):
            if ref not in needs:
                raise _refuse(f"plan.{kind}[{index}].needs[{at}]: no need has the ref {ref!r}")
        return [needs[ref] for ref in refs]

    for index, item in enumerate(plan_data["outcomes"]):
        links = linked("outcomes", index, item["needs"])
        outcome = PlanOutcome.objects.create(
            plan=plan,
            what=item["what"],
            by_when=item["by_when"],
            how_measured=item["how_measured"],
            preparing_for_adulthood=bool(item.get("preparing_for_adulthood")),
            created_by=actor,
            modified_by=actor,
        )
        outcome.needs.set(links)
    for index, item in enumerate(plan_data["provision"]):
        links = linked("provision", index, item["needs"])
        provision = PlanProvision.objects.create(
            plan=plan,
            section=item["section"],
            what=item["what"],
            who=item["who"],
            how_often=item["how_often"],
            how_long=item["how_long"],
            created_by=actor,
            modified_by=actor,
        )
        provision.needs.set(links)

    # The history, in the file's order, without running the engine per event.
    timeline = sorted(data["timeline"], key=lambda e: e["position"])
    positions = [e["position"] for e in timeline]
    if positions != list(range(len(timeline))):
        raise _refuse("timeline: positions must run 0, 1, 2 and so on, once each")
    rows = []
    for index, item in enumerate(timeline):
        if item["type"] not in services.ENGINE_TYPES | services.LOCAL_TYPES:
            raise _refuse(f"timeline[{index}].type: {item['type']!r} is not a kind of step")
        when = _date(item["date"], f"timeline[{index}].date")
        if when is not None and when > today:
            raise _refuse(f"timeline[{index}].date: must be today or in the past")
        if item["supersedes"] is not None and not 0 <= item["supersedes"] < len(timeline):
            raise _refuse(
                f"timeline[{index}].supersedes: no event has position {item['supersedes']}"
            )
        rows.append(
            CaseEvent(
                case=case,
                type=item["type"],
                date=when,
                details=item["details"],
                note=item.get("note", ""),
                recorded_by=actor,
            )
        )
    created = CaseEvent.objects.bulk_create(rows)
    for item, event in zip(timeline, created, strict=True):
        # Same transaction as the insert: the original recording time and correction link.
        changes: dict[str, Any] = {}
        if item.get("recorded_at"):
            try:
                at = dt.datetime.fromisoformat(item["recorded_at"])
                changes["recorded_at"] = timezone.make_aware(at) if timezone.is_naive(at) else at
            except ValueError:
                raise _refuse(
                    f"timeline[{item['position']}].recorded_at: must be a date and time"
                ) from None
        if item["supersedes"] is not None:
            changes["supersedes"] = created[item["supersedes"]]
        if changes:
            CaseEvent.objects.filter(pk=event.pk).update(**changes)

    effective = services.effective_events(case)
    bases = [e.date for e in effective if e.type in REVIEW_BASES and e.date]
    documents = [
        f"{d['title']} ({d['original_name']}, {d['size']} bytes)" for d in data["documents"]
    ]
    old = data["exported_by"]["authority"]["name"]
    services.event_record(
        actor=actor,
        case=case,
        type="transfer_in",
        date=today,
        details={
            "plan_last_reviewed_or_issued": max(bases).isoformat() if bases else None,
            "from_authority": old,
            "organisation": old,
            "old_reference": data["case"]["reference"],
            "documents": documents,
            "settings_not_matched": settings_unmatched,
        },
        request=request,
    )
    holders.sync(
        actor=actor,
        child=child,
        since=plan.issued_on,
        why=f"plan imported from {old} as case {case.reference}",
        request=request,
    )
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.CREATED,
        obj=case,
        child_id=child.pk,
        summary=(
            f"Imported the plan of {child.full_name} from {old} as case {case.reference}"
            + (" (new child record)" if created_child else "")
        ),
        changes={"events": len(created), "needs": len(needs)},
    )
    case.refresh_from_db()
    return case
