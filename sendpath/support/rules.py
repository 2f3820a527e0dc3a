"""Who may use SEN support records (django-rules).

- A school's SENCO keeps the records of the pupils on its roll (``Child.objects.visible_to``).
- The SEND team and the Virtual School read them, for the children in their own scope.
- SEND team managers and administrators set their authority's notional SEN budget threshold.
- A health or social care professional linked to the child reads the readiness check only.
"""

from __future__ import annotations

from typing import Any

import rules

from sendpath.core.roles import Role
from sendpath.core.rules import (
    is_editor,
    is_manager,
    is_senco,
    is_support_teacher_adviser,
    is_virtual_school,
)
from sendpath.people.rules import child_in_scope

rules.add_perm("support.use_support", is_senco)
rules.add_perm("support.change_support", is_senco)
rules.add_perm("support.view_support", is_senco | is_editor | is_virtual_school)
rules.add_perm("support.set_threshold", is_manager)


@rules.predicate
def is_professional(user: Any) -> bool:
    """A health or social care professional (their reach: the children they are linked to)."""
    return bool(user is not None and user.is_authenticated and user.role == Role.PROFESSIONAL)


# The readiness check: the school, the SEND team, the Virtual School, and (read-only, in plain
# English) a professional linked to the child (seed 004: advice for social care).
rules.add_perm("support.view_readiness", is_senco | is_editor | is_virtual_school | is_professional)
# Asking for an EHC needs assessment from the record, and the follow-up after a decision not
# to assess: the school.
rules.add_perm("support.request_assessment", is_senco)

# Partners (the SEND team and the Virtual School): a child's SEN support, read-only, from the
# child's record and the overview page. Caseworkers, managers and administrators of the child's
# authority, Virtual School staff and Support Teacher Advisers, each for the children they may
# see (``Child.objects.visible_to``).
reads_support_as_partner = is_editor | is_virtual_school | is_support_teacher_adviser
rules.add_perm("support.view_overview", reads_support_as_partner & child_in_scope)
# On the child's record, a linked professional's one way into SEN support: the readiness check
# (the school and partners reach it from their own SEN support panels).
rules.add_perm("support.readiness_panel", is_professional)
# A school's SEND data profile: its own SENCO.
rules.add_perm("support.view_profile", is_senco)
