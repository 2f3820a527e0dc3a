"""The family's preferences page, and the caseworker's page of messages to the family: letters
to print, failed messages shown and sent again; each refused to whoever must not reach it."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from notifications_python_client.errors import APIError

from sendpath.core import notify
from sendpath.core.models import AuditAction, AuditEntry, NotifyMessage
from sendpath.ehc.tests.helpers import client_for, open_case
from sendpath.people.models import ContactPreference, FamilyMember, Role
from sendpath.people.tests.factories import PASSWORD, UserFactory
from sendpath.people.tests.test_children import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def go(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return go


@pytest.fixture
def parent(world):
    """The family user of the test world (Fenella's mother), with an email address."""
    user = world.user(Role.FAMILY)
    user.email = "pamela@example.org"
    user.save()
    return user


def family_client(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


# ---------------------------------------------------------------------------------------------
# /my/preferences/


def test_a_parent_sees_and_sets_how_we_contact_them(world, parent):
    client = family_client(parent)
    url = reverse("portal:preferences")
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "How we contact you" in html
    assert "pamela@example.org" in html
    assert AuditEntry.objects.filter(
        actor=parent, action=AuditAction.VIEWED, child_id=world.family_child.pk
    ).exists()
    answer = client.post(
        url, {"contact_preference": "email_and_text", "mobile": "+44 7700 900 333"}
    )
    assert answer.status_code == 302
    member = FamilyMember.objects.get(user=parent)
    assert member.contact_preference == ContactPreference.EMAIL_AND_TEXT
    assert member.mobile == "07700900333"
    change = AuditEntry.objects.get(actor=parent, action=AuditAction.UPDATED)
    assert change.child_id == world.family_child.pk
    assert change.changes["mobile"] == ["", "07700900333"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"contact_preference": "email_and_text", "mobile": ""}, "mobile", "Enter a mobile"),
        (
            {"contact_preference": "email_and_text", "mobile": "01632 960 001"},
            "mobile",
            "UK mobile",
        ),
        ({"contact_preference": "pigeon", "mobile": ""}, "contact_preference", "Select"),
        ({"contact_preference": "letters", "mobile": ""}, "contact_preference", "postal address"),
    ],
)
def test_a_choice_that_cannot_reach_them_is_refused_naming_the_field(
    world, parent, data, field, message
):
    client = family_client(parent)
    answer = client.post(reverse("portal:preferences"), data)
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "govuk-error-summary" in html
    assert f'href="#{field}' in html or f'href="#id_{field}' in html
    assert message in html
    if data["mobile"]:
        assert f'value="{data["mobile"]}"' in html  # what was typed is kept
    member = FamilyMember.objects.get(user=parent)
    assert member.contact_preference == ContactPreference.EMAIL
    assert member.mobile == ""
    assert not AuditEntry.objects.filter(actor=parent, action=AuditAction.UPDATED).exists()


def test_staff_and_unlinked_family_accounts_may_not_set_family_preferences(world):
    for user in (
        world.user(Role.CASEWORKER),
        world.user(Role.SENCO),
        UserFactory(username="unlinked", role=Role.FAMILY),
    ):
        answer = family_client(user).get(reverse("portal:preferences"))
        assert answer.status_code == 403, user.username


def test_a_young_person_sets_their_own_preference(world):
    account = UserFactory(username="yp", role=Role.FAMILY, email="yp@example.org")
    child = world.ours
    child.young_person_user = account
    child.address = "1 High Street"
    child.save()
    client = family_client(account)
    answer = client.post(reverse("portal:preferences"), {"contact_preference": "letters"})
    assert answer.status_code == 302
    child.refresh_from_db()
    assert child.young_person_contact_preference == ContactPreference.LETTERS
    # Their parents' own preferences are theirs: untouched.
    assert FamilyMember.objects.filter(contact_preference=ContactPreference.LETTERS).count() == 0


# ---------------------------------------------------------------------------------------------
# The staff member's form for a family member


