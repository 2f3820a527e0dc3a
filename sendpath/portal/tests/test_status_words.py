"""The family's words cover every rule the engine has, and read from the rules' own periods."""

from __future__ import annotations

from sendpath.ehc.presenters import period_of
from sendpath.portal.status import words
from sendpath.timescales import RULES


def test_every_statutory_rule_has_family_words_and_a_plain_source():
    for rule in RULES:
        said = words.deadline_words(
            rule.key.replace("<id>", "x").replace("<kind>", "assess"), young_person=False
        )
        if rule.family in words.NOT_SHOWN:
            assert said is None
            continue
        assert said is not None, rule.key
        assert all((said.what, said.who, said.law)), rule.key
        plain = words.plain_source(rule.source)
        assert not any(short in plain for short in ("reg ", "CFA", "CoP", "HESC")), plain


def test_the_periods_said_are_the_rules_own():
    for key in ("decide_whether_to_assess", "decide_whether_to_issue_plan", "issue_final_plan"):
        said = words.deadline_words(key, young_person=False)
        assert said is not None
        assert f"within {period_of(key)} of getting the request" in said.law


def test_a_young_person_is_spoken_to_directly():
    said = words.deadline_words("setting_response:x", young_person=True)
    assert said is not None
    assert "your needs" in said.what
    assert "child" not in said.what
    title, next_ = words.stage_words("assessing", young_person=True)
    assert "child" not in title + next_


def test_notes_and_unknown_steps_are_never_shown():
    for hidden in ("note", "exception", "panel_discussed", "whatever"):
        assert words.event_words(hidden, {"reasons": "secret"}, young_person=False) is None
