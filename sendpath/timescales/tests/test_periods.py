"""Each rule's period is the one source of its arithmetic and its words.

* a period's words, read back with the "How time is counted" table of TIMESCALES.md (written out
  again here, with a plain day-by-day reckoning of each row), give the date the period computes;
* a period of N months beginning with X follows the corresponding-date rule;
* every rule's words are its periods' words (change a period and the words change);
* the engine counts every deadline with its rule's period.
"""

from __future__ import annotations

import doctest
import re
import string
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sendpath.timescales import RULES, RULES_BY_FAMILY, periods, rules
from sendpath.timescales.calendar import (
    WorkingDayCalendar,
    add_months,
    days_in_month,
    default_calendar,
    period_of_months,
)
from sendpath.timescales.periods import Kind, Period
from sendpath.timescales.tests import ev, run

CAL = default_calendar()
D = date.fromisoformat
ONE = timedelta(days=1)

anchors = st.dates(min_value=date(2001, 1, 1), max_value=date(2069, 12, 31))


def test_docstring_examples() -> None:
    for module in (periods, rules):
        failed, _ = doctest.testmod(module, raise_on_error=False)
        assert failed == 0, module.__name__


# -- the table of TIMESCALES.md, read back from the words ------------------------------------

_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}


def _walk(day: date, step: int, n: int, cal: WorkingDayCalendar) -> date:
    """The nth working day stepping from ``day`` (not counted) by ``step`` (+1 or -1)."""
    while n:
        day += timedelta(days=step)
        if cal.is_working_day(day):
            n -= 1
    return day


def _months_later(day: date, n: int) -> tuple[int, int]:
    total = day.month - 1 + n
    return day.year + total // 12, total % 12 + 1


def _same_day_or_month_end(day: date, n: int) -> date:
    year, month = _months_later(day, n)
    return date(year, month, min(day.day, days_in_month(year, month)))


def _corresponding_date_end(day: date, n: int) -> date:
    year, month = _months_later(day, n)
    if day.day > days_in_month(year, month):
        return date(year, month, days_in_month(year, month))
    return date(year, month, day.day) - ONE


def _beginning_with_working_days(day: date, n: int, cal: WorkingDayCalendar) -> date:
    counted = 1 if cal.is_working_day(day) else 0
    return day if counted == n else _walk(day, 1, n - counted, cal)


# Each row: the words as they appear on pages (X or Y is the anchor), and what they mean.
_Reckon = Callable[[re.Match[str], date, WorkingDayCalendar], date]
TABLE: list[tuple[str, _Reckon]] = [
    (
        r"(\d+) weeks? from X",
        lambda m, x, cal: x + timedelta(days=7 * int(m[1])),
    ),
    (
        r"(\d+) months? from X",
        lambda m, x, cal: _same_day_or_month_end(x, int(m[1])),
    ),
    (
        r"(\d+) days? from X",
        lambda m, x, cal: x + timedelta(days=int(m[1])),
    ),
    (
        r"(\d+) working days? from X",
        lambda m, x, cal: _walk(x, 1, int(m[1]), cal),
    ),
    (
        r"last day of the period of (\d+) days? beginning with X",
        lambda m, x, cal: x + timedelta(days=int(m[1]) - 1),
    ),
    (
        r"last day of the period of (\d+) months? beginning with X",
        lambda m, x, cal: _corresponding_date_end(x, int(m[1])),
    ),
    (
        r"(\d+) working days? beginning with X",
        lambda m, x, cal: _beginning_with_working_days(x, int(m[1]), cal),
    ),
    (
        r"at least (\d+) weeks? before X",
        lambda m, x, cal: x - timedelta(days=7 * int(m[1])),
    ),
    (
        r"at least (\d+) working days? before X",
        lambda m, x, cal: _walk(x, -1, int(m[1]), cal),
    ),
    (
        r"before (\d+) (\w+) of X",
        lambda m, x, cal: date(x.year, _MONTHS[m[2]], int(m[1])) - ONE,
    ),
]


def _read(words: str, anchor: date, cal: WorkingDayCalendar) -> date:
    """The date that ``words`` (anchor written as X) give, by exactly one row of the table."""
    found = [
        reckon(match, anchor, cal)
        for pattern, reckon in TABLE
        if (match := re.fullmatch(pattern, words))
    ]
    assert len(found) == 1, f"{words!r} matches {len(found)} rows of the table"
    return found[0]