def test_staff_set_a_family_members_preference_where_they_edit_them(world):
    client = client_for(world, Role.CASEWORKER)
    url = reverse("people:family_add", args=[world.ours.pk])
    data = {
        "full_name": "Mina Quokka",
        "relationship": "mother",
        "parental_responsibility": "on",
        "email": "mina@example.org",
        "contact_preference": "email_and_text",
        "mobile": "07700 900 444",
    }
    assert client.post(url, data).status_code == 302
    member = FamilyMember.objects.get(full_name="Mina Quokka")
    assert (member.contact_preference, member.mobile) == ("email_and_text", "07700900444")
    refused = client.post(url, {**data, "full_name": "Other", "mobile": "12345"})
    assert refused.status_code == 400
    assert "UK mobile number" in refused.content.decode()
    assert not FamilyMember.objects.filter(full_name="Other").exists()


# ---------------------------------------------------------------------------------------------
# The caseworker's page: letters to print, failures to send again


@pytest.fixture
def letters_family(world):
    return FamilyMember.objects.create(
        child=world.ours,
        full_name="Sol Quokka",
        relationship="father",
        parental_responsibility=True,
        contact_preference=ContactPreference.LETTERS,
        address="2 Low Road\nOurtown OU2 2BB",
    )


def test_the_caseworker_sees_the_letters_to_print_and_marks_one_posted(world, letters_family, run):
    case = run(open_case, world, received_days_ago=10)
    [letter] = NotifyMessage.objects.filter(kind="letter")
    client = client_for(world, Role.CASEWORKER)
    overview = client.get(reverse("ehc:case", args=[case.pk])).content.decode()
    assert "1 letter to print and post" in overview
    page = client.get(reverse("portal:family_messages", args=[case.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 Low Road" in html
    assert "We have the request to check the help Aurelia needs" in html
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEWED, child_id=case.child_id, summary__contains="messages to the"
    ).exists()
    answer = client.post(reverse("portal:family_letter_posted", args=[case.pk, letter.pk]))
    assert answer.status_code == 302
    letter.refresh_from_db()
    assert letter.status == notify.POSTED
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATED, child_id=case.child_id, summary__startswith="Posted the letter"
    ).exists()


class FailingClient:
    fail = True
    calls = 0

    def __init__(self, key):
        pass

    def send_email_notification(self, **kwargs):
        FailingClient.calls += 1
        if FailingClient.fail:
            raise APIError(message="Service unavailable")
        return {"id": "n-2", "content": {"subject": "S", "body": "B"}}


def test_a_failed_message_is_retried_then_shown_on_the_case_and_sent_again(
    world, run, settings, monkeypatch
):
    settings.NOTIFY_BACKEND = "govuk"
    settings.NOTIFY_API_KEY = "test_key-0000-1111"
    FailingClient.fail, FailingClient.calls = True, 0
    monkeypatch.setattr(notify, "NotificationsAPIClient", FailingClient)
    FamilyMember.objects.create(
        child=world.ours,
        full_name="Mina Quokka",
        relationship="mother",
        parental_responsibility=True,
        email="mina@example.org",
    )
    case = run(open_case, world, received_days_ago=10)
    [message] = NotifyMessage.objects.filter(kind="email")
    assert FailingClient.calls == notify.MAX_TRIES  # tried, and tried again
    assert message.status == notify.FAILED
    client = client_for(world, Role.CASEWORKER)
    overview = client.get(reverse("ehc:case", args=[case.pk])).content.decode()
    assert "1 message to the family could not be sent" in overview
    assert "Mina Quokka" in overview
    assert "Service unavailable" in overview
    page = client.get(reverse("portal:family_messages", args=[case.pk])).content.decode()
    assert "Send again" in page
    FailingClient.fail = False
    answer = run(
        client.post, reverse("portal:family_message_send_again", args=[case.pk, message.pk])
    )
    assert answer.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.notify_id) == ("created", "n-2")
    assert FailingClient.calls == notify.MAX_TRIES + 1
    # Sent: asking again changes nothing, and sends nothing.
    run(client.post, reverse("portal:family_message_send_again", args=[case.pk, message.pk]))
    assert FailingClient.calls == notify.MAX_TRIES + 1


