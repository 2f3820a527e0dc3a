"""Background work of joint working: the weekly panel decisions digest (``digest.py``)."""

from __future__ import annotations

from django_tasks import task

from .digest import panel_digests_send


@task()
def send_panel_digests() -> int:
    """Email each authority's digest of last week's panel decisions to its Virtual School;
    returns how many authorities' digests were sent (none already sent goes again)."""
    return len(panel_digests_send().digests)