def _periods() -> st.SearchStrategy[Period]:
    counted = st.builds(
        Period,
        st.integers(min_value=1, max_value=60),
        st.sampled_from([kind for kind in Kind if kind is not Kind.BEFORE_DATE]),
    )
    fixed = st.builds(
        Period.before, st.integers(min_value=1, max_value=28), st.integers(1, 12)
    ) | st.sampled_from([Period.before(31, 3), Period.before(30, 11), Period.before(31, 12)])
    return counted | fixed


@settings(max_examples=600, deadline=None)
@given(period=_periods(), anchor=anchors)
def test_the_words_of_a_period_give_its_date(period: Period, anchor: date) -> None:
    assert period.last_day(anchor, CAL) == _read(period.phrase("X"), anchor, CAL)


def test_every_kind_is_read_by_one_row_of_the_table() -> None:
    rows = {pattern for pattern, _ in TABLE}
    assert len(rows) == len(Kind)
    for kind in Kind:
        period = Period.before(15, 2) if kind is Kind.BEFORE_DATE else Period(3, kind)
        _read(period.phrase("X"), D("2026-04-10"), CAL)


@pytest.mark.parametrize(
    ("period", "length", "phrase"),
    [
        (Period.weeks(6), "6 weeks", "6 weeks from X"),
        (Period.months(1), "1 month", "1 month from X"),
        (Period.days(30), "30 days", "30 days from X"),
        (Period.working_days(3), "3 working days", "3 working days from X"),
        (
            Period.days_beginning_with(15),
            "15 days",
            "last day of the period of 15 days beginning with X",
        ),
        (
            Period.months_beginning_with(3),
            "3 months",
            "last day of the period of 3 months beginning with X",
        ),
        (
            Period.working_days_beginning_with(15),
            "15 working days",
            "15 working days beginning with X",
        ),
        (Period.weeks_before(2), "2 weeks", "at least 2 weeks before X"),
        (Period.working_days_before(1), "1 working day", "at least 1 working day before X"),
        (Period.before(15, 2), "15 February", "before 15 February of X"),
    ],
)
def test_words(period: Period, length: str, phrase: str) -> None:
    assert period.length == str(period) == f"{period}" == length
    assert period.phrase("X") == f"{period:X}" == phrase


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Period.weeks(0), "at least 1"),
        (lambda: Period.months_beginning_with(-1), "at least 1"),
        (lambda: Period.before(29, 2), "no day 29"),
        (lambda: Period.before(1, 13), "month must be"),
        (lambda: Period(3, Kind.WEEKS, 2), "only a fixed date"),
    ],
)
def test_impossible_periods_are_refused(make: Callable[[], Period], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_periods_are_values() -> None:
    assert Period.weeks(6) == Period(6, Kind.WEEKS)
    assert Period.weeks(6) != Period.days(42)
    assert hash(Period.weeks(6)) == hash(Period(6, Kind.WEEKS))


# -- a period of N months beginning with X: the corresponding-date rule ------------------------


@pytest.mark.parametrize(
    ("transfer", "last_day"),
    [("2026-04-10", "2026-07-09"), ("2026-08-31", "2026-11-30"), ("2026-11-30", "2027-02-28")],
)
def test_three_months_beginning_with_the_contracts_examples(transfer: str, last_day: str) -> None:
    assert Period.months_beginning_with(3).last_day(D(transfer)) == D(last_day)


@settings(max_examples=500, deadline=None)
@given(start=anchors, n=st.integers(min_value=1, max_value=60))
def test_months_beginning_with_ends_the_day_before_the_corresponding_date(
    start: date, n: int
) -> None:
    end = period_of_months(start, n)
    year, month = _months_later(start, n)
    if start.day <= days_in_month(year, month):
        # The corresponding date exists: the period ends the day before it.
        assert end + ONE == date(year, month, start.day)
        assert end == add_months(start, n) - ONE
    else:
        # It does not: the period ends with the last day of that month, the same day as
        # "within N months of X" (the month-end clamp of its own row).
        assert (end.year, end.month, end.day) == (year, month, days_in_month(year, month))
        assert end == add_months(start, n)


@settings(max_examples=500, deadline=None)
@given(start=anchors, n=st.integers(min_value=1, max_value=60))
def test_months_beginning_with_a_later_start_never_ends_earlier(start: date, n: int) -> None:
    end = period_of_months(start, n)
    assert start < end <= period_of_months(start + ONE, n)
    assert period_of_months(start, n + 1) > end
    # Never longer than the month-end-clamped "within N months of X", never a day shorter.
    assert add_months(start, n) - ONE <= end <= add_months(start, n)


@settings(max_examples=300, deadline=None)
@given(start=anchors, n=st.integers(min_value=1, max_value=60))
def test_months_beginning_with_the_first_ends_with_a_month(start: date, n: int) -> None:
    first = start.replace(day=1)
    end = period_of_months(first, n)
    year, month = _months_later(first, n - 1)
    assert end == date(year, month, days_in_month(year, month))


@settings(max_examples=300, deadline=None)
@given(start=anchors, n=st.integers(min_value=1, max_value=60))
def test_within_n_months_keeps_its_own_row(start: date, n: int) -> None:
    # "within N months of X": the same day-of-month, else the last day of that month.
    due = Period.months(n).last_day(start)
    year, month = _months_later(start, n)
    assert (due.year, due.month) == (year, month)
    assert due.day == min(start.day, days_in_month(year, month))


# -- the rules' words come from their periods ---------------------------------------------------

# Numbers in the words that are not a period of the rule itself.
_OTHER_NUMBERS = {
    # A note on the later steps, from their rules' periods (checked below).
    "draft_plan_target": ["15 days", "15 for"],
    "early_years_review": ["under 5"],
    "phase_transfer_review": ["post16"],  # a kind's name
}


def _other(family: str) -> Period:
    """A period no rule has."""
    return Period.before(1, 1) if family == "phase_transfer_review" else Period.days(41)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.family)
