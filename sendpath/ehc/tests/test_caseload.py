"""Bringing in the caseload: the SEN2 import (command, page, all or nothing) and recording an
existing plan by hand."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from sendpath.ehc.caseload import loading, sen2
from sendpath.ehc.models import Case, CaseEvent, CaseloadImport, Deadline, Plan, PlanNeed, Stage
from sendpath.people.models import Child, Organisation, Role, SettingAttendance, User

from . import sen2_files as f
from .test_plan import date_fields, error_summary, signed_in

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MODELS = (Child, Case, CaseEvent, Plan, PlanNeed, Deadline, Organisation, SettingAttendance)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def run(raw: bytes, **kwargs) -> loading.Report:
    return loading.import_return(raw=raw, actor=kwargs.pop("actor", None), **kwargs)


def refused(raw: bytes) -> list[str]:
    before = counts()
    with pytest.raises(sen2.Sen2Error) as caught:
        run(raw)
    assert counts() == before, "a refused return must write nothing"
    return caught.value.errors


def in_force_sample() -> bytes:
    """The 2026 sample with its first plan still in force (the sample's plan ceased in 2023)."""
    raw = f.sample("sen2_sample_2026.xml")
    return raw.replace(b"<CeaseDate>2023-12-31</CeaseDate>", b"").replace(
        b"<CeaseReason>4</CeaseReason>", b""
    )


def review_due(case: Case) -> dt.date:
    return case.deadlines.get(key="annual_review").due


# ---------------------------------------------------------------------------------------------
# The samples


@override_settings(HOME_LA_CODE="201")
def test_the_2026_sample_loads_on_a_fresh_database_and_makes_the_authority():
    assert not Organisation.objects.filter(la_code="201").exists()
    out = io.StringIO()
    call_command("sen2_import", str(f.SHARED / "sen2_sample_2026.xml"), stdout=out)
    authority = Organisation.objects.get(la_code="201", kind="local_authority")
    assert authority.name == "City of London"
    assert "Cases created: 3" in out.getvalue()
    first = Child.objects.get(upn="F123456789876")
    # The sample's plan has a cease date and is also among the active plans (DfE rule SP-5.1):
    # it is taken as in force, with a warning, so its reviews are not lost.
    in_force = Case.objects.get(child=first)
    assert in_force.closed_at is None
    assert in_force.stage == Stage.FINAL_ISSUED
    assert "SP-5.1" in out.getvalue()
    events = {e.type: e for e in in_force.events.all()}
    assert events["assessment_outcome"].details["sen2"]["Week20"] == "0"
    assert events["request_received"].details["sen2"]["RequestSource"] == "1"
    assert "plan_ceased" not in events
    assert events["final_plan_issued"].details["sen2_cease"] == {
        "CeaseDate": "2023-12-31",
        "CeaseReason": "4",
    }
    # ReviewMeeting 2024-01-09: the next annual review was due 12 months later (reg 18), and
    # it is on the authority's reviews list.
    assert review_due(in_force) == dt.date(2025, 1, 9)
    assert Child.objects.get(pk=first.pk).sen_provision == "E"
    manager = User.objects.create_user(
        "sen2-manager", role=Role.MANAGER, organisation=authority, password="x" * 16
    )
    client = Client()
    client.force_login(manager)
    page = client.get(reverse("ehc:reviews")).content.decode()
    assert in_force.reference in page
    assert "9 January 2025" in page
    kept = events["final_plan_issued"].details
    assert kept["sen2_plan_details"][0]["PlacementRank"] == "1"
    assert kept["sen2_active"]["needs"][0] == {"SENtype": "SEMH", "SENtypeRank": "1"}
    # The second person's open request (outcome A) is on the worklist with its deadlines.
    refused_child = Child.objects.get(upn="X123456789832")
    still_open = Case.objects.get(child=refused_child, closed_at__isnull=True)
    assert still_open.stage == Stage.REQUESTED
    assert still_open.next_key == "decide_whether_to_assess"
    assert Case.objects.filter(child=refused_child, stage=Stage.NOT_ASSESSED).exists()


@override_settings(HOME_LA_CODE="201")
def test_a_plan_in_force_joins_the_review_cycle_with_its_dates(world):
    world.la.la_code = "201"
    world.la.save()
    report = run(in_force_sample())
    assert report.plans_in_force == 1
    assert report.reviews_overdue == 1
    case = Case.objects.get(child__upn="F123456789876")
    assert case.stage == Stage.FINAL_ISSUED
    assert case.closed_at is None
    # ReviewMeeting 2024-01-09: the next annual review was due 12 months later (reg 18).
    assert review_due(case) == dt.date(2025, 1, 9)
    child = case.child
    assert (child.sen_provision, child.primary_need, child.secondary_need) == ("E", "SEMH", "SPLD")
    assert [(n.area, n.position) for n in case.plan.needs.all()] == [
        ("Social, emotional and mental health", 1),
        ("Cognition and learning", 2),
    ]
    assert case.plan.placement.urn == "999999"
    assert SettingAttendance.objects.filter(child=child).count() == 1
    # LastReview before ReviewMeeting in the sample: a warning, kept on the case as a note.
    assert any("LastReview" in w for w in report.warnings)
    assert case.events.filter(type="note", note__contains="LastReview").exists()
    # On the reviews list of the authority's SEND team.
    assert case.authority == world.la
    page = signed_in(world, Role.MANAGER).get(reverse("ehc:reviews"))
    assert case.reference in page.content.decode()


@override_settings(HOME_LA_CODE="201")
def test_the_2025_sample_loads_too():
    report = run(f.sample("sen2_sample_2025.xml"))
    assert (report.year, report.cases, report.children_created) == (2025, 3, 2)


@override_settings(HOME_LA_CODE="201")
def test_a_dry_run_writes_nothing_and_reports_the_same():
    before = counts()
    report = run(in_force_sample(), dry_run=True)
    assert counts() == before
    assert (report.dry_run, report.cases, report.plans_in_force) == (True, 3, 1)


@override_settings(HOME_LA_CODE="201")
def test_importing_the_same_return_again_adds_nothing():
    run(in_force_sample())
    before = counts()
    again = run(in_force_sample())
    assert counts() == before
    assert (again.cases, again.already_imported, again.children_matched) == (0, 3, 2)


# ---------------------------------------------------------------------------------------------
# Refusals: nothing is written


@override_settings(HOME_LA_CODE="201")
def test_a_return_for_another_authority_is_refused():
    raw = f.sen2([f.in_force_person(1, today=TODAY)], lea="202")
    assert refused(raw) == ["This return is for LA 202; this installation serves LA 201"]


@override_settings(HOME_LA_CODE="201")
def test_a_schema_error_names_the_element_and_line():
    raw = f.sample("sen2_sample_2026.xml").replace(b"<Sex>F</Sex>", b"<Sex>X</Sex>")
    errors = refused(raw)
    assert errors[0].startswith("Person[2]/Sex (line ")


@override_settings(HOME_LA_CODE="201")
def test_the_bad_2024_sample_is_refused_naming_both_upns():
    errors = refused(f.sample("bad_sen2_sample_2024.xml"))
    assert [e.split(" ")[0] for e in errors] == ["Person[1]/UPN", "Person[2]/UPN"]


@override_settings(HOME_LA_CODE="201")
def test_a_bad_date_is_refused():
    raw = f.sample("sen2_sample_2026.xml").replace(b"2023-11-30", b"2023-02-30")
    assert refused(raw)[0].startswith("Person[1]/Requests[1]/ReceivedDate (line 31)")


@override_settings(HOME_LA_CODE="201")
def test_a_date_in_the_future_is_refused_naming_it():
    later = TODAY + dt.timedelta(days=30)
    raw = f.sen2(
        [
            f.person(
                surname="Ok", upn="A000000000001", requests=f.request(received=TODAY, outcome="A")
            ),
            f.person(
                surname="Later",
                upn="A000000000002",
                requests=f.request(received=later, outcome="A"),
            ),
        ]
    )
    assert refused(raw) == [f"Person[2]/Requests[1]/ReceivedDate: {later} is in the future"]


@override_settings(HOME_LA_CODE="201")
def test_a_file_that_is_not_xml_is_refused():
    assert refused(b"%PDF-1.7 not a return")[0].startswith("The file is not XML (line 1)")


@override_settings(HOME_LA_CODE="201")
def test_an_identifier_clash_is_refused_naming_the_element(world):
    world.la.la_code = "201"
    world.la.save()
    child = world.ours
    child.upn = "A000000000009"
    child.save()
    raw = f.sen2(
        [
            f.person(
                surname=child.last_name,
                forename=child.first_name,
                born=child.date_of_birth,
                upn="A000000000008",
                requests=f.request(received=TODAY, outcome="A"),
            )
        ]
    )
    errors = refused(raw)
    assert errors[0].startswith("Person[1]/UPN: ")
    assert "different" in errors[0]


@override_settings(HOME_LA_CODE="201")
def test_a_missing_outcome_date_is_refused_and_every_error_is_listed():
    raw = f.sen2(
        [
            f.person(
                surname="One", upn="A000000000001", requests=f.request(received=TODAY, outcome="Y")
            ),
            f.person(
                surname="Two", upn="A000000000002", requests=f.request(received=TODAY, outcome="N")
            ),
        ]
    )
    assert refused(raw) == [
        "Person[1]/Requests[1]/RequestOutcomeDate: is required when RequestOutcome is Y",
        "Person[2]/Requests[1]/RequestOutcomeDate: is required when RequestOutcome is N",
    ]


# ---------------------------------------------------------------------------------------------
# What real returns hold


@override_settings(HOME_LA_CODE="201")
def test_a_plan_issued_this_year_for_a_request_decided_last_year_is_accepted():
    start = TODAY - dt.timedelta(days=40)
    raw = f.sen2(
        [
            f.person(
                surname="Historic",
                upn="A000000000003",
                requests=f.request(
                    received=None,
                    outcome="H",
                    source=None,
                    assessment="Y",
                    assessed=start - dt.timedelta(days=10),
                    week20="1",
                    start=start,
                    active=f.active_plan(needs=("SEMH",)),
                ),
            )
        ]
    )
    report = run(raw)
    case = Case.objects.get()
    assert case.stage == Stage.FINAL_ISSUED
    assert report.plans_in_force == 1
    assert review_due(case) == start.replace(year=start.year + 1)
    assert case.received_on == start - dt.timedelta(days=10)
    assert case.events.get(type="assessment_outcome").details["sen2"]["Week20"] == "1"


@override_settings(HOME_LA_CODE="201")
def test_a_plan_in_force_without_a_need_is_accepted_with_a_warning_on_the_case():
    raw = f.sen2([f.in_force_person(1, today=TODAY, needs=())])
    report = run(raw)
    case = Case.objects.get()
    assert case.stage == Stage.FINAL_ISSUED
    assert any("No type of need" in w for w in report.warnings)
    assert case.events.filter(type="note", note__startswith="No type of need").exists()


@override_settings(HOME_LA_CODE="201")
def test_an_open_assessment_is_on_the_worklist_with_its_20_week_deadline():
    received = TODAY - dt.timedelta(days=50)
    raw = f.sen2(
        [
            f.person(
                surname="Assessing",
                upn="A000000000004",
                requests=f.request(
                    received=received, decided=received + dt.timedelta(days=30), assessment="A"
                ),
            )
        ]
    )
    report = run(raw)
    case = Case.objects.get()
    assert report.open_requests == 1
    assert case.stage == Stage.ASSESSING
    assert case.deadlines.get(key="issue_final_plan").due == received + dt.timedelta(weeks=20)


@override_settings(HOME_LA_CODE="201")
def test_a_generated_return_of_300_people_loads_with_review_dates():
    raw = f.sen2([f.in_force_person(i, today=TODAY) for i in range(300)])
    began = time.monotonic()
    report = run(raw)
    seconds = time.monotonic() - began
    print(f"300 people imported in {seconds:.1f} s")
    assert (report.children_created, report.plans_in_force) == (300, 300)
    case = Case.objects.get(child__upn="A000000000007")
    meeting = TODAY - dt.timedelta(days=700 + 7) + dt.timedelta(days=330)
    assert review_due(case) == meeting.replace(year=meeting.year + 1)
    # On the worklist, its next deadline is that review.
    assert (case.next_key, case.next_due) == ("annual_review", review_due(case))
    assert Organisation.objects.filter(kind="school").count() == 20
    assert seconds < 120


# ---------------------------------------------------------------------------------------------
# The page


def _upload(raw: bytes, name: str = "return.xml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, raw, content_type="application/xml")


@override_settings(HOME_LA_CODE="201")
def test_an_administrator_runs_a_dry_run_then_the_import_from_the_page(
    world, django_capture_on_commit_callbacks
):
    world.la.la_code = "201"
    world.la.save()
    client = signed_in(world, Role.ADMINISTRATOR)
    page = client.get(reverse("ehc:caseload_upload"))
    assert page.status_code == 200
    assert "Import the caseload" in page.content.decode()
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("ehc:caseload_upload"),
            {"file": _upload(in_force_sample()), "mode": "dry_run"},
        )
    assert answer.status_code == 302
    assert counts() == before
    run_ = CaseloadImport.objects.get()
    assert run_.status == "finished"
    assert run_.report["cases"] == 3
    assert not run_.file
    shown = client.get(answer["Location"]).content.decode()
    assert "nothing was kept" in shown
    assert "Plans in force" in shown
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("ehc:caseload_upload"), {"file": _upload(in_force_sample()), "mode": "import"}
        )
    assert Case.objects.count() == 3


