"""Permission predicates for statutory cases, built on the people app's scoping."""

from __future__ import annotations

from typing import Any

import rules

from sendpath.people.models import AUTHORITY_ROLES, EDITOR_ROLES, Child, Role

from .models import Case


@rules.predicate
def works_on_cases(user: Any) -> bool:
    """SEND team staff (caseworkers, managers, administrators) and the Virtual School."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.role in (*AUTHORITY_ROLES, Role.VIRTUAL_SCHOOL))
    )


@rules.predicate
def is_case_editor(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role in EDITOR_ROLES))


@rules.predicate
def is_team_manager(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.role in (Role.MANAGER, Role.ADMINISTRATOR))
    )


@rules.predicate
def case_in_scope(user: Any, case: Case | None) -> bool:
    if case is None:
        return False
    return Child.objects.visible_to(user).filter(pk=case.child_id).exists()


rules.add_perm("ehc.view_worklist", is_case_editor)
rules.add_perm("ehc.view_panel", is_case_editor)
rules.add_perm("ehc.view_case", works_on_cases & case_in_scope)
rules.add_perm("ehc.change_case", is_case_editor & case_in_scope)
rules.add_perm("ehc.assign_case", is_team_manager & case_in_scope)
rules.add_perm("ehc.view_team", is_team_manager)


@rules.predicate
def is_senco(user: Any) -> bool:
    return bool(user.is_authenticated and user.role == Role.SENCO)


# Annual reviews are usually hosted by the school: its SENCO may see and run the reviews of its
# own pupils' plans (reg 20); the SEND team sees and decides every review.
rules.add_perm("ehc.view_reviews", is_case_editor | is_senco)
rules.add_perm("ehc.host_review", (is_case_editor | is_senco) & case_in_scope)
rules.add_perm("ehc.decide_review", is_case_editor & case_in_scope)
