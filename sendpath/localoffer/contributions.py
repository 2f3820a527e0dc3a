"""What the Local Offer adds to the staff pages (``sendpath.core.registry``)."""

from __future__ import annotations

from sendpath.core import registry
from sendpath.core.roles import LOCAL_OFFER_ROLES


def register() -> None:
    registry.add_nav(
        registry.Nav("localoffer:manage", "Local Offer", perm="localoffer.manage", order=80)
    )
    # The Local Offer team and providers work on the Local Offer, not on children's records.
    registry.add_home_page(
        registry.HomePage(
            roles=LOCAL_OFFER_ROLES, url_name="localoffer:manage", perm="localoffer.manage"
        )
    )
