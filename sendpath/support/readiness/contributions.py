"""What the readiness check adds to the child's record (``sendpath.core.registry``)."""

from __future__ import annotations

from sendpath.core import registry


def register() -> None:
    registry.add_panel(
        registry.Panel(
            slot=registry.CHILD_RECORD,
            template="support/readiness/panel.html",
            perm="support.readiness_panel",
            order=30,
        )
    )
