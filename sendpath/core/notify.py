"""GOV.UK Notify: emails through Notify in production, and a local test double everywhere else.

``send_email`` is the one way sendpath sends an email. The backend is the setting
``NOTIFY_BACKEND``:

* ``"local"`` (the default): nothing leaves the machine. The message is rendered as GOV.UK
  Notify would render it (``((placeholder))`` fields filled from the personalisation, a missing
  one refused as Notify refuses it) and stored as a :class:`~sendpath.core.models.NotifyMessage`
  row with the status ``delivered-locally``. Tests and the demo read what would have gone out
  from those rows.
* ``"govuk"``: the message is sent with the official client,
  ``NotificationsAPIClient(settings.NOTIFY_API_KEY).send_email_notification(...)``, and stored
  with the id and the rendered text Notify returns. Without an API key it refuses to start (the
  settings raise ``ImproperlyConfigured``, and so does this module if the key has gone).

Callers pass the template's id and, for the local backend, a copy of the template's subject and
body as they are written in Notify (with ``((name))`` placeholders), so the local record shows
exactly what the family or professional would read.

Nothing is sent while the caller's transaction is open (it may hold a case's row locked, and it
may yet roll back). ``send_email`` checks the message and stores it as ``queued``; when the
transaction commits, the task :func:`deliver` is enqueued and sends it (a background worker in
production, at once in the demo and the tests). If the transaction rolls back, the queued row
goes with it and nothing is sent. A refusal by Notify is kept on the row (status ``failed``
and the reason).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django_tasks import task
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from .models import NotifyMessage

BACKENDS = ("local", "govuk")
LOCAL_STATUS = "delivered-locally"
QUEUED = "queued"  # stored, to be sent once the transaction that stored it commits
SENDING = "sending"
FAILED = "failed"  # Notify refused it: the reason is in ``error``
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


def send_email(
    *,
    to: str,
    template_id: str,
    personalisation: Mapping[str, Any],
    reference: str = "",
    subject: str = "",
    body: str = "",
) -> NotifyMessage:
    """Queue an email to be sent through the configured backend once the transaction commits.

    Raises :class:`NotifyError` when the message cannot be sent (a bad address, a missing
    placeholder), and stores nothing then. Notify's own refusal comes later, when the message
    is sent: it is kept on the message.
    """
    address = _check_address(to)
    if not template_id:
        raise NotifyError("A Notify template id is needed")
    backend = backend_name()
    data = dict(personalisation)
    if backend == "local":
        rendered_subject, rendered_body = render(subject, data)[:300], render(body, data)
    else:
        _client()  # refuse at once, not in the background, when the key has gone
        rendered_subject = rendered_body = ""
    message = NotifyMessage.objects.create(
        backend=backend,
        kind="email",
        to=address,
        template_id=str(template_id),
        subject=rendered_subject,
        body=rendered_body,
        personalisation=_jsonable(data),
        reference=reference[:100],
        status=QUEUED,
    )
    transaction.on_commit(lambda: deliver.enqueue(message.pk))
    return message


@task()
def deliver(message_id: int) -> str:
    """Send one queued message (a task, run after the transaction that queued it committed).

    Returns the message's new status. A message already sent (a task run twice) is left alone.
    """
    claimed = NotifyMessage.objects.filter(pk=message_id, status=QUEUED).update(status=SENDING)
    if not claimed:
        return "not queued"
    message = NotifyMessage.objects.get(pk=message_id)
    if message.backend == "local":
        message.notify_id = f"local-{uuid.uuid4()}"
        message.status = LOCAL_STATUS
        message.save(update_fields=["notify_id", "status"])
        return message.status
    _send_govuk(message)
    return message.status


def _client() -> NotificationsAPIClient:
    key = str(getattr(settings, "NOTIFY_API_KEY", "") or "")
    if not key:
        raise ImproperlyConfigured(
            "NOTIFY_BACKEND is 'govuk' but NOTIFY_API_KEY is not set: set the service's API key"
        )
    return NotificationsAPIClient(key)


def _send_govuk(message: NotifyMessage) -> None:
    """Send through Notify's client; keep its id and rendered text, or its refusal."""
    try:
        response = _client().send_email_notification(
            email_address=message.to,
            template_id=message.template_id,
            personalisation=message.personalisation,
            reference=message.reference or None,
        )
    except (APIError, OSError, ValueError) as error:  # a refusal, or no answer
        message.status = FAILED
        message.error = f"GOV.UK Notify did not send the email: {error}"[:1000]
        message.save(update_fields=["status", "error"])
        raise NotifyError(message.error) from error
    content = response.get("content") or {}
    message.subject = str(content.get("subject", ""))[:300]
    message.body = str(content.get("body", ""))
    message.notify_id = str(response.get("id", ""))
    message.status = "created"
    message.save(update_fields=["subject", "body", "notify_id", "status"])


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
