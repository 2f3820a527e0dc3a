"""The Local Offer team links providers to the organisations whose staff keep their entries."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.core.roles import Role
from sendpath.localoffer.models import FeedImport, Provider
from sendpath.localoffer.tests.factories import make_service, provider
from sendpath.people.models.organisation import Organisation, OrganisationKind
from sendpath.people.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.usefixtures("local_offer")

PROVIDERS = reverse("localoffer:providers")
MANAGE = reverse("localoffer:manage")


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def charity(world):
    return Organisation.objects.create(
        kind=OrganisationKind.VOLUNTARY, name="Demchester Carers", local_authority=world.la
    )


@pytest.fixture
def team(world):
    return UserFactory(username="lo_team", role=Role.LOCAL_OFFER, organisation=world.la)


@pytest.fixture
def charity_staff(charity):
    return UserFactory(username="carers_staff", role=Role.PROVIDER, organisation=charity)


def form(owner: Provider, **changes) -> dict:
    data = {
        "name": owner.name,
        "description": owner.description,
        "email": owner.email,
        "website": owner.website,
        "organisation": str(owner.organisation_id or ""),
    }
    data.update(changes)
    return data


def test_linking_a_provider_lets_its_organisations_staff_keep_its_entries(
    team, charity, charity_staff
):
    owner = provider("Demchester Carers' Centre")
    entry = make_service(name="Carers' coffee morning", owner=owner)
    staff = signed_in(charity_staff)
    # Not linked yet: the charity's staff see none of its entries and cannot add one.
    assert "Carers&#39; coffee morning" not in staff.get(MANAGE).content.decode()
    refused = staff.get(reverse("localoffer:service_new"))
    assert refused.status_code == 302
    edit = reverse("localoffer:service_edit", args=[entry.pk])
    assert staff.get(edit).status_code == 404

    lo = signed_in(team)
    listing = lo.get(PROVIDERS).content.decode()
    assert "Demchester Carers&#39; Centre" in listing
    assert "Only the Local Offer team" in listing
    page = reverse("localoffer:provider_edit", args=[owner.pk])
    assert charity.name in lo.get(page).content.decode()  # offered in the list
    response = lo.post(page, form(owner, organisation=str(charity.pk)))
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.organisation == charity
    assert "The Local Offer team and Demchester Carers" in lo.get(PROVIDERS).content.decode()
    audit = AuditEntry.objects.get(action=AuditAction.UPDATED, actor=team)
    assert "entries kept by Demchester Carers" in audit.summary

    # Linked: the charity's staff now see and change its entries.
    assert "Carers&#39; coffee morning" in staff.get(MANAGE).content.decode()
    assert staff.get(edit).status_code == 200

    # Unlinked again: back to the team alone.
    lo.post(page, form(owner, organisation=""))
    owner.refresh_from_db()
    assert owner.organisation is None
    assert staff.get(edit).status_code == 404


def test_bad_input_names_the_field_keeps_what_was_typed_and_saves_nothing(team):
    owner = provider("Tarnbury Youth Club", email="club@example.org")
    page = reverse("localoffer:provider_edit", args=[owner.pk])
    response = signed_in(team).post(
        page,
        form(owner, name="  ", email="not an email", website="not a website", organisation="x"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter the provider&#39;s name" in body
    assert "Enter an email address in the right format" in body
    assert "Enter the website&#39;s full address" in body
    assert "Choose an organisation from the list" in body
    assert 'value="not an email"' in body
    assert 'value="not a website"' in body
    owner.refresh_from_db()
    assert owner.email == "club@example.org"
    assert owner.name == "Tarnbury Youth Club"
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATED).exists()


def test_details_are_saved_and_only_changes_are_audited(team):
    owner = provider("Oxley Bridge Sports")
    page = reverse("localoffer:provider_edit", args=[owner.pk])
    lo = signed_in(team)
    changed = form(owner, email="hello@oxley.example", website="https://oxley.example")
    assert lo.post(page, changed).status_code == 302
    owner.refresh_from_db()
    assert (owner.email, owner.website) == ("hello@oxley.example", "https://oxley.example")
    entry = AuditEntry.objects.get(action=AuditAction.UPDATED)
    assert set(entry.changes) == {"email", "website"}
    lo.post(page, changed)  # the same again: nothing changes, nothing is audited
    assert AuditEntry.objects.filter(action=AuditAction.UPDATED).count() == 1


def test_search_and_empty_state(team):
    provider("Brindlemoor Riding for the Disabled")
    provider("Sallowfield Swimmers")
    lo = signed_in(team)
    found = lo.get(PROVIDERS, {"q": "riding"}).content.decode()
    assert "Brindlemoor Riding" in found
    assert "Sallowfield Swimmers" not in found
    none = lo.get(PROVIDERS, {"q": "zebra"}).content.decode()
    assert "No provider or organisation matches “zebra”" in none


def test_an_imported_provider_is_not_changed_here(team):
    feed = FeedImport.objects.create(label="Neighbouring council", source="file")
    owner = Provider.objects.create(name="Imported trust", feed=feed, external_id="p1")
    lo = signed_in(team)
    listing = lo.get(PROVIDERS).content.decode()
    assert "From Neighbouring council" in listing
    page = reverse("localoffer:provider_edit", args=[owner.pk])
    response = lo.post(page, form(owner, name="Renamed"))
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.name == "Imported trust"


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.CASEWORKER, Role.SENCO, Role.FAMILY])
def test_roles_other_than_the_team_are_refused_and_audited(world, charity, role):
    owner = provider("Demchester Carers' Centre")
    user = UserFactory(username=f"someone_{role}", role=role, organisation=charity)
    client = signed_in(user)
    assert client.get(PROVIDERS).status_code == 403
    page = reverse("localoffer:provider_edit", args=[owner.pk])
    assert client.post(page, form(owner, organisation=str(charity.pk))).status_code == 404
    owner.refresh_from_db()
    assert owner.organisation is None
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, actor=user).count() == 2


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMINISTRATOR])
def test_managers_and_administrators_may_link_providers(world, role):
    user = UserFactory(username=f"boss_{role}", role=role, organisation=world.la)
    assert signed_in(user).get(PROVIDERS).status_code == 200


def test_a_provider_added_with_a_new_entry_is_recorded_in_the_audit_trail(team):
    from sendpath.localoffer import services

    added = services.provider_create(actor=team, name="  Tarnbury Youth Trust ")
    assert added.name == "Tarnbury Youth Trust"
    assert added.created_by == team
    entry = AuditEntry.objects.get(object_id=str(added.pk))
    assert entry.action == AuditAction.CREATED
    assert entry.actor == team
    assert entry.summary == "Added Local Offer provider Tarnbury Youth Trust"