@override_settings(HOME_LA_CODE="201")
def test_the_page_shows_each_error_with_its_element(world, django_capture_on_commit_callbacks):
    client = signed_in(world, Role.MANAGER)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("ehc:caseload_upload"),
            {"file": _upload(f.sample("bad_sen2_sample_2024.xml")), "mode": "import"},
        )
    shown = client.get(answer["Location"]).content.decode()
    assert "Nothing was imported" in shown
    assert "Person[1]/UPN (line 27)" in shown
    assert Child.objects.filter(upn__startswith="X1234").count() == 0


def test_the_page_refuses_a_file_that_is_not_xml(world):
    client = signed_in(world, Role.ADMINISTRATOR)
    answer = client.post(
        reverse("ehc:caseload_upload"),
        {"file": _upload(b"%PDF-1.4", "return.pdf"), "mode": "import"},
    )
    assert answer.status_code == 400
    assert "must be an XML file" in error_summary(answer.content.decode())
    assert not CaseloadImport.objects.exists()


@pytest.mark.parametrize("role", [Role.SENCO, Role.FAMILY, Role.LEADER, Role.CASEWORKER])
def test_the_page_is_refused_to_other_roles(world, role):
    client = signed_in(world, role)
    assert client.get(reverse("ehc:caseload_upload")).status_code == 403


