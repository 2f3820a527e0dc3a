"""Permission predicates for children, families and organisations (django-rules).

Object-level checks all reduce to ``Child.objects.visible_to(user)``, the one scoping entry
point, so a list, a search and a record page can never disagree about who may see what.
"""

from __future__ import annotations

from typing import Any

import rules

from .models import EDITOR_ROLES, Child, Role


@rules.predicate
def is_staff_member(user: Any) -> bool:
    return bool(user.is_authenticated and user.role != Role.FAMILY)


@rules.predicate
def can_see_named_records(user: Any) -> bool:
    """Everyone but leaders, who see aggregates only."""
    return bool(user.is_authenticated and (user.is_superuser or user.role != Role.LEADER))


@rules.predicate
def is_editor(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role in EDITOR_ROLES))


@rules.predicate
def is_manager(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.role in (Role.MANAGER, Role.ADMINISTRATOR))
    )


@rules.predicate
def is_administrator(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.ADMINISTRATOR))


@rules.predicate
def child_in_scope(user: Any, child: Child | None) -> bool:
    if child is None:
        return False
    return Child.objects.visible_to(user).filter(pk=child.pk).exists()


rules.add_perm("people.search_children", is_staff_member & can_see_named_records)
rules.add_perm("people.view_child", child_in_scope)
rules.add_perm("people.add_child", is_editor)
rules.add_perm("people.change_child", is_editor & child_in_scope)
rules.add_perm("people.view_child_access_log", is_manager & child_in_scope)
rules.add_perm("people.view_organisation", is_staff_member & can_see_named_records)
rules.add_perm("people.change_organisation", is_manager)
