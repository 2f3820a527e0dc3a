"""The periods the EHC pages, forms and messages state come from the timescales rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from sendpath.ehc.presenters import DEADLINE_LABELS, period_of
from sendpath.people.models import Role
from sendpath.timescales import rule_for

from .helpers import client_for

TEMPLATES = Path(__file__).resolve().parents[1] / "jinja2"
CALL = re.compile(r"period_of\(\s*['\"]([\w:]+)['\"]\s*(?:,\s*['\"](\w+)['\"])?\s*\)")


def _calls() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for key, name in CALL.findall(path.read_text(encoding="utf-8")):
            found.append((path.name, key, name or "period"))
    return found


def test_the_pages_ask_for_periods_by_rule():
    assert len(_calls()) >= 20


@pytest.mark.parametrize(("template", "key", "name"), _calls())
def test_every_period_a_page_states_is_a_rules_period(template, key, name):
    assert period_of(key, name) == rule_for(key).periods[name].length


def test_the_words_follow_the_rule():
    assert period_of("decide_whether_to_assess") == "6 weeks"
    assert period_of("transfer_plan_out") == "15 working days"
    assert period_of("appeal_deadline", "certificate") == "1 month"
    with pytest.raises(KeyError):
        period_of("appeal_deadline")  # that rule has two periods: the page must say which


def test_deadline_names_that_state_a_period_take_it_from_the_rule():
    assert period_of("issue_final_plan") in DEADLINE_LABELS["issue_final_plan"]
    assert (
        period_of("draft_representations_close") in DEADLINE_LABELS["draft_representations_close"]
    )


def test_the_request_page_states_the_rules_periods(world):
    page = client_for(world, Role.CASEWORKER).get(
        reverse("ehc:request_create", args=[world.ours.pk])
    )
    body = page.content.decode()
    assert f"within {period_of('decide_whether_to_assess')} of receiving" in body
    assert f"within {period_of('issue_final_plan')} (reg 13(2))" in body
