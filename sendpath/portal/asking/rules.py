"""Who may ask for and send what from the family's pages (django-rules).

A family account (a parent or carer with parental responsibility, or the young person) acting
for a child it may see: ``Child.objects.visible_to`` holds the 16+ rule (CFA 2014 s.80), so a
parent whose young person has stopped their access is refused here too.
"""

from __future__ import annotations

from typing import Any

import rules

from sendpath.core.roles import Role
from sendpath.people.models import Child


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
