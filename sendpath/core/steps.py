"""The step every form page repeats: bind, call a service, show its errors or move on.

form = ThingForm(posted(request), initial=...)
return form_step(
    request,
    form,
    save=lambda data: services.thing_save(actor=user, data=data, request=request),
    template="app/thing_form.html",
    context={"title": "Add a thing"},
    success="Thing saved",
    next=lambda thing: thing,  # a URL, a URL name, or a model (its get_absolute_url)
)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .concurrency import StaleEditError

T = TypeVar("T")

# ``errors_on`` default: a service's errors go on the fields they name.
NAMED_FIELDS = "<the fields named>"


def apply_errors(
    form: Any, error: ValidationError, rename: Mapping[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form, against the field it names (``rename``
    maps a service's argument name to the form's field name); otherwise above the form."""
    rename = rename or {}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = rename.get(field, field)
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e.messages[0] if hasattr(e, "messages") else str(e))
    else:
        name: str | None = getattr(error, "field", None)
        form.add_error(name if name in form.fields else None, error.messages[0])


def render_form(
    request: HttpRequest, template: str, context: Mapping[str, Any], form: Any = None
) -> HttpResponse:
    """Render a page with a form: status 400 when the form shows errors."""
    return render(
        request, template, dict(context), status=400 if form is not None and form.errors else 200
    )


def form_step(
    request: HttpRequest,
    form: Any,
    *,
    save: Callable[[dict[str, Any]], T],
    template: str,
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
    next: Any,
    success: str | Callable[[T], str] = "",
    rename: Mapping[str, str] | None = None,
    errors_on: str | None = NAMED_FIELDS,
) -> HttpResponse:
    """On a valid POST call ``save(cleaned_data)``; on success add the message and redirect to
    ``next`` (a URL, URL name or model, or a function of what ``save`` returned). Otherwise, or
    when the service raises a ValidationError (shown on the form: on the fields it names, or
    its first message on ``errors_on``, None for above the form), render ``template`` with ``context`` and the form, status 400 when
    it shows errors. ``context`` may be a function, called after ``save`` was tried."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            if isinstance(error, StaleEditError) and hasattr(form, "refuse_stale"):
                form.refuse_stale(error)
            elif errors_on == NAMED_FIELDS:
                apply_errors(form, error, rename)
            else:
                form.add_error(errors_on, error.messages[0])
        else:
            if success:
                messages.success(request, success(result) if callable(success) else success)
            return redirect(next(result) if callable(next) else next)
    page = dict(context() if callable(context) else context)
    page.setdefault("form", form)
    return render_form(request, template, page, form)
