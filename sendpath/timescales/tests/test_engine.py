"""One test (at least) per row of every rule table of TIMESCALES.md, plus mooting, exceptions,
statuses and the documented choices for repeated events.  Expected dates are worked by hand in
the comments, not taken from the engine."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sendpath.timescales import RULES, RULES_BY_FAMILY, WorkingDayCalendar, compute
from sendpath.timescales.tests import compared, ev, one, run

REQUEST = ev("request_received", "2026-01-05", source="school")


# -- Assessment and plan (the 20-week pathway) ---------------------------------------------


def test_decide_whether_to_assess_six_weeks() -> None:
    row = one(
        [REQUEST, ev("decision_to_assess", "2026-02-16", outcome="yes")], "decide_whether_to_assess"
    )
    # 5 Jan + 42 days = 16 Feb; decided on the due day: met.
    assert compared(row) == {
        "key": "decide_whether_to_assess",
        "due": "2026-02-16",
        "status": "met",
        "completed_on": "2026-02-16",
        "exception": None,
    }
    assert row["source"] == "reg 5(1)"


def test_decide_whether_to_assess_late() -> None:
    row = one(
        [REQUEST, ev("decision_to_assess", "2026-02-17", outcome="yes")], "decide_whether_to_assess"
    )
    assert (row["status"], row["completed_on"]) == ("late", "2026-02-17")


def test_advice_six_weeks_per_id() -> None:
    rows = run(
        [
            REQUEST,
            ev("advice_requested", "2026-02-16", id="ep", source="psychological"),
            ev("advice_requested", "2026-02-18", id="health", source="medical"),
            ev("advice_received", "2026-04-01", id="ep"),
        ],
        as_of="2026-04-02",
    )
    assert compared(rows["advice:ep"]) == {
        "key": "advice:ep",
        "due": "2026-03-30",
        "status": "late",
        "completed_on": "2026-04-01",
        "exception": None,
    }
    # 18 Feb + 42 = 1 April; not received by 2 April: overdue.
    assert (rows["advice:health"]["due"], rows["advice:health"]["status"]) == (
        "2026-04-01",
        "overdue",
    )
    assert rows["advice:ep"]["source"] == "reg 8(1)"


def test_draft_plan_target_fourteen_weeks() -> None:
    row = one([REQUEST, ev("draft_plan_sent", "2026-04-14")], "draft_plan_target")
    assert (row["due"], row["status"], row["completed_on"]) == ("2026-04-13", "late", "2026-04-14")


def test_draft_representations_close_fifteen_days_beginning_with() -> None:
    events = [REQUEST, ev("draft_plan_sent", "2026-03-02")]
    # 2 March is day 1: the 15th day is 16 March.
    assert one(events, "draft_representations_close", as_of="2026-03-16")["status"] == "open"
    row = one(events, "draft_representations_close", as_of="2026-03-17")
    assert compared(row) == {
        "key": "draft_representations_close",
        "due": "2026-03-16",
        "status": "met",
        "completed_on": None,
        "exception": None,
    }


def test_setting_response_fifteen_days_from() -> None:
    events = [
        ev("setting_consulted", "2026-03-02", id="urn1"),
        ev("setting_consulted", "2026-03-02", id="urn2"),
        ev("setting_responded", "2026-03-17", id="urn1"),
        ev("setting_responded", "2026-03-18", id="urn2"),
    ]
    rows = run(events)
    # 2 March + 15 = 17 March (not the "beginning with" count).
    assert (rows["setting_response:urn1"]["due"], rows["setting_response:urn1"]["status"]) == (
        "2026-03-17",
        "met",
    )
    assert rows["setting_response:urn2"]["status"] == "late"
    assert rows["setting_response:urn1"]["source"] == "CFA s.39/40; CoP 9.84"


def test_decide_whether_to_issue_plan_sixteen_weeks() -> None:
    row = one(
        [REQUEST, ev("assessment_outcome", "2026-04-27", outcome="plan")],
        "decide_whether_to_issue_plan",
    )
    assert (row["due"], row["status"]) == ("2026-04-27", "met")


def test_issue_final_plan_twenty_weeks() -> None:
    row = one([REQUEST, ev("final_plan_issued", "2026-05-26")], "issue_final_plan")
    assert (row["due"], row["status"], row["completed_on"]) == ("2026-05-25", "late", "2026-05-26")
    assert row["source"] == "reg 13(2)"


def test_pathway_open_and_overdue() -> None:
    rows = run([REQUEST], as_of="2026-02-16")
    assert rows["decide_whether_to_assess"]["status"] == "open"  # as_of == due
    rows = run([REQUEST], as_of="2026-02-17")
    assert rows["decide_whether_to_assess"]["status"] == "overdue"
    assert rows["issue_final_plan"]["status"] == "open"


def test_pathway_is_sorted_by_due_then_key() -> None:
    events = [
        REQUEST,
        ev("advice_requested", "2026-01-05", id="b", source="medical"),
        ev("advice_requested", "2026-01-05", id="a", source="medical"),
    ]
    keys = [row["key"] for row in compute({"as_of": "2026-01-06", "events": events})["deadlines"]]
    # All three are due 16 Feb: ordered by key.
    assert keys[:3] == ["advice:a", "advice:b", "decide_whether_to_assess"]
    assert keys[3:] == ["draft_plan_target", "decide_whether_to_issue_plan", "issue_final_plan"]


# -- mooting -------------------------------------------------------------------------------


def test_refusal_to_assess_moots_the_pathway() -> None:
    rows = run(
        [
            REQUEST,
            ev("decision_to_assess", "2026-02-10", outcome="no"),
            ev("advice_requested", "2026-01-20", id="ep", source="psychological"),
        ]
    )
    assert set(rows) == {"decide_whether_to_assess", "advice:ep"}


def test_no_plan_outcome_moots_draft_and_final() -> None:
    rows = run(
        [
            REQUEST,
            ev("decision_to_assess", "2026-02-10", outcome="yes"),
            ev("draft_plan_sent", "2026-03-30"),
            ev("assessment_outcome", "2026-04-01", outcome="no_plan"),
        ]
    )
    assert set(rows) == {"decide_whether_to_assess", "decide_whether_to_issue_plan"}


def test_plan_outcome_keeps_issue_final_plan() -> None:
    rows = run([REQUEST, ev("assessment_outcome", "2026-04-01", outcome="plan")])
    assert "issue_final_plan" in rows
    assert "draft_plan_target" in rows


def test_a_new_request_starts_a_new_cycle() -> None:
    rows = run(
        [
            REQUEST,
            ev("decision_to_assess", "2026-02-10", outcome="no"),
            ev("request_received", "2026-09-07", source="parent"),
        ],
        as_of="2026-09-08",
    )
    # The refusal belonged to the first request; the new one runs from 7 Sept.
    assert rows["decide_whether_to_assess"]["due"] == "2026-10-19"
    assert rows["decide_whether_to_assess"]["status"] == "open"
    assert rows["issue_final_plan"]["due"] == "2027-01-25"


# -- Plans in force --------------------------------------------------------------------------


def test_annual_review_from_first_plan() -> None:
    row = one([ev("final_plan_issued", "2026-05-22")], "annual_review", as_of="2027-05-22")
    assert (row["due"], row["status"], row["completed_on"]) == ("2027-05-22", "open", None)
    assert row["source"] == "CFA s.44(1); reg 18"
    assert (
        one([ev("final_plan_issued", "2026-05-22")], "annual_review", as_of="2027-05-23")["status"]
        == "overdue"
    )


def test_annual_review_current_cycle_from_last_meeting() -> None:
    rows = run(
        [
            ev("final_plan_issued", "2026-05-22"),
            ev("review_meeting_held", "2027-05-10"),
            ev("review_meeting_held", "2028-06-01"),
        ],
        as_of="2028-06-02",
    )
    assert rows["annual_review"]["due"] == "2029-06-01"
    assert rows["annual_review"]["status"] == "open"


def test_annual_review_from_leap_day() -> None:
    row = one([ev("final_plan_issued", "2028-02-29")], "annual_review", as_of="2028-03-01")
    assert row["due"] == "2029-02-28"


def test_annual_review_month_end() -> None:
    row = one([ev("review_meeting_held", "2027-01-31")], "annual_review", as_of="2027-02-01")
    assert row["due"] == "2028-01-31"


@pytest.mark.parametrize(
    ("dob", "expected_key", "expected_due"),
    [
        ("2024-03-10", "early_years_review", "2026-07-15"),  # 2 years old: 6-monthly
        ("2021-03-10", "annual_review", "2027-01-15"),  # 5 before the 6-month date
        ("2021-07-15", "annual_review", "2027-01-15"),  # 5 on the 6-month date itself
        ("2021-07-16", "early_years_review", "2026-07-15"),  # 5 the day after: still under 5
        (None, "annual_review", "2027-01-15"),  # no date of birth: rule not applied
    ],
)
def test_early_years_review_replaces_annual_review_under_five(
    dob: str | None, expected_key: str, expected_due: str
) -> None:
    rows = run([ev("final_plan_issued", "2026-01-15")], as_of="2026-02-01", date_of_birth=dob)
    other = "annual_review" if expected_key == "early_years_review" else "early_years_review"
    assert other not in rows
    assert rows[expected_key]["due"] == expected_due


def test_early_years_review_follows_the_last_meeting() -> None:
    rows = run(
        [ev("final_plan_issued", "2026-01-15"), ev("review_meeting_held", "2026-07-10")],
        as_of="2026-07-11",
        date_of_birth="2024-03-10",
    )
    assert rows["early_years_review"]["due"] == "2027-01-10"
    assert rows["early_years_review"]["source"] == "CoP 9.178"


def test_early_years_review_leap_day_birthday() -> None:
    # Born 29 Feb 2028: 5 on 1 March 2033.  6 months from 28 Aug 2032 is 28 Feb 2033: under 5.
    rows = run(
        [ev("review_meeting_held", "2032-08-28")], as_of="2032-09-01", date_of_birth="2028-02-29"
    )
    assert rows["early_years_review"]["due"] == "2033-02-28"
    # 6 months from 1 Sept 2032 is 1 March 2033: the fifth birthday, so annual.
    rows = run(
        [ev("review_meeting_held", "2032-09-01")], as_of="2032-09-02", date_of_birth="2028-02-29"
    )
    assert rows["annual_review"]["due"] == "2033-09-01"


def test_review_invitations_at_least_two_weeks_before() -> None:
    events = [
        ev("final_plan_issued", "2026-06-01"),
        ev("review_meeting_scheduled", "2027-05-10"),
        ev("review_invitations_sent", "2027-04-26"),
    ]
    row = one(events, "review_invitations", as_of="2027-04-01")
    assert (row["due"], row["status"], row["completed_on"]) == ("2027-04-26", "met", "2027-04-26")
    late = [*events[:2], ev("review_invitations_sent", "2027-04-27")]
    assert one(late, "review_invitations", as_of="2027-04-01")["status"] == "late"
    assert one(events[:2], "review_invitations", as_of="2027-04-26")["status"] == "open"
    assert one(events[:2], "review_invitations", as_of="2027-04-27")["status"] == "overdue"


def test_review_invitations_for_the_latest_scheduled_meeting_only() -> None:
    rows = run(
        [
            ev("review_meeting_scheduled", "2026-06-19"),
            ev("review_invitations_sent", "2026-06-01"),
            ev("review_meeting_held", "2026-06-19"),
            ev("review_meeting_scheduled", "2027-06-18"),
        ],
        as_of="2027-05-01",
    )
    # Last year's invitations do not count for this year's meeting.
    row = rows["review_invitations"]
    assert (row["due"], row["status"], row["completed_on"]) == ("2027-06-04", "open", None)


def test_review_report_two_weeks_and_decision_four_weeks() -> None:
    events = [
        ev("review_meeting_held", "2026-06-19"),
        ev("review_report_received", "2026-07-03"),
        ev("review_decision_notified", "2026-07-20", outcome="amend"),
    ]
    rows = run(events, as_of="2026-08-01")
    assert (rows["review_report"]["due"], rows["review_report"]["status"]) == ("2026-07-03", "met")
    # 19 June + 28 = 17 July; notified 20 July: late.
    assert (rows["review_decision"]["due"], rows["review_decision"]["status"]) == (
        "2026-07-17",
        "late",
    )
    assert rows["review_report"]["source"] == "reg 20(7), 21(7)"


def test_review_report_only_counts_for_the_current_meeting() -> None:
    rows = run(
        [
            ev("review_meeting_held", "2026-06-19"),
            ev("review_report_received", "2026-06-25"),
            ev("review_meeting_held", "2027-06-18"),
        ],
        as_of="2027-07-10",
    )
    assert (rows["review_report"]["due"], rows["review_report"]["status"]) == (
        "2027-07-02",
        "overdue",
    )


def test_amendment_representations_close_and_issue_amended_plan() -> None:
    events = [ev("amendment_proposed", "2026-09-01")]
    rows = run(events, as_of="2026-09-15")
    # 1 Sept is day 1 of 15: last day 15 Sept.  8 weeks: 27 October.
    assert (
        rows["amendment_representations_close"]["due"],
        rows["amendment_representations_close"]["status"],
    ) == ("2026-09-15", "open")
    assert rows["issue_amended_plan"]["due"] == "2026-10-27"
    rows = run(events, as_of="2026-09-16")
    assert rows["amendment_representations_close"]["status"] == "met"
    assert rows["amendment_representations_close"]["completed_on"] is None


@pytest.mark.parametrize(
    ("completion", "status"),
    [
        (ev("amended_plan_issued", "2026-10-27"), "met"),
        (ev("decided_not_to_amend", "2026-10-01"), "met"),
        (ev("amended_plan_issued", "2026-10-28"), "late"),
    ],
)
def test_issue_amended_plan_completions(completion: dict[str, Any], status: str) -> None:
    row = one(
        [ev("amendment_proposed", "2026-09-01"), completion],
        "issue_amended_plan",
        as_of="2026-12-01",
    )
    assert (row["status"], row["completed_on"]) == (status, completion["date"])


@pytest.mark.parametrize(
    ("kind", "due"),
    [("school", "2027-02-14"), ("post16", "2027-03-30")],
)
def test_phase_transfer_review_before_fixed_dates(kind: str, due: str) -> None:
    event = ev("phase_transfer", year=2027, kind=kind)
    row = one([event], "phase_transfer_review", as_of="2026-10-01")
    assert (row["due"], row["status"]) == (due, "open")
    row = one([event, ev("amended_plan_issued", "2027-02-14")], "phase_transfer_review")
    assert row["status"] == "met"
    row = one([event, ev("amended_plan_issued", "2027-03-31")], "phase_transfer_review")
    assert (row["status"], row["completed_on"]) == ("late", "2027-03-31")
    assert row["source"] == "reg 18(1); CoP 9.179"


def test_phase_transfer_review_first_amendment_of_the_transfer_year_counts() -> None:
    rows = run(
        [
            ev("phase_transfer", year=2028, kind="school"),
            ev("amended_plan_issued", "2025-11-01"),  # years before: another amendment
            ev("amended_plan_issued", "2028-01-20"),
            ev("amended_plan_issued", "2028-05-01"),
        ],
        as_of="2028-06-01",
    )
    row = rows["phase_transfer_review"]
    assert (row["due"], row["status"], row["completed_on"]) == ("2028-02-14", "met", "2028-01-20")


def test_phase_transfer_review_leap_year_post16() -> None:
    row = one(
        [ev("phase_transfer", year=2028, kind="post16")],
        "phase_transfer_review",
        as_of="2028-03-31",
    )
    assert (row["due"], row["status"]) == ("2028-03-30", "overdue")


# -- Moving between authorities (reg 15) ----------------------------------------------------


def test_transfer_plan_out_on_the_day_of_the_move() -> None:
    # Learned Mon 2 March 2026, move Thu 30 April: at least 15 working days' notice.
    events = [
        ev("move_notified", "2026-03-02", move_date="2026-04-30"),
        ev("plan_transferred", "2026-04-30"),
    ]
    row = one(events, "transfer_plan_out")
    assert (row["due"], row["status"]) == ("2026-04-30", "met")
    assert row["source"] == "reg 15(2)"


def test_transfer_plan_out_learned_late_counts_fifteen_working_days() -> None:
    # Learned Wed 1 April 2026 (day 1), move Fri 10 April: fewer than 15 working days.
    # Day 1 Wed 1, 2 Thu 2, [Good Friday, Easter Monday], 3-6 = 7-10 Apr, 7-11 = 13-17 Apr,
    # 12-15 = 20-23 Apr: due Thu 23 April.
    events = [ev("move_notified", "2026-04-01", move_date="2026-04-10")]
    row = one(events, "transfer_plan_out", as_of="2026-04-23")
    assert (row["due"], row["status"]) == ("2026-04-23", "open")
    row = one([*events, ev("plan_transferred", "2026-04-24")], "transfer_plan_out")
    assert (row["status"], row["completed_on"]) == ("late", "2026-04-24")


def test_transfer_plan_out_learned_on_a_non_working_day() -> None:
    # Learned Sat 4 April 2026: day 1 is Tue 7 April (Easter Monday 6th) -> 15th is Mon 27 April.
    row = one([ev("move_notified", "2026-04-04", move_date="2026-04-06")], "transfer_plan_out")
    assert row["due"] == "2026-04-27"


def test_transfer_plan_out_boundary_of_fifteen_working_days() -> None:
    # Move Mon 23 March 2026.  Learned Mon 2 March: exactly 15 working days before -> the move.
    row = one([ev("move_notified", "2026-03-02", move_date="2026-03-23")], "transfer_plan_out")
    assert row["due"] == "2026-03-23"
    # Learned Tue 3 March: 14 working days before -> 15 beginning with 3 March = Mon 23 March.
    row = one([ev("move_notified", "2026-03-03", move_date="2026-03-23")], "transfer_plan_out")
    assert row["due"] == "2026-03-23"
    # Learned Wed 4 March: 15 working days beginning with it end Tue 24 March.
    row = one([ev("move_notified", "2026-03-04", move_date="2026-03-23")], "transfer_plan_out")
    assert row["due"] == "2026-03-24"


def test_transfer_plan_out_learned_after_the_move() -> None:
    row = one([ev("move_notified", "2026-06-01", move_date="2026-05-20")], "transfer_plan_out")
    # Mon 1 June is day 1: 1-5, 8-12, 15-19 June -> Fri 19 June.
    assert row["due"] == "2026-06-19"


def test_transfer_notice_six_weeks() -> None:
    events = [
        ev("transfer_in", "2026-04-10", plan_last_reviewed_or_issued="2025-09-15"),
        ev("transfer_notice_sent", "2026-05-22"),
    ]
    row = one(events, "transfer_notice")
    assert (row["due"], row["status"]) == ("2026-05-22", "met")
    assert row["source"] == "reg 15(4)"


def test_transfer_review_twelve_month_limb() -> None:
    # 12 months from 15 Sept 2025 = 15 Sept 2026, later than 9 July 2026.
    row = one(
        [ev("transfer_in", "2026-04-10", plan_last_reviewed_or_issued="2025-09-15")],
        "transfer_review",
    )
    assert (row["due"], row["status"]) == ("2026-09-15", "open")
    assert row["source"] == "reg 15(5)"


def test_transfer_review_three_month_limb() -> None:
    # 12 months from 1 May 2025 = 1 May 2026; 3 months beginning with 10 April ends 9 July.
    events = [
        ev("transfer_in", "2026-04-10", plan_last_reviewed_or_issued="2025-05-01"),
        ev("review_meeting_held", "2026-07-10"),
    ]
    row = one(events, "transfer_review")
    assert (row["due"], row["status"], row["completed_on"]) == ("2026-07-09", "late", "2026-07-10")


def test_transfer_review_month_end() -> None:
    # 3 months beginning with 30 Nov 2026: there is no 30 February, so the period ends on the
    # last day of February (the corresponding-date rule of the table).
    row = one(
        [ev("transfer_in", "2026-11-30", plan_last_reviewed_or_issued="2025-12-01")],
        "transfer_review",
        as_of="2026-12-01",
    )
    assert row["due"] == "2027-02-28"


@pytest.mark.parametrize(
    ("transfer", "due"),
    [("2026-04-10", "2026-07-09"), ("2026-08-31", "2026-11-30"), ("2026-11-30", "2027-02-28")],
)
def test_transfer_review_three_months_beginning_with(transfer: str, due: str) -> None:
    # The contract's examples of "a period of N months beginning with X" (the 12-month limb,
    # from a review long before, is earlier).
    row = one(
        [ev("transfer_in", transfer, plan_last_reviewed_or_issued="2024-01-31")],
        "transfer_review",
        as_of=transfer,
    )
    assert row["due"] == due


def test_transfer_review_twelve_month_limb_keeps_the_months_row() -> None:
    # "within 12 months of" 31 Oct 2025 is 31 Oct 2026 (the same day), not the day before as
    # in "a period of N months beginning with"; the 3-month limb ends 30 Sept 2026.
    row = one(
        [ev("transfer_in", "2026-07-01", plan_last_reviewed_or_issued="2025-10-31")],
        "transfer_review",
        as_of="2026-07-01",
    )
    assert row["due"] == "2026-10-31"


# -- Disagreements -------------------------------------------------------------------------


def test_contact_mediation_adviser_two_months() -> None:
    rows = run([ev("decision_notice_sent", "2025-12-31")], as_of="2026-02-28")
    # 31 Dec + 2 months: 28 Feb (month end).
    assert (
        rows["contact_mediation_adviser"]["due"],
        rows["contact_mediation_adviser"]["status"],
    ) == ("2026-02-28", "open")
    assert rows["contact_mediation_adviser"]["source"] == "reg 33"


def test_mediation_certificate_three_working_days_over_easter() -> None:
    events = [
        ev("decision_notice_sent", "2026-03-20"),
        ev("mediation_adviser_contacted", "2026-04-02", wants_mediation=False),
        ev("mediation_certificate_issued", "2026-04-09"),
    ]
    # Thu 2 April: Fri 3 and Mon 6 are holidays -> Tue 7, Wed 8, Thu 9.
    row = one(events, "mediation_certificate")
    assert (row["due"], row["status"]) == ("2026-04-09", "met")
    assert row["source"] == "reg 34"


def test_no_certificate_deadline_when_mediation_is_wanted() -> None:
    rows = run(
        [
            ev("decision_notice_sent", "2026-03-20"),
            ev("mediation_adviser_contacted", "2026-04-02", wants_mediation=True),
        ]
    )
    assert "mediation_certificate" not in rows
    assert rows["contact_mediation_adviser"]["status"] == "met"


def test_arrange_mediation_thirty_days() -> None:
    events = [ev("mediation_requested", "2026-05-01"), ev("mediation_held", "2026-06-01")]
    row = one(events, "arrange_mediation")
    # 1 May + 30 = 31 May; held 1 June: late.
    assert (row["due"], row["status"]) == ("2026-05-31", "late")


def test_mediation_notice_five_working_days_before() -> None:
    events = [ev("mediation_requested", "2026-05-20"), ev("mediation_scheduled", "2026-06-19")]
    row = one(events, "mediation_notice", as_of="2026-06-01")
    assert (row["due"], row["status"]) == ("2026-06-12", "open")
    row = one([*events, ev("mediation_notice_sent", "2026-06-15")], "mediation_notice")
    assert (row["status"], row["completed_on"]) == ("late", "2026-06-15")


def test_mediation_notice_over_easter() -> None:
    row = one([ev("mediation_scheduled", "2026-04-07")], "mediation_notice", as_of="2026-03-01")
    assert row["due"] == "2026-03-27"


def test_mediation_notice_agreed_otherwise_is_an_exception() -> None:
    events = [
        ev("mediation_scheduled", "2026-06-19"),
        ev("mediation_notice_sent", "2026-06-17"),
        ev("exception", applies_to="mediation_notice", reason="agreed_otherwise"),
    ]
    row = one(events, "mediation_notice")
    assert (row["due"], row["status"], row["exception"]) == (
        "2026-06-12",
        "late",
        "agreed_otherwise",
    )


def test_appeal_deadline_until_a_certificate_exists_is_two_months() -> None:
    row = one([ev("decision_notice_sent", "2026-03-31")], "appeal_deadline", as_of="2026-05-31")
    assert (row["due"], row["status"]) == ("2026-05-31", "open")
    assert row["source"] == "HESC r.20(1)(c)"


def test_appeal_deadline_two_month_limb_is_later() -> None:
    rows = run(
        [
            ev("decision_notice_sent", "2026-03-31"),
            ev("mediation_adviser_contacted", "2026-04-06", wants_mediation=False),
            ev("mediation_certificate_issued", "2026-04-10"),
            ev("appeal_registered", "2026-05-29"),
        ]
    )
    # 1 month from 10 April = 10 May, earlier than 31 May.
    row = rows["appeal_deadline"]
    assert (row["due"], row["status"], row["completed_on"]) == ("2026-05-31", "met", "2026-05-29")


def test_appeal_deadline_certificate_limb_is_later() -> None:
    rows = run(
        [
            ev("decision_notice_sent", "2026-03-31"),
            ev("mediation_adviser_contacted", "2026-05-20", wants_mediation=True),
            ev("mediation_requested", "2026-05-20"),
            ev("mediation_held", "2026-06-10"),
            ev("mediation_certificate_issued", "2026-06-12"),
            ev("appeal_registered", "2026-07-13"),
        ]
    )
    # 1 month from 12 June = 12 July, later than 31 May; registered 13 July: late.
    row = rows["appeal_deadline"]
    assert (row["due"], row["status"]) == ("2026-07-12", "late")


def test_appeal_deadline_month_end_certificate() -> None:
    rows = run(
        [
            ev("decision_notice_sent", "2025-12-01"),
            ev("mediation_adviser_contacted", "2026-01-28", wants_mediation=True),
            ev("mediation_certificate_issued", "2026-01-31"),
        ],
        as_of="2026-02-01",
    )
    # 1 Dec + 2 months = 1 Feb; 31 Jan + 1 month = 28 Feb (clamped): the later.
    assert rows["appeal_deadline"]["due"] == "2026-02-28"


@pytest.mark.parametrize(
    ("kind", "due"),
    [
        ("assess", "2026-03-16"),  # 2 weeks
        ("assess_no_plan", "2026-05-11"),  # 10 weeks
        ("assess_then_plan", "2026-06-08"),  # 14 weeks
        ("make_plan_draft", "2026-04-06"),  # 5 weeks
        ("make_plan_final", "2026-05-18"),  # 11 weeks
        ("amend_plan", "2026-04-06"),  # 5 weeks
        ("name_school", "2026-03-16"),  # 2 weeks
    ],
)
def test_comply_with_order(kind: str, due: str) -> None:
    key = f"comply_with_order:{kind}"
    row = one([ev("tribunal_order", "2026-03-02", kind=kind)], key, as_of="2026-03-03")
    assert (row["due"], row["status"], row["completed_on"]) == (due, "open", None)
    assert row["source"] == "reg 44(2)"
    row = one(
        [ev("tribunal_order", "2026-03-02", kind=kind), ev("order_complied", due, kind=kind)], key
    )
    assert (row["status"], row["completed_on"]) == ("met", due)


def test_orders_of_different_kinds_are_separate() -> None:
    rows = run(
        [
            ev("tribunal_order", "2026-03-02", kind="assess"),
            ev("tribunal_order", "2026-03-02", kind="name_school"),
            ev("order_complied", "2026-03-20", kind="name_school"),
        ],
        as_of="2026-04-01",
    )
    assert rows["comply_with_order:assess"]["status"] == "overdue"
    assert rows["comply_with_order:name_school"]["status"] == "late"


# -- Exceptions ------------------------------------------------------------------------------


def test_exception_never_moves_the_date() -> None:
    base = [REQUEST, ev("final_plan_issued", "2026-06-10")]
    plain = run(base)["issue_final_plan"]
    excused = run([*base, ev("exception", applies_to="issue_final_plan", reason="school_closure")])[
        "issue_final_plan"
    ]
    assert (plain["due"], plain["status"], plain["exception"]) == ("2026-05-25", "late", None)
    assert (excused["due"], excused["status"], excused["exception"]) == (
        "2026-05-25",
        "late",
        "school_closure",
    )


@pytest.mark.parametrize(
    "reason",
    [
        "school_closure",
        "exceptional_personal_circumstances",
        "absence_from_area",
        "missed_appointment",
    ],
)
def test_exception_reasons_on_advice(reason: str) -> None:
    events = [
        ev("advice_requested", "2026-02-16", id="ep", source="psychological"),
        ev("exception", applies_to="advice:ep", reason=reason),
    ]
    assert one(events, "advice:ep")["exception"] == reason


def test_exception_for_a_whole_family_and_several_reasons() -> None:
    events = [
        ev("advice_requested", "2026-02-16", id="ep", source="psychological"),
        ev("advice_requested", "2026-02-16", id="med", source="medical"),
        ev("exception", applies_to="advice", reason="school_closure"),
        ev("exception", applies_to="advice:med", reason="missed_appointment"),
    ]
    rows = run(events)
    assert rows["advice:ep"]["exception"] == "school_closure"
    assert rows["advice:med"]["exception"] == "missed_appointment; school_closure"


def test_exception_on_an_absent_deadline_changes_nothing() -> None:
    rows = run([REQUEST, ev("exception", applies_to="annual_review", reason="school_closure")])
    assert "annual_review" not in rows
    assert all(row["exception"] is None for row in rows.values())


# -- rule table ------------------------------------------------------------------------------


def test_every_rule_has_words_and_a_source() -> None:
    assert len(RULES) == len(RULES_BY_FAMILY) == 24
    for rule in RULES:
        assert rule.due
        assert rule.completed_by
        assert rule.source
        assert rule.counting


def test_every_rule_family_can_arise() -> None:
    events = [
        REQUEST,
        ev("advice_requested", "2026-02-16", id="ep", source="psychological"),
        ev("setting_consulted", "2026-04-07", id="urn1"),
        ev("draft_plan_sent", "2026-04-06"),
        ev("final_plan_issued", "2026-05-22"),
        ev("review_meeting_scheduled", "2027-05-10"),
        ev("review_meeting_held", "2027-05-10"),
        ev("amendment_proposed", "2027-06-01"),
        ev("phase_transfer", year=2028, kind="school"),
        ev("move_notified", "2027-09-01", move_date="2027-10-01"),
        ev("transfer_in", "2027-10-01", plan_last_reviewed_or_issued="2027-05-10"),
        ev("decision_notice_sent", "2027-07-01"),
        ev("mediation_adviser_contacted", "2027-07-05", wants_mediation=False),
        ev("mediation_requested", "2027-07-06"),
        ev("mediation_scheduled", "2027-08-02"),
        ev("tribunal_order", "2027-11-01", kind="amend_plan"),
    ]
    families = {row["key"].split(":")[0] for row in run(events, as_of="2027-01-01").values()}
    rows_u5 = run(events, as_of="2027-01-01", date_of_birth="2025-01-01")
    families |= {row["key"].split(":")[0] for row in rows_u5.values()}
    assert families == set(RULES_BY_FAMILY)


def test_every_event_counts_whatever_its_date_relative_to_as_of() -> None:
    # A completion dated after as_of still completes.
    row = one(
        [REQUEST, ev("decision_to_assess", "2026-02-10", outcome="yes")],
        "decide_whether_to_assess",
        as_of="2026-01-10",
    )
    assert row["status"] == "met"


def test_custom_calendar_is_used() -> None:
    cal = WorkingDayCalendar(extra_holidays=[date(2026, 4, 29)])
    events = [ev("mediation_adviser_contacted", "2026-04-28", wants_mediation=False)]
    # Without the extra day: 29, 30 April, 1 May.  With it: 30 April, 1 May, 5 May.
    assert one(events, "mediation_certificate")["due"] == "2026-05-01"
    assert run(events, calendar=cal)["mediation_certificate"]["due"] == "2026-05-05"
