"""The public directory's pages, and keeping entries up to date, through the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.core.roles import Role
from sendpath.localoffer.models import Provider, Service, ServiceStatus
from sendpath.localoffer.tests.factories import make_service, provider
from sendpath.people.models.organisation import Organisation, OrganisationKind
from sendpath.people.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.usefixtures("local_offer")

RESULTS = reverse("localoffer:results")
SHORTLIST = reverse("localoffer:shortlist")
MANAGE = reverse("localoffer:manage")
NEW = reverse("localoffer:service_new")


def text(response) -> str:
    return response.content.decode()


def signed_in(client: Client, user) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


def valid_form(provider_id, **overrides) -> dict:
    data = {
        "provider": str(provider_id),
        "name": "Sensory play mornings",
        "description": "Messy play and a quiet room for under fives.",
        "categories": ["education"],
        "needs": ["ASD", "SLCN"],
        "minimum_age": "0",
        "maximum_age": "5",
        "eligibility": "",
        "cost": "free",
        "cost_description": "",
        "access": "self",
        "how_to_access": "Just turn up.",
        "telephone": "01632 960000",
        "email": "",
        "url": "",
        "contact_name": "",
        "contact_title": "",
        "opening_times": "Tuesdays 9:30 to 11:30",
        "languages": "English, Polish",
        "area": "Demchester",
        "location_name": "Demchester Family Hub",
        "address_1": "2 Canal Side",
        "city": "Demchester",
        "postcode": "dm1 4ab",
        "accessibility": "Step-free",
        "status": "active",
        "alert": "",
    }
    data.update(overrides)
    return data


# ---------------------------------------------------------------------------------------------
# Public pages: no sign-in


def test_home_and_search_need_no_sign_in(client):
    make_service(name="Saturday swimming club")
    home = client.get(reverse("localoffer:home"))
    assert home.status_code == 200
    assert "Find services for children and young people with SEND" in text(home)
    assert "Preparing for adulthood" in text(home)
    found = client.get(RESULTS, {"q": "swimming", "postcode": "DM1 4AB", "radius": "5"})
    assert found.status_code == 200
    assert "1 service found" in text(found)
    assert "Saturday swimming club" in text(found)
    assert "0.0 miles" in text(found)


def test_results_empty_state_and_count(client):
    make_service(name="Saturday swimming club")
    response = client.get(RESULTS, {"q": "trampolining"})
    assert "0 services found" in text(response)
    assert "No services match your search" in text(response)


def test_bad_search_input_names_the_field_and_keeps_what_was_typed(client):
    response = client.get(RESULTS, {"q": "swimming", "age": "seven", "postcode": "nowhere1"})
    assert response.status_code == 200
    body = text(response)
    assert "There is a problem" in body
    assert "Age must be a whole number of years" in body
    assert "Enter a real postcode" in body
    assert 'value="seven"' in body
    assert 'value="swimming"' in body


def test_a_wrong_field_is_left_out_of_the_search_not_the_rest(client):
    make_service(name="Swimming club", postcode="DM1 4AB")
    make_service(name="Drama club", description="Plays and acting.", postcode="DM1 4AB")
    body = text(client.get(RESULTS, {"q": "swimming", "age": "seven", "postcode": "DM1 4AB"}))
    assert "Age must be a whole number of years" in body
    assert "1 service found" in body  # the keyword and the postcode still apply
    assert "Swimming club" in body
    assert "Drama club" not in body
    assert "Matching “swimming”" in body
    assert "For age" not in body


def test_a_search_without_a_distance_shows_the_distance_it_used(client):
    # The home page asks for a postcode only: the results use 5 miles, and say so, so that
    # searching again from the results page does not quietly narrow it to 1 mile.
    page = text(client.get(RESULTS, {"postcode": "DM1 4AB"}))
    assert '<option value="5" selected>Within 5 miles</option>' in page
    assert "Within 5 miles of DM1 4AB" in page
    page = text(client.get(RESULTS, {"postcode": "DM1 4AB", "radius": "10"}))
    assert '<option value="10" selected>Within 10 miles</option>' in page


def test_unknown_postcode_is_said_plainly(client):
    make_service()
    response = client.get(RESULTS, {"postcode": "ZZ9 9ZZ"})
    assert "We could not find the postcode ZZ9 9ZZ" in text(response)


def test_results_are_paginated(client):
    owner = provider()
    for n in range(23):
        make_service(name=f"Club {n:02d}", owner=owner)
    first = client.get(RESULTS, {"sort": "name"})
    assert "23 services found" in text(first)
    assert "Club 19" in text(first)
    assert "Club 20" not in text(first)
    second = client.get(RESULTS, {"sort": "name", "page": "2"})
    assert "Club 20" in text(second)
    assert "Club 22" in text(second)


def test_service_page_shows_details_and_flags_an_overdue_check(client):
    service = make_service(
        name="Speech and language drop-in",
        telephone="01632 960123",
        opening_times="Mondays 1pm to 3pm",
        is_free=False,
        cost_description="5 pounds a session",
    )
    page = client.get(reverse("localoffer:service", args=[service.pk]))
    body = text(page)
    assert page.status_code == 200
    assert "Speech and language drop-in" in body
    assert 'href="tel:01632960123">01632 960123</a>' in body
    assert "Mondays 1pm to 3pm" in body
    assert "5 pounds a session" in body
    assert "Demchester Leisure Centre" in body
    assert "may be out of date" not in body
    Service.objects.filter(pk=service.pk).update(
        review_by=timezone.localdate() - dt.timedelta(days=3)
    )
    assert "may be out of date" in text(
        client.get(reverse("localoffer:service", args=[service.pk]))
    )


def test_hidden_or_closed_services_answer_not_found(client):
    closed = make_service(name="Closed club", status=ServiceStatus.DEFUNCT)
    stale = make_service(name="Stale club")
    Service.objects.filter(pk=stale.pk).update(
        review_by=timezone.localdate() - dt.timedelta(days=200)
    )
    for service in (closed, stale):
        response = client.get(reverse("localoffer:service", args=[service.pk]))
        assert response.status_code == 404
        assert "Page not found" in text(response)
    assert "Closed club" not in text(client.get(RESULTS))


def test_the_back_link_only_goes_back_into_the_search(client):
    service = make_service()
    url = reverse("localoffer:service", args=[service.pk])
    good = client.get(url, {"back": f"{RESULTS}?q=swim"})
    assert f'href="{RESULTS}?q=swim"' in text(good)
    evil = client.get(url, {"back": "https://evil.example/"})
    assert "evil.example" not in text(evil)


def test_shortlist_add_remove_share_and_print(client):
    one = make_service(name="Swimming", description="In the pool.")
    two = make_service(name="Drama", description="On the stage.")
    client.post(SHORTLIST, {"action": "add", "service": str(one.pk), "next": RESULTS})
    client.post(SHORTLIST, {"action": "add", "service": str(two.pk), "next": RESULTS})
    page = text(client.get(SHORTLIST))
    assert "Swimming" in page
    assert "Drama" in page
    assert f"?ids={one.pk},{two.pk}" in page
    # A shared link shows the same services to someone else, with no session.
    other = Client()
    shared = text(other.get(SHORTLIST, {"ids": f"{one.pk},{two.pk},not-a-uuid"}))
    assert "Shared shortlist" in shared
    assert "Swimming" in shared
    assert "Drama" in shared
    client.post(SHORTLIST, {"action": "remove", "service": str(one.pk), "next": RESULTS})
    page = text(client.get(SHORTLIST))
    assert "Swimming" not in page
    assert "Drama" in page
    client.post(SHORTLIST, {"action": "clear"})
    assert "Your shortlist is empty" in text(client.get(SHORTLIST))


def test_shortlist_refuses_a_hidden_service(client):
    closed = make_service(status=ServiceStatus.DEFUNCT)
    response = client.post(SHORTLIST, {"action": "add", "service": str(closed.pk)})
    assert response.status_code == 404


# ---------------------------------------------------------------------------------------------
# Keeping entries up to date


@pytest.fixture
def team(world):
    return UserFactory(username="lo_team", role=Role.LOCAL_OFFER, organisation=world.la)


@pytest.fixture
def provider_user(world):
    charity = Organisation.objects.create(
        kind=OrganisationKind.VOLUNTARY, name="Demchester Carers", local_authority=world.la
    )
    return UserFactory(username="lo_provider", role=Role.PROVIDER, organisation=charity)


def test_team_adds_a_service_and_it_is_searchable(client, team):
    owner = provider("Demchester Family Hubs")
    signed_in(client, team)
    response = client.post(NEW, valid_form(owner.pk))
    assert response.status_code == 302
    service = Service.objects.get(name="Sensory play mornings")
    assert response["Location"] == reverse("localoffer:service_manage", args=[service.pk])
    assert sorted(t.code for t in service.needs.all()) == ["ASD", "SLCN"]
    assert service.languages == ["English", "Polish"]
    assert service.at_locations.get().location.postcode == "DM1 4AB"
    assert service.versions.count() == 1
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATED, object_id=str(service.pk), actor=team
    ).exists()
    public = text(Client().get(RESULTS, {"q": "messy play"}))
    assert "Sensory play mornings" in public


def test_team_can_add_a_new_provider_while_adding(client, team):
    signed_in(client, team)
    client.post(NEW, valid_form("", new_provider="Tarnbury Youth Trust"))
    assert Service.objects.get(name="Sensory play mornings").provider.name == "Tarnbury Youth Trust"


def test_bad_input_names_each_field_keeps_typed_values_and_saves_nothing(client, team):
    owner = provider()
    signed_in(client, team)
    bad = valid_form(
        owner.pk,
        name="",
        minimum_age="12",
        maximum_age="5",
        cost="paid",
        email="not-an-email",
        postcode="nowhere",
        description="Typed text that must survive",
    )
    response = client.post(NEW, bad)
    body = text(response)
    assert response.status_code == 400
    assert "There is a problem" in body
    assert "Enter the name of the service" in body
    assert "Oldest age must be the same as or more than the youngest age" in body
    assert "Enter what it costs" in body
    assert "Enter an email address in the correct format" in body
    assert "Enter a real postcode" in body
    assert "Typed text that must survive" in body
    assert not Service.objects.exists()


def test_changing_an_entry_records_a_version_with_what_changed(client, team):
    service = make_service(name="Chess club")
    signed_in(client, team)
    form = valid_form(service.provider_id, name="Chess and draughts club")
    client.post(reverse("localoffer:service_edit", args=[service.pk]), form)
    service.refresh_from_db()
    assert service.name == "Chess and draughts club"
    assert service.version == 2
    detail = text(client.get(reverse("localoffer:service_manage", args=[service.pk])))
    assert "Chess and draughts club" in detail
    assert "Name" in detail
    assert "Added to the Local Offer" in detail


def test_confirming_moves_the_review_date_a_year_on(client, team):
    service = make_service()
    Service.objects.filter(pk=service.pk).update(
        review_by=timezone.localdate() - dt.timedelta(days=120),
        last_reviewed=timezone.localdate() - dt.timedelta(days=485),
    )
    signed_in(client, team)
    listing = text(client.get(MANAGE, {"review": "hidden"}))
    assert service.name in listing
    client.post(reverse("localoffer:service_confirm", args=[service.pk]))
    service.refresh_from_db()
    assert service.last_reviewed == timezone.localdate()
    assert service.review_by > timezone.localdate() + dt.timedelta(days=360)
    assert service.versions.filter(summary="Checked and confirmed").exists()
    assert Client().get(reverse("localoffer:service", args=[service.pk])).status_code == 200


def test_a_provider_sees_and_changes_only_its_own_entries(client, provider_user):
    own = make_service(
        name="Carers' coffee morning",
        owner=Provider.objects.create(
            name="Demchester Carers", organisation=provider_user.organisation
        ),
    )
    other = make_service(name="Someone else's club")
    signed_in(client, provider_user)
    listing = text(client.get(MANAGE))
    assert f'href="{reverse("localoffer:service_manage", args=[own.pk])}"' in listing
    assert "Carers&#39; coffee morning" in listing
    assert "Someone else&#39;s club" not in listing
    assert client.get(reverse("localoffer:service_edit", args=[own.pk])).status_code == 200
    for name in ("service_manage", "service_edit"):
        assert client.get(reverse(f"localoffer:{name}", args=[other.pk])).status_code == 404
    before = other.review_by
    assert client.post(reverse("localoffer:service_confirm", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.review_by == before
    response = client.post(
        reverse("localoffer:service_edit", args=[other.pk]), valid_form(other.provider_id)
    )
    assert response.status_code == 404
    assert Service.objects.get(pk=other.pk).name == "Someone else's club"
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, actor=provider_user).exists()
    # Adding: only for its own provider.
    client.post(NEW, valid_form(other.provider_id))
    assert not Service.objects.filter(name="Sensory play mornings").exists()


@pytest.mark.parametrize(
    "role",
    [Role.CASEWORKER, Role.SENCO, Role.VIRTUAL_SCHOOL, Role.PROFESSIONAL, Role.FAMILY, Role.LEADER],
)
def test_roles_outside_the_local_offer_cannot_manage_it(client, world, role):
    service = make_service()
    signed_in(client, world.users[role])
    assert client.get(MANAGE).status_code == 403
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, valid_form(service.provider_id)).status_code == 403
    assert client.get(reverse("localoffer:service_edit", args=[service.pk])).status_code == 404
    assert client.post(reverse("localoffer:service_confirm", args=[service.pk])).status_code == 404
    assert Service.objects.count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, actor=world.users[role]).exists()


def test_anonymous_staff_pages_ask_to_sign_in(client):
    response = client.get(MANAGE)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMINISTRATOR])
def test_managers_and_administrators_maintain_the_local_offer(client, world, role):
    make_service(name="Youth club")
    signed_in(client, world.users[role])
    assert "Youth club" in text(client.get(MANAGE))


def test_local_offer_roles_see_no_child(client, team, world):
    signed_in(client, team)
    assert client.get(reverse("people:child", args=[world.ours.pk])).status_code == 404
    home = client.get(reverse("home"))
    assert home.status_code == 302
    assert home["Location"] == MANAGE


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": "swimming"},
        {"age": "8", "need": "ASD"},
        {"postcode": "DM1 4AB", "radius": "25"},
        {"postcode": "DM1 4AB", "q": "swimming", "sort": "name"},
    ],
)
def test_a_results_page_asks_the_same_few_queries_however_many_rows(client, query):
    # A field a row shows but the search did not read would cost a query a row.
    for n in range(25):
        make_service(name=f"Swimming club {n:02d}", alert="Closed in August" if n % 2 else "")
    client.get(RESULTS, query)  # the shared cache (a table) now holds the council and areas
    with CaptureQueriesContext(connection) as queries:
        page = text(client.get(RESULTS, query))
    cached = [q for q in queries.captured_queries if "sendpath_cache" in q["sql"]]
    assert len(queries.captured_queries) - len(cached) <= 6
    assert len(cached) <= 4  # one read for each thing kept (council name, areas, postcode)
    assert page.count('class="app-result"') == 20
    assert "Closed in August" in page
    assert "Demchester Parent Carer Forum" in page  # the provider's name, from the same read
    assert "Ages 0 to 25" in page or "0 to 25" in page


def test_the_public_pages_footer_links_to_the_accessibility_statement_and_privacy_notice(client):
    body = text(client.get(reverse("localoffer:home")))
    footer = body[body.index('class="govuk-footer"') :]
    assert f'href="{reverse("accessibility")}">Accessibility statement</a>' in footer
    assert f'href="{reverse("privacy")}">Privacy notice</a>' in footer
    assert f'href="{reverse("cookies")}">Cookies</a>' in footer
