"""GOV.UK Notify: emails and text messages through Notify in production, and a local test double
everywhere else; letters kept for staff to print.

``send_email`` and ``send_sms`` are the one way sendpath sends an email or a text message;
``store_letter`` keeps a letter's text for a caseworker to print and post (for people who want
paper only). The backend is the setting ``NOTIFY_BACKEND``:

* ``"local"`` (the default): nothing leaves the machine. The message is rendered as GOV.UK
  Notify would render it (``((placeholder))`` fields filled from the personalisation, a missing
  one refused as Notify refuses it) and stored as a :class:`~sendpath.core.models.NotifyMessage`
  row with the status ``delivered-locally``. Tests and the demo read what would have gone out
  from those rows.
* ``"govuk"``: the message is sent with the official client,
  ``NotificationsAPIClient(settings.NOTIFY_API_KEY).send_email_notification(...)``, and stored
  with the id and the rendered text Notify returns. Without an API key it refuses to start (the
  settings raise ``ImproperlyConfigured``, and so does this module if the key has gone).

Callers pass the template's id and a copy of the template's subject and body as they are written
in Notify (with ``((name))`` placeholders), so the stored message shows exactly what the family or
professional would read (with the ``govuk`` backend, until Notify's own rendering replaces it).

Nothing is sent while the caller's transaction is open (it may hold a case's row locked, and it
may yet roll back). ``send_email`` checks the message and stores it as ``queued``; when the
transaction commits, the task :func:`deliver` is enqueued and sends it (a background worker in
production, at once in the demo and the tests). If the transaction rolls back, the queued row
goes with it and nothing is sent.

A send that fails (Notify refused it, or did not answer) is tried again later, after
``RETRY_DELAYS`` (a task queued with ``run_after``; at once with a backend that runs tasks
immediately), and after the last try the message is left ``failed`` with the reason, for a person
to see and send again (:func:`send_again`). Only Notify's "bad request" (400: the message itself
is wrong, so trying again cannot help) fails at once. A message given a ``dedupe_key`` is stored
once, whoever queues it again, and a message is claimed before it is sent, so it is never sent
twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from .models import NotifyMessage

BACKENDS = ("local", "govuk")
LOCAL_STATUS = "delivered-locally"
QUEUED = "queued"  # stored, to be sent once the transaction that stored it commits
SENDING = "sending"
FAILED = "failed"  # Notify refused it, or never answered, on every try: the reason is in ``error``
TO_PRINT = "to-print"  # a letter, waiting for a person to print and post it
POSTED = "posted"  # a letter a person has printed and posted
KINDS = ("email", "sms", "letter")
# How long to wait before each further try of a failed send (then it is left failed).
RETRY_DELAYS = (dt.timedelta(minutes=2), dt.timedelta(minutes=15), dt.timedelta(hours=2))
MAX_TRIES = 1 + len(RETRY_DELAYS)
logger = logging.getLogger(__name__)
# ((name)) and Notify's optional content, ((name??text shown when name is "yes")).
_PLACEHOLDER = re.compile(r"\(\(([^()?]+?)(\?\?([^()]*))?\)\)")


class NotifyError(Exception):
    """GOV.UK Notify refused or failed to send a message (the reason is in the message)."""


def backend_name() -> str:
    name = str(getattr(settings, "NOTIFY_BACKEND", "local") or "local")
    if name not in BACKENDS:
        raise ImproperlyConfigured(
            f"NOTIFY_BACKEND must be one of {', '.join(BACKENDS)}, not {name!r}"
        )
    return name


def render(template: str, personalisation: Mapping[str, Any]) -> str:
    """Fill a Notify template's placeholders (case-insensitively, as Notify does).

    A placeholder with no value is refused, like Notify's "Missing personalisation" error.
    ``((name??text))`` shows ``text`` when the value is ``yes`` or true, and nothing otherwise.
    """
    values = {str(k).strip().lower(): v for k, v in personalisation.items()}
    missing: list[str] = []

    def fill(match: re.Match[str]) -> str:
        name = match.group(1).strip().lower()
        if name not in values:
            missing.append(match.group(1).strip())
            return ""
        value = values[name]
        if match.group(2) is not None:
            shown = value is True or str(value).strip().lower() in {"yes", "true"}
            return match.group(3) if shown else ""
        if isinstance(value, list | tuple):
            return "\n".join(f"* {item}" for item in value)
        return str(value)

    text = _PLACEHOLDER.sub(fill, template)
    if missing:
        raise NotifyError(f"Missing personalisation: {', '.join(sorted(set(missing)))}")
    return text


def _check_address(to: str) -> str:
    address = (to or "").strip()
    try:
        validate_email(address)
    except ValidationError:
        raise NotifyError(f"Not a valid email address: {address!r}") from None
    return address


# A UK mobile number: 07 and nine more digits, written with or without the country code (+44,
# 0044 or 44, with or without the 0 after it) and with spaces, dashes, dots or brackets.
_MOBILE = re.compile(r"^(?:(?:\+|00)?44)?0?(7\d{9})$")
_SEPARATORS = re.compile(r"[\s\-().]")


def uk_mobile(number: str) -> str:
    """A UK mobile number written the one way sendpath keeps it (``07700900123``).

    Raises :class:`NotifyError` for anything that is not a UK mobile number (a landline, an
    overseas number, too few or too many digits): GOV.UK Notify sends text messages to UK
    mobiles.
    """
    match = _MOBILE.match(_SEPARATORS.sub("", number or ""))
    if match is None:
        raise NotifyError("Enter a UK mobile number, like 07700 900 982 or +44 7700 900 982")
    return "0" + match.group(1)


def validate_uk_mobile(number: str) -> None:
    """The form validator for a UK mobile number (see :func:`uk_mobile`)."""
    try:
        uk_mobile(number)
    except NotifyError as error:
        raise ValidationError(str(error), code="mobile") from None


def _queue(
    *,
    kind: str,
    to: str,
    template_id: str,
    personalisation: Mapping[str, Any],
    reference: str,
    subject: str,
    body: str,
    dedupe_key: str | None,
    regarding: str,
    child_id: Any,
    recipient: str,
) -> NotifyMessage:
    """Store one message (or find the one already stored under ``dedupe_key``) and, for an
    email or a text message, enqueue its delivery once the transaction commits."""
    if not template_id:
        raise NotifyError("A Notify template id is needed")
    if dedupe_key:
        existing = NotifyMessage.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    data = dict(personalisation)
    backend = "local" if kind == "letter" else backend_name()
    if backend != "local":
        _client()  # refuse at once, not in the background, when the key has gone
    # Rendered from the copy here whatever the backend, so what was queued can be read (and a
    # missing placeholder refused now); Notify's own rendering replaces it once sent.
    rendered_subject, rendered_body = render(subject, data)[:300], render(body, data)
    fields = {
        "backend": backend,
        "kind": kind,
        "to": to,
        "template_id": str(template_id),
        "subject": rendered_subject,
        "body": rendered_body,
        "personalisation": _jsonable(data),
        "reference": reference[:100],
        "status": TO_PRINT if kind == "letter" else QUEUED,
        "dedupe_key": dedupe_key or None,
        "regarding": regarding[:100],
        "child_id": child_id,
        "recipient": recipient[:200],
    }
    try:
        with transaction.atomic():
            message = NotifyMessage.objects.create(**fields)
    except IntegrityError:
        # Queued by someone else meanwhile (the same dedupe key): theirs is the one sent.
        found = NotifyMessage.objects.filter(dedupe_key=dedupe_key).first() if dedupe_key else None
        if found is None:
            raise
        return found
    if kind != "letter":
        transaction.on_commit(lambda: deliver.enqueue(message.pk))
    return message


def send_email(
    *,
    to: str,
    template_id: str,
    personalisation: Mapping[str, Any],
    reference: str = "",
    subject: str = "",
    body: str = "",
    dedupe_key: str | None = None,
    regarding: str = "",
    child_id: Any = None,
    recipient: str = "",
) -> NotifyMessage:
    """Queue an email to be sent through the configured backend once the transaction commits.

    Raises :class:`NotifyError` when the message cannot be sent (a bad address, a missing
    placeholder), and stores nothing then. Notify's own refusal comes later, when the message
    is sent: it is kept on the message. With a ``dedupe_key`` already used, the message stored
    under it is returned and nothing new is queued.
    """
    return _queue(
        kind="email",
        to=_check_address(to),
        template_id=template_id,
        personalisation=personalisation,
        reference=reference,
        subject=subject,
        body=body,
        dedupe_key=dedupe_key,
        regarding=regarding,
        child_id=child_id,
        recipient=recipient,
    )


def send_sms(
    *,
    to: str,
    template_id: str,
    personalisation: Mapping[str, Any],
    reference: str = "",
    body: str = "",
    subject: str = "",
    dedupe_key: str | None = None,
    regarding: str = "",
    child_id: Any = None,
    recipient: str = "",
) -> NotifyMessage:
    """Queue a text message (Notify's ``send_sms_notification``) to a UK mobile number, like
    :func:`send_email`. A text message has no subject: ``subject`` is kept only on the local
    record, to say what it was about."""
    return _queue(
        kind="sms",
        to=uk_mobile(to),
        template_id=template_id,
        personalisation=personalisation,
        reference=reference,
        subject=subject,
        body=body,
        dedupe_key=dedupe_key,
        regarding=regarding,
        child_id=child_id,
        recipient=recipient,
    )


def store_letter(
    *,
    address: str,
    template_id: str,
    personalisation: Mapping[str, Any],
    reference: str = "",
    subject: str = "",
    body: str = "",
    dedupe_key: str | None = None,
    regarding: str = "",
    child_id: Any = None,
    recipient: str = "",
) -> NotifyMessage:
    """Keep a letter for a person to print and post (status ``to-print``): its text is rendered
    from the copy of the template here, whatever the backend, since nothing is sent."""
    if not (address or "").strip():
        raise NotifyError("A postal address is needed for a letter")
    return _queue(
        kind="letter",
        to=address.strip()[:320],
        template_id=template_id,
        personalisation=personalisation,
        reference=reference,
        subject=subject,
        body=body,
        dedupe_key=dedupe_key,
        regarding=regarding,
        child_id=child_id,
        recipient=recipient,
    )


def send_again(message: NotifyMessage) -> bool:
    """Queue a failed email or text message to be tried again (a person asked), as if new: it
    gets every try again. False when the message is not failed (sent meanwhile, or a letter)."""
    again = NotifyMessage.objects.filter(pk=message.pk, status=FAILED).exclude(kind="letter")
    if not again.update(status=QUEUED, attempts=0, next_attempt_at=None):
        return False
    transaction.on_commit(lambda: deliver.enqueue(message.pk))
    return True


def letter_posted(message: NotifyMessage) -> bool:
    """Mark a letter printed and posted; False when it is not a letter waiting to be printed."""
    return bool(
        NotifyMessage.objects.filter(pk=message.pk, kind="letter", status=TO_PRINT).update(
            status=POSTED
        )
    )


@task()
def deliver(message_id: int) -> str:
    """Send one queued message (a task, run after the transaction that queued it committed).

    Returns the message's new status. A message not queued (already sent, being sent by
    another worker, or failed for good) is left alone, so it is never sent twice.
    """
    claimed = NotifyMessage.objects.filter(pk=message_id, status=QUEUED).update(status=SENDING)
    if not claimed:
        return "not queued"
    message = NotifyMessage.objects.get(pk=message_id)
    message.attempts += 1
    if message.backend == "local":
        message.notify_id = f"local-{uuid.uuid4()}"
        message.status = LOCAL_STATUS
        message.error = ""
        message.next_attempt_at = None
        message.save(update_fields=["notify_id", "status", "error", "next_attempt_at", "attempts"])
        return message.status
    try:
        _send_govuk(message)
    except NotifyError as error:
        if getattr(error, "retry", False) and message.attempts < MAX_TRIES:
            _retry_later(message)
            return message.status
        message.status = FAILED
        message.next_attempt_at = None
        message.save(update_fields=["status", "error", "attempts", "next_attempt_at"])
        raise
    return message.status


def _retry_later(message: NotifyMessage) -> None:
    """Put a failed message back in the queue, to be tried after the next delay."""
    delay = RETRY_DELAYS[min(message.attempts, MAX_TRIES - 1) - 1]
    message.status = QUEUED
    message.next_attempt_at = timezone.now() + delay
    message.save(update_fields=["status", "error", "attempts", "next_attempt_at"])
    if deliver.get_backend().supports_defer:
        deliver.using(run_after=message.next_attempt_at).enqueue(message.pk)
    else:  # a backend that runs tasks at once (the demo, the tests) tries again at once
        deliver.enqueue(message.pk)


def _client() -> NotificationsAPIClient:
    key = str(getattr(settings, "NOTIFY_API_KEY", "") or "")
    if not key:
        raise ImproperlyConfigured(
            "NOTIFY_BACKEND is 'govuk' but NOTIFY_API_KEY is not set: set the service's API key"
        )
    return NotificationsAPIClient(key)


def _send_govuk(message: NotifyMessage) -> None:
    """Send through Notify's client; keep its id and rendered text, or the reason it failed
    (on ``message.error``, unsaved; the error raised says whether trying again may help)."""
    what = "text message" if message.kind == "sms" else "email"
    try:
        client = _client()
        if message.kind == "sms":
            response = client.send_sms_notification(
                phone_number=message.to,
                template_id=message.template_id,
                personalisation=message.personalisation,
                reference=message.reference or None,
            )
        else:
            response = client.send_email_notification(
                email_address=message.to,
                template_id=message.template_id,
                personalisation=message.personalisation,
                reference=message.reference or None,
            )
    except (
        APIError,
        OSError,
        ValueError,
        ImproperlyConfigured,
    ) as error:  # a refusal, or no answer
        message.error = f"GOV.UK Notify did not send the {what}: {error}"[:1000]
        failure = NotifyError(message.error)
        # A bad request (400) is the message itself: trying again cannot help.
        failure.retry = not (  # type: ignore[attr-defined]
            isinstance(error, APIError) and error.status_code == 400
        )
        logger.warning("Notify message %s: %s", message.pk, message.error)
        raise failure from error
    content = response.get("content") or {}
    message.subject = str(content.get("subject", ""))[:300]
    message.body = str(content.get("body", ""))
    message.notify_id = str(response.get("id", ""))
    message.status = "created"
    message.error = ""
    message.next_attempt_at = None
    message.save(
        update_fields=[
            "subject",
            "body",
            "notify_id",
            "status",
            "error",
            "next_attempt_at",
            "attempts",
        ]
    )


def _jsonable(data: Mapping[str, Any]) -> dict[str, Any]:
    """Personalisation as JSON values (dates become their text, as Notify would receive them)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, str | int | float | bool) or value is None:
            out[str(key)] = value
        elif isinstance(value, list | tuple):
            out[str(key)] = [str(v) for v in value]
        else:
            out[str(key)] = str(value)
    return out
