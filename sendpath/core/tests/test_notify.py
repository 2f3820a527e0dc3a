"""GOV.UK Notify: the local test double, the real client's backend, refusing to start, and
sending only once the transaction that queued a message has committed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from notifications_python_client.errors import APIError

from sendpath.core import notify
from sendpath.core.models import NotifyMessage

ROOT = Path(__file__).resolve().parents[3]
TEMPLATE = "00000000-0000-4000-8000-00000000a001"
SUBJECT = "Advice overdue ((case_reference))"
BODY = "Dear ((Author)),\n\nIt is ((days_late)) late.((urgent??\n\nThis is urgent.))"


def send(**overrides):
    params = {
        "to": "ep@example.org",
        "template_id": TEMPLATE,
        "personalisation": {
            "case_reference": "EHC-2026-00001",
            "author": "Dr Patel",
            "days_late": "3 days",
            "urgent": "no",
        },
        "reference": "EHC-2026-00001-advice-psychological-1",
        "subject": SUBJECT,
        "body": BODY,
    }
    params.update(overrides)
    return notify.send_email(**params)


@pytest.mark.django_db
def test_local_backend_stores_the_message_as_notify_would_render_it(
    settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_BACKEND = "local"
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
    stored = NotifyMessage.objects.get()
    assert stored == message
    assert stored.backend == "local"
    assert stored.status == notify.LOCAL_STATUS == "delivered-locally"
    assert stored.to == "ep@example.org"
    assert stored.template_id == TEMPLATE
    assert stored.subject == "Advice overdue EHC-2026-00001"
    # Placeholders match whatever their case; the optional block is left out for "no".
    assert stored.body == "Dear Dr Patel,\n\nIt is 3 days late."
    assert stored.personalisation["author"] == "Dr Patel"
    assert stored.reference == "EHC-2026-00001-advice-psychological-1"
    assert stored.notify_id.startswith("local-")


@pytest.mark.django_db
def test_local_backend_shows_optional_content_and_lists():
    message = send(
        body="((urgent??Urgent: ))((items))",
        personalisation={"urgent": "yes", "items": ["one", "two"], "case_reference": "X"},
    )
    assert message.body == "Urgent: * one\n* two"


@pytest.mark.django_db
def test_missing_personalisation_is_refused_and_nothing_is_stored():
    with pytest.raises(notify.NotifyError, match="Missing personalisation: days_late"):
        send(personalisation={"case_reference": "X", "author": "Y", "urgent": "no"})
    assert not NotifyMessage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["", "not-an-address", "a@b"])
def test_a_bad_address_is_refused(address):
    with pytest.raises(notify.NotifyError, match="valid email"):
        send(to=address)
    assert not NotifyMessage.objects.exists()


@pytest.mark.django_db
def test_a_template_id_is_needed():
    with pytest.raises(notify.NotifyError, match="template id"):
        send(template_id="")


class Answer:
    """An HTTP answer from Notify, as the client's APIError carries it."""

    def __init__(self, status_code: int, message: str) -> None:
        self.status_code = status_code
        self._message = message

    def json(self):
        return {"errors": [{"error": "BadRequestError", "message": self._message}]}


class FakeClient:
    """Stands in for the HTTP client only: the database is real. ``fail`` is how many sends
    in a row fail (``True``: all), with ``status`` (None: no answer at all)."""

    calls: list[dict] = []
    fail: int | bool = False
    status: int | None = 403

    def __init__(self, api_key):
        self.api_key = api_key

    def _answer(self, kind, kwargs):
        FakeClient.calls.append({"api_key": self.api_key, "kind": kind, **kwargs})
        if FakeClient.fail is True or (
            FakeClient.fail and len(FakeClient.calls) <= int(FakeClient.fail)
        ):
            if FakeClient.status is None:
                raise ConnectionError("Connection refused")
            raise APIError(
                Answer(FakeClient.status, "Can't send to this recipient using a team-only API key")
            )
        return {
            "id": "740e5834-3a29-46b4-9a6f-16142fde533a",
            "reference": kwargs.get("reference"),
            "content": {"subject": "Rendered by Notify", "body": "Body from Notify"},
        }

    def send_email_notification(self, **kwargs):
        return self._answer("email", kwargs)

    def send_sms_notification(self, **kwargs):
        return self._answer("sms", kwargs)


@pytest.fixture
def fake_client(monkeypatch):
    FakeClient.calls = []
    FakeClient.fail = False
    FakeClient.status = 403
    monkeypatch.setattr(notify, "NotificationsAPIClient", FakeClient)
    return FakeClient


@pytest.mark.django_db
def test_govuk_backend_sends_through_the_client_and_stores_the_returned_id(
    settings, fake_client, django_capture_on_commit_callbacks
):
    settings.NOTIFY_BACKEND = "govuk"
    settings.NOTIFY_API_KEY = "test_key-0000-1111"
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
    message.refresh_from_db()
    [call] = fake_client.calls
    assert call["api_key"] == "test_key-0000-1111"
    assert call["email_address"] == "ep@example.org"
    assert call["template_id"] == TEMPLATE
    assert call["personalisation"]["author"] == "Dr Patel"
    assert call["reference"] == "EHC-2026-00001-advice-psychological-1"
    assert message.backend == "govuk"
    assert message.notify_id == "740e5834-3a29-46b4-9a6f-16142fde533a"
    assert message.subject == "Rendered by Notify"
    assert message.body == "Body from Notify"
    assert message.status == "created"


