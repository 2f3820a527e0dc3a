"""Error pages, sign-in and the public pages."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD


@pytest.fixture
def signed_in(world):
    client = Client(raise_request_exception=False)
    assert client.login(username=world.user(Role.CASEWORKER).username, password=PASSWORD)
    return client


def test_unknown_url_gets_a_govuk_404(signed_in):
    response = signed_in.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert "govuk-service-navigation" in body
    assert "Traceback" not in body


@pytest.mark.urls("sendpath.core.tests.urls_for_errors")
def test_server_error_gets_a_govuk_500_without_a_traceback(signed_in):
    response = signed_in.get("/test-broken/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, there is a problem with the service" in body
    assert "SECRET-DETAIL" not in body
    assert "Traceback" not in body


def test_unknown_host_gets_a_govuk_400_not_a_crash(db, settings):
    # Refused by CommonMiddleware before the sign-in middleware has run: no request.user yet.
    settings.ALLOWED_HOSTS = ["testserver"]
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="elsewhere.example")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Sorry, there is a problem with the request" in body
    assert "Sign in" in body
    assert "Traceback" not in body


@pytest.mark.urls("sendpath.core.tests.urls_for_errors")
def test_forbidden_gets_a_govuk_403(signed_in):
    response = signed_in.get("/test-forbidden/")
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


def test_public_pages_need_no_sign_in(db):
    client = Client()
    for path, text in (
        ("/accessibility/", "Accessibility statement"),
        ("/cookies/", "We do not use analytics"),
        ("/privacy/", "Privacy notice"),
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert text in response.content.decode()
    assert "Set-Cookie" not in client.get("/cookies/").headers


def _headings(body: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", body)
    ]


def test_privacy_notice_needs_no_sign_in_and_says_what_why_how_long_and_rights(world, settings):
    settings.HOME_LA_CODE = "901"
    settings.DATA_PROTECTION_OFFICER = "Ourshire Council DPO | Email: dpo@ourshire.example"
    settings.RECORD_RETENTION_AGE = 35
    response = Client().get("/privacy/")
    assert response.status_code == 200
    body = response.content.decode()
    headings = _headings(body)
    for heading in (
        "Privacy notice",
        "Who is responsible for your information",
        "Contact the data protection officer",
        "What information we hold",
        "Why we hold it",
        "The law that allows us to use it",
        "Who sees it and who we share it with",
        "How long we keep it",
        "Your rights",
        "How to complain",
    ):
        assert heading in headings, heading
    assert "Ourshire Council is the controller" in body
    assert "<li>Ourshire Council DPO</li>" in body
    assert "<li>Email: dpo@ourshire.example</li>" in body
    assert "until they are 35 years old" in body
    for text in ("Article 6(1)(e)", "Article 9(2)(g)", "Article 9(2)(h)", "Schedule 1", "SEN2"):
        assert text in body, text
    assert 'href="https://ico.org.uk/make-a-complaint/"' in body


def test_privacy_notice_without_an_authority_record_names_the_council_plainly(db):
    body = Client().get("/privacy/").content.decode()
    assert "The council is the controller" in body
    assert "set DATA_PROTECTION_OFFICER before going live" in body


def test_accessibility_statement_has_the_model_statement_sections(world, settings):
    settings.HOME_LA_CODE = "901"
    settings.ACCESSIBILITY_CONTACT = "Ourshire SEND team | Telephone: 01632 960000"
    response = Client().get("/accessibility/")
    assert response.status_code == 200
    body = response.content.decode()
    headings = _headings(body)
    for heading in (
        "Accessibility statement for sendpath",
        "How accessible this service is",
        "What to do if you cannot use parts of this service",
        "Reporting accessibility problems with this service",
        "Enforcement procedure",
        "Technical information about this service's accessibility",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ):
        assert heading in headings, heading
    assert "Ourshire Council runs this service" in body
    assert "<li>Telephone: 01632 960000</li>" in body
    assert "partially compliant with the" in body
    assert "Web Content Accessibility Guidelines version 2.2</a> AA standard" in body
    assert "2.2.1 (timing adjustable)" in body
    assert "Equality Advisory and Support Service (EASS)" in body
    assert "This statement was prepared on 5 December 2026" in body
    assert "It was last reviewed on" in body


def test_a_staff_page_footer_links_to_both(signed_in):
    response = signed_in.get("/", follow=True)  # the caseworker's worklist
    assert response.status_code == 200
    body = response.content.decode()
    footer = body[body.index('class="govuk-footer"') :]
    for href, text in (
        ("/accessibility/", "Accessibility statement"),
        ("/cookies/", "Cookies"),
        ("/privacy/", "Privacy notice"),
    ):
        assert f'href="{href}">{text}</a>' in footer


def test_sign_in_and_out_are_audited(world):
    client = Client()
    response = client.post("/sign-in/", {"username": "caseworker", "password": "wrong"})
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.SIGN_IN_FAILED).exists()
    response = client.post("/sign-in/", {"username": "caseworker", "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(
        action=AuditAction.SIGNED_IN, actor=world.user(Role.CASEWORKER)
    ).exists()
    client.post("/sign-out/")
    assert AuditEntry.objects.filter(action=AuditAction.SIGNED_OUT).exists()
    assert client.get("/").status_code == 302


def test_empty_sign_in_names_both_fields(db):
    body = Client().post("/sign-in/", {"username": "", "password": ""}).content.decode()
    assert "Enter your username" in body
    assert "Enter your password" in body


def test_pages_send_a_strict_content_security_policy(signed_in):
    response = signed_in.get("/children/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()
    assert response.headers["Cache-Control"] == "no-store"


def test_navigation_depends_on_role(world):
    for role, present, absent in (
        (Role.CASEWORKER, "Children and young people", None),
        (Role.FAMILY, "Your family", "Organisations"),
        (Role.LEADER, "Overview", "Children and young people"),
    ):
        client = Client()
        client.login(username=world.user(role).username, password=PASSWORD)
        body = client.get("/", follow=True).content.decode()
        assert present in body
        if absent:
            assert absent not in body


def test_success_messages_are_shown_as_text_not_markup(world, signed_in):
    response = signed_in.post(
        f"/children/{world.ours.pk}/family/new/",
        {"full_name": "Ada <b>Bold</b>", "relationship": "mother"},
        follow=True,
    )
    body = response.content.decode()
    assert "Family member saved" in body
    assert "&lt;p class" not in body
    assert '<p class="govuk-notification-banner__heading">Family member saved</p>' in body
