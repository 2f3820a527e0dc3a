"""What the family's messages listen for: ``ehc`` announces, through ``core.signals``, a step
recorded on a case and the nightly refresh of deadlines, each once it has committed (``ehc``
never names the portal)."""

from __future__ import annotations

from typing import Any

from sendpath.core.signals import case_step_recorded, deadlines_refreshed

from . import tasks


def step_recorded(sender: Any, *, case_id: Any, event_id: Any, **kwargs: Any) -> None:
    tasks.messages_for_step.enqueue(str(case_id), str(event_id))


def deadlines_moved(sender: Any, *, as_of: Any, **kwargs: Any) -> None:
    tasks.messages_for_late.enqueue(as_of.isoformat())


def connect() -> None:
    case_step_recorded.connect(step_recorded, dispatch_uid="portal.messages.step_recorded")
    deadlines_refreshed.connect(deadlines_moved, dispatch_uid="portal.messages.deadlines_moved")
