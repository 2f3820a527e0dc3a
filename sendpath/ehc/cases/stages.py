"""Where a case is on the pathway, derived from its timeline."""

from __future__ import annotations

from sendpath.ehc.models import CaseEvent, Stage


def stage_for(events: list[CaseEvent]) -> str:
    """Where the case stands on the pathway, from its (effective) events."""
    latest: dict[str, CaseEvent] = {}
    for event in events:
        latest[event.type] = event
    if "request_withdrawn" in latest:
        return Stage.WITHDRAWN
    if "final_plan_issued" in latest:
        return Stage.FINAL_ISSUED
    outcome = latest.get("assessment_outcome")
    if outcome is not None and outcome.details.get("outcome") == "no_plan":
        return Stage.NO_PLAN
    if "draft_plan_sent" in latest:
        return Stage.DRAFT_SENT
    decision = latest.get("decision_to_assess")
    if decision is not None:
        if decision.details.get("outcome") == "no":
            return Stage.NOT_ASSESSED
        if outcome is not None:
            return Stage.DRAFTING
        return Stage.ASSESSING
    return Stage.REQUESTED
