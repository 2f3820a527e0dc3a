"""Who may use joint working: the Virtual School and the SEND team."""

from __future__ import annotations

import rules

from sendpath.core.rules import is_virtual_school, works_for_authority

works_jointly = works_for_authority | is_virtual_school

rules.add_perm("jointworking.use", works_jointly)