def test_a_rules_words_are_its_periods_words(rule: rules.Rule) -> None:
    assert rule.periods, rule.key
    assert rule.due == rule.wording.format_map(rule.periods)
    named = {name for _, name, _, _ in string.Formatter().parse(rule.wording) if name}
    assert named == set(rule.periods)
    assert rule.counting == " / ".join(dict.fromkeys(p.kind.value for p in rule.periods.values()))
    # Take the periods' words out: no number is left but the notes listed above.
    rest = rule.due
    for period in rule.periods.values():
        rest = rest.replace(period.length, "")
    for note in _OTHER_NUMBERS.get(rule.family, []):
        rest = rest.replace(note, "")
    assert not re.search(r"\d", rest), (rule.key, rest)


def test_the_draft_plan_targets_note_names_the_later_periods() -> None:
    representations = RULES_BY_FAMILY["draft_representations_close"].period
    consultation = RULES_BY_FAMILY["setting_response"].period
    assert (
        f"leaves {representations} for representations and {consultation.count} for "
        "consultation" in RULES_BY_FAMILY["draft_plan_target"].due
    )


@pytest.mark.parametrize(
    ("family", "name"),
    [(rule.family, name) for rule in RULES for name in rule.periods],
)
def test_changing_a_period_changes_the_words(family: str, name: str) -> None:
    rule = RULES_BY_FAMILY[family]
    old, new = rule.periods[name], _other(family)
    changed = replace(rule, periods={**rule.periods, name: new})
    assert changed.periods[name] == new
    assert changed.due != rule.due
    assert new.length in changed.due
    assert changed.due.count(old.length) < rule.due.count(old.length)
    assert changed.counting == " / ".join(
        dict.fromkeys(p.kind.value for p in changed.periods.values())
    )


def test_a_rule_must_word_every_period_and_only_those() -> None:
    with pytest.raises(ValueError, match="every period must be in the words"):
        rules.Rule("x", {"period": Period.weeks(6)}, "6 weeks from X", "y", "z")
    with pytest.raises(ValueError, match="every period must be in the words"):
        rules.Rule("x", {"period": Period.weeks(6)}, "{period:X} or {other:Y}", "y", "z")


def test_rule_period_is_the_only_one() -> None:
    assert RULES_BY_FAMILY["annual_review"].period == Period.months(12)
    with pytest.raises(KeyError):
        _ = RULES_BY_FAMILY["transfer_review"].period


# -- the engine counts with the rules' periods -------------------------------------------------

