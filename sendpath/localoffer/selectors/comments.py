"""Comments on the Local Offer: those published, and the annual summary by theme."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import (
    Count,
    Q,
    QuerySet,
)
from django.db.models.functions import ExtractYear

from .. import reference
from ..models import (
    Comment,
    CommentStatus,
)


def published_comments() -> QuerySet[Comment]:
    return (
        Comment.objects.filter(status=CommentStatus.PUBLISHED)
        .select_related("service")
        .order_by("-decided_at")
    )


def comments_newest_first() -> QuerySet[Comment]:
    """Every comment, newest first, with the entry it is about (for the team that answers)."""
    return Comment.objects.select_related("service").order_by("-created_at")


def comment_find(*, pk: Any) -> Comment | None:
    """One comment with its entry and who decided on it, or None."""
    return Comment.objects.select_related("service", "decided_by").filter(pk=pk).first()


def comment_years() -> list[int]:
    years = (
        Comment.objects.annotate(year=ExtractYear("created_at"))
        .order_by()  # the default ordering would make DISTINCT return one row a comment
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted({y for y in years if y}, reverse=True)


def annual_summary(year: int) -> dict[str, Any]:
    """Comments received in a calendar year and what became of them, by theme."""
    # A year a date cannot hold (a typed address like /annual-report/99999/) has no comments,
    # rather than an error from building its bounds.
    in_year = (
        Comment.objects.filter(created_at__year=year)
        if dt.MINYEAR < year < dt.MAXYEAR
        else Comment.objects.none()
    )
    rows = in_year.values("topic").annotate(
        received=Count("pk"),
        published=Count("pk", filter=Q(status=CommentStatus.PUBLISHED)),
        declined=Count("pk", filter=Q(status=CommentStatus.DECLINED)),
        open=Count("pk", filter=Q(status=CommentStatus.NEW)),
    )
    by_topic = {r["topic"]: r for r in rows}
    themes = []
    for topic, label in reference.THEME_LABELS.items():
        r = by_topic.get(topic, {})
        themes.append(
            {
                "topic": topic,
                "label": label,
                "received": r.get("received", 0),
                "published": r.get("published", 0),
                "declined": r.get("declined", 0),
                "open": r.get("open", 0),
            }
        )
    totals = {k: sum(t[k] for t in themes) for k in ("received", "published", "declined", "open")}
    return {"year": year, "themes": themes, "totals": totals}