# ---------------------------------------------------------------------------------------------
# Recording an existing plan by hand


def _plan_form(issued: dt.date, review: dt.date | None, **extra) -> dict[str, str]:
    data = {**date_fields("issued_on", issued), "primary_need": "ASD", "secondary_need": ""}
    if review is not None:
        data |= date_fields("last_review", review)
    return data | extra


def test_an_existing_plan_joins_the_review_cycle_at_once(world):
    child = world.ours
    client = signed_in(world, Role.CASEWORKER)
    record = client.get(child.get_absolute_url()).content.decode()
    url = reverse("ehc:existing_plan", args=[child.pk])
    assert url in record
    issued, review = TODAY - dt.timedelta(days=600), TODAY - dt.timedelta(days=200)
    answer = client.post(
        url, _plan_form(issued, review, placement=str(world.school.pk), old_reference="OLD-1")
    )
    assert answer.status_code == 302
    case = Case.objects.get(child=child)
    assert case.stage == Stage.FINAL_ISSUED
    assert review_due(case) == review.replace(year=review.year + 1)
    assert case.plan.placement == world.school
    child.refresh_from_db()
    assert (child.sen_provision, child.primary_need) == ("E", "ASD")
    reviews = client.get(reverse("ehc:reviews")).content.decode()
    assert case.reference in reviews
    assert (case.next_key, case.next_due) == ("annual_review", review_due(case))
    assert case.reference in client.get(reverse("ehc:worklist")).content.decode()
    # The button is gone now the child has a plan in force.
    assert url not in client.get(child.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("issued_days", "review_days", "field", "message"),
    [
        (-5, None, "issued_on", "must be today or in the past"),
        (100, 200, "last_review", "must be after the date the plan was issued"),
        (300, -3, "last_review", "must be today or in the past"),
    ],
)
def test_the_existing_plan_form_names_the_field_and_writes_nothing(
    world, issued_days, review_days, field, message
):
    child = world.ours
    client = signed_in(world, Role.CASEWORKER)
    issued = TODAY - dt.timedelta(days=issued_days)
    review = TODAY - dt.timedelta(days=review_days) if review_days is not None else None
    before = counts()
    answer = client.post(
        reverse("ehc:existing_plan", args=[child.pk]),
        _plan_form(issued, review, old_reference="KEEP-ME"),
    )
    assert answer.status_code == 400
    body = answer.content.decode()
    assert message in error_summary(body)
    assert f'href="#{field}' in error_summary(body) or f"#{field}" in body
    assert 'value="KEEP-ME"' in body
    assert counts() == before


def test_a_child_with_an_open_case_is_told_which(world):
    from .helpers import open_case

    case = open_case(world)
    client = signed_in(world, Role.CASEWORKER)
    before = counts()
    answer = client.post(
        reverse("ehc:existing_plan", args=[world.ours.pk]),
        _plan_form(TODAY - dt.timedelta(days=400), None),
    )
    assert answer.status_code == 400
    assert case.reference in error_summary(answer.content.decode())
    assert counts() == before


def test_the_existing_plan_form_is_refused_to_a_senco(world):
    client = signed_in(world, Role.SENCO)
    answer = client.get(reverse("ehc:existing_plan", args=[world.ours.pk]))
    assert answer.status_code in (403, 404)


def test_the_command_prints_each_error_and_fails_writing_nothing(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_bytes(f.sample("bad_sen2_sample_2024.xml"))
    err = io.StringIO()
    before = counts()
    with override_settings(HOME_LA_CODE="201"), pytest.raises(CommandError, match="Nothing was"):
        call_command("sen2_import", str(path), stderr=err)
    assert "Person[2]/UPN (line 118)" in err.getvalue()
    assert counts() == before
