"""Core's own pages in the menu (``sendpath.core.registry``)."""

from __future__ import annotations

from . import registry


def register() -> None:
    registry.add_nav(
        registry.Nav(
            "signin:locked_accounts", "Locked accounts", perm="core.unlock_accounts", order=190
        )
    )
