"""The Jinja2 environment: GOV.UK Frontend macros plus a few Django helpers."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    PackageLoader,
    PrefixLoader,
    pass_context,
)
from jinja2.runtime import Context
from markupsafe import Markup

from sendpath.core import formatting, registry
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
            "panels": _panels,
            "contributed_rows": _contributed_rows,
            "dashboard_alerts": registry.alerts_for,
            "csrf_token": get_token,
            "get_messages": messages.get_messages,
            "now": timezone.now,
            "today": timezone.localdate,
            "field_params": field_params,
            "form_errors": error_list,
            "link": formatting.link,
        }
    )
    env.filters.update(
        {
            "govuk_date": formatting.govuk_date,
            "govuk_datetime": formatting.govuk_datetime,
            "age": formatting.age,
            "yesno": formatting.yesno,
            "iso_date": formatting.iso_date,
            "days_overdue": formatting.days_overdue,
            "due_in": formatting.due_in,
        }
    )
    # What the apps contribute (``sendpath.core.registry``): config names none of them.
    apps.check_apps_ready()
    env.globals.update(registry.REGISTRY.template_globals)
    env.filters.update(registry.REGISTRY.template_filters)
    return env


@pass_context
def _panels(context: Context, slot: str, obj: Any) -> Markup:
    """The panels other apps add to this page's ``slot`` for ``obj``, each from its own template."""
    request = context.get("request")
    if request is None:
        return Markup("")
    env = context.environment
    parts = []
    for panel in registry.panels_for(slot, obj, request.user):
        extra = panel.context(obj, request.user) if panel.context else {}
        template = env.get_template(panel.template)
        parts.append(Markup(template.render({"request": request, "obj": obj, **extra})))  # noqa: S704 - rendered with autoescape
    return Markup("").join(parts)


def _contributed_rows(slot: str, obj: Any, user: Any) -> list[dict[str, Any]]:
    """Summary list rows other apps add beside this page's own, for ``obj``."""
    return registry.rows_for(slot, obj, user)
