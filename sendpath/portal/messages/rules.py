"""Who may do what with the family's messages (django-rules).

- A parent or carer with parental responsibility, or a young person with their own account,
  sets how they want to hear from us (``/my/preferences/``): their own preference only.
- The SEND team of the case's authority (caseworkers, managers, administrators) see the
  messages to the family on the case, with the family's addresses; those who may change the
  case send a failed one again and mark letters posted. Nobody else (not a school, nor the
  Virtual School, nor another authority).
"""

from __future__ import annotations

from typing import Any

import rules

from sendpath.core.rules import works_for_authority
from sendpath.ehc.rules import case_in_scope
from sendpath.people.rules import is_family

from . import selectors


@rules.predicate
def hears_about_a_child(user: Any) -> bool:
    """A family account that is told about at least one child (a parent with parental
    responsibility, or a young person with their own record)."""
    return bool(selectors.own_contacts(user=user))


rules.add_perm("portal.set_contact_preferences", is_family & hears_about_a_child)
rules.add_perm("portal.view_family_messages", works_for_authority & case_in_scope)
