"""The Jinja2 environment: GOV.UK Frontend macros plus a few Django helpers."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from jinja2 import BaseLoader, ChoiceLoader, Environment, PackageLoader, PrefixLoader

from sendpath.core import formatting
from sendpath.core.forms import error_list, field_params


def url(viewname: str, *args: Any, **kwargs: Any) -> str:
    try:
        return _reversed(
            get_urlconf() or settings.ROOT_URLCONF,
            get_script_prefix(),
            viewname,
            args,
            tuple(sorted(kwargs.items())),
        )
    except TypeError:  # an argument that cannot be a cache key
        return reverse(viewname, args=args or None, kwargs=kwargs or None)


@lru_cache(maxsize=2048)
def _reversed(
    urlconf: str, prefix: str, viewname: str, args: tuple[Any, ...], kwargs: tuple[Any, ...]
) -> str:
    """``reverse``, remembered: layouts ask for the same few addresses many times a page."""
    return reverse(viewname, args=args or None, kwargs=dict(kwargs) or None)


def maybe_url(viewname: str, *args: Any) -> str | None:
    """The URL, or None where the view does not exist (for optional links)."""
    try:
        return reverse(viewname, args=args or None)
    except NoReverseMatch:
        return None


def environment(**options: Any) -> Environment:
    """Build the environment. Django passes a loader over each app's ``jinja2/`` folder; the
    GOV.UK Frontend macros are added under the ``govuk_frontend_jinja/`` prefix they expect."""
    loaders: list[BaseLoader] = []
    if options.get("loader") is not None:
        loaders.append(options.pop("loader"))
    loaders.append(PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}))
    options["autoescape"] = True
    env = Environment(loader=ChoiceLoader(loaders), **options)  # noqa: S701 - autoescape is on
    env.globals.update(
        {
            "static": static,
            "url": url,
            "maybe_url": maybe_url,
            "child_cases": _child_cases,
            "case_deadline_label": _case_deadline_label,
            "review_extras": _review_extras,
            "dashboard_alerts": _dashboard_alerts,
            "csrf_token": get_token,
            "get_messages": messages.get_messages,
            "now": timezone.now,
            "today": timezone.localdate,
            "field_params": field_params,
            "form_errors": error_list,
        }
    )
    env.filters.update(
        {
            "govuk_date": formatting.govuk_date,
            "govuk_datetime": formatting.govuk_datetime,
            "age": formatting.age,
            "yesno": formatting.yesno,
            "deadline_label": _deadline_label,
            "iso_date": formatting.iso_date,
        }
    )
    return env


def _deadline_label(key: str) -> str:
    from sendpath.ehc.presenters import deadline_label

    return deadline_label(key)


def _child_cases(child: Any) -> list[Any]:
    """A child's statutory cases, newest first, for the record page (people knows no cases)."""
    from sendpath.ehc.models import Case

    return list(Case.objects.filter(child=child).order_by("-received_on"))


def _case_deadline_label(case: Any) -> str:
    """The case's next deadline in words, naming the advice source or setting it concerns."""
    from sendpath.ehc.presenters import deadline_label, names_for

    return deadline_label(case.next_key, names_for(case)) if case.next_key else ""


def _review_extras(case: Any, user: Any) -> list[dict[str, Any]]:
    """Rows other apps add beside a plan's review dates (ehc knows none of them): the latest
    Personal Education Plan, so a cared-for child's PEP and review can be aligned."""
    if not case.child.cared_for:
        return []
    from sendpath.jointworking.selectors import latest_pep_date

    latest = latest_pep_date(case.child)
    text = formatting.govuk_date(latest, "None uploaded")
    row: dict[str, Any] = {
        "key": {"text": "Latest Personal Education Plan"},
        "value": {"text": text},
    }
    if user.has_perm("jointworking.use"):
        href = reverse("jointworking:child", args=[case.child.pk])
        row["actions"] = {
            "items": [{"href": href, "text": "PEPs", "visuallyHiddenText": "for this child"}]
        }
    return [row]


def _dashboard_alerts(user: Any) -> list[dict[str, str]]:
    """Things a team's front pages must not let pass unseen, from apps built on top of the
    page's own app (the worklist and the staff home know none of them)."""
    alerts: list[dict[str, str]] = []
    if user.is_authenticated and user.has_perm("jointworking.use"):
        from sendpath.jointworking.selectors import overdue_escalations

        count = overdue_escalations(user).count()
        if count:
            alerts.append(
                {
                    "text": f"{count} {'escalation is' if count == 1 else 'escalations are'} past "
                    "their review-by date",
                    "href": reverse("jointworking:escalations"),
                }
            )
    return alerts
