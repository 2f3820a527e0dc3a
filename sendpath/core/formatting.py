"""Formatting in GOV.UK style (dates as '5 January 2026', times as '2:15pm')."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from markupsafe import Markup


def govuk_date(value: dt.date | dt.datetime | None, empty: str = "Not known") -> str:
    if value is None:
        return empty
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%B %Y}"


def govuk_datetime(value: dt.datetime | None, empty: str = "Not known") -> str:
    if value is None:
        return empty
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{local.day} {local:%B %Y} at {hour}:{local:%M}{suffix}"


def age(date_of_birth: dt.date | None, on: dt.date | None = None) -> int | None:
    """Age in completed years on a date (today by default)."""
    if date_of_birth is None:
        return None
    on = on or timezone.localdate()
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def yesno(value: bool | None) -> str:
    if value is None:
        return "Not known"
    return "Yes" if value else "No"


def iso_date(value: str | dt.date | None) -> dt.date | None:
    """A date from its ISO text (as kept in event details), or None if it is not one."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def contact_lines(text: str) -> list[str]:
    """A contact setting's lines (separated by " | " or new lines)."""
    return [part.strip() for part in text.replace("\n", "|").split("|") if part.strip()]


def link(href: str, text: object) -> Markup:
    """A GOV.UK link for a component's ``html`` parameter, its href and text escaped. Joining
    strings with an escaped value in a template (``'<a href="' ~ ... ~ (name | e)``) escapes the
    whole result, so the page shows the HTML as text: build links with this instead."""
    return Markup('<a class="govuk-link" href="{}">{}</a>').format(href, text)


def days_overdue(days: int) -> str:
    """How late something is, from the days past its date: "1 day overdue", "3 days overdue"."""
    days = abs(days)
    return f"{days} day overdue" if days == 1 else f"{days} days overdue"


def due_in(days: int) -> str:
    """When something is due, from the days until it: "today", "tomorrow", "in 3 days"; and
    past its date, how overdue."""
    if days < 0:
        return days_overdue(days)
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"
