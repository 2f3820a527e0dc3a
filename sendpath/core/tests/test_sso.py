"""Single sign-on against a stand-in OpenID Connect provider run in the test process."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.people.models import Role

from .oidc_provider import Person, Provider, new_key

STAFF_EMAIL = "Casey.Worker@Ourshire.example"


@pytest.fixture
def provider() -> Iterator[Provider]:
    stand_in = Provider().start()
    yield stand_in
    stand_in.stop()


@pytest.fixture
def sso(provider, settings) -> Provider:
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    settings.TWO_FACTOR_REQUIRED = True
    return provider


@pytest.fixture
def caseworker(world):
    user = world.user(Role.CASEWORKER)
    user.email = STAFF_EMAIL
    user.save()
    return user


def council_sign_in(client: Client, provider: Provider, person: Person | None, next: str = "/"):
    """Press "Sign in with your council account", let the provider answer, follow it back."""
    provider.person = person
    response = client.get("/sign-in/council-account/", {"next": next})
    assert response.status_code == 302
    assert response.url.startswith(f"{provider.issuer}/authorize?")
    answer = requests.get(response.url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/sign-in/council-account/callback/"
    return client.get(f"{back.path}?{back.query}")


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_single_sign_on_is_off_unless_configured(db):
    client = Client()
    assert "Sign in with your council account" not in client.get("/sign-in/").content.decode()
    assert client.get("/sign-in/council-account/").status_code == 404
    assert client.get("/sign-in/council-account/callback/?code=x&state=y").status_code == 404


def test_the_sign_in_page_offers_the_council_account(sso, db):
    body = Client().get("/sign-in/?next=/children/").content.decode()
    assert "Sign in with your council account" in body
    assert 'href="/sign-in/council-account/?next=/children/"' in body


def test_a_matched_staff_account_signs_in_and_the_providers_mfa_counts(sso, caseworker):
    client = Client()
    response = council_sign_in(
        client, sso, Person(email="casey.worker@ourshire.EXAMPLE"), next="/children/"
    )
    assert response.status_code == 302
    assert response.url == "/children/"
    assert client.get("/children/").status_code == 200  # no code asked for: amr has "mfa"
    assert int(client.session["_auth_user_id"]) == caseworker.pk
    assert AuditEntry.objects.filter(
        actor=caseworker,
        action=AuditAction.SIGNED_IN,
        summary="Signed in with their council account (single sign-on)",
    ).exists()
    assert AuditEntry.objects.filter(actor=caseworker, summary__contains="amr: mfa").exists()
    # Every endpoint of the stand-in was used: nothing went anywhere else.
    assert {"GET /authorize", "POST /token", "GET /userinfo", "GET /jwks"} <= set(sso.requests)


def test_the_providers_mfa_is_not_trusted_when_the_setting_is_off(sso, caseworker, settings):
    settings.OIDC_TRUSTS_PROVIDER_MFA = False
    client = Client()
    council_sign_in(client, sso, Person(email=STAFF_EMAIL), next="/children/")
    assert signed_in(client)
    response = client.get("/children/")
    assert response.status_code == 302
    assert response.url.startswith("/two-factor/")


def test_a_sign_in_without_mfa_at_the_provider_still_asks_for_a_code(sso, caseworker):
    client = Client()
    council_sign_in(client, sso, Person(email=STAFF_EMAIL, amr=["pwd"]), next="/children/")
    assert signed_in(client)
    response = client.get("/children/")
    assert response.status_code == 302
    assert response.url.startswith("/two-factor/")


def test_an_unknown_email_is_refused_with_a_clear_page(sso, caseworker):
    client = Client()
    response = council_sign_in(client, sso, Person(email="someone.else@ourshire.example"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "There is no account for this email address" in body
    assert "ask your administrator to invite you" in body
    assert not signed_in(client)
    assert AuditEntry.objects.filter(
        action=AuditAction.DENIED,
        summary="Single sign-on refused for 'someone.else@ourshire.example': unknown",
    ).exists()


def test_a_family_account_is_refused(sso, world):
    family = world.user(Role.FAMILY)
    family.email = "parent@example.org"
    family.save()
    client = Client()
    response = council_sign_in(client, sso, Person(email="parent@example.org"))
    assert response.status_code == 403
    assert "Families sign in with their username and password" in response.content.decode()
    assert not signed_in(client)
    assert AuditEntry.objects.filter(
        action=AuditAction.DENIED,
        summary__startswith="Single sign-on refused",
        summary__endswith="family",
    ).exists()


def test_a_deactivated_account_is_refused(sso, caseworker):
    caseworker.is_active = False
    caseworker.save()
    client = Client()
    response = council_sign_in(client, sso, Person(email=STAFF_EMAIL))
    assert response.status_code == 403
    assert "This account has been switched off" in response.content.decode()
    assert not signed_in(client)


def test_an_id_token_with_a_bad_signature_is_refused(sso, caseworker):
    sso.signing_key = new_key()  # not the key the provider publishes
    client = Client()
    response = council_sign_in(client, sso, Person(email=STAFF_EMAIL))
    assert response.status_code == 403
    assert "we could not check your council sign-in" in response.content.decode()
    assert not signed_in(client)
    entry = AuditEntry.objects.get(action=AuditAction.DENIED)
    assert entry.summary.startswith("Single sign-on refused: failed")
    assert "Signature verification failed" in entry.summary or "JWS" in entry.summary


def test_an_id_token_for_another_client_is_refused(sso, caseworker):
    sso.audience = "some-other-service"
    client = Client()
    response = council_sign_in(client, sso, Person(email=STAFF_EMAIL))
    assert response.status_code == 403
    assert not signed_in(client)


def test_the_provider_saying_no_is_refused_clearly(sso, caseworker):
    client = Client()
    response = council_sign_in(client, sso, None)
    assert response.status_code == 403
    assert "we could not check your council sign-in" in response.content.decode()
    assert AuditEntry.objects.filter(summary__contains="access_denied").exists()


def test_a_callback_this_browser_never_asked_for_is_refused(sso, caseworker):
    client = Client()
    client.get("/sign-in/council-account/")  # a real state in this session, but not this one
    response = client.get("/sign-in/council-account/callback/?code=abc&state=forged")
    assert response.status_code == 403
    assert not signed_in(client)


def test_the_endpoints_can_come_from_the_providers_discovery_document(
    provider, caseworker, settings
):
    for name, value in provider.settings(discovery=True).items():
        setattr(settings, name, value)
    client = Client()
    response = council_sign_in(client, provider, Person(email=STAFF_EMAIL), next="/children/")
    assert response.status_code == 302
    assert signed_in(client)
    assert "GET /.well-known/openid-configuration" in provider.requests