@pytest.mark.django_db
def test_govuk_refusal_is_kept_on_the_message_and_nothing_is_marked_sent(
    settings, fake_client, django_capture_on_commit_callbacks
):
    settings.NOTIFY_BACKEND = "govuk"
    settings.NOTIFY_API_KEY = "test_key-0000-1111"
    fake_client.fail = True
    fake_client.status = 400  # a bad request: the message itself, so no retry
    with django_capture_on_commit_callbacks(execute=True):
        send()
    stored = NotifyMessage.objects.get()
    assert stored.status == notify.FAILED
    assert "did not send" in stored.error
    assert "team-only API key" in stored.error
    assert stored.notify_id == ""
    assert stored.attempts == 1
    # Run again (a retried task): a failed message is not sent twice.
    assert notify.deliver.call(stored.pk) == "not queued"
    assert len(fake_client.calls) == 1


@pytest.mark.django_db
def test_the_message_is_sent_only_after_the_transaction_commits(
    settings, fake_client, django_capture_on_commit_callbacks
):
    settings.NOTIFY_BACKEND = "govuk"
    settings.NOTIFY_API_KEY = "test_key-0000-1111"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            message = send()
            assert NotifyMessage.objects.get().status == notify.QUEUED
            assert fake_client.calls == []  # not while the transaction is open
        assert fake_client.calls == []  # nor before the outer transaction commits
    assert len(callbacks) == 1
    assert len(fake_client.calls) == 1
    message.refresh_from_db()
    assert message.status == "created"
    assert message.notify_id == "740e5834-3a29-46b4-9a6f-16142fde533a"


@pytest.mark.django_db
@pytest.mark.parametrize("backend", ["local", "govuk"])
def test_nothing_is_sent_when_the_transaction_rolls_back(
    settings, fake_client, django_capture_on_commit_callbacks, backend
):
    settings.NOTIFY_BACKEND = backend
    settings.NOTIFY_API_KEY = "test_key-0000-1111"

    def send_then_fail() -> None:
        with transaction.atomic():
            send()
            raise RuntimeError("something later in the transaction failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError, match="later"),
    ):
        send_then_fail()
    assert callbacks == []
    assert fake_client.calls == []
    assert not NotifyMessage.objects.exists()


@pytest.mark.django_db
def test_govuk_backend_without_a_key_refuses(settings, fake_client):
    settings.NOTIFY_BACKEND = "govuk"
    settings.NOTIFY_API_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="NOTIFY_API_KEY"):
        send()
    assert fake_client.calls == []
    assert not NotifyMessage.objects.exists()


@pytest.mark.django_db
def test_an_unknown_backend_refuses(settings):
    settings.NOTIFY_BACKEND = "carrier-pigeon"
    with pytest.raises(ImproperlyConfigured, match="NOTIFY_BACKEND"):
        send()


