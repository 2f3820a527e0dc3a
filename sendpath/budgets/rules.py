"""Who may use personal budgets (django-rules).

- The SEND team (caseworkers, managers, administrators) records and decides budgets for the
  children of its own authority (``Child.objects.visible_to``), and reads the list.
- A leader sees the list's counts only, never a named budget.
- A family reads its own child's budget, and may withdraw its consent to direct payments.
"""

from __future__ import annotations

from typing import Any

import rules

from sendpath.core.roles import Role
from sendpath.core.rules import is_editor
from sendpath.people.models import Child
from sendpath.people.rules import is_family


@rules.predicate
def is_leader(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.role == Role.LEADER)


@rules.predicate
def own_child(user: Any, child: Child | None) -> bool:
    if child is None:
        return False
    return Child.objects.visible_to(user).filter(pk=child.pk).exists()


@rules.predicate
def has_budget(user: Any, child: Child | None) -> bool:
    return child is not None and child.personal_budgets.exists()


rules.add_perm("budgets.view_list", is_editor | is_leader)
rules.add_perm("budgets.view_budgets", is_editor)
rules.add_perm("budgets.change_budgets", is_editor)
rules.add_perm("budgets.family_view", is_family & own_child)
rules.add_perm("budgets.family_offer", is_family & own_child & has_budget)
