"""Who may see and record disagreements (django-rules).

- The SEND team (caseworkers, managers, administrators) lists, opens and records them, for the
  cases of their own authority (``Case.objects.visible_to``).
- Leaders see the counts only, never a child's record.
- A family follows their own child's disagreements from the portal (``Child.objects.visible_to``,
  the 16+ rule applied).
"""

from __future__ import annotations

import rules

from sendpath.core.rules import is_editor, is_leader
from sendpath.ehc.rules import case_in_scope
from sendpath.people.rules import child_in_scope, is_family

rules.add_perm("disputes.list_disagreements", is_editor)
rules.add_perm("disputes.view_disagreement", is_editor & case_in_scope)
rules.add_perm("disputes.change_disagreement", is_editor & case_in_scope)
rules.add_perm("disputes.count_disagreements", is_editor | is_leader)
# The menu's way to the counts, for those who have no list (the SEND team's list shows them).
rules.add_perm("disputes.counts_in_menu", is_leader & ~is_editor)
rules.add_perm("disputes.follow_disagreements", is_family & child_in_scope)
