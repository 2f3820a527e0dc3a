"""Where a case is on the pathway, and which step may be taken at which stage.

``stage_for`` derives the stage from the case's timeline. ``STEP_STAGES`` is the one table of
the stages in which each step is allowed: views ask ``step_allowed`` to show, hide or guard an
action, and services call ``require_step``, which refuses with the plain-English reason.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import ValidationError

from sendpath.ehc.models import OPEN_STAGES, Case, Stage


class TimelineEvent(Protocol):
    """What is read of an event to place a case: a ``CaseEvent`` or a lighter row of one."""

    @property
    def type(self) -> str: ...

    @property
    def date(self) -> dt.date | None: ...

    @property
    def details(self) -> Any: ...


def stage_for(events: Sequence[TimelineEvent]) -> str:
    """Where the case stands on the pathway, from its (effective) events."""
    latest: dict[str, TimelineEvent] = {}
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


class Step(enum.StrEnum):
    """A step a caseworker takes that only fits some stages of the pathway."""

    DECIDE_TO_ASSESS = "decide_to_assess"
    DECIDE_TO_ISSUE = "decide_to_issue"
    EDIT_PLAN = "edit_plan"
    SEND_DRAFT = "send_draft"
    CONSULT_SETTINGS = "consult_settings"
    ISSUE_FINAL = "issue_final"
    REVIEW = "review"
    MOVE_OUT = "move_out"
    AMEND = "amend"
    CLOSE = "close"


@dataclass(frozen=True)
class StepRule:
    stages: frozenset[Stage]
    refusal: str
    open_case_only: bool = False


STEP_STAGES: dict[Step, StepRule] = {
    Step.DECIDE_TO_ASSESS: StepRule(
        frozenset({Stage.REQUESTED}),
        "The decision whether to assess is made once, while the request is being considered",
    ),
    Step.DECIDE_TO_ISSUE: StepRule(
        frozenset({Stage.ASSESSING}),
        "The decision whether to issue a plan is made once, at the end of the assessment",
    ),
    Step.EDIT_PLAN: StepRule(
        frozenset({Stage.ASSESSING, Stage.DRAFTING, Stage.DRAFT_SENT}),
        "The plan can only be drafted once the authority has decided to assess, "
        "and until the final plan is issued",
    ),
    Step.SEND_DRAFT: StepRule(
        frozenset({Stage.DRAFTING}),
        "The draft can only be sent after the decision to issue a plan, and only once",
    ),
    Step.CONSULT_SETTINGS: StepRule(
        frozenset({Stage.DRAFT_SENT}),
        "Settings are consulted on the draft plan: send the draft to the family first",
    ),
    Step.ISSUE_FINAL: StepRule(
        frozenset({Stage.DRAFT_SENT}),
        "The final plan can only be issued once, after the draft is sent",
    ),
    Step.REVIEW: StepRule(
        frozenset({Stage.FINAL_ISSUED}),
        "Reviews can only be recorded on a plan in force",
        open_case_only=True,
    ),
    Step.MOVE_OUT: StepRule(
        frozenset({Stage.FINAL_ISSUED}),
        "Only a case with a final plan issued can move to another authority",
    ),
    Step.AMEND: StepRule(
        frozenset({Stage.FINAL_ISSUED}),
        "Only a final plan that has been issued can be amended or ceased",
    ),
    Step.CLOSE: StepRule(
        frozenset(Stage) - frozenset(OPEN_STAGES),
        "A case cannot be closed while pathway decisions are outstanding",
    ),
}


def step_allowed(case: Case, step: Step) -> bool:
    """Whether the case's stage allows the step (and, for some steps, whether it is open)."""
    rule = STEP_STAGES[step]
    return case.stage in rule.stages and (case.is_open or not rule.open_case_only)


def require_step(case: Case, step: Step) -> None:
    """Refuse the step, with its plain-English reason, unless the case's stage allows it."""
    if not step_allowed(case, step):
        raise ValidationError(STEP_STAGES[step].refusal)