def _load_settings(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFY_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import sendpath.config.settings.base"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_site_refuses_to_start_with_govuk_and_no_key():
    result = _load_settings(NOTIFY_BACKEND="govuk")
    assert result.returncode != 0
    assert "NOTIFY_API_KEY" in result.stderr
    assert _load_settings(NOTIFY_BACKEND="govuk", NOTIFY_API_KEY="key-1").returncode == 0
    assert _load_settings().returncode == 0


# ---------------------------------------------------------------------------------------------
# Text messages, letters, retries and the dedupe key


def text(**overrides):
    params = {
        "to": "07700 900 982",
        "template_id": "00000000-0000-4000-8000-00000000c001",
        "personalisation": {"child": "Sam", "due": "3 May 2027"},
        "reference": "EHC-2026-00001-request_received",
        "subject": "Request received",
        "body": "We will tell you by ((due)) if we will assess ((child)).",
    }
    params.update(overrides)
    return notify.send_sms(**params)


@pytest.mark.django_db
def test_a_text_message_is_stored_by_the_local_backend_as_notify_would_send_it(
    settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_BACKEND = "local"
    with django_capture_on_commit_callbacks(execute=True):
        message = text()
    message.refresh_from_db()
    assert message.kind == "sms"
    assert message.to == "07700900982"
    assert message.body == "We will tell you by 3 May 2027 if we will assess Sam."
    assert message.status == notify.LOCAL_STATUS
    assert message.attempts == 1


@pytest.mark.django_db
def test_govuk_backend_sends_a_text_message_with_send_sms_notification(
    settings, fake_client, django_capture_on_commit_callbacks
):
    settings.NOTIFY_BACKEND = "govuk"
    settings.NOTIFY_API_KEY = "test_key-0000-1111"
    with django_capture_on_commit_callbacks(execute=True):
        message = text(to="+44 (0)7700 900982")
    [call] = fake_client.calls
    assert call["kind"] == "sms"
    assert call["phone_number"] == "07700900982"
    assert call["template_id"] == "00000000-0000-4000-8000-00000000c001"
    assert call["personalisation"] == {"child": "Sam", "due": "3 May 2027"}
    message.refresh_from_db()
    assert message.status == "created"


@pytest.mark.parametrize(
    ("number", "kept"),
    [
        ("07700 900 982", "07700900982"),
        ("07700-900-982", "07700900982"),
        ("+447700900982", "07700900982"),
        ("+44 (0)7700 900982", "07700900982"),
        ("00447700900982", "07700900982"),
        ("447700900982", "07700900982"),
    ],
)
def test_uk_mobile_numbers_are_kept_one_way(number, kept):
    assert notify.uk_mobile(number) == kept


@pytest.mark.django_db
@pytest.mark.parametrize(
    "number", ["", "01632 960 001", "0770090098", "077009009821", "+33 6 12 34 56 78", "seven"]
)
def test_a_number_that_is_not_a_uk_mobile_is_refused_and_nothing_is_stored(number):
    with pytest.raises(notify.NotifyError, match="UK mobile number"):
        text(to=number)
    assert not NotifyMessage.objects.exists()


@pytest.mark.django_db
def test_the_same_dedupe_key_stores_and_sends_once(
    settings, fake_client, django_capture_on_commit_callbacks
):
    settings.NOTIFY_BACKEND = "govuk"
    settings.NOTIFY_API_KEY = "test_key-0000-1111"
    with django_capture_on_commit_callbacks(execute=True):
        first = send(dedupe_key="family:event:1:member:a:email")
        again = send(dedupe_key="family:event:1:member:a:email")
    assert again.pk == first.pk
    assert NotifyMessage.objects.count() == 1
    assert len(fake_client.calls) == 1


@pytest.mark.django_db
def test_a_letter_is_kept_to_print_and_never_sent(
    settings, fake_client, django_capture_on_commit_callbacks
):
    settings.NOTIFY_BACKEND = "govuk"
    settings.NOTIFY_API_KEY = "test_key-0000-1111"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        letter = notify.store_letter(
            address="Pat Smith\n1 High Street\nOurtown OU1 1AA",
            template_id=TEMPLATE,
            personalisation={"name": "Pat"},
            subject="Hello ((name))",
            body="Dear ((name)), the decision is due soon.",
        )
    assert callbacks == []
    assert fake_client.calls == []
    letter.refresh_from_db()
    assert (letter.kind, letter.status, letter.backend) == ("letter", notify.TO_PRINT, "local")
    assert letter.body == "Dear Pat, the decision is due soon."
    assert notify.letter_posted(letter)
    letter.refresh_from_db()
    assert letter.status == notify.POSTED
    assert not notify.letter_posted(letter)  # once


@pytest.mark.django_db
@pytest.mark.parametrize("status", [503, 500, 429, 403, None])
def test_a_failed_send_is_tried_again_then_left_failed(
    settings, fake_client, django_capture_on_commit_callbacks, status
):
    """Notify refused, or did not answer (None): tried MAX_TRIES times in all (at once with the
    test's immediate task backend), then failed with the reason, for a person to see."""
    settings.NOTIFY_BACKEND = "govuk"
    settings.NOTIFY_API_KEY = "test_key-0000-1111"
    fake_client.fail = True
    fake_client.status = status
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
    message.refresh_from_db()
    assert len(fake_client.calls) == notify.MAX_TRIES == 4
    assert message.attempts == notify.MAX_TRIES
    assert message.status == notify.FAILED
    assert "did not send the email" in message.error
    assert message.next_attempt_at is None


@pytest.mark.django_db
def test_a_send_that_fails_once_succeeds_on_the_next_try(
    settings, fake_client, django_capture_on_commit_callbacks
):
    settings.NOTIFY_BACKEND = "govuk"
    settings.NOTIFY_API_KEY = "test_key-0000-1111"
    fake_client.fail = 1
    fake_client.status = 503
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
    message.refresh_from_db()
    assert len(fake_client.calls) == 2
    assert (message.status, message.attempts, message.error) == ("created", 2, "")


@pytest.mark.django_db
def test_a_failed_message_can_be_sent_again_and_is_then_sent_once(
    settings, fake_client, django_capture_on_commit_callbacks
):
    settings.NOTIFY_BACKEND = "govuk"
    settings.NOTIFY_API_KEY = "test_key-0000-1111"
    fake_client.fail = True
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
    message.refresh_from_db()
    assert message.status == notify.FAILED
    fake_client.fail = False
    fake_client.calls = []
    with django_capture_on_commit_callbacks(execute=True):
        assert notify.send_again(message)
        assert not notify.send_again(message)  # already queued again: once
    message.refresh_from_db()
    assert message.status == "created"
    assert len(fake_client.calls) == 1
    assert not notify.send_again(message)  # sent: nothing to send again
