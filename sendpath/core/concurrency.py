"""Optimistic concurrency: nothing one person saves is silently overwritten by another.

A change form carries, in a hidden ``based_on`` field, the version of the record it was opened
at and the values it showed, signed so they cannot be altered (``VersionedForm.track``). The
service locks the row with ``select_for_update`` and calls ``check_version``: when the record
changed after the page was opened it raises ``StaleEditError`` and writes nothing. The form step
(``sendpath.core.steps.form_step``) then shows a GOV.UK error summary saying so, naming each
field someone else changed with its new value, keeps what the user typed (400), and bases the
form on the current version, so saving again knowingly replaces the other person's values.

A record's version is its ``version`` number where it keeps one (Local Offer entries), otherwise
the time it was last changed (``modified_at``). A form that changes one part of a row others
change in other parts (a plan's free-text section), or adds to something rather than changing a
row (a review's steps on the case's timeline), passes ``version=``: a function of the record
whose value is its version. A form posted without ``based_on`` (an import, an older page) is not
checked.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

FIELD = "based_on"
_SALT = "sendpath.core.concurrency"
_SHOWN = 120  # characters of a changed value shown in the error summary

STALE = "Someone else changed this record after you opened this page, so your changes have not been saved"


def _plain(value: Any) -> Any:
    """A value as JSON can carry it, comparable across a round trip."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return sorted((_plain(v) for v in value), key=str)  # a choice of several: no order
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value)


Version = Callable[[Any], Any] | None


def version_of(obj: Any, *, version: Version = None) -> str:
    """The version of ``obj`` a change is based on (see the module's docstring)."""
    if version is not None:
        digest = hashlib.sha256(repr(_plain(version(obj))).encode()).hexdigest()
        return f"h{digest[:24]}"
    number = getattr(obj, "version", None)
    if isinstance(number, int) and not isinstance(number, bool):
        return f"v{number}"
    return obj.modified_at.isoformat()


def stamp(obj: Any, values: Mapping[str, Any], *, version: Version = None) -> str:
    """The hidden field's value: the version and the values the page shows, signed."""
    return signing.dumps(
        {"v": version_of(obj, version=version), "was": {k: _plain(v) for k, v in values.items()}},
        salt=_SALT,
        compress=True,
    )


def opened_values(token: str) -> dict[str, Any]:
    """The values a page showed when it was opened (as plain JSON values), or nothing."""
    was = (_opened(token) or {}).get("was")
    return was if isinstance(was, dict) else {}


def _opened(token: str) -> dict[str, Any] | None:
    try:
        found = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return found if isinstance(found, dict) else None


class StaleEditError(ValidationError):
    """A save refused because the record changed after the page was opened. ``current`` is the
    record as it is now (read under the row lock); ``changes`` may describe, in a sentence
    each, what was added since (shown with the fields that changed)."""

    def __init__(
        self, current: Any, *, version: Version = None, changes: list[str] | None = None
    ) -> None:
        super().__init__(STALE)
        self.current = current
        self.version = version
        self.changes = list(changes or [])


def check_version(obj: Any, based_on: str | None, *, version: Version = None) -> None:
    """Refuse (``StaleEditError``) a change based on an older version of ``obj``, which the
    caller has locked with ``select_for_update`` in the transaction that writes the change."""
    if not based_on:
        return
    opened = _opened(based_on)
    if opened is None or opened.get("v") != version_of(obj, version=version):
        raise StaleEditError(obj, version=version)


def _shown(field: forms.Field, value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%-d %B %Y at %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%-d %B %Y}"
    choices = getattr(field, "choices", None)
    if choices:
        labels: dict[str, str] = {}
        for key, label in choices:
            if isinstance(label, list | tuple):  # a group of options
                labels.update({str(k): str(v) for k, v in label})
            else:
                labels[str(key)] = str(label)
        values = value if isinstance(value, list | tuple | set) else [value]
        text = ", ".join(labels.get(str(_plain(v)), str(v)) for v in values)
    elif isinstance(value, list | tuple | set):
        text = ", ".join(str(v) for v in value)
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1].rstrip() + "…"


def _who_and_when(current: Any) -> str:
    who = getattr(current, "modified_by", None)
    name = (who.get_full_name() or who.get_username()) if who is not None else ""
    when = getattr(current, "modified_at", None)
    at = f" at {timezone.localtime(when):%H:%M on %-d %B %Y}" if when else ""
    return f"{name or 'Someone else'} changed it{at}"


class VersionedForm(forms.Form):
    """A mixin for change forms: ``track`` the record being changed, and a stale save is shown
    as described in the module's docstring. A form for a new record is not tracked."""

    _values_of: Callable[[Any], Mapping[str, Any]] | None = None
    _version: Version = None

    def track(
        self,
        obj: Any,
        values_of: Callable[[Any], Mapping[str, Any]],
        *,
        version: Version = None,
    ) -> None:
        """Base this form on ``obj`` as it is now; ``values_of(obj)`` gives the values the form
        shows for a record, keyed by form field (the form's ``initial``); ``version`` as for
        ``version_of``."""
        self._values_of = values_of
        self._version = version
        self.fields[FIELD] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.initial[FIELD] = stamp(obj, values_of(obj), version=version)

    def refuse_stale(self, error: StaleEditError) -> None:
        """Show a refused save: what changed, with the user's own values kept in the form."""
        if self._values_of is None:
            self.add_error(None, error.messages[0])
            return
        current = dict(self._values_of(error.current))
        opened = _opened(str(self.data.get(FIELD, ""))) or {}
        was = opened.get("was")
        changed = [
            name
            for name in current
            if name in self.fields and was is not None and was.get(name) != _plain(current[name])
        ]
        who = "" if error.changes else f" {_who_and_when(error.current)}."
        self.add_error(
            None,
            f"{STALE}.{who} What they changed is listed below and your changes are still in "
            "the form: check them, then save again to keep yours",
        )
        for change in error.changes:
            self.add_error(None, change)
        for name in changed:
            field = self.fields[name]
            label = str(field.label or name).rstrip("?")
            value = current[name]
            if value in (None, "", [], ()):
                message = f"{label}: they cleared it (your version is shown below)"
            else:
                message = f"{label}: they changed it to “{_shown(field, value)}”"
            self.add_error(name, message)
        posted: Any = self.data  # a QueryDict, which copies as a mutable one
        data = posted.copy()
        data[FIELD] = stamp(error.current, current, version=self._version)
        self.data = data
