"""Who may use joint working: the Virtual School and the SEND team."""

from __future__ import annotations

from typing import Any

import rules

from sendpath.people.models import AUTHORITY_ROLES, Role


@rules.predicate
def works_jointly(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.role in (*AUTHORITY_ROLES, Role.VIRTUAL_SCHOOL))
    )


rules.add_perm("jointworking.use", works_jointly)
