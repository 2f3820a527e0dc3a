"""The mediation adviser's (and SENDIASS's and complaints) contacts come from a page each
authority's administrator keeps; the settings' contacts only until it is filled in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.ehc.models import DisagreementContacts
from sendpath.ehc.notices.contacts import contacts_for
from sendpath.ehc.tests.helpers import client_for
from sendpath.ehc.tests.test_notices import not_assessed
from sendpath.people.models import Role
from sendpath.portal.tests.asking_support import build_family, client_of

pytestmark = pytest.mark.django_db

URL = reverse("ehc:disagreement_contacts")

FILLED = {
    "mediation_name": "Calm Waters Mediation",
    "mediation_address": "1 River Road\nOurtown OU1 1AA",
    "mediation_phone": "01632 960 123",
    "mediation_email": "help@calmwaters.example",
    "mediation_web": "https://calmwaters.example",
    "sendiass": "Ourshire SENDIASS | Telephone: 01632 960 456",
    "complaints": "Ourshire complaints team\nEmail: complaints@ourshire.example",
}


def opened(client) -> str:
    """The version stamp of the page as opened ("" before the contacts exist)."""
    page = client.get(URL).content.decode()
    marker = 'name="based_on" value="'
    if marker not in page:
        return ""
    return page.split(marker, 1)[1].split('"', 1)[0]


def test_before_the_page_is_filled_letters_use_the_settings_and_say_so(world, settings):
    settings.MEDIATION_ADVISER = "Default Mediation | Telephone: 0300 000 0001"
    case = not_assessed(world)
    page = (
        client_for(world, Role.CASEWORKER)
        .get(reverse("ehc:notice", args=[case.pk, "not_to_assess"]))
        .content.decode()
    )
    assert "Default Mediation" in page
    assert "default contact" in page
    assert "Ask your administrator to fill in the letter contacts page" in page
    admin_page = (
        client_for(world, Role.ADMINISTRATOR)
        .get(reverse("ehc:notice", args=[case.pk, "not_to_assess"]))
        .content.decode()
    )
    assert f'href="{URL}"' in admin_page  # the administrator is sent to the page


def test_the_administrator_fills_the_page_and_every_letter_and_the_portal_use_it(world, settings):
    settings.MEDIATION_ADVISER = "Default Mediation | Telephone: 0300 000 0001"
    admin = client_for(world, Role.ADMINISTRATOR)
    page = admin.get(URL)
    assert page.status_code == 200
    assert "Not filled in yet" in page.content.decode()
    response = admin.post(URL, FILLED)
    assert response.status_code == 302
    record = DisagreementContacts.objects.get(authority=world.la)
    assert record.mediation_name == "Calm Waters Mediation"
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATED, actor=world.user(Role.ADMINISTRATOR)
    ).exists()
    case = not_assessed(world)
    letter = (
        client_for(world, Role.CASEWORKER)
        .get(reverse("ehc:notice", args=[case.pk, "not_to_assess"]))
        .content.decode()
    )
    assert "Calm Waters Mediation" in letter
    assert "Telephone: 01632 960 123" in letter
    assert "Website: https://calmwaters.example" in letter
    assert "Ourshire SENDIASS" in letter
    assert "Default Mediation" not in letter
    assert "default contact" not in letter
    # The family's complaints page gives the same contacts.
    family = build_family(world)
    complaints = client_of(family.parent).get(
        reverse("portal:complaints", kwargs={"pk": family.child.pk})
    )
    text = complaints.content.decode()
    assert "Calm Waters Mediation" in text
    assert "01632 960 456" in text
    assert "complaints@ourshire.example" in text
    # Another authority's letters keep their own (here, the default) contacts.
    assert contacts_for(world.other_la).mediation_fallback
    assert not contacts_for(world.la).mediation_fallback


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"mediation_name": ""}, "mediation_name", "Enter the name of the mediation adviser"),
        (
            {"mediation_phone": "", "mediation_email": "", "mediation_web": ""},
            "mediation_phone",
            "Enter a telephone number, email address or website for the mediation adviser",
        ),
        ({"mediation_phone": "call us"}, "mediation_phone", "Enter a telephone number"),
        ({"mediation_email": "not an email"}, "mediation_email", "Enter an email address"),
        ({"mediation_web": "not a website"}, "mediation_web", "Enter a website address"),
        ({"sendiass": "x" * 501}, "sendiass", "500 characters or fewer"),
    ],
)
def test_bad_input_names_the_field_keeps_what_was_typed_and_saves_nothing(
    world, change, field, message
):
    admin = client_for(world, Role.ADMINISTRATOR)
    data = {**FILLED, **change}
    response = admin.post(URL, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert f'href="#{field}"' in text or f"#{field}" in text
    assert "Calm Waters Mediation" in text or field == "mediation_name"
    assert not DisagreementContacts.objects.exists()


def test_a_stale_save_is_refused_and_keeps_what_was_typed(world):
    admin = client_for(world, Role.ADMINISTRATOR)
    assert admin.post(URL, FILLED).status_code == 302
    stamp = opened(admin)
    assert stamp
    other = client_for(world, Role.ADMINISTRATOR)
    assert (
        other.post(
            URL, {**FILLED, "based_on": opened(other), "mediation_phone": "01632 960 999"}
        ).status_code
        == 302
    )
    response = admin.post(URL, {**FILLED, "based_on": stamp, "mediation_name": "Mine"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Someone else changed this record" in text
    assert 'value="Mine"' in text
    record = DisagreementContacts.objects.get()
    assert record.mediation_name == "Calm Waters Mediation"
    assert record.mediation_phone == "01632 960 999"


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.MANAGER, Role.SENCO, Role.FAMILY, "other_caseworker"]
)
def test_only_an_administrator_reaches_the_page(world, role):
    client = client_for(world, role)
    assert client.get(URL).status_code == 403
    assert client.post(URL, FILLED).status_code == 403
    assert not DisagreementContacts.objects.exists()


def test_reading_the_page_is_audited(world):
    client_for(world, Role.ADMINISTRATOR).get(URL)
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEWED,
        actor=world.user(Role.ADMINISTRATOR),
        summary__contains="contacts",
    ).exists()


def test_two_first_saves_do_not_overwrite_each_other(world):
    first = client_for(world, Role.ADMINISTRATOR)
    second = client_for(world, Role.ADMINISTRATOR)
    assert 'name="opened_new" value="yes"' in first.get(URL).content.decode()
    assert first.post(URL, {**FILLED, "opened_new": "yes"}).status_code == 302
    response = second.post(URL, {**FILLED, "opened_new": "yes", "mediation_name": "Theirs"})
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    assert DisagreementContacts.objects.get().mediation_name == "Calm Waters Mediation"