# For every (family, period name): events starting the deadline at X, the deadline key, and the
# date the period is counted from (X unless said).
Case = tuple[list[dict[str, Any]], str, date, dict[str, Any]]


def _case(family: str, name: str, x: date) -> Case:
    day = x.isoformat()
    long_ago = date(x.year - 2, x.month, 1).isoformat()
    simple = {
        "decide_whether_to_assess": "request_received",
        "draft_plan_target": "request_received",
        "decide_whether_to_issue_plan": "request_received",
        "issue_final_plan": "request_received",
        "draft_representations_close": "draft_plan_sent",
        "annual_review": "final_plan_issued",
        "review_invitations": "review_meeting_scheduled",
        "review_report": "review_meeting_held",
        "review_decision": "review_meeting_held",
        "amendment_representations_close": "amendment_proposed",
        "issue_amended_plan": "amendment_proposed",
        "contact_mediation_adviser": "decision_notice_sent",
        "arrange_mediation": "mediation_requested",
        "mediation_notice": "mediation_scheduled",
    }
    if family in simple:
        fields = {"source": "parent"} if simple[family] == "request_received" else {}
        return [ev(simple[family], day, **fields)], family, x, {}
    if family == "advice":
        return [ev("advice_requested", day, id="ep", source="medical")], "advice:ep", x, {}
    if family == "setting_response":
        return [ev("setting_consulted", day, id="urn1")], "setting_response:urn1", x, {}
    if family == "early_years_review":
        born = date(x.year - 1, 1, 1).isoformat()
        return [ev("final_plan_issued", day)], family, x, {"date_of_birth": born}
    if family == "phase_transfer_review":
        events = [ev("phase_transfer", year=x.year, kind=name)]
        return events, family, date(x.year, 1, 1), {}
    if family == "transfer_plan_out":
        return [ev("move_notified", day, move_date=day)], family, x, {}
    if family == "transfer_notice":
        return [ev("transfer_in", day, plan_last_reviewed_or_issued=long_ago)], family, x, {}
    if family == "transfer_review" and name == "arrival":
        return [ev("transfer_in", day, plan_last_reviewed_or_issued=long_ago)], family, x, {}
    if family == "transfer_review" and name == "review":
        # Reviewed on the day of the move: 12 months from it is later than 3 months.
        return [ev("transfer_in", day, plan_last_reviewed_or_issued=day)], family, x, {}
    if family == "mediation_certificate":
        return [ev("mediation_adviser_contacted", day, wants_mediation=False)], family, x, {}
    if family == "appeal_deadline" and name == "decision":
        return [ev("decision_notice_sent", day)], family, x, {}
    if family == "appeal_deadline" and name == "certificate":
        return [ev("mediation_certificate_issued", day)], family, x, {}
    if family == "comply_with_order":
        return [ev("tribunal_order", day, kind=name)], f"comply_with_order:{name}", x, {}
    raise AssertionError(f"no simple case for {family} ({name}): add one")


_EVERY_PERIOD = [(rule.family, name) for rule in RULES for name in rule.periods]


@settings(max_examples=150, deadline=None)
@given(x=anchors, which=st.sampled_from(_EVERY_PERIOD))
def test_the_engine_counts_each_deadline_with_its_rules_period(
    x: date, which: tuple[str, str]
) -> None:
    family, name = which
    events, key, anchor, extra = _case(family, name, x)
    rows = run(events, as_of=x.isoformat(), **extra)
    expected = RULES_BY_FAMILY[family].periods[name].last_day(anchor, CAL)
    assert rows[key]["due"] == expected.isoformat()


@pytest.mark.parametrize(("family", "name"), _EVERY_PERIOD)
def test_every_period_has_a_simple_case(family: str, name: str) -> None:
    x = D("2026-04-10")
    events, key, anchor, extra = _case(family, name, x)
    rows = run(events, as_of="2026-04-10", **extra)
    expected = RULES_BY_FAMILY[family].periods[name].last_day(anchor, CAL)
    assert rows[key]["due"] == expected.isoformat()


def test_the_engine_names_no_period_of_its_own() -> None:
    from pathlib import Path

    from sendpath.timescales import engine

    text = Path(engine.__file__).read_text()
    assert "timedelta(" not in text
    for helper in ("add_months", "add_weeks", "add_days", "period_of", "working_days"):
        assert helper not in text, helper
