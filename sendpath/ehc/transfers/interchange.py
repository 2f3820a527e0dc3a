"""Moving between authorities: the "sendpath-plan-transfer" file, version 1.0.

When a child with a plan moves, the old authority must transfer the plan (reg 15). ``export_case``
writes the child, the plan (sections A-K, needs, outcomes and provision with their links, the
placement), the whole timeline (superseded events included, corrections pointing at what they
correct by position), the documents list (not the files), the advice and the deadlines as
computed. ``import_case`` reads such a file into the importing authority, all or nothing.

The format is described by ``schema/plan-transfer-1.0.schema.json`` (JSON Schema 2020-12) and
in ``docs/plan-transfer-format.md``. Files are checked against the schema with ``jsonschema``
when it is installed, otherwise with the small checker below, which understands the keywords the
schema uses; either way every error names the field's path (``plan.needs[2].description``).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction
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

from ..cases import services
from ..models import (
    Case,
    CaseEvent,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanProvision,
    RequestSource,
)

FORMAT = "sendpath-plan-transfer"
VERSION = "1.0"
SCHEMA_PATH = Path(__file__).parent / "schema" / "plan-transfer-1.0.schema.json"
SECTION_FIELDS = {"A": "section_a", "C": "section_c", "D": "section_d"}
SECTION_FIELDS |= {"I": "section_i", "J": "section_j", "K": "section_k"}
CHILD_TEXT = (
    "middle_names",
    "preferred_name",
    "ethnicity",
    "address",
    "postcode",
    "sen_provision",
    "primary_need",
    "secondary_need",
    "first_language",
    "interpreter_language",
    "preferred_format",
    "communication_notes",
)
IDENTIFIERS = {"upn": "UPN", "uln": "ULN", "nhs_number": "NHS number"}
# The step a plan's review clock runs from, for the incoming authority's review limb.
REVIEW_BASES = ("review_meeting_held", "final_plan_issued")


@cache
def schema() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return result


def schema_text() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Export


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _org(org: Organisation | None) -> dict[str, str] | None:
    if org is None:
        return None
    return {"name": org.name, "urn": org.urn, "ukprn": org.ukprn, "la_code": org.la_code}


def export_data(case: Case) -> dict[str, Any]:
    """The transfer file for a case, as a JSON-ready dict (no audit: see ``export_case``)."""
    child = case.child
    plan = Plan.objects.select_related("placement").get(case=case)
    needs = list(plan.needs.all())
    refs = {need.pk: f"need-{index + 1}" for index, need in enumerate(needs)}
    events = list(case.events.select_related("recorded_by").order_by("date", "recorded_at", "id"))
    position = {event.pk: index for index, event in enumerate(events)}
    superseded = {e.supersedes_id for e in events if e.supersedes_id}
    advice: dict[str, dict[str, Any]] = {}
    for event in events:
        if event.pk in superseded or event.type not in ("advice_requested", "advice_received"):
            continue
        ident = str(event.details.get("id", ""))
        row = advice.setdefault(
            ident,
            {"id": ident, "source": "", "name": "", "requested_on": None, "received_on": None},
        )
        if event.type == "advice_requested":
            row["source"] = str(event.details.get("source", ""))
            row["name"] = str(event.details.get("name") or event.details.get("organisation") or "")
            row["requested_on"] = _iso(event.date)
        else:
            row["received_on"] = _iso(event.date)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "exported_by": {"authority": _org(case.authority), "user": ""},
        "case": {
            "reference": case.reference,
            "request_source": case.request_source,
            "received_on": case.received_on.isoformat(),
            "stage": case.stage,
        },
        "child": {
            "first_name": child.first_name,
            "last_name": child.last_name,
            "date_of_birth": child.date_of_birth.isoformat(),
            "sex": child.sex,
            **{name: getattr(child, name) for name in CHILD_TEXT},
            "interpreter_needed": child.interpreter_needed,
            "identifiers": {
                "upn": child.upn,
                "upn_unknown_reason": child.upn_unknown_reason,
                "uln": child.uln,
                "nhs_number": child.nhs_number,
            },
            "family": [
                {
                    "full_name": m.full_name,
                    "relationship": m.relationship,
                    "parental_responsibility": m.parental_responsibility,
                    "lives_with_child": m.lives_with_child,
                    "main_contact": m.main_contact,
                    "telephone": m.telephone,
                    "email": m.email,
                    "address": m.address,
                }
                for m in child.family.all()
            ],
            "settings": [
                {
                    "organisation": _org(s.organisation),
                    "start_date": s.start_date.isoformat(),
                    "end_date": _iso(s.end_date),
                    "attendance": s.attendance,
                }
                for s in child.settings.select_related("organisation")
            ],
        },
        "plan": {
            "status": plan.status,
            "sections": {letter: getattr(plan, name) for letter, name in SECTION_FIELDS.items()},
            "placement": _org(plan.placement),
            "draft_sent_on": _iso(plan.draft_sent_on),
            "issued_on": _iso(plan.issued_on),
            "needs": [
                {
                    "ref": refs[n.pk],
                    "area": n.area,
                    "description": n.description,
                    "position": n.position,
                }
                for n in needs
            ],
            "outcomes": [
                {
                    "what": o.what,
                    "by_when": o.by_when,
                    "how_measured": o.how_measured,
                    "preparing_for_adulthood": o.preparing_for_adulthood,
                    "needs": [refs[n.pk] for n in o.needs.all() if n.pk in refs],
                }
                for o in plan.outcomes.prefetch_related("needs")
            ],
            "provision": [
                {
                    "section": p.section,
                    "what": p.what,
                    "who": p.who,
                    "how_often": p.how_often,
                    "how_long": p.how_long,
                    "needs": [refs[n.pk] for n in p.needs.all() if n.pk in refs],
                }
                for p in plan.provisions.prefetch_related("needs")
            ],
        },
        "timeline": [
            {
                "position": index,
                "type": e.type,
                "date": _iso(e.date),
                "details": e.details,
                "note": e.note,
                "recorded_at": e.recorded_at.isoformat(),
                "recorded_by": e.recorded_by.display_name() if e.recorded_by else "",
                "supersedes": position.get(e.supersedes_id) if e.supersedes_id else None,
            }
            for index, e in enumerate(events)
        ],
        "documents": [
            {
                "title": d.title,
                "original_name": d.original_name,
                "content_type": d.content_type,
                "size": d.size,
                "event": position.get(d.event_id) if d.event_id else None,
                "uploaded_at": d.created_at.isoformat(),
            }
            for d in case.documents.order_by("created_at")
        ],
        "advice": list(advice.values()),
        "deadlines": [
            {
                "key": d.key,
                "family": d.family,
                "due": d.due.isoformat(),
                "status": d.status,
                "completed_on": _iso(d.completed_on),
                "exception": d.exception,
                "source": d.source,
            }
            for d in case.deadlines.order_by("due", "key")
        ],
    }


def export_case(*, actor: User, case: Case, request: HttpRequest | None = None) -> dict[str, Any]:
    """The transfer file for a case; the export is audited as a read of the child's record."""
    data = export_data(case)
    data["exported_by"]["user"] = actor.display_name()
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.VIEWED,
        obj=case,
        child_id=case.child_id,
        summary=f"Exported the plan transfer file of case {case.reference}",
    )
    return data


