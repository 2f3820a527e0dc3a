"""Comments on the Local Offer and the authority's published responses.

SEND Regulations 2014 reg 56: the local authority must publish comments about its Local Offer
from children, young people and parents, and its response to them (SEND Code of Practice
4.19-4.26). Anyone may comment, without signing in; the Local Offer team reads each comment and
either publishes a response, in its own words and without personal details, or declines it with
a reason. What the person wrote, their name and their email address are never published.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from sendpath.core.access import require
from sendpath.core.audit import audit_record
from sendpath.core.formatting import govuk_date
from sendpath.core.models import AuditAction
from sendpath.core.views import pagination, posted

from . import reference, selectors, services
from .forms_feedback import (
    COMMENT_MAX,
    CommentFilterForm,
    CommentForm,
    DeclineForm,
    PublishForm,
    ThemeFilterForm,
)
from .models import Comment, CommentStatus, Service
from .pages import render_public
from .reach import in_reach_or_404

RESPONSES_PER_PAGE = 20
COMMENTS_PER_PAGE = 25
PERM = "localoffer.answer_comments"
REG_56 = "SEND Regulations 2014, regulation 56; SEND Code of Practice 4.19 to 4.26"


# ---------------------------------------------------------------------------------------------
# Public pages: anyone may comment, and read what the council did about comments


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    return _comment_form(request, None)


@require_http_methods(["GET", "POST"])
def service_feedback(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    found = selectors.public_service(pk)
    if found is None:
        raise Http404
    return _comment_form(request, found)


def _comment_form(request: HttpRequest, service: Service | None) -> HttpResponse:
    form = CommentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.comment_submit(
            topic=data["topic"],
            body=data["comment"],
            service=service,
            name=data.get("name", ""),
            email=data.get("email", ""),
            request=request,
        )
        sent = reverse("localoffer:feedback_sent")
        return redirect(f"{sent}?service={service.pk}" if service else sent)
    return render_public(
        request,
        "localoffer/feedback/form.html",
        {
            "title": f"Tell us about {service.name}" if service else "Comment on the Local Offer",
            "form": form,
            "service": service,
            "comment_max": COMMENT_MAX,
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET"])
def feedback_sent(request: HttpRequest) -> HttpResponse:
    service = None
    value = request.GET.get("service", "")
    if value:
        try:
            service = selectors.public_service(uuid.UUID(value))
        except ValueError:
            service = None
    return render_public(
        request,
        "localoffer/feedback/sent.html",
        {"title": "Thank you for your comment", "service": service},
    )


@require_http_methods(["GET"])
def you_said(request: HttpRequest) -> HttpResponse:
    filter_form = ThemeFilterForm(request.GET)
    theme = filter_form.chosen()
    qs = selectors.published_comments()
    if theme:
        qs = qs.filter(topic=theme)
    page = Paginator(qs, RESPONSES_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    service_ids = {c.service_id for c in shown if c.service_id}
    still_public = set(
        selectors.public_services().filter(pk__in=service_ids).values_list("pk", flat=True)
    )
    return render_public(
        request,
        "localoffer/feedback/you_said.html",
        {
            "title": "You said, we did",
            "filter_form": filter_form,
            "theme": theme,
            "theme_label": reference.THEME_LABELS.get(theme, ""),
            "page": page,
            "responses": [_response(c, c.service_id in still_public) for c in shown],
            "pagination": pagination(request, page),
        },
    )


def _response(comment: Comment, service_public: bool) -> dict[str, Any]:
    """What the public sees of a comment: the staff's words only, never the person's own."""
    service = comment.service
    return {
        "theme": reference.THEME_LABELS.get(comment.topic, "Other"),
        "date": comment.decided_at,
        "service_name": service.name if service else "",
        "service_url": reverse("localoffer:service", args=[service.pk])
        if service and service_public
        else "",
        "you_said": comment.you_said,
        "we_did": comment.we_did,
        "action_taken": comment.action_taken,
    }


@require_http_methods(["GET"])
def annual_report(request: HttpRequest, year: int | None = None) -> HttpResponse:
    years = selectors.comment_years()
    if year is None:
        year = years[0] if years else timezone.localdate().year
    summary = selectors.annual_summary(year)
    return render_public(
        request,
        "localoffer/feedback/annual_report.html",
        {
            "title": f"Comments on the Local Offer in {year}",
            "year": year,
            "summary": summary,
            "other_years": [y for y in years if y != year],
            "source": REG_56,
        },
    )


# ---------------------------------------------------------------------------------------------
# Staff: the Local Offer team reads each comment and publishes a response or declines it


def _counts(qs: QuerySet[Comment]) -> dict[str, int]:
    counts = qs.aggregate(
        new=Count("pk", filter=Q(status=CommentStatus.NEW)),
        published=Count("pk", filter=Q(status=CommentStatus.PUBLISHED)),
        declined=Count("pk", filter=Q(status=CommentStatus.DECLINED)),
        all=Count("pk"),
    )
    return {k: v or 0 for k, v in counts.items()}


@require_http_methods(["GET"])
def comments(request: HttpRequest) -> HttpResponse:
    require(request, PERM, what="comments on the Local Offer")
    filter_form = CommentFilterForm(request.GET)
    status, theme = filter_form.chosen()
    qs = selectors.comments_newest_first()
    if theme:
        qs = qs.filter(topic=theme)
    counts = _counts(qs)
    if status != "all":
        qs = qs.filter(status=status)
    page = Paginator(qs, COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
    status_links = []
    for value, label in (
        (CommentStatus.NEW.value, "New"),
        (CommentStatus.PUBLISHED.value, "Response published"),
        (CommentStatus.DECLINED.value, "Declined"),
        ("all", "All comments"),
    ):
        query = f"?status={value}" + (f"&theme={theme}" if theme else "")
        status_links.append(
            {"label": label, "count": counts[value], "href": query, "current": value == status}
        )
    return render(
        request,
        "localoffer/feedback/comments.html",
        {
            "title": "Comments on the Local Offer",
            "filter_form": filter_form,
            "status": status,
            "theme": theme,
            "status_links": status_links,
            "page": page,
            "pagination": pagination(request, page),
            "theme_labels": reference.THEME_LABELS,
            "topic_labels": reference.TOPIC_LABELS,
        },
    )


def _comment_for(request: HttpRequest, pk: uuid.UUID, what: str) -> Comment:
    """The comment, once the user is known to answer comments (refusals are audited)."""
    return in_reach_or_404(request, PERM, selectors.comment_find(pk=pk), what=what)


def _publish_initial(comment: Comment) -> dict[str, str]:
    return {
        "topic": comment.topic,
        "you_said": comment.you_said or comment.body,
        "we_did": comment.we_did,
        "action_taken": comment.action_taken,
    }


def _comment_page(
    request: HttpRequest,
    comment: Comment,
    publish_form: PublishForm | None = None,
    decline_form: DeclineForm | None = None,
) -> HttpResponse:
    publish_form = publish_form or PublishForm(initial=_publish_initial(comment))
    decline_form = decline_form or DeclineForm(initial={"reason": comment.decline_reason})
    failing = next((f for f in (publish_form, decline_form) if f.is_bound and f.errors), None)
    service = comment.service
    return render(
        request,
        "localoffer/feedback/comment.html",
        {
            "title": f"Comment received {govuk_date(comment.created_at)}",
            "comment": comment,
            "topic_label": reference.TOPIC_LABELS.get(comment.topic, comment.topic),
            "theme_label": reference.THEME_LABELS.get(comment.topic, ""),
            "service": service,
            "service_public": bool(
                service and selectors.public_services().filter(pk=service.pk).exists()
            ),
            "publish_form": publish_form,
            "decline_form": decline_form,
            # The layout shows the error summary of `form`: the one that failed, if any.
            "form": failing,
        },
        status=400 if failing else 200,
    )


@require_http_methods(["GET"])
def comment(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    found = _comment_for(request, pk, "a comment on the Local Offer")
    # The person's name and email address are personal data: record who read them.
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=found,
        summary="Viewed a comment on the Local Offer",
    )
    return _comment_page(request, found)


@require_POST
def comment_publish(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    found = _comment_for(request, pk, "publishing a response to a Local Offer comment")
    form = PublishForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        was_published = found.status == CommentStatus.PUBLISHED
        try:
            services.comment_publish(
                actor=request.user,
                comment=found,
                topic=data["topic"],
                you_said=data["you_said"],
                we_did=data["we_did"],
                action_taken=data.get("action_taken", ""),
                request=request,
            )
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "The response has been updated on “You said, we did”"
                if was_published
                else "The response has been published on “You said, we did”",
            )
            return redirect("localoffer:comments")
    return _comment_page(request, found, publish_form=form)


@require_POST
def comment_decline(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    found = _comment_for(request, pk, "declining a Local Offer comment")
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.comment_decline(
                actor=request.user,
                comment=found,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "The comment has been declined. Nothing about it is published"
            )
            return redirect("localoffer:comments")
    return _comment_page(request, found, decline_form=form)
