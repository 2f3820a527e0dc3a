"""Who may build and download the SEN2 return (django-rules).

The return names every child with a plan or a request: SEND team managers and administrators
build it, see its problems and download it (``insight.sen2_return``). Leaders see counts only
(``insight.view_figures``), and caseworkers fix the problems on the records the list links to
when a manager passes them on, so neither has this page.
"""

from __future__ import annotations

import rules

from sendpath.core.rules import is_manager

SEN2_RETURN = "insight.sen2_return"

if not rules.perm_exists(SEN2_RETURN):
    rules.add_perm(SEN2_RETURN, is_manager)
