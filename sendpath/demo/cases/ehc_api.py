"""Every name the demo's cases take from ``sendpath.ehc``, in one place.

The rest of ``sendpath.demo.cases`` imports these from here, so that when ``ehc`` moves its
modules only this file changes.
"""

from __future__ import annotations

from sendpath.ehc.amendments.selectors import CEASE_REASONS
from sendpath.ehc.cases import services
from sendpath.ehc.models import (
    Case,
    CaseEvent,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanProvision,
    PlanStatus,
    PlanVersion,
    RequestSource,
    Stage,
)
from sendpath.ehc.notices.selectors import KINDS as NOTICE_KINDS
from sendpath.ehc.notices.selectors import NOTICE_KEY
from sendpath.ehc.plans.versions import snapshot_plan
from sendpath.ehc.presenters import deadline_label
from sendpath.ehc.requests.forms import EXCEPTION_REASON_LABELS
from sendpath.ehc.reviews import selectors as reviews

__all__ = [
    "CEASE_REASONS",
    "EXCEPTION_REASON_LABELS",
    "NOTICE_KEY",
    "NOTICE_KINDS",
    "Case",
    "CaseEvent",
    "Plan",
    "PlanNeed",
    "PlanOutcome",
    "PlanProvision",
    "PlanStatus",
    "PlanVersion",
    "RequestSource",
    "Stage",
    "deadline_label",
    "reviews",
    "services",
    "snapshot_plan",
]
