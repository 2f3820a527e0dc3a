"""Permission predicates for statutory cases, built on the people app's scoping."""

from __future__ import annotations

from typing import Any

import rules

from sendpath.core.rules import (
    is_administrator,
    is_editor,
    is_manager,
    is_senco,
    is_virtual_school,
    works_for_authority,
)
from sendpath.people.models import Child

from .models import Case

# SEND team staff (caseworkers, managers, administrators) and the Virtual School.
works_on_cases = works_for_authority | is_virtual_school


@rules.predicate
def case_in_scope(user: Any, case: Case | None) -> bool:
    if case is None:
        return False
    return Child.objects.visible_to(user).filter(pk=case.child_id).exists()


rules.add_perm("ehc.view_worklist", is_editor)
rules.add_perm("ehc.view_panel", is_editor)
rules.add_perm("ehc.view_case", works_on_cases & case_in_scope)
rules.add_perm("ehc.change_case", is_editor & case_in_scope)
rules.add_perm("ehc.assign_case", is_manager & case_in_scope)
rules.add_perm("ehc.view_team", is_manager)


# Annual reviews are usually hosted by the school: its SENCO may see and run the reviews of its
# own pupils' plans (reg 20); the SEND team sees and decides every review.
rules.add_perm("ehc.view_reviews", is_editor | is_senco)
rules.add_perm("ehc.host_review", (is_editor | is_senco) & case_in_scope)
# Seeing a plan's reviews: those who host them, and the Virtual School for the cared-for children
# in its scope (it follows their reviews; the SEND team and the school hold them).
rules.add_perm("ehc.view_review", (works_on_cases | is_senco) & case_in_scope)
rules.add_perm("ehc.decide_review", is_editor & case_in_scope)


# Bringing in the caseload from an SEN2 return: administrators and SEND team managers.
rules.add_perm("ehc.import_caseload", is_administrator | is_manager)
# The mediation adviser's, SENDIASS's and complaints contacts every decision letter gives.
rules.add_perm("ehc.manage_disagreement_contacts", is_administrator)
