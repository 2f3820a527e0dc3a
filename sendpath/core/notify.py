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
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from .models import NotifyMessage

BACKENDS = ("local", "govuk")
LOCAL_STATUS = "delivered-locally"
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
    """Send an email through the configured backend and record it.

    Raises :class:`NotifyError` when the message cannot be sent (a bad address, a missing
    placeholder, or Notify's own refusal), and stores nothing then.
    """
    address = _check_address(to)
    if not template_id:
        raise NotifyError("A Notify template id is needed")
    backend = backend_name()
    data = dict(personalisation)
    if backend == "local":
        return NotifyMessage.objects.create(
            backend="local",
            kind="email",
            to=address,
            template_id=str(template_id),
            subject=render(subject, data)[:300],
            body=render(body, data),
            personalisation=_jsonable(data),
            reference=reference[:100],
            notify_id=f"local-{uuid.uuid4()}",
            status=LOCAL_STATUS,
        )
    return _send_govuk(address, str(template_id), data, reference)


def _client() -> NotificationsAPIClient:
    key = str(getattr(settings, "NOTIFY_API_KEY", "") or "")
    if not key:
        raise ImproperlyConfigured(
            "NOTIFY_BACKEND is 'govuk' but NOTIFY_API_KEY is not set: set the service's API key"
        )
    return NotificationsAPIClient(key)


def _send_govuk(
    address: str, template_id: str, personalisation: dict[str, Any], reference: str
) -> NotifyMessage:
    client = _client()
    try:
        response = client.send_email_notification(
            email_address=address,
            template_id=template_id,
            personalisation=_jsonable(personalisation),
            reference=reference or None,
        )
    except APIError as error:
        raise NotifyError(f"GOV.UK Notify did not send the email: {error}") from error
    content = response.get("content") or {}
    return NotifyMessage.objects.create(
        backend="govuk",
        kind="email",
        to=address,
        template_id=template_id,
        subject=str(content.get("subject", ""))[:300],
        body=str(content.get("body", "")),
        personalisation=_jsonable(personalisation),
        reference=reference[:100],
        notify_id=str(response.get("id", "")),
        status="created",
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
