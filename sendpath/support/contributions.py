"""What SEN support adds to the pages of the apps below it (``sendpath.core.registry``)."""

from __future__ import annotations

from sendpath.core import reference, registry
from sendpath.core.roles import Role


def need_label(code: str) -> str:
    """A census type of need's name, from its code (the code itself if unknown)."""
    return str(reference.NEED_LABELS.get(code, code))


def register() -> None:
    registry.add_nav(
        registry.Nav("support:home", "SEN support", perm="support.use_support", order=25),
    )
    # On the child's record: a link to their SEN support page, for the school's SENCO (the
    # SEND team and the Virtual School have the partners' panel, ``partners/contributions.py``).
    registry.add_panel(
        registry.Panel(
            slot=registry.CHILD_RECORD,
            template="support/cycles/_child_panel.html",
            perm="support.use_support",
            order=20,
        )
    )
    registry.add_template_global("support_need_label", need_label)
    # A SENCO starts on their school's SEN support.
    registry.add_home_page(
        registry.HomePage(roles=(Role.SENCO,), url_name="support:home", perm="support.use_support")
    )
