"""The Local Offer's management pages answer 404 for anything out of reach, whether it exists or
not, so the answer never tells someone without Local Offer rights which hidden records exist."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.core.roles import Role
from sendpath.localoffer import services
from sendpath.localoffer.models import FeedImport
from sendpath.localoffer.tests.factories import make_service, provider
from sendpath.people.tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("local_offer")

# (url name, method) of every management page about one record.
PAGES = [
    ("localoffer:service_manage", "get"),
    ("localoffer:service_edit", "get"),
    ("localoffer:service_edit", "post"),
    ("localoffer:service_confirm", "post"),
    ("localoffer:provider_edit", "get"),
    ("localoffer:provider_edit", "post"),
    ("localoffer:comment", "get"),
    ("localoffer:comment_publish", "post"),
    ("localoffer:comment_decline", "post"),
    ("localoffer:import_detail", "get"),
]


@pytest.fixture
def records():
    service = make_service()
    comment = services.comment_submit(
        topic="out_of_date", body="The times are wrong", service=service, name="", email=""
    )
    return {
        "localoffer:service_manage": service.pk,
        "localoffer:service_edit": service.pk,
        "localoffer:service_confirm": service.pk,
        "localoffer:provider_edit": provider("Another provider").pk,
        "localoffer:comment": comment.pk,
        "localoffer:comment_publish": comment.pk,
        "localoffer:comment_decline": comment.pk,
        "localoffer:import_detail": FeedImport.objects.create(source="x.json", label="X").pk,
    }


def _page(response) -> str:
    """The page, without what differs on every response (the script nonce, the CSRF token)."""
    return re.sub(r'(nonce|value)="[^"]*"', "", response.content.decode())


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SENCO, Role.FAMILY, Role.PROVIDER])
def test_out_of_reach_and_missing_records_get_the_same_404(world, records, role):
    user = world.users.get(role) or UserFactory(
        username=f"reach_{role}", role=role, organisation=world.health
    )
    client = _client(user)
    for name, method in PAGES:
        existing = getattr(client, method)(reverse(name, args=[records[name]]))
        missing = getattr(client, method)(reverse(name, args=[uuid.uuid4()]))
        assert existing.status_code == missing.status_code == 404, (role, name, method)
        assert _page(existing) == _page(missing), (role, name, method)


def test_asking_for_a_hidden_record_that_exists_is_audited(world, records):
    client = _client(world.users[Role.CASEWORKER])
    before = AuditEntry.objects.filter(action=AuditAction.DENIED).count()
    client.get(reverse("localoffer:service_manage", args=[records["localoffer:service_manage"]]))
    client.get(reverse("localoffer:service_manage", args=[uuid.uuid4()]))
    assert AuditEntry.objects.filter(action=AuditAction.DENIED).count() == before + 1
