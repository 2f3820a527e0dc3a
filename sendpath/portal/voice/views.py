"""The family's and young person's "All about me" pages, under ``/my/<child>/all-about-me/``.

A family account reaches only the children its scope gives it (``people.access``: the 16+ rule
is in it): anything else is a 404 that looks like a missing page, audited as a refusal
(``people.access.get_child``). Every page writes an audit entry for the child.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sendpath.core.access import request_user, require
from sendpath.core.audit import audit_record
from sendpath.core.concurrency import FIELD as BASED_ON
from sendpath.core.concurrency import StaleEditError, stamp
from sendpath.core.models import AuditAction
from sendpath.core.steps import apply_errors, form_step
from sendpath.core.views import posted, posted_files
from sendpath.people.access import get_child
from sendpath.people.models import Child

from ..models import AllAboutMe, AllAboutMeFile, Writer
from . import presenters, rules, selectors, services
from .forms import (
    EASY_STEPS,
    STEPS_BY_SLUG,
    AllAboutMeForm,
    CheckForm,
    FileForm,
    easy_form,
    values_of,
)

SESSION_KEY = "portal.voice.easy_read"


def _child(request: HttpRequest, pk: UUID) -> Child:
    """The child, if the family account may see them (404 otherwise), and its right to tell us."""
    child = get_child(request, pk)
    require(request, rules.TELL, child, what="telling us about a child (All about me)")
    return child


def child_home(child: Child) -> str:
    """The family's page for the child."""
    return reverse("portal:child", args=[child.pk])


def _page(child: Child, **more: Any) -> dict[str, Any]:
    return {
        "child": child,
        "child_home": child_home(child),
        "about_url": reverse("portal:all_about_me", args=[child.pk]),
        **more,
    }


def _title(request: HttpRequest, child: Child) -> str:
    """ "All about me" for a young person's own record, otherwise the child's name."""
    if services.writer_for(request_user(request), child) == Writer.YOUNG_PERSON:
        return "All about me"
    return f"All about {child.known_as}"


def _audit_read(request: HttpRequest, child: Child, obj: Any, summary: str) -> None:
    if request.method in ("GET", "HEAD"):
        audit_record(
            request=request, action=AuditAction.VIEWED, obj=obj, child_id=child.pk, summary=summary
        )


def _audit_shown_again(
    request: HttpRequest, child: Child, response: HttpResponse, summary: str
) -> HttpResponse:
    """A post that shows the page again (problems to fix, or a refused save showing what
    someone else saved) shows the child's record: audited as a read. A save is audited by its
    service."""
    if request.method == "POST" and response.status_code == 400:
        audit_record(
            request=request,
            action=AuditAction.VIEWED,
            obj=child,
            child_id=child.pk,
            summary=f"{summary}, shown again with problems to fix",
        )
    return response


# ---------------------------------------------------------------------------------------------
# What they have told us, and earlier versions


