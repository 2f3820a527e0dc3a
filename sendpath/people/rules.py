"""Permission predicates for children, families and organisations (django-rules).

Object-level checks all reduce to ``Child.objects.visible_to(user)``, the one scoping entry
point, so a list, a search and a record page can never disagree about who may see what.
"""

from __future__ import annotations

from typing import Any

import rules

from sendpath.core.roles import LOCAL_OFFER_ROLES
from sendpath.core.rules import (
    can_see_named_records,
    is_administrator,
    is_editor,
    is_manager,
    is_staff_member,
)

from .models import Child


@rules.predicate
def works_on_the_local_offer_only(user: Any) -> bool:
    """The Local Offer team and providers: they never see a child's record."""
    return bool(user.is_authenticated and not user.is_superuser and user.role in LOCAL_OFFER_ROLES)


works_with_records = is_staff_member & can_see_named_records & ~works_on_the_local_offer_only


@rules.predicate
def child_in_scope(user: Any, child: Child | None) -> bool:
    if child is None:
        return False
    return Child.objects.visible_to(user).filter(pk=child.pk).exists()


rules.add_perm("people.search_children", works_with_records)
rules.add_perm("people.view_child", child_in_scope)
rules.add_perm("people.add_child", is_editor)
rules.add_perm("people.change_child", is_editor & child_in_scope)
rules.add_perm("people.view_child_access_log", is_manager & child_in_scope)
rules.add_perm("people.view_organisation", works_with_records)
rules.add_perm("people.change_organisation", is_manager)
# Staff accounts of the administrator's own authority (SEND managers for their team: later).
rules.add_perm("people.manage_staff", is_administrator)
