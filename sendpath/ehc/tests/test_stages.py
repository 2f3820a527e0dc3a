"""The one table of which step is allowed at which stage."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sendpath.ehc.cases.stages import STEP_STAGES, Step, require_step, step_allowed
from sendpath.ehc.models import Case, Stage


def test_every_step_has_stages_and_a_reason():
    assert set(STEP_STAGES) == set(Step)
    for rule in STEP_STAGES.values():
        assert rule.stages
        assert rule.refusal


@pytest.mark.parametrize("step", list(Step))
@pytest.mark.parametrize("stage", list(Stage))
def test_a_step_is_allowed_only_in_its_stages(step, stage):
    case = Case(stage=stage)
    allowed = stage in STEP_STAGES[step].stages
    assert step_allowed(case, step) is allowed
    if allowed:
        require_step(case, step)
    else:
        with pytest.raises(ValidationError) as refused:
            require_step(case, step)
        assert refused.value.messages == [STEP_STAGES[step].refusal]


def test_reviews_need_an_open_case():
    closed = Case(stage=Stage.FINAL_ISSUED, closed_at=timezone.now())
    assert not step_allowed(closed, Step.REVIEW)
    assert step_allowed(closed, Step.AMEND)
    with pytest.raises(ValidationError, match="Reviews can only be recorded on a plan in force"):
        require_step(closed, Step.REVIEW)


def test_the_plan_is_drafted_from_the_assessment_until_the_final_plan():
    assert STEP_STAGES[Step.EDIT_PLAN].stages == {Stage.ASSESSING, Stage.DRAFTING, Stage.DRAFT_SENT}
    assert STEP_STAGES[Step.SEND_DRAFT].stages == {Stage.DRAFTING}
    assert STEP_STAGES[Step.ISSUE_FINAL].stages == {Stage.DRAFT_SENT}


def test_a_case_is_closed_only_once_the_pathway_decisions_are_made():
    for stage in (Stage.REQUESTED, Stage.ASSESSING, Stage.DRAFTING, Stage.DRAFT_SENT):
        assert not step_allowed(Case(stage=stage), Step.CLOSE)
    for stage in (Stage.NOT_ASSESSED, Stage.NO_PLAN, Stage.FINAL_ISSUED, Stage.WITHDRAWN):
        assert step_allowed(Case(stage=stage), Step.CLOSE)
    with pytest.raises(ValidationError, match="while pathway decisions are outstanding"):
        require_step(Case(stage=Stage.DRAFTING), Step.CLOSE)


def test_templates_ask_the_table_by_step_name_and_an_unknown_name_fails():
    from sendpath.ehc.contributions import case_step_allowed

    assert case_step_allowed(Case(stage=Stage.REQUESTED), "decide_to_assess")
    assert not case_step_allowed(Case(stage=Stage.ASSESSING), "decide_to_assess")
    with pytest.raises(ValueError, match="not a valid Step"):
        case_step_allowed(Case(stage=Stage.REQUESTED), "decide_to_asses")