@require_http_methods(["GET"])
def all_about_me(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _child(request, pk)
    history = list(selectors.versions(child))
    latest = history[0] if history else None
    _audit_read(request, child, latest or child, "Viewed All about me")
    return render(
        request,
        "portal/voice/all_about_me.html",
        _page(
            child,
            title=_title(request, child),
            own=_title(request, child) == "All about me",
            latest=latest,
            answers=presenters.answers(latest),
            written=presenters.written(latest) if latest else "",
            history=history,
            files=list(selectors.files(child)),
        ),
    )


@require_http_methods(["GET"])
def all_about_me_version(request: HttpRequest, pk: UUID, number: int) -> HttpResponse:
    child = _child(request, pk)
    version: AllAboutMe = get_object_or_404(selectors.versions(child), number=number)
    _audit_read(request, child, version, f"Viewed All about me, version {number}")
    return render(
        request,
        "portal/voice/version.html",
        _page(
            child,
            title=f"All about {child.known_as}: version {number}",
            version=version,
            answers=presenters.answers(version),
            written=presenters.written(version),
        ),
    )


# ---------------------------------------------------------------------------------------------
# Changing it: every question on one page


@require_http_methods(["GET", "POST"])
def all_about_me_change(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _child(request, pk)
    user = request_user(request)
    parent = services.writer_for(user, child) == Writer.PARENT
    form = AllAboutMeForm(
        posted(request), initial=values_of(child), about=child.known_as if parent else ""
    )
    form.track(child, values_of, version=services.version_of)
    _audit_read(request, child, child, "Opened All about me to change it")
    response = form_step(
        request,
        form,
        save=lambda data: services.all_about_me_save(
            actor=user,
            child=child,
            data=data,
            based_on=data.get(BASED_ON, ""),
            request=request,
        ),
        template="portal/voice/form.html",
        context=_page(child, title=_title(request, child), back=_page(child)["about_url"]),
        success="Thank you. What you told us is saved",
        next=reverse("portal:all_about_me", args=[child.pk]),
    )
    return _audit_shown_again(request, child, response, "All about me")


# ---------------------------------------------------------------------------------------------
# The easy-read version: a few short questions on each page, with pictures, then check and save


def _answers_so_far(request: HttpRequest, child: Child) -> dict[str, Any]:
    """The easy-read answers kept for this child while the pages are filled in (started from
    the latest version, whose number the save is checked against)."""
    kept = request.session.get(SESSION_KEY, {})
    mine = kept.get(str(child.pk))
    if not isinstance(mine, dict) or "data" not in mine:
        mine = {
            "data": values_of(child),
            BASED_ON: stamp(child, values_of(child), version=services.version_of),
        }
        kept[str(child.pk)] = mine
        request.session[SESSION_KEY] = kept
    return mine


def _keep(request: HttpRequest, child: Child, mine: dict[str, Any]) -> None:
    kept = request.session.get(SESSION_KEY, {})
    kept[str(child.pk)] = mine
    request.session[SESSION_KEY] = kept


def _forget(request: HttpRequest, child: Child) -> None:
    kept = request.session.get(SESSION_KEY, {})
    kept.pop(str(child.pk), None)
    request.session[SESSION_KEY] = kept


def _step_url(child: Child, index: int) -> str:
    if index >= len(EASY_STEPS):
        return reverse("portal:all_about_me_easy_check", args=[child.pk])
    return reverse("portal:all_about_me_easy_step", args=[child.pk, EASY_STEPS[index].slug])


@require_http_methods(["GET"])
def easy_start(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _child(request, pk)
    _forget(request, child)
    _audit_read(request, child, child, "Opened the easy-read All about me")
    return render(
        request,
        "portal/voice/easy_start.html",
        _page(child, title="All about me: easy read", first=_step_url(child, 0)),
    )


@require_http_methods(["GET", "POST"])
def easy_step(request: HttpRequest, pk: UUID, step: str) -> HttpResponse:
    child = _child(request, pk)
    found = STEPS_BY_SLUG.get(step)
    if found is None:
        raise Http404
    index = EASY_STEPS.index(found)
    mine = _answers_so_far(request, child)
    form = easy_form(found)(posted(request), initial=mine["data"])
    if request.method == "POST" and form.is_valid():
        mine["data"].update(form.cleaned_data)
        _keep(request, child, mine)
        audit_record(
            request=request,
            action=AuditAction.UPDATED,
            obj=child,
            child_id=child.pk,
            summary=f"Answered {found.title} in the easy-read All about me (kept until sent)",
        )
        return redirect(_step_url(child, index + 1))
    _audit_read(request, child, child, f"Opened the easy-read All about me ({found.title})")
    back = (
        _step_url(child, index - 1)
        if index
        else reverse("portal:all_about_me_easy", args=[child.pk])
    )
    response = render(
        request,
        "portal/voice/easy_step.html",
        _page(
            child,
            title=found.title,
            form=form,
            step=found,
            number=index + 1,
            steps=len(EASY_STEPS),
            back=back,
        ),
        status=400 if form.errors else 200,
    )
    return _audit_shown_again(request, child, response, f"Easy-read All about me ({found.title})")


@require_http_methods(["GET", "POST"])
def easy_check(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _child(request, pk)
    user = request_user(request)
    mine = _answers_so_far(request, child)
    form = CheckForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.all_about_me_save(
                actor=user,
                child=child,
                data=mine["data"],
                easy_read=True,
                based_on=str(mine.get(BASED_ON, "")),
                request=request,
            )
        except StaleEditError:
            # Keep their answers; base them on what is saved now, so saving again keeps theirs.
            mine[BASED_ON] = stamp(child, values_of(child), version=services.version_of)
            _keep(request, child, mine)
            form.add_error(
                None,
                "Someone else saved All about me after you started, so your answers are not "
                "saved yet. Your answers are below: check them, then save again to keep yours",
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            _forget(request, child)
            messages.success(request, "Thank you. What you told us is saved")
            return redirect("portal:all_about_me", pk=child.pk)
    _audit_read(request, child, child, "Checked the easy-read All about me")
    shown = AllAboutMe(**{k: v for k, v in mine["data"].items() if k in _FIELDS})
    response = render(
        request,
        "portal/voice/easy_check.html",
        _page(
            child,
            title="Check your answers",
            form=form,
            answers=presenters.answers(shown),
            steps={a.field: _step_for(child, a.field) for a in presenters.answers(shown)},
            back=_step_url(child, len(EASY_STEPS) - 1),
        ),
        status=400 if form.errors else 200,
    )
    return _audit_shown_again(request, child, response, "Easy-read All about me (check)")


_FIELDS = set(services.TEXT_FIELDS) | set(services.CARD_FIELDS)


def _step_for(child: Child, field: str) -> str:
    for index, step in enumerate(EASY_STEPS):
        if field in step.fields:
            return _step_url(child, index)
    return _step_url(child, 0)


# ---------------------------------------------------------------------------------------------
# Photos, drawings, videos and documents


@require_http_methods(["GET", "POST"])
def file_add(request: HttpRequest, pk: UUID) -> HttpResponse:
    child = _child(request, pk)
    user = request_user(request)
    form = FileForm(posted(request), posted_files(request))
    _audit_read(request, child, child, "Opened adding a file to All about me")
    about = reverse("portal:all_about_me", args=[child.pk])
    return form_step(
        request,
        form,
        save=lambda data: services.all_about_me_file_add(
            actor=user,
            child=child,
            upload=data.get("file"),
            description=data.get("description", ""),
            request=request,
        ),
        template="portal/voice/file_form.html",
        context=_page(child, title="Add a photo, drawing, video or document", back=about),
        success="Thank you. Your file is saved",
        next=about,
    )


@require_http_methods(["GET", "POST"])
def file_remove(request: HttpRequest, pk: UUID, file_pk: UUID) -> HttpResponse:
    child = _child(request, pk)
    user = request_user(request)
    record: AllAboutMeFile = get_object_or_404(selectors.files(child), pk=file_pk)
    about = reverse("portal:all_about_me", args=[child.pk])
    if request.method == "POST":
        services.all_about_me_file_remove(actor=user, record=record, request=request)
        messages.success(request, "The file is removed")
        return redirect(about)
    _audit_read(request, child, record, f"Opened removing a file ({record.original_name})")
    return render(
        request,
        "portal/voice/file_remove.html",
        _page(child, title="Remove this file?", record=record, back=about),
    )


@require_http_methods(["GET"])
def file_download(request: HttpRequest, pk: UUID, file_pk: UUID) -> FileResponse:
    child = _child(request, pk)
    record: AllAboutMeFile = get_object_or_404(selectors.files(child), pk=file_pk)
    return send_file(request, child, record)


def send_file(request: HttpRequest, child: Child, record: AllAboutMeFile) -> FileResponse:
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=record,
        child_id=child.pk,
        summary=f"Downloaded a file of All about me ({record.original_name})",
    )
    return FileResponse(
        record.file.open("rb"),
        as_attachment=True,
        filename=record.original_name or "file",
        content_type=record.content_type or "application/octet-stream",
    )