def test_others_may_not_reach_the_familys_messages(world, letters_family, run):
    case = run(open_case, world, received_days_ago=10)
    [letter] = NotifyMessage.objects.filter(kind="letter")
    page = reverse("portal:family_messages", args=[case.pk])
    posted = reverse("portal:family_letter_posted", args=[case.pk, letter.pk])
    # Another authority's caseworker, and another child's family: a missing page, audited.
    for who in ("other_caseworker", Role.FAMILY):
        client = client_for(world, who)
        assert client.get(page).status_code == 404, who
        assert client.post(posted).status_code == 404, who
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.DENIED, summary__contains="case outside the user's access"
        ).count()
        >= 4
    )
    # The school's SENCO and the Virtual School may see the case, but not the family's messages.
    for who in (Role.SENCO, Role.VIRTUAL_SCHOOL):
        client = client_for(world, who)
        answer = client.get(page)
        assert answer.status_code in (403, 404), who
        assert "2 Low Road" not in answer.content.decode()
        assert client.post(posted).status_code in (403, 404), who
    # A reader of the case who may not change it (a manager may): only the SEND team changes.
    letter.refresh_from_db()
    assert letter.status == notify.TO_PRINT
    # A message of another case is not found through this one.
    other = run(open_case, world, child=world.ours_cared_for, received_days_ago=10)
    client = client_for(world, Role.CASEWORKER)
    wrong = reverse("portal:family_letter_posted", args=[other.pk, letter.pk])
    assert client.post(wrong).status_code == 404


def test_a_stale_save_of_preferences_is_refused_keeping_what_was_typed(world, parent):
    client = family_client(parent)
    url = reverse("portal:preferences")
    page = client.get(url).content.decode()
    based_on = re.search(r'name="based_on" value="([^"]+)"', page)
    assert based_on
    # Meanwhile a caseworker records that this parent wants letters, at a new address.
    member = FamilyMember.objects.get(user=parent)
    member.contact_preference = ContactPreference.LETTERS
    member.address = "3 New Street"
    member.save()
    answer = client.post(
        url,
        {
            "contact_preference": "email_and_text",
            "mobile": "07700 900 666",
            "based_on": based_on.group(1),
        },
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "Someone else changed this record" in html
    assert 'value="07700 900 666"' in html
    member.refresh_from_db()
    assert (member.contact_preference, member.mobile) == ("letters", "")


def test_staff_set_the_young_persons_preference_on_their_record(world):
    child = world.ours
    client = client_for(world, Role.CASEWORKER)
    url = reverse("people:child_edit", args=[child.pk])
    assert "How the young person wants to hear from us" not in client.get(url).content.decode()
    child.young_person_user = UserFactory(username="yp2", role=Role.FAMILY, email="a@b.org")
    child.save()
    assert "How the young person wants to hear from us" in client.get(url).content.decode()
    data = form_data(
        first_name=child.first_name,
        last_name=child.last_name,
        upn=child.upn,
        nhs_number="",
        responsible_authority=str(world.la.pk),
        **{"date_of_birth-day": "2", "date_of_birth-month": "3", "date_of_birth-year": "2015"},
    )
    bad = client.post(url, {**data, "young_person_contact_preference": "email_and_text"})
    assert bad.status_code == 400
    assert "Enter a mobile number to get text messages" in bad.content.decode()
    good = client.post(
        url,
        {
            **data,
            "young_person_contact_preference": "email_and_text",
            "young_person_mobile": "07700 900 777",
        },
    )
    assert good.status_code == 302
    child.refresh_from_db()
    assert child.young_person_contact_preference == "email_and_text"
    assert child.young_person_mobile == "07700900777"
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATED, child_id=child.pk).latest("at")
    assert entry.changes["young_person_mobile"] == ["", "07700900777"]
