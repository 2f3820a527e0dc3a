"""Who may ask for and send what from the family's pages (django-rules).

A family account (a parent or carer with parental responsibility, or the young person) acting
for a child it may see: ``Child.objects.visible_to`` holds the 16+ rule (CFA 2014 s.80), so a
parent whose young person has stopped their access is refused here too.
"""

from __future__ import annotations

from typing import Any

import rules
from django.utils import timezone

from sendpath.core.roles import Role
from sendpath.people.models import Child

from . import selectors


@rules.predicate
def is_family(user: Any) -> bool:
    return bool(user.is_authenticated and user.role == Role.FAMILY)


@rules.predicate
def family_child(user: Any, child: Child | None) -> bool:
    """The child is one of the family account's own (or the young person's own record)."""
    if child is None or not is_family(user):
        return False
    return Child.objects.visible_to(user).filter(pk=child.pk).exists()


# Every page of this part: one permission per thing a family can ask for or send.
for _name in (
    "ask_assessment",
    "respond_to_draft",
    "ask_personal_budget",
    "send_documents",
    "raise_concern",
    "contribute_to_review",
):
    rules.add_perm(f"portal.{_name}", family_child)


# When each thing is worth offering in the family's list of things they can do (the pages
# themselves stay open, and say plainly when there is nothing to do yet).
@rules.predicate
def no_open_request(user: Any, child: Child | None) -> bool:
    return child is not None and selectors.open_case(child) is None


@rules.predicate
def draft_waiting(user: Any, child: Child | None) -> bool:
    draft = selectors.draft_for(child) if child is not None else None
    return draft is not None and draft.open


@rules.predicate
def budget_possible(user: Any, child: Child | None) -> bool:
    return child is not None and selectors.budget_case(child) is not None


@rules.predicate
def has_an_open_case(user: Any, child: Child | None) -> bool:
    return child is not None and selectors.open_case(child) is not None


@rules.predicate
def review_arranged(user: Any, child: Child | None) -> bool:
    return child is not None and selectors.review_ahead(child, timezone.localdate()) is not None
