"""Advice for the assessment: requests, receipts, existing advice, and the page (the emails to\nthe people asked and their reminders: ``test_advice_reminders.py``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendpath.core.models import AuditAction, AuditEntry, NotifyMessage
from sendpath.ehc.advice import selectors as advice_selectors
from sendpath.ehc.advice import services as advice_services
from sendpath.ehc.cases import services
from sendpath.ehc.models import CaseEvent, Deadline, Document
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD, ChildFactory

TODAY = timezone.localdate()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def open_case(world, child=None, *, received=70, decided=60, outcome="yes"):
    actor = world.user(Role.CASEWORKER)
    case = services.case_open(
        actor=actor, child=child or world.ours, source="parent", received_on=days_ago(received)
    )
    if outcome:
        services.event_record(
            actor=actor,
            case=case,
            type="decision_to_assess",
            date=days_ago(decided),
            details={"outcome": outcome, "reasons": "Evidence of needs"},
        )
    case.refresh_from_db()
    return case


def ask(world, case, source="psychological", *, on=50, email="ep@example.org", author="Dr Patel"):
    return advice_services.advice_request(
        actor=world.user(Role.CASEWORKER),
        case=case,
        source=source,
        author=author,
        organisation="Ourshire EP Service",
        email=email,
        requested_on=days_ago(on),
    )


def client_for(world, role):
    client = Client()
    assert client.login(username=world.user(role).username, password=PASSWORD)
    return client


@pytest.fixture
def caseworker(world):
    return client_for(world, Role.CASEWORKER)


def year9_dob() -> dt.date:
    cut_year = TODAY.year if TODAY.month >= 9 else TODAY.year - 1
    return dt.date(cut_year - 13, 5, 1)


def year8_dob() -> dt.date:
    cut_year = TODAY.year if TODAY.month >= 9 else TODAY.year - 1
    return dt.date(cut_year - 12, 5, 1)


# ---------------------------------------------------------------------------------------------
# National curriculum year


@pytest.mark.parametrize(
    ("dob", "on", "year"),
    [
        (dt.date(2015, 3, 2), dt.date(2026, 7, 1), 6),
        (dt.date(2015, 3, 2), dt.date(2026, 9, 1), 7),
        (dt.date(2012, 8, 31), dt.date(2025, 9, 1), 9),  # the youngest in Year 9
        (dt.date(2012, 9, 1), dt.date(2025, 9, 1), 8),  # the oldest in Year 8
        (dt.date(2012, 9, 1), dt.date(2026, 8, 31), 8),
        (dt.date(2012, 9, 1), dt.date(2026, 9, 1), 9),
        (dt.date(2021, 8, 31), dt.date(2025, 9, 1), 0),  # Reception
    ],
)
def test_curriculum_year_follows_the_31_august_cut_off(dob, on, year):
    assert advice_selectors.curriculum_year(dob, on) == year
    assert advice_selectors.preparing_for_adulthood_applies(dob, on) is (year >= 9)


# ---------------------------------------------------------------------------------------------
# Services


def test_request_records_an_event_with_a_unique_id_and_a_six_week_deadline(world):
    case = open_case(world)
    first = ask(world, case)
    second = ask(world, case, author="Dr Jones")
    assert first.type == "advice_requested"
    assert first.details == {
        "id": "psychological-1",
        "source": "psychological",
        "source_label": "Psychological advice",
        "author": "Dr Patel",
        "organisation": "Ourshire EP Service",
        "email": "ep@example.org",
    }
    assert second.details["id"] == "psychological-2"
    deadline = Deadline.objects.get(case=case, key="advice:psychological-1")
    assert deadline.due == days_ago(50) + dt.timedelta(weeks=6)
    assert deadline.source == "reg 8(1)"
    other = ask(world, case, "social_care")
    assert other.details["id"] == "social-care-1"


@pytest.mark.parametrize(
    ("outcome", "message"),
    [(None, "No decision whether to assess"), ("no", "decided not to carry out")],
)
def test_no_advice_before_a_decision_to_assess_or_after_a_no(world, outcome, message):
    case = open_case(world, outcome=outcome)
    with pytest.raises(ValidationError, match=message):
        ask(world, case)
    assert not case.events.filter(type="advice_requested").exists()


def test_request_before_the_decision_to_assess_is_refused(world):
    case = open_case(world, decided=40)
    with pytest.raises(ValidationError) as error:
        ask(world, case, on=45)
    assert "requested_on" in error.value.error_dict
    assert not case.events.filter(type="advice_requested").exists()


def test_request_in_the_future_is_refused(world):
    case = open_case(world)
    with pytest.raises(ValidationError) as error:
        ask(world, case, on=-1)
    assert "requested_on" in error.value.error_dict


def test_preparing_for_adulthood_only_from_year_9(world):
    young = ChildFactory(date_of_birth=year8_dob(), responsible_authority=world.la)
    case = open_case(world, young)
    assert "preparing_for_adulthood" not in {s.id for s in advice_selectors.sources_for(case)}
    with pytest.raises(ValidationError) as error:
        ask(world, case, "preparing_for_adulthood", on=1)
    assert "Year 9" in error.value.message_dict["source"][0]
    assert "Year 8" in error.value.message_dict["source"][0]

    older = ChildFactory(date_of_birth=year9_dob(), responsible_authority=world.la)
    case = open_case(world, older)
    assert "preparing_for_adulthood" in {s.id for s in advice_selectors.sources_for(case)}
    event = ask(world, case, "preparing_for_adulthood", on=1)
    assert event.details["id"] == "preparing-for-adulthood-1"


def test_receive_completes_the_deadline_and_attaches_the_upload(world):
    case = open_case(world)
    ask(world, case, on=50)
    upload = SimpleUploadedFile("ep-report.pdf", b"%PDF-1.7 report", "application/pdf")
    event = advice_services.advice_receive(
        actor=world.user(Role.CASEWORKER),
        case=case,
        ident="psychological-1",
        received_on=days_ago(10),
        upload=upload,
    )
    assert event.type == "advice_received"
    assert event.details["id"] == "psychological-1"
    deadline = Deadline.objects.get(case=case, key="advice:psychological-1")
    assert deadline.completed_on == days_ago(10)
    assert deadline.status == "met"
    document = Document.objects.get(case=case)
    assert document.event == event
    assert document.title == "Psychological advice from Dr Patel"


def test_receive_before_the_request_is_refused(world):
    case = open_case(world)
    ask(world, case, on=30)
    with pytest.raises(ValidationError) as error:
        advice_services.advice_receive(
            actor=world.user(Role.CASEWORKER),
            case=case,
            ident="psychological-1",
            received_on=days_ago(31),
        )
    assert "on or after" in error.value.message_dict["received_on"][0]
    assert not case.events.filter(type="advice_received").exists()


def test_receive_with_a_bad_file_saves_nothing(world):
    case = open_case(world)
    ask(world, case, on=30)
    with pytest.raises(ValidationError) as error:
        advice_services.advice_receive(
            actor=world.user(Role.CASEWORKER),
            case=case,
            ident="psychological-1",
            received_on=days_ago(1),
            upload=SimpleUploadedFile("report.exe", b"MZ\x90\x00", "application/octet-stream"),
        )
    assert "file" in error.value.error_dict
    assert not case.events.filter(type="advice_received").exists()
    assert not Document.objects.exists()


def test_receive_twice_or_an_unknown_id_is_refused(world):
    case = open_case(world)
    ask(world, case, on=30)
    actor = world.user(Role.CASEWORKER)
    advice_services.advice_receive(
        actor=actor, case=case, ident="psychological-1", received_on=days_ago(2)
    )
    with pytest.raises(ValidationError, match="already been recorded"):
        advice_services.advice_receive(
            actor=actor, case=case, ident="psychological-1", received_on=days_ago(1)
        )
    with pytest.raises(ValidationError, match="not on this case"):
        advice_services.advice_receive(
            actor=actor, case=case, ident="medical-9", received_on=days_ago(1)
        )


def agree(world, case, **overrides):
    params = {
        "actor": world.user(Role.CASEWORKER),
        "case": case,
        "source": "medical",
        "description": "Paediatric report by Dr Okafor, March",
        "authority_agreed_on": days_ago(20),
        "author_agreed_on": days_ago(25),
        "family_agreed_on": days_ago(15),
    }
    params.update(overrides)
    return advice_services.existing_advice_agree(**params)


def test_existing_advice_keeps_all_three_agreements(world):
    case = open_case(world)
    event = agree(world, case)
    assert event.type == "existing_advice_agreed"
    assert event.date == days_ago(15)  # the day the last of the three agreed
    assert event.details["source"] == "medical"
    assert event.details["authority_agreed_on"] == days_ago(20).isoformat()
    assert event.details["author_agreed_on"] == days_ago(25).isoformat()
    assert event.details["family_agreed_on"] == days_ago(15).isoformat()
    assert event.details["description"] == "Paediatric report by Dr Okafor, March"
    assert not Deadline.objects.filter(case=case, family="advice").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"authority_agreed_on": None}, "authority_agreed_on"),
        ({"author_agreed_on": None}, "author_agreed_on"),
        ({"family_agreed_on": None}, "family_agreed_on"),
        ({"family_agreed_on": TODAY + dt.timedelta(days=1)}, "family_agreed_on"),
        ({"author_agreed_on": days_ago(100)}, "author_agreed_on"),  # before the request
        ({"description": "  "}, "description"),
        ({"source": "parent"}, "source"),
        ({"source": "astrology"}, "source"),
    ],
)
def test_existing_advice_bad_input_is_refused(world, overrides, field):
    case = open_case(world)
    with pytest.raises(ValidationError) as error:
        agree(world, case, **overrides)
    assert field in error.value.error_dict
    assert not case.events.filter(type="existing_advice_agreed").exists()


def test_rows_show_every_status(world):
    case = open_case(world)
    ask(world, case, "psychological", on=50)  # overdue
    ask(world, case, "educational", on=10)  # requested
    ask(world, case, "social_care", on=55)
    advice_services.advice_receive(
        actor=world.user(Role.CASEWORKER), case=case, ident="social-care-1", received_on=days_ago(1)
    )  # late
    ask(world, case, "other", on=20)
    advice_services.advice_receive(
        actor=world.user(Role.CASEWORKER), case=case, ident="other-1", received_on=days_ago(2)
    )
    agree(world, case)
    statuses = {(r.source.id, r.status) for r in advice_selectors.advice_rows(case)}
    assert statuses == {
        ("parent", "not_requested"),
        ("educational", "requested"),
        ("medical", "existing"),
        ("psychological", "overdue"),
        ("social_care", "received_late"),
        ("other", "received"),
        ("requested_by_family", "not_requested"),
    }


# ---------------------------------------------------------------------------------------------
# Pages


def test_advice_page_shows_status_due_dates_and_actions(world, caseworker):
    case = open_case(world)
    ask(world, case, on=50)
    ask(world, case, "educational", on=10)
    response = caseworker.get(reverse("ehc:advice", args=[case.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    due = days_ago(10) + dt.timedelta(weeks=6)
    assert f"Due {due.day} {due:%B %Y}" in page
    assert "Overdue" in page
    assert "8 days late" in page
    assert "Request emailed" in page
    assert "Next reminder" in page
    assert "Not requested" in page
    assert "reg 6(1)(d)" in page
    assert "Preparing for adulthood" not in page.split("<table")[1].split("</table>")[0]
    assert "sought from Year 9" in page
    assert reverse("ehc:advice_request", args=[case.pk]) in page
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEWED, child_id=case.child_id, summary__contains="advice"
    ).exists()


@pytest.mark.parametrize("outcome", [None, "no"])
def test_advice_page_before_a_yes_says_so_and_offers_nothing(world, caseworker, outcome):
    case = open_case(world, outcome=outcome)
    page = caseworker.get(reverse("ehc:advice", args=[case.pk])).content.decode()
    assert "no advice is sought" in page or "No decision whether to assess" in page
    assert reverse("ehc:advice_request", args=[case.pk]) not in page
    assert "Next reminder" not in page
    response = caseworker.get(reverse("ehc:advice_request", args=[case.pk]))
    assert response.status_code == 302
    response = caseworker.post(reverse("ehc:advice_existing", args=[case.pk]), {})
    assert response.status_code == 302
    assert not case.events.exclude(type__in=["request_received", "decision_to_assess"]).exists()


def request_data(**overrides):
    when = days_ago(5)
    data = {
        "source": "medical",
        "author": "Dr Okafor",
        "organisation": "Ourshire NHS Trust",
        "email": "paeds@example.org",
        "requested_on-day": str(when.day),
        "requested_on-month": str(when.month),
        "requested_on-year": str(when.year),
    }
    data.update(overrides)
    return data


def test_request_through_the_page(world, caseworker):
    case = open_case(world)
    response = caseworker.post(reverse("ehc:advice_request", args=[case.pk]), request_data())
    assert response.status_code == 302
    event = case.events.get(type="advice_requested")
    assert event.details["id"] == "medical-1"
    assert event.details["email"] == "paeds@example.org"
    assert event.recorded_by == world.user(Role.CASEWORKER)
    page = caseworker.get(response.url).content.decode()
    assert "requested from Dr Okafor" in page
    assert "We emailed the request to paeds@example.org, and will remind them" in page
    assert NotifyMessage.objects.get().to == "paeds@example.org"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"source": ""}, "source", "Select who the advice is from"),
        ({"source": "astrology"}, "source", "Select who the advice is from"),
        ({"source": "preparing_for_adulthood"}, "source", "Select who"),  # a Year 6 child
        ({"author": ""}, "author", "Enter the name of the person giving the advice"),
        ({"author": "x" * 201}, "author", "200 characters or fewer"),
        ({"email": "not-an-email"}, "email", "correct format"),
        ({"requested_on-day": ""}, "requested_on", "must include a day"),
        ({"requested_on-month": "13"}, "requested_on", "real date"),
        (
            {"requested_on-year": str(TODAY.year + 1)},
            "requested_on",
            "must be today or in the past",
        ),
        (
            {
                "requested_on-day": str(days_ago(65).day),
                "requested_on-month": str(days_ago(65).month),
                "requested_on-year": str(days_ago(65).year),
            },
            "requested_on",
            "the date of the decision to assess",
        ),
    ],
)
def test_request_bad_input_names_the_field_keeps_the_input_and_saves_nothing(
    world, caseworker, overrides, field, message
):
    case = open_case(world)
    data = request_data(**overrides)
    response = caseworker.post(reverse("ehc:advice_request", args=[case.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert f'href="#{field}' in page
    assert "Ourshire NHS Trust" in page  # what was typed is kept
    assert not case.events.filter(type="advice_requested").exists()


def test_received_through_the_page_with_a_document(world, caseworker):
    case = open_case(world)
    ask(world, case, on=20)
    url = reverse("ehc:advice_received", args=[case.pk, "psychological-1"])
    assert caseworker.get(url).status_code == 200
    when = days_ago(1)
    response = caseworker.post(
        url,
        {
            "received_on-day": str(when.day),
            "received_on-month": str(when.month),
            "received_on-year": str(when.year),
            "title": "EP report",
            "file": SimpleUploadedFile("ep.pdf", b"%PDF-1.4 hello", "application/pdf"),
        },
    )
    assert response.status_code == 302
    event = case.events.get(type="advice_received")
    assert Document.objects.get().event == event
    page = caseworker.get(reverse("ehc:advice", args=[case.pk])).content.decode()
    assert "Received" in page
    assert "EP report" in page
    # Once received, the form is not offered again.
    assert caseworker.get(url).status_code == 302


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "received_on", "Enter date the advice was received"),
        ({"received_on-year": str(TODAY.year + 1)}, "received_on", "today or in the past"),
        (
            {"file": SimpleUploadedFile("ep.exe", b"MZ", "application/octet-stream")},
            "file",
            "must be a PDF",
        ),
        (
            {"file": SimpleUploadedFile("ep.pdf", b"just text", "application/pdf")},
            "file",
            "not a real PDF",
        ),
    ],
)
def test_received_bad_input_saves_nothing(world, caseworker, data, field, message):
    case = open_case(world)
    ask(world, case, on=20)
    when = days_ago(1)
    post = {
        "received_on-day": str(when.day),
        "received_on-month": str(when.month),
        "received_on-year": str(when.year),
    }
    if not data:
        post = {}
    post.update(data)
    response = caseworker.post(
        reverse("ehc:advice_received", args=[case.pk, "psychological-1"]), post
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'href="#{field}' in page
    assert not case.events.filter(type="advice_received").exists()
    assert not Document.objects.exists()


def test_received_for_an_unknown_request_is_404(world, caseworker):
    case = open_case(world)
    response = caseworker.get(reverse("ehc:advice_received", args=[case.pk, "medical-1"]))
    assert response.status_code == 404


def date_fields(name, when):
    return {
        f"{name}-day": str(when.day),
        f"{name}-month": str(when.month),
        f"{name}-year": str(when.year),
    }


def existing_data(**overrides):
    data = {
        "source": "medical",
        "description": "Paediatric report, Dr Okafor, March",
        **date_fields("authority_agreed_on", days_ago(3)),
        **date_fields("author_agreed_on", days_ago(4)),
        **date_fields("family_agreed_on", days_ago(2)),
    }
    data.update(overrides)
    return data


def test_existing_advice_through_the_page(world, caseworker):
    case = open_case(world)
    url = reverse("ehc:advice_existing", args=[case.pk])
    page = caseworker.get(url).content.decode()
    assert 'value="parent"' not in page  # reg 6(4) does not cover the parent's own advice
    response = caseworker.post(url, existing_data())
    assert response.status_code == 302
    event = case.events.get(type="existing_advice_agreed")
    assert event.details["family_agreed_on"] == days_ago(2).isoformat()
    page = caseworker.get(reverse("ehc:advice", args=[case.pk])).content.decode()
    assert "Existing advice agreed sufficient" in page
    assert "Paediatric report, Dr Okafor, March" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"source": ""}, "source", "Select which advice"),
        ({"source": "parent"}, "source", "Select which advice"),
        ({"description": ""}, "description", "Enter the existing advice"),
        ({"authority_agreed_on-day": ""}, "authority_agreed_on", "must include a day"),
        (
            {"author_agreed_on-day": "", "author_agreed_on-month": "", "author_agreed_on-year": ""},
            "author_agreed_on",
            "Enter date the person who gave the advice agreed",
        ),
        (
            date_fields("family_agreed_on", TODAY + dt.timedelta(days=1)),
            "family_agreed_on",
            "today or in the past",
        ),
        (
            date_fields("author_agreed_on", days_ago(200)),
            "author_agreed_on",
            "the date the request was received",
        ),
    ],
)
def test_existing_advice_bad_input_saves_nothing(world, caseworker, overrides, field, message):
    case = open_case(world)
    response = caseworker.post(
        reverse("ehc:advice_existing", args=[case.pk]), existing_data(**overrides)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'href="#{field}' in page
    assert not case.events.filter(type="existing_advice_agreed").exists()


def test_demo_advice_givers_have_email_addresses():
    from sendpath.demo.cases.timeline import advice_email

    assert advice_email("Dr Amelia Hart", "Demoshire Educational Psychology Service") == (
        "dr.amelia.hart@demoshire-educational-psychology-service.example"
    )
    assert advice_email("SENCO, Oak Primary", "Oak Primary") == "senco@oak-primary.example"
    assert advice_email("Jo Parent", "") == "jo.parent@family.example"


# ---------------------------------------------------------------------------------------------
# Who may see and change advice


def all_urls(case):
    return [
        ("get", reverse("ehc:advice", args=[case.pk])),
        ("get", reverse("ehc:advice_request", args=[case.pk])),
        ("get", reverse("ehc:advice_existing", args=[case.pk])),
        ("get", reverse("ehc:advice_received", args=[case.pk, "psychological-1"])),
    ]


@pytest.mark.parametrize("role", ["other_caseworker", Role.LEADER, Role.PROFESSIONAL])
def test_out_of_scope_users_get_404(world, role):
    case = open_case(world)
    ask(world, case, on=50)
    client = client_for(world, role)
    for method, url in all_urls(case):
        assert getattr(client, method)(url).status_code == 404, url
    assert NotifyMessage.objects.count() == 1  # the request, emailed when it was recorded


def test_senco_and_family_are_refused(world):
    case = open_case(world, world.family_child)
    ask(world, case, on=50)
    for role in (Role.FAMILY, Role.SENCO):
        client = client_for(world, role)
        for method, url in all_urls(case):
            assert getattr(client, method)(url).status_code in (403, 404), (role, url)
    senco_case = open_case(world)
    client = client_for(world, Role.SENCO)
    assert client.get(reverse("ehc:advice", args=[senco_case.pk])).status_code == 403
    assert NotifyMessage.objects.count() == 1  # the request, emailed when it was recorded


def test_virtual_school_may_read_but_not_change(world):
    case = open_case(world, world.ours_cared_for)
    ask(world, case, on=50)
    client = client_for(world, Role.VIRTUAL_SCHOOL)
    page = client.get(reverse("ehc:advice", args=[case.pk]))
    assert page.status_code == 200
    assert "Record received" not in page.content.decode()
    assert (
        client.post(reverse("ehc:advice_request", args=[case.pk]), request_data()).status_code
        == 403
    )
    assert case.events.filter(type="advice_requested").count() == 1
    assert NotifyMessage.objects.count() == 1  # the request, emailed when it was recorded


def test_manager_may_record_advice(world):
    case = open_case(world)
    client = client_for(world, Role.MANAGER)
    response = client.post(reverse("ehc:advice_request", args=[case.pk]), request_data())
    assert response.status_code == 302
    assert CaseEvent.objects.get(case=case, type="advice_requested").recorded_by == world.user(
        Role.MANAGER
    )
