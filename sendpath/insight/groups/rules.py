"""Who may enter the authority's 0-25 population (django-rules): its administrators. Reading
the groups page and its lists uses insight's own permissions (``sendpath.insight.rules``)."""

from __future__ import annotations

import rules

from sendpath.core.rules import is_administrator

CHANGE_POPULATION = "insight.change_population"

rules.add_perm(CHANGE_POPULATION, is_administrator)
