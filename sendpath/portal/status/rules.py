"""Who may follow a child's case on the family's pages (django-rules).

Both reduce to ``Child.objects.visible_to`` (``people.rules.child_in_scope``): a parent with
access (the 16+ rule applied) or the young person whose record it is; for the plan page also a
carer given read access to a cared-for child's plan (``people.view_plan_as_carer``).
"""

from __future__ import annotations

import rules

from sendpath.people.rules import carer_may_read_plan, child_in_scope, is_family

rules.add_perm("portal.follow_case", is_family & child_in_scope)
rules.add_perm("portal.read_plan", is_family & (child_in_scope | carer_may_read_plan))
