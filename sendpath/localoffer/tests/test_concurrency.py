"""Two people change the same Local Offer entry: the second save, based on an older version,
is refused with what changed, keeps what was typed and writes nothing; a fresh save works."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from sendpath.core.roles import Role
from sendpath.localoffer.models import Service
from sendpath.localoffer.tests.factories import make_service
from sendpath.people.tests.factories import PASSWORD, UserFactory

from .test_pages import valid_form

pytestmark = pytest.mark.usefixtures("local_offer")


def based_on(page: str) -> str:
    found = re.search(r'name="based_on" value="([^"]*)"', page)
    assert found, "the form carries the version it was read at"
    return html.unescape(found.group(1))


def test_a_stale_change_to_a_local_offer_entry_is_refused(world):
    team = UserFactory(username="lo_team", role=Role.LOCAL_OFFER, organisation=world.la)
    service = make_service(name="Chess club")
    first, second = Client(), Client()
    for client in (first, second):
        assert client.login(username=team.username, password=PASSWORD)
    url = reverse("localoffer:service_edit", args=[service.pk])
    first_opened = based_on(first.get(url).content.decode())
    second_opened = based_on(second.get(url).content.decode())

    saved = first.post(
        url, {**valid_form(service.provider_id, name="Chess club"), "based_on": first_opened}
    )
    assert saved.status_code == 302
    service.refresh_from_db()
    assert service.version == 2

    typed = {
        **valid_form(service.provider_id, name="Chess club", opening_times="Saturdays at 10"),
        "telephone": "01632 960999",
        "based_on": second_opened,
    }
    refused = second.post(url, typed)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "govuk-error-summary" in page
    assert "Someone else changed this record after you opened this page" in page
    assert "they changed it to “Tuesdays 9:30 to 11:30”" in page
    assert 'value="01632 960999"' in page
    service.refresh_from_db()
    assert service.version == 2
    assert service.opening_times == "Tuesdays 9:30 to 11:30"
    assert service.versions.count() == 2

    again = second.post(url, {**typed, "based_on": based_on(page)})
    assert again.status_code == 302
    service.refresh_from_db()
    assert service.version == 3
    assert service.opening_times == "Saturdays at 10"
    assert Service.objects.count() == 1
