"""Who may use SEN support records (django-rules).

- A school's SENCO keeps the records of the pupils on its roll (``Child.objects.visible_to``).
- The SEND team and the Virtual School read them, for the children in their own scope.
- A health or social care professional linked to the child reads the readiness check only.
"""

from __future__ import annotations

import rules

from sendpath.core.rules import (
    is_editor,
    is_senco,
    is_support_teacher_adviser,
    is_virtual_school,
)
from sendpath.people.rules import child_in_scope

rules.add_perm("support.use_support", is_senco)
rules.add_perm("support.change_support", is_senco)
rules.add_perm("support.view_support", is_senco | is_editor | is_virtual_school)

# Partners (the SEND team and the Virtual School): a child's SEN support, read-only, from the
# child's record and the overview page. Caseworkers, managers and administrators of the child's
# authority, Virtual School staff and Support Teacher Advisers, each for the children they may
# see (``Child.objects.visible_to``).
reads_support_as_partner = is_editor | is_virtual_school | is_support_teacher_adviser
rules.add_perm("support.view_overview", reads_support_as_partner & child_in_scope)
# A school's SEND data profile: its own SENCO.
rules.add_perm("support.view_profile", is_senco)
