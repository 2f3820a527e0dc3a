"""How a provision and its cost read on a page (template helpers, see ``contributions``)."""

from __future__ import annotations

from django.utils import timezone

from sendpath.people.models import Child

from ..models import CostBasis, ProvisionEntry
from ..money import pounds
from . import selectors


def how_often(entry: ProvisionEntry) -> str:
    """``"1 hour 30 minutes a week for 12 weeks"`` or ``"2 sessions a week for 10 weeks"``."""
    if entry.cost_basis == CostBasis.SESSION:
        n = entry.sessions_per_week
        return f"{n} session{'s' if n != 1 else ''} a week for {entry.weeks} weeks"
    hours, minutes = divmod(entry.minutes_per_week, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minutes")
    return f"{' '.join(parts)} a week for {entry.weeks} weeks"


def rate(entry: ProvisionEntry) -> str:
    """``"£25 an hour, shared by a group of 2"``."""
    per = "a session" if entry.cost_basis == CostBasis.SESSION else "an hour"
    group = f", shared by a group of {entry.group_size}" if entry.group_size > 1 else ""
    return f"{pounds(entry.rate_pence)} {per}{group}"


def provision_map_today(child: Child) -> selectors.ProvisionMap:
    """The child's provision map as of today, for a page that includes the map's partial."""
    return selectors.provision_map(child, timezone.localdate())
