"""Who may use complaints and disagreement resolution (django-rules).

- The SEND team (caseworkers, managers, administrators) records and follows them, for the
  children of its own authority (``Child.objects.visible_to``).
- SEND team managers and administrators set their authority's response time for each stage.
- Leaders see the counts only, never a named complaint (``Child.objects.counted_for``).
- A family raises a complaint about their own child from their pages, and sees its stage.
- Schools, the Virtual School, professionals and the Local Offer team reach none of it.
"""

from __future__ import annotations

from typing import Any

import rules

from sendpath.core.rules import is_editor, is_leader, is_manager
from sendpath.people.rules import child_in_scope
from sendpath.portal.asking.rules import family_child

from ..models.complaints import Complaint

VIEW = "disputes.view_complaints"
LEADER_ONLY = is_leader


@rules.predicate
def has_complaints(user: Any, child: Any) -> bool:
    return bool(
        child is not None
        and family_child.test(user, child)
        and Complaint.objects.filter(child=child).exists()
    )


@rules.predicate
def case_child_in_scope(user: Any, case: Any) -> bool:
    """The case's child is one the user may see (for the panel on the case's page)."""
    return bool(case is not None and child_in_scope.test(user, case.child))


rules.add_perm(VIEW, is_editor)
rules.add_perm("disputes.change_complaints", is_editor)
rules.add_perm("disputes.set_complaint_times", is_manager)
rules.add_perm("disputes.count_complaints", is_editor | is_leader)
rules.add_perm("disputes.raise_complaint", family_child)

__all__ = ["LEADER_ONLY", "VIEW", "case_child_in_scope", "has_complaints", "is_editor"]
