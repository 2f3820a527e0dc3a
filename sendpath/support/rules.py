"""Who may use SEN support records (django-rules).

- A school's SENCO keeps the records of the pupils on its roll (``Child.objects.visible_to``).
- The SEND team and the Virtual School read them, for the children in their own scope.
- SEND team managers and administrators set their authority's notional SEN budget threshold.
- A health or social care professional linked to the child reads the readiness check only.
"""

from __future__ import annotations

import rules

from sendpath.core.rules import is_editor, is_manager, is_senco, is_virtual_school

rules.add_perm("support.use_support", is_senco)
rules.add_perm("support.change_support", is_senco)
rules.add_perm("support.view_support", is_senco | is_editor | is_virtual_school)
rules.add_perm("support.set_threshold", is_manager)
