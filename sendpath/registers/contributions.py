"""What the registers add to the pages of the apps below them (``sendpath.core.registry``)."""

from __future__ import annotations

from sendpath.core import registry


def register() -> None:
    registry.add_nav(
        registry.Nav("registers:sen", "SEN Register", perm="registers.view_sen_register", order=40),
        registry.Nav(
            "registers:belonging", "Belonging Register", perm="registers.view_belonging", order=60
        ),
        registry.Nav("registers:contacts", "Key contacts", perm="registers.use_contacts", order=70),
    )
