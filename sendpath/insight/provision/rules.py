"""Who may record and read alternative provision placements and preparing-for-adulthood records
(django-rules), beside insight's own permissions (``sendpath.insight.rules``).

- The SEND team's editors (caseworkers, managers, administrators) record and change both, on
  the record of a child they may see (``Child.objects.visible_to``: their own authority's).
- The oversight pages follow ``insight.view_figures`` (leaders and managers: counts) and
  ``insight.view_children`` (managers: the children named).
"""

from __future__ import annotations

import rules

from sendpath.core.rules import is_editor

RECORD = "insight.record_provision"

rules.add_perm(RECORD, is_editor)
