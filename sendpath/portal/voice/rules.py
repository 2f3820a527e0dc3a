"""Who may tell us and who may read "All about me" (django-rules), registered from this part's
``contributions.register()``.

- A family account (a parent or carer with access, or the young person themselves) tells us
  about the children it may see (``Child.objects.visible_to``: the 16+ rule is in it).
- SEND team staff and the Virtual School read it on the case's pages, for the cases in their
  scope; a school's SENCO reads it on the review page of a pupil on its roll (the school
  hosts reviews). Caseworkers, managers and administrators put it into section A of the plan.
"""

from __future__ import annotations

import rules

from sendpath.core.rules import is_editor, is_senco
from sendpath.ehc.rules import case_in_scope, works_on_cases
from sendpath.people.rules import child_in_scope, is_family

TELL = "portal.tell_all_about_me"
READ = "portal.read_family_voice"
USE = "portal.use_family_words"


def register() -> None:
    rules.set_perm(TELL, is_family & child_in_scope)
    rules.set_perm(READ, (works_on_cases | is_senco) & case_in_scope)
    rules.set_perm(USE, is_editor & case_in_scope)
