"""Who may maintain the Local Offer. Reading it needs no sign-in; changing it does.

- The Local Offer team, SEND team managers and administrators maintain every entry and
  answer comments.
- A service provider keeps its own organisation's entries up to date, and nothing else.
- Only administrators import another authority's feed.
- Caseworkers, SENCOs, the Virtual School, professionals, families and leaders use the public
  pages like anyone else.
"""

from __future__ import annotations

from typing import Any

import rules

from sendpath.core.rules import is_administrator, is_local_offer_team, is_provider


@rules.predicate
def provides(user: Any, service: Any) -> bool:
    return bool(
        service is not None
        and service.provider.organisation_id is not None
        and service.provider.organisation_id == user.organisation_id
    )


may_manage = is_local_offer_team | is_provider
rules.add_perm("localoffer.manage", may_manage)
rules.add_perm("localoffer.add_service", is_local_offer_team | is_provider)
rules.add_perm("localoffer.change_service", is_local_offer_team | (is_provider & provides))
rules.add_perm("localoffer.answer_comments", is_local_offer_team)
# Which organisation's staff keep a provider's entries up to date (and its details).
rules.add_perm("localoffer.change_provider", is_local_offer_team)
rules.add_perm("localoffer.import_feed", is_administrator)
