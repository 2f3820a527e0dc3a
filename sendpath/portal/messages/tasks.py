"""Background work of the family's messages: working out who to tell and queueing their
messages runs as a task (django-tasks), so a caseworker's page and the nightly refresh never
wait for it; each message is then sent by its own task (``core.notify.deliver``)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from . import services


@task()
def messages_for_step(case_id: str, event_id: str) -> int:
    """Queue the family's messages about one recorded step; returns how many were queued."""
    return len(services.family_messages_for_step(case_id=case_id, event_id=event_id))


@task()
def messages_for_late(as_of: str) -> int:
    """Queue the family's messages about steps now late, after the nightly refresh."""
    return services.family_messages_for_late(as_of=dt.date.fromisoformat(as_of))