# ---------------------------------------------------------------------------------------------
# Checking a file against the schema


def _path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(the file)"


_TYPES: dict[str, Any] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
_TYPE_WORDS = {
    "object": "an object",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


def _check(node: dict[str, Any], value: Any, path: list[Any], errors: list[str]) -> None:
    """A checker for the keywords the transfer schema uses (when jsonschema is not installed)."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        _check(schema()["$defs"][name], value, path, errors)
        return
    if "anyOf" in node:
        for option in node["anyOf"]:
            trial: list[str] = []
            _check(option, value, path, trial)
            if not trial:
                return
        first: list[str] = []
        _check(node["anyOf"][0], value, path, first)
        errors.append(first[0] if value is not None else f"{_path(path)}: must not be null")
        return
    if "const" in node and value != node["const"]:
        errors.append(f"{_path(path)}: must be {json.dumps(node['const'])}")
        return
    if "enum" in node and value not in node["enum"]:
        errors.append(f"{_path(path)}: must be one of {', '.join(map(str, node['enum']))}")
        return
    kinds = node.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not any(_TYPES[k](value) for k in kinds):
            errors.append(f"{_path(path)}: must be {' or '.join(_TYPE_WORDS[k] for k in kinds)}")
            return
    if isinstance(value, str):
        if len(value) < node.get("minLength", 0):
            errors.append(f"{_path(path)}: must not be empty")
        if "pattern" in node and not re.search(node["pattern"], value):
            errors.append(f"{_path(path)}: {_pattern_words(node)}")
    if _TYPES["number"](value) and "minimum" in node and value < node["minimum"]:
        errors.append(f"{_path(path)}: must be {node['minimum']} or more")
    if isinstance(value, dict):
        for name in node.get("required", ()):
            if name not in value:
                errors.append(f"{_path([*path, name])}: is required")
        for name, sub in node.get("properties", {}).items():
            if name in value:
                _check(sub, value[name], [*path, name], errors)
    if isinstance(value, list) and "items" in node:
        for index, item in enumerate(value):
            _check(node["items"], item, [*path, index], errors)


def _pattern_words(node: dict[str, Any]) -> str:
    return (
        "must be a date written YYYY-MM-DD"
        if "date" in str(node.get("description", "")).lower()
        else "is not in the right form"
    )


def _jsonschema_errors(data: Any) -> list[str] | None:
    try:
        jsonschema = importlib.import_module("jsonschema")
    except ImportError:
        return None
    validator = jsonschema.Draft202012Validator(schema())
    ordered = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    return [_describe(error) for error in ordered]


def _describe(error: Any) -> str:
    """One jsonschema error in the same words as the built-in checker's."""
    path = list(error.absolute_path)
    kind = error.validator
    if kind == "anyOf":
        if error.instance is None:
            return f"{_path(path)}: must not be null"
        first = [e for e in error.context if e.relative_schema_path[0] == 0]
        return _describe(first[0]) if first else f"{_path(path)}: {error.message}"
    if kind == "required":
        name = re.match(r"'([^']*)'", error.message)
        return f"{_path([*path, name.group(1) if name else '?'])}: is required"
    if kind == "type":
        kinds = error.validator_value
        kinds = [kinds] if isinstance(kinds, str) else kinds
        return f"{_path(path)}: must be {' or '.join(_TYPE_WORDS[k] for k in kinds)}"
    if kind == "const":
        return f"{_path(path)}: must be {json.dumps(error.validator_value)}"
    if kind == "enum":
        return f"{_path(path)}: must be one of {', '.join(map(str, error.validator_value))}"
    if kind == "minLength":
        return f"{_path(path)}: must not be empty"
    if kind == "minimum":
        return f"{_path(path)}: must be {error.validator_value} or more"
    if kind == "pattern":
        return f"{_path(path)}: {_pattern_words(error.schema)}"
    return f"{_path(path)}: {error.message}"


def schema_errors(data: Any) -> list[str]:
    """Every way the data breaks the schema, each naming the field's path; [] when it fits."""
    if isinstance(data, dict) and data.get("format") == FORMAT and data.get("version") != VERSION:
        return [f"version: this service reads version {VERSION} files, not {data.get('version')!r}"]
    found = _jsonschema_errors(data)
    if found is None:
        found = []
        _check(schema(), data, [], found)
    return found


def parse(raw: bytes) -> dict[str, Any]:
    """Read and check an uploaded file; ValidationError naming the first bad field."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationError({"file": "The file must be a plan transfer file in JSON"}) from None
    errors = schema_errors(data)
    if errors:
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise ValidationError({"file": f"The file is not a valid plan transfer: {errors[0]}{more}"})
    result: dict[str, Any] = data
    return result


# ---------------------------------------------------------------------------------------------
# Import


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


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _match_child(data: dict[str, Any], authority: Organisation) -> Child | None:
    ids = {name: data["identifiers"].get(name, "") for name in IDENTIFIERS}
    dob = _required_date(data["date_of_birth"], "child.date_of_birth")
    child = Child.objects.filter(upn=ids["upn"]).first() if ids["upn"] else None
    if child is None:
        child = Child.objects.filter(
            responsible_authority=authority,
            first_name__iexact=data["first_name"],
            last_name__iexact=data["last_name"],
            date_of_birth=dob,
        ).first()
    if child is not None:
        for name in IDENTIFIERS:
            ours = getattr(child, name)
            if ours and ids[name] and ours != ids[name]:
                label = IDENTIFIERS[name]
                raise _refuse(
                    f"The file matches {child.full_name} (born {child.date_of_birth:%-d %B %Y}) "
                    f"but their {label} is different ({ids[name]} in the file). Check the child's "
                    "identifiers with the other authority before importing"
                )
        if child.date_of_birth != dob:
            raise _refuse(
                f"The file's UPN belongs to {child.full_name}, whose date of birth is different. "
                "Check the child's identifiers with the other authority before importing"
            )
        return child
    for name in IDENTIFIERS:
        if ids[name]:
            taken = Child.objects.filter(**{name: ids[name]}).first()
            if taken is not None:
                raise _refuse(
                    f"The file's {IDENTIFIERS[name]} belongs to another "
                    "child on this service. Check the child's identifiers before importing"
                )
    return None


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
        if child.responsible_authority_id != authority.pk:
            child.responsible_authority = authority
            child.resident_authority = authority
            child.modified_by = actor
            child.save(
                update_fields=[
                    "responsible_authority",
                    "resident_authority",
                    "modified_by",
                    "modified_at",
                ]
            )
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


# ---------------------------------------------------------------------------------------------
# Moving out


def other_authorities(authority: Organisation | None) -> Any:
    queryset = Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY, is_active=True)
    if authority is not None:
        queryset = queryset.filter(~Q(pk=authority.pk))
    return queryset.order_by("name")


def move_record(
    *,
    actor: User,
    case: Case,
    move_date: dt.date,
    authority: Organisation,
    learned_on: dt.date,
    how_learned: str,
    request: HttpRequest | None = None,
) -> CaseEvent:
    """The child is moving to another authority: the transfer_plan_out deadline starts."""
    if authority.kind != OrganisationKind.LOCAL_AUTHORITY or authority.pk == case.authority_id:
        raise ValidationError({"authority": "Select the authority the child is moving to"})
    if not how_learned.strip():
        raise ValidationError({"how_learned": "Enter how you learned of the move"})
    return services.event_record(
        actor=actor,
        case=case,
        type="move_notified",
        date=learned_on,
        details={
            "move_date": move_date.isoformat(),
            "authority_id": str(authority.pk),
            "authority": authority.name,
            "organisation": authority.name,
            "how_learned": how_learned.strip(),
        },
        request=request,
    )


def transferred_record(
    *, actor: User, case: Case, transferred_on: dt.date, request: HttpRequest | None = None
) -> CaseEvent:
    moves = [e for e in services.effective_events(case) if e.type == "move_notified"]
    if not moves:
        raise ValidationError("Record the move before marking the plan transferred")
    return services.event_record(
        actor=actor,
        case=case,
        type="plan_transferred",
        date=transferred_on,
        details={"organisation": moves[-1].details.get("authority", "")},
        request=request,
    )
