"""Who may use insight (django-rules).

- Leaders and SEND team managers (administrators included) read the figures of their own
  authority; a leader sees counts only, never a named child.
- Managers also open the list of children behind a figure (scoped to their authority, audited).
- Each part adds its own permissions beside these.
"""

from __future__ import annotations

from typing import Any

import rules

from sendpath.core.rules import is_leader, is_manager
from sendpath.people.models import Child

VIEW = "insight.view_figures"
CHILDREN = "insight.view_children"

rules.add_perm(VIEW, is_leader | is_manager)
rules.add_perm(CHILDREN, is_manager)


def counted_children(user: Any) -> Any:
    """The children whose figures a user may see: their own authority's (a leader counts them,
    a manager may also see them named)."""
    return Child.objects.counted_for(user)
