"""Moving between authorities: the move, the transfer file (export, schema, import), round trip."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.ehc.cases import services
from sendpath.ehc.models import Case, CaseEvent, Plan, PlanNeed, PlanOutcome, Stage
from sendpath.ehc.plans import issuing as plan_issuing
from sendpath.ehc.plans import services as plan_services
from sendpath.ehc.transfers import exporting, importing, interchange
from sendpath.ehc.transfers import services as transfer_services
from sendpath.people.models import Child, FamilyMember, Role

from .test_final import name_placement
from .test_plan import date_fields, days_ago, draft_sent_case, error_summary, signed_in


def final_case(world) -> Case:
    """A plan issued 2 days ago, with advice, a correction and a placement in its history."""
    case = draft_sent_case(world, sent_ago=40)
    actor = world.user(Role.CASEWORKER)
    services.event_record(
        actor=actor,
        case=case,
        type="advice_requested",
        date=days_ago(100),
        details={"id": "ep-1", "source": "psychological", "name": "Educational psychologist"},
    )
    services.event_record(
        actor=actor, case=case, type="advice_received", date=days_ago(80), details={"id": "ep-1"}
    )
    note = services.event_record(
        actor=actor, case=case, type="note", date=days_ago(70), details={"text": "First note"}
    )
    services.event_record(
        actor=actor,
        case=case,
        type="note",
        date=days_ago(69),
        details={"text": "Corrected note"},
        supersedes=note,
    )
    name_placement(world, case)
    plan_services.plan_section_update(
        actor=actor, plan=case.plan, section="A", text="Loves dinosaurs"
    )
    plan_issuing.final_issue(actor=actor, case=case, issued_on=days_ago(2))
    FamilyMember.objects.create(
        child=case.child, full_name="Marta Quokka", relationship="mother", main_contact=True
    )
    case.refresh_from_db()
    assert case.stage == Stage.FINAL_ISSUED
    return case


def move(world, case: Case) -> None:
    transfer_services.move_record(
        actor=world.user(Role.CASEWORKER),
        case=case,
        move_date=days_ago(1),
        authority=world.other_la,
        learned_on=days_ago(1),
        how_learned="Letter from the family",
    )


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Child, Case, Plan, PlanNeed, PlanOutcome, CaseEvent, FamilyMember)
    }


def upload(client, data: Any, raw: bytes | None = None):
    body = raw if raw is not None else json.dumps(data).encode()
    return client.post(
        reverse("ehc:import"),
        {"file": SimpleUploadedFile("plan.json", body, content_type="application/json")},
    )


def as_new_child(data: dict[str, Any]) -> dict[str, Any]:
    """The same file for a child this service has never seen."""
    data = copy.deepcopy(data)
    data["child"]["identifiers"] = {
        "upn": "",
        "upn_unknown_reason": "",
        "uln": "",
        "nhs_number": "",
    }
    data["child"]["first_name"] = "Ignatius"
    data["child"]["last_name"] = "Tapir"
    return data


# ---------------------------------------------------------------------------------------------
# Moving out


def test_recording_the_move_starts_the_transfer_deadline_and_marking_completes_it(world):
    case = final_case(world)
    client = signed_in(world, Role.CASEWORKER)
    url = reverse("ehc:move_out", args=[case.pk])
    assert client.get(url).status_code == 200
    learned = days_ago(3)
    response = client.post(
        url,
        {
            **date_fields("move_date", timezone.localdate()),
            "authority": str(world.other_la.pk),
            **date_fields("learned_on", learned),
            "how_learned": "A call from the family",
        },
    )
    assert response.status_code == 302
    event = case.events.get(type="move_notified")
    assert event.date == learned
    assert event.details["authority"] == "Theirshire Council"
    assert event.details["authority_id"] == str(world.other_la.pk)
    assert event.details["how_learned"] == "A call from the family"
    deadline = case.deadlines.get(key="transfer_plan_out")
    assert deadline.pending
    page = client.get(reverse("ehc:transfer_out", args=[case.pk]))
    assert page.status_code == 200
    assert "Theirshire Council" in page.content.decode()
    response = client.post(
        reverse("ehc:transfer_out", args=[case.pk]), date_fields("transferred_on", days_ago(1))
    )
    assert response.status_code == 302
    assert case.events.filter(type="plan_transferred", date=days_ago(1)).exists()
    assert not case.deadlines.get(key="transfer_plan_out").pending


def test_a_bad_move_saves_nothing_and_names_the_fields(world):
    case = final_case(world)
    before = case.events.count()
    client = signed_in(world, Role.CASEWORKER)
    response = client.post(
        reverse("ehc:move_out", args=[case.pk]),
        {**date_fields("learned_on", timezone.localdate() + dt.timedelta(days=3))},
    )
    assert response.status_code == 400
    summary = error_summary(response.content.decode())
    assert "Select the new authority" in summary
    assert "must be today or in the past" in summary
    assert case.events.count() == before


def test_a_move_needs_a_plan_in_force(world):
    case = draft_sent_case(world)
    client = signed_in(world, Role.CASEWORKER)
    response = client.get(reverse("ehc:move_out", args=[case.pk]))
    assert response.status_code == 302


# ---------------------------------------------------------------------------------------------
# Export and schema


def test_the_export_is_a_valid_file_and_audited(world):
    case = final_case(world)
    move(world, case)
    response = signed_in(world, Role.CASEWORKER).get(reverse("ehc:export", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert interchange.schema_errors(data) == []
    assert data["format"] == "sendpath-plan-transfer"
    assert data["version"] == "1.0"
    assert data["plan"]["sections"]["A"] == "Loves dinosaurs"
    assert data["plan"]["placement"]["name"] == "Ourshire Primary"
    assert data["advice"][0]["id"] == "ep-1"
    assert data["advice"][0]["received_on"] == days_ago(80).isoformat()
    assert [d["key"] for d in data["deadlines"]]
    corrected = [e for e in data["timeline"] if e["supersedes"] is not None]
    assert len(corrected) == 1
    assert data["timeline"][corrected[0]["supersedes"]]["details"] == {"text": "First note"}
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEWED, child_id=case.child_id, summary__contains="Exported"
    ).exists()


@pytest.mark.parametrize("role", ["other_caseworker", Role.SENCO, Role.FAMILY, Role.LEADER])
def test_others_cannot_export(world, role):
    case = final_case(world)
    response = signed_in(world, role).get(reverse("ehc:export", args=[case.pk]))
    assert response.status_code in ((404,) if role == "other_caseworker" else (403, 404))
    for name in ("ehc:move_out", "ehc:transfer_out"):
        assert signed_in(world, role).get(reverse(name, args=[case.pk])).status_code in (403, 404)


def test_the_schema_is_published(world):
    response = signed_in(world, Role.CASEWORKER).get(reverse("ehc:transfer_schema"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    assert reverse("ehc:transfer_schema") == "/api/plan-transfer/1.0/schema.json"
    schema = json.loads(response.content)
    assert schema == interchange.schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


# ---------------------------------------------------------------------------------------------
# Import


def exported(world) -> tuple[Case, dict[str, Any]]:
    case = final_case(world)
    move(world, case)
    transfer_services.transferred_record(
        actor=world.user(Role.CASEWORKER), case=case, transferred_on=timezone.localdate()
    )
    data = exporting.export_case(actor=world.user(Role.CASEWORKER), case=case)
    return case, json.loads(json.dumps(data))


def timeline_of(case: Case) -> list[tuple[Any, ...]]:
    events = list(case.events.order_by("date", "recorded_at", "id"))
    position = {e.pk: i for i, e in enumerate(events)}
    return [
        (e.type, e.date, e.details, e.note, position.get(e.supersedes_id))
        for e in events
        if e.type != "transfer_in"
    ]


def plan_of(case: Case) -> dict[str, Any]:
    plan = Plan.objects.get(case=case)
    return {
        "sections": [getattr(plan, f) for f in interchange.SECTION_FIELDS.values()],
        "status": plan.status,
        "placement": plan.placement_id,
        "issued_on": plan.issued_on,
        "needs": [(n.area, n.description, n.position) for n in plan.needs.all()],
        "outcomes": [
            (o.what, o.by_when, o.how_measured, sorted(n.description for n in o.needs.all()))
            for o in plan.outcomes.all()
        ],
        "provision": [
            (
                p.section,
                p.what,
                p.who,
                p.how_often,
                p.how_long,
                [n.description for n in p.needs.all()],
            )
            for p in plan.provisions.all()
        ],
    }


def test_round_trip_from_one_authority_to_the_other(world):
    old, data = exported(world)
    # The old authority closes its case once the plan is transferred (in its own database).
    Case.objects.filter(pk=old.pk).update(closed_at=timezone.now())
    client = signed_in(world, "other_caseworker")
    response = upload(client, data)
    assert response.status_code == 302, error_summary(response.content.decode())
    new = Case.objects.exclude(pk=old.pk).get(child=old.child)
    assert new.authority == world.other_la
    assert new.reference != old.reference
    assert new.request_source == old.request_source
    assert plan_of(new) == plan_of(old)
    assert timeline_of(new) == timeline_of(old)
    arrival = new.events.get(type="transfer_in")
    assert arrival.date == timezone.localdate()
    assert arrival.details["plan_last_reviewed_or_issued"] == days_ago(2).isoformat()
    assert arrival.details["from_authority"] == "Ourshire Council"
    notice = new.deadlines.get(key="transfer_notice")
    assert notice.due == timezone.localdate() + dt.timedelta(days=42)
    assert new.deadlines.filter(key="transfer_review", pending=True).exists()
    child = Child.objects.get(pk=old.child_id)
    assert child.responsible_authority == world.other_la
    assert new.stage == Stage.FINAL_ISSUED
    # What the new authority exports again is the same plan and timeline.
    again = exporting.export_data(new)
    assert again["plan"] == data["plan"]
    strip = lambda rows: [(r["type"], r["date"], r["details"], r["supersedes"]) for r in rows]  # noqa: E731
    assert strip(again["timeline"])[: len(data["timeline"])] == strip(data["timeline"])


def test_import_creates_a_new_child_when_none_matches(world):
    _, data = exported(world)
    data = as_new_child(data)
    case = importing.import_case(actor=world.user("other_caseworker"), data=data)
    child = case.child
    assert (child.first_name, child.last_name) == ("Ignatius", "Tapir")
    assert child.responsible_authority == world.other_la
    assert child.family.filter(full_name="Marta Quokka").exists()
    assert child.settings.filter(organisation=world.school).exists()


def _without(data: dict[str, Any], *path: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    node = data
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return data


def _deep(levels: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(levels):
        value = [value]
    return value


def _with(data: dict[str, Any], value: Any, *path: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: b"this is not json {", "must be a plan transfer file in JSON"),
        (lambda d: _with(d, "2.0", "version"), "version"),
        (lambda d: _with(d, "something-else", "format"), "format: must be"),
        (
            lambda d: _without(d, "plan", "needs", 0, "description"),
            "plan.needs[0].description: is required",
        ),
        (lambda d: _without(d, "child"), "child: is required"),
        (lambda d: _with(d, 5, "timeline", 0, "date"), "timeline[0].date: must be"),
        (
            lambda d: _with(d, "yesterday", "timeline", 0, "date"),
            "timeline[0].date: must be a date",
        ),
        (lambda d: _with(d, "lots", "plan", "outcomes"), "plan.outcomes: must be a list"),
        (lambda d: _with(d, "Z", "plan", "provision", 0, "section"), "plan.provision[0].section"),
        (lambda d: [1, 2], "(the file): must be an object"),
        # Nested far deeper than any plan: refused before parsing, not a RecursionError (a 500).
        (lambda d: b"[" * 100_000 + b"]" * 100_000, "more than 64 levels deep"),
        (lambda d: _with(d, _deep(70), "plan", "outcomes"), "levels deep"),
    ],
)
def test_bad_files_name_the_field_and_change_nothing(world, change, expected):
    _, data = exported(world)
    data = as_new_child(data)
    before = counts()
    bad = change(data)
    client = signed_in(world, "other_caseworker")
    response = upload(client, None, raw=bad) if isinstance(bad, bytes) else upload(client, bad)
    assert response.status_code == 400
    assert expected in error_summary(response.content.decode())
    assert counts() == before


def test_nothing_is_half_imported_when_a_late_step_fails(world):
    _, data = exported(world)
    data = as_new_child(data)
    # An advice_received for advice never requested: refused by the engine at the very end.
    data["timeline"].append(
        {
            "position": len(data["timeline"]),
            "type": "advice_received",
            "date": days_ago(1).isoformat(),
            "details": {"id": "nobody"},
            "note": "",
            "recorded_at": timezone.now().isoformat(),
            "recorded_by": "",
            "supersedes": None,
        }
    )
    before = counts()
    response = upload(signed_in(world, "other_caseworker"), data)
    assert response.status_code == 400
    assert counts() == before
    # And an outcome linked to a need the file does not hold.
    data["timeline"].pop()
    data["plan"]["outcomes"][0]["needs"] = ["need-99"]
    response = upload(signed_in(world, "other_caseworker"), data)
    assert response.status_code == 400
    assert "plan.outcomes[0].needs[0]" in error_summary(response.content.decode())
    assert counts() == before


def test_a_match_with_conflicting_identifiers_is_refused(world):
    old, data = exported(world)
    Case.objects.filter(pk=old.pk).update(closed_at=timezone.now())
    data["child"]["identifiers"]["nhs_number"] = "9434765919"
    Child.objects.filter(pk=old.child_id).update(nhs_number="4010232137")
    before = counts()
    response = upload(signed_in(world, "other_caseworker"), data)
    assert response.status_code == 400
    assert "NHS number is different" in error_summary(response.content.decode())
    assert counts() == before


def test_a_child_with_an_open_case_is_refused(world):
    _, data = exported(world)
    before = counts()
    response = upload(signed_in(world, "other_caseworker"), data)
    assert response.status_code == 400
    assert "already has an open case" in error_summary(response.content.decode())
    assert counts() == before


@pytest.mark.parametrize("role", [Role.SENCO, Role.FAMILY, Role.LEADER, Role.PROFESSIONAL])
def test_only_the_send_team_can_import(world, role):
    client = signed_in(world, role)
    assert client.get(reverse("ehc:import")).status_code == 403
    assert upload(client, {}).status_code == 403


def test_the_import_page_shows(world):
    response = signed_in(world, Role.MANAGER).get(reverse("ehc:import"))
    assert response.status_code == 200
    assert "Import a plan" in response.content.decode()


def test_the_schema_file_is_a_valid_json_schema():
    Draft202012Validator.check_schema(interchange.schema())


def test_the_transfer_page_offers_to_record_a_move(world):
    case = final_case(world)
    response = signed_in(world, Role.CASEWORKER).get(reverse("ehc:transfer_out", args=[case.pk]))
    assert response.status_code == 200
    assert reverse("ehc:move_out", args=[case.pk]) in response.content.decode()
