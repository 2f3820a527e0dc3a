"""Reads of what a family has told us ("All about me"), always for a child already in scope."""

from __future__ import annotations

from django.db.models import QuerySet

from sendpath.people.models import Child

from ..models import AllAboutMe, AllAboutMeFile


def versions(child: Child) -> QuerySet[AllAboutMe]:
    """Every version the family saved, newest first."""
    return AllAboutMe.objects.filter(child=child).order_by("-number")


def latest(child: Child) -> AllAboutMe | None:
    return versions(child).first()


def latest_number(child: Child) -> int:
    """The version a change is based on (0 before anything is saved): see
    ``core.concurrency``, where it is the record's version."""
    found = versions(child).values_list("number", flat=True).first()
    return int(found or 0)


def files(child: Child) -> QuerySet[AllAboutMeFile]:
    return AllAboutMeFile.objects.filter(child=child).order_by("-created_at")
