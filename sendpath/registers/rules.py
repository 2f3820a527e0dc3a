"""Who may use the registers (django-rules).

- The SEN Register: the SEND team, the Virtual School and SENCOs (each sees the children in
  their own scope).
- The Belonging Register: the SEND team (caseworkers, managers, administrators) and the Virtual
  School, who share it under the joint working protocol.
- Key contacts: the SEND team and the Virtual School.
"""

from __future__ import annotations

import rules

from sendpath.core.rules import is_editor, is_senco, is_virtual_school

rules.add_perm("registers.view_sen_register", is_editor | is_virtual_school | is_senco)
rules.add_perm("registers.view_belonging", is_editor | is_virtual_school)
rules.add_perm("registers.use_contacts", is_editor | is_virtual_school)
