"""Input validation in-process: the error names the event's index and type."""

from __future__ import annotations

from typing import Any

import pytest

from sendpath.timescales import TimescalesInputError, compute
from sendpath.timescales.calendar import england_bank_holidays
from sendpath.timescales.tests import ev, run

REQUEST = ev("request_received", "2026-01-05", source="school")


def error(events: list[Any], **top: Any) -> TimescalesInputError:
    case: dict[str, Any] = {"as_of": "2026-06-30", "events": events, **top}
    with pytest.raises(TimescalesInputError) as caught:
        compute(case)
    assert "\n" not in str(caught.value)
    return caught.value


def test_error_carries_index_and_type() -> None:
    err = error([REQUEST, ev("advice_received", "2026-02-01", id="ep")])
    assert (err.index, err.event_type) == (1, "advice_received")
    assert str(err).startswith("events[1] (index 1, type advice_received): ")


def test_lowest_index_wins_among_cross_event_problems() -> None:
    err = error(
        [
            REQUEST,
            ev("setting_responded", "2026-04-20", id="urn9"),
            ev("decision_to_assess", "2026-01-01", outcome="yes"),
        ]
    )
    assert err.index == 1


def test_completion_before_the_earliest_start_only() -> None:
    # A decision between two requests belongs to the first: valid.
    rows = run(
        [
            REQUEST,
            ev("decision_to_assess", "2026-02-10", outcome="no"),
            ev("request_received", "2026-09-07", source="parent"),
        ]
    )
    assert "decide_whether_to_assess" in rows
    err = error([REQUEST, ev("final_plan_issued", "2025-12-01")])
    assert (err.index, err.event_type) == (1, "final_plan_issued")


def test_orphan_completion_without_any_start_is_accepted() -> None:
    # A history that begins part-way through: nothing to complete, nothing reported.
    assert run([ev("decision_to_assess", "2026-02-10", outcome="yes")]) == {}


def test_order_complied_needs_a_matching_order() -> None:
    err = error(
        [
            ev("tribunal_order", "2026-03-02", kind="assess"),
            ev("order_complied", "2026-03-05", kind="amend_plan"),
        ]
    )
    assert (err.index, err.event_type) == (1, "order_complied")
    assert "never ordered" in str(err)


@pytest.mark.parametrize(
    ("applies_to", "ok"),
    [
        ("issue_final_plan", True),
        ("advice", True),
        ("advice:ep", True),
        ("comply_with_order:assess", True),
        ("comply_with_order:bogus", False),
        ("advice:", False),
        ("annual_review:x", False),
        ("final_plan", False),
        ("", False),
    ],
)
def test_exception_applies_to(applies_to: str, ok: bool) -> None:
    events = [REQUEST, ev("exception", applies_to=applies_to, reason="school_closure")]
    if ok:
        run(events)
    else:
        assert error(events).index == 1


def test_exception_needs_a_reason() -> None:
    err = error([ev("exception", applies_to="issue_final_plan")])
    assert "missing field 'reason'" in str(err)


@pytest.mark.parametrize("year", [2027, "2027"])
def test_phase_transfer_year(year: Any) -> None:
    rows = run([ev("phase_transfer", year=year, kind="school")], as_of="2026-09-01")
    assert rows["phase_transfer_review"]["due"] == "2027-02-14"


@pytest.mark.parametrize("year", [True, 2027.0, "27", 1850, 2100, None])
def test_phase_transfer_bad_year(year: Any) -> None:
    assert error([ev("phase_transfer", year=year, kind="school")]).event_type == "phase_transfer"


@pytest.mark.parametrize(
    "value", ["2026-1-05", "20260105", "2026-01-05T00:00", "2026-W02-1", 20260105, None, ["x"]]
)
def test_strict_date_format(value: Any) -> None:
    err = error([{"type": "request_received", "date": value, "source": "school"}])
    assert (err.index, err.event_type) == (0, "request_received")


def test_dates_outside_the_covered_years() -> None:
    err = error([ev("request_received", "2100-01-04", source="school")])
    assert "outside the supported range" in str(err)
    err = error([], as_of="1899-12-31")
    assert err.index is None
    assert str(err).startswith("as_of: ")


def test_bool_is_not_a_flag_string() -> None:
    err = error([ev("mediation_adviser_contacted", "2026-04-28", wants_mediation="false")])
    assert "wants_mediation" in str(err)


def test_unhashable_type_is_an_unknown_type() -> None:
    err = error([{"type": ["request_received"], "date": "2026-01-05"}])
    assert err.index == 0
    assert "unknown event type" in str(err)


def test_extra_fields_are_ignored_and_null_date_of_birth_is_absent() -> None:
    rows = run([{**REQUEST, "note": "phoned in"}], date_of_birth=None)
    assert "decide_whether_to_assess" in rows
    case = {"as_of": "2026-06-30", "date_of_birth": None, "events": [REQUEST]}
    assert compute(case)["deadlines"]


def test_default_holiday_source_refuses_unknown_years() -> None:
    assert england_bank_holidays(2100)
    with pytest.raises(ValueError, match="not known"):
        england_bank_holidays(2101)
