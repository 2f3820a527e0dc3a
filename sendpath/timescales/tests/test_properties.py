"""Property tests (hypothesis) over generated case histories.

* no deadline falls before the event that starts it (and "before" deadlines fall before the
  meeting they prepare);
* adding an event never changes a deadline it does not concern;
* the order of events in the input does not matter;
* adding a bank holiday never moves a forward-counted working-day deadline earlier (and never
  moves the "at least N working days before" deadline later), and changes nothing else.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sendpath.timescales import TimescalesInputError, WorkingDayCalendar, compute, validation
from sendpath.timescales.calendar import default_calendar

BASE = date(2024, 1, 1)
SPAN = 1100
IDS = ("ep", "med", "urn1")
KINDS = ("assess", "amend_plan", "name_school")

Event = dict[str, Any]

_FIELDS: dict[str, Any] = {
    "request_received": lambda d: {"source": d(st.sampled_from(["parent", "school"]))},
    "decision_to_assess": lambda d: {"outcome": d(st.sampled_from(["yes", "no"]))},
    "advice_requested": lambda d: {"id": d(st.sampled_from(IDS)), "source": "medical"},
    "advice_received": lambda d: {"id": d(st.sampled_from(IDS))},
    "setting_consulted": lambda d: {"id": d(st.sampled_from(IDS))},
    "setting_responded": lambda d: {"id": d(st.sampled_from(IDS))},
    "draft_plan_sent": None,
    "final_plan_issued": None,
    "assessment_outcome": lambda d: {"outcome": d(st.sampled_from(["plan", "no_plan"]))},
    "review_meeting_scheduled": None,
    "review_invitations_sent": None,
    "review_meeting_held": None,
    "review_report_received": None,
    "review_decision_notified": lambda d: {"outcome": d(st.sampled_from(["maintain", "amend"]))},
    "amendment_proposed": None,
    "amended_plan_issued": None,
    "decided_not_to_amend": None,
    "phase_transfer": None,
    "move_notified": lambda d: {"move_date": _day(d)},
    "plan_transferred": None,
    "transfer_in": lambda d: {"plan_last_reviewed_or_issued": _day(d)},
    "transfer_notice_sent": None,
    "decision_notice_sent": None,
    "mediation_requested": None,
    "mediation_held": None,
    "mediation_notice_sent": None,
    "mediation_certificate_issued": None,
    "appeal_registered": None,
    "mediation_adviser_contacted": lambda d: {"wants_mediation": d(st.booleans())},
    "mediation_scheduled": None,
    "tribunal_order": lambda d: {"kind": d(st.sampled_from(KINDS))},
    "order_complied": lambda d: {"kind": d(st.sampled_from(KINDS))},
    "exception": None,
}
TYPES = sorted(_FIELDS)

# Completion -> the type it completes, as the validator checks it: generated cases are repaired
# with the same tables so that they are valid.
_COMPLETES = validation._COMPLETES
_MATCHED = {done: (start, field) for done, (start, field, _) in validation._MATCHED.items()}

PATHWAY = {
    "decide_whether_to_assess",
    "draft_plan_target",
    "draft_representations_close",
    "decide_whether_to_issue_plan",
    "issue_final_plan",
}
REVIEW_CYCLE = {"annual_review", "early_years_review"}

# What each event type can affect (families); ids/kinds are handled in concerns().
_CONCERNS: dict[str, set[str]] = {
    "request_received": PATHWAY,
    "decision_to_assess": PATHWAY,
    "assessment_outcome": PATHWAY,
    "draft_plan_sent": {"draft_plan_target", "draft_representations_close"},
    "final_plan_issued": {"issue_final_plan"} | REVIEW_CYCLE,
    "review_meeting_scheduled": {"review_invitations"},
    "review_invitations_sent": {"review_invitations"},
    "review_meeting_held": REVIEW_CYCLE
    | {"review_invitations", "review_report", "review_decision", "transfer_review"},
    "review_report_received": {"review_report"},
    "review_decision_notified": {"review_decision"},
    "amendment_proposed": {"amendment_representations_close", "issue_amended_plan"},
    "amended_plan_issued": {"issue_amended_plan", "phase_transfer_review"},
    "decided_not_to_amend": {"issue_amended_plan"},
    "phase_transfer": {"phase_transfer_review"},
    "move_notified": {"transfer_plan_out"},
    "plan_transferred": {"transfer_plan_out"},
    "transfer_in": {"transfer_notice", "transfer_review"},
    "transfer_notice_sent": {"transfer_notice"},
    "decision_notice_sent": {"contact_mediation_adviser", "appeal_deadline"},
    "mediation_adviser_contacted": {"contact_mediation_adviser", "mediation_certificate"},
    "mediation_certificate_issued": {"mediation_certificate", "appeal_deadline"},
    "mediation_requested": {"arrange_mediation"},
    "mediation_held": {"arrange_mediation", "mediation_notice"},
    "mediation_scheduled": {"mediation_notice"},
    "mediation_notice_sent": {"mediation_notice"},
    "appeal_registered": {"appeal_deadline"},
}


# Half the time from a few days only, so same-day ties (the hard case for ordering) are common.
_OFFSETS = st.one_of(st.integers(0, 6).map(lambda n: n * 7), st.integers(0, SPAN))


def _day(draw: Any) -> str:
    return (BASE + timedelta(days=draw(_OFFSETS))).isoformat()


@st.composite
def events(draw: Any) -> Event:
    type_ = draw(st.sampled_from(TYPES))
    if type_ == "exception":
        applies_to = draw(
            st.sampled_from(["issue_final_plan", "advice", "advice:ep", "decide_whether_to_assess"])
        )
        return {"type": type_, "applies_to": applies_to, "reason": "school_closure"}
    if type_ == "phase_transfer":
        year = draw(st.integers(2024, 2028))
        return {"type": type_, "year": year, "kind": draw(st.sampled_from(["school", "post16"]))}
    event: Event = {"type": type_, "date": _day(draw)}
    fields = _FIELDS[type_]
    if fields is not None:
        event.update(fields(draw))
    return event


def repair(history: list[Event]) -> list[Event]:
    """Make a generated history valid: completions no earlier than what they complete, and
    every reply/compliance matched by a request/order (added on the same day if missing)."""
    fixed = [dict(e) for e in history]
    for done_type, start_type in _COMPLETES.items():
        starts = [e["date"] for e in fixed if e["type"] == start_type]
        if starts:
            first = min(starts)
            for e in fixed:
                if e["type"] == done_type and e["date"] < first:
                    e["date"] = first
    for done_type, (start_type, field) in _MATCHED.items():
        for e in list(fixed):
            if e["type"] != done_type:
                continue
            starts = [s["date"] for s in fixed if s["type"] == start_type and s[field] == e[field]]
            if not starts:
                extra: Event = {"type": start_type, "date": e["date"], field: e[field]}
                if start_type == "advice_requested":
                    extra["source"] = "medical"
                fixed.append(extra)
            elif e["date"] < min(starts):
                e["date"] = min(starts)
    return fixed


@st.composite
def cases(draw: Any) -> dict[str, Any]:
    history = repair(draw(st.lists(events(), min_size=0, max_size=14)))
    case: dict[str, Any] = {"as_of": _day(draw), "events": history}
    if draw(st.booleans()):
        case["date_of_birth"] = (BASE - timedelta(days=draw(st.integers(0, 4000)))).isoformat()
    return case


def rows(case: dict[str, Any], calendar: WorkingDayCalendar | None = None) -> dict[str, Any]:
    return {row["key"]: row for row in compute(case, calendar=calendar)["deadlines"]}


def concerns(event: Event) -> tuple[set[str], set[str]]:
    """(keys, families) of the deadlines ``event`` can affect."""
    type_ = event["type"]
    if type_ in {"advice_requested", "advice_received"}:
        return {f"advice:{event['id']}"}, set()
    if type_ in {"setting_consulted", "setting_responded"}:
        return {f"setting_response:{event['id']}"}, set()
    if type_ in {"tribunal_order", "order_complied"}:
        return {f"comply_with_order:{event['kind']}"}, set()
    if type_ == "exception":
        target = event["applies_to"]
        return ({target}, set()) if ":" in target else (set(), {target})
    return set(), _CONCERNS[type_]


PROPERTY_SETTINGS = settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(cases())
def test_generated_cases_are_valid(case: dict[str, Any]) -> None:
    compute(case)  # the repair step always yields valid input


def _dates(history: list[Event], type_: str, **match: Any) -> list[str]:
    return [
        e["date"]
        for e in history
        if e["type"] == type_ and all(e.get(k) == v for k, v in match.items())
    ]


@PROPERTY_SETTINGS
@given(cases())
def test_no_deadline_falls_before_the_event_that_starts_it(case: dict[str, Any]) -> None:
    history = case["events"]
    for key, row in rows(case).items():
        family, _, part = key.partition(":")
        due = row["due"]
        if family in {"review_invitations", "mediation_notice"}:
            scheduled = {
                "review_invitations": "review_meeting_scheduled",
                "mediation_notice": "mediation_scheduled",
            }[family]
            assert due < max(_dates(history, scheduled)), key
            continue
        if family == "phase_transfer_review":
            years = {e["year"] for e in history if e["type"] == "phase_transfer"}
            assert int(due[:4]) in years
            continue
        if family in REVIEW_CYCLE:
            # The anchor: the plan first issued, then the last meeting held.
            first_plan = sorted(_dates(history, "final_plan_issued"))[:1]
            start = max([*_dates(history, "review_meeting_held"), *first_plan])
        elif family in PATHWAY - {"draft_representations_close"}:
            start = max(_dates(history, "request_received"))
        elif family == "advice":
            start = max(_dates(history, "advice_requested", id=part))
        elif family == "setting_response":
            start = max(_dates(history, "setting_consulted", id=part))
        elif family == "comply_with_order":
            start = max(_dates(history, "tribunal_order", kind=part))
        elif family == "mediation_certificate":
            start = max(_dates(history, "mediation_adviser_contacted", wants_mediation=False))
        elif family == "appeal_deadline":
            start = max(
                _dates(history, "decision_notice_sent")
                or _dates(history, "mediation_certificate_issued")
            )
        else:
            start_type = {
                "draft_representations_close": "draft_plan_sent",
                "review_report": "review_meeting_held",
                "review_decision": "review_meeting_held",
                "amendment_representations_close": "amendment_proposed",
                "issue_amended_plan": "amendment_proposed",
                "transfer_plan_out": "move_notified",
                "transfer_notice": "transfer_in",
                "transfer_review": "transfer_in",
                "contact_mediation_adviser": "decision_notice_sent",
                "arrange_mediation": "mediation_requested",
            }[family]
            start = max(_dates(history, start_type))
        assert due >= start, (key, due, start)


@PROPERTY_SETTINGS
@given(cases(), events())
def test_adding_an_event_never_changes_a_deadline_it_does_not_concern(
    case: dict[str, Any], extra: Event
) -> None:
    before = rows(case)
    bigger = {**case, "events": [*case["events"], extra]}
    try:
        after = rows(bigger)
    except TimescalesInputError:
        assume(False)  # the extra event made the history invalid: not this property's concern
        return
    keys, families = concerns(extra)
    for key in set(before) | set(after):
        if key in keys or key.partition(":")[0] in families:
            continue
        assert before.get(key) == after.get(key), (key, extra)


@PROPERTY_SETTINGS
@given(cases(), st.randoms(use_true_random=False))
def test_event_order_does_not_matter(case: dict[str, Any], rnd: Any) -> None:
    shuffled = list(case["events"])
    rnd.shuffle(shuffled)
    assert compute({**case, "events": shuffled}) == compute(case)
    assert compute({**case, "events": shuffled[::-1]}) == compute(case)


FORWARD_WORKING_DAYS = {"mediation_certificate", "transfer_plan_out"}
BACKWARD_WORKING_DAYS = {"mediation_notice"}


@PROPERTY_SETTINGS
@given(cases(), st.integers(0, SPAN + 60))
def test_adding_a_bank_holiday_never_moves_a_working_day_deadline_earlier(
    case: dict[str, Any], offset: int
) -> None:
    holiday = BASE + timedelta(days=offset)
    before = rows(case)
    after = rows(case, calendar=default_calendar().with_extra_holidays([holiday]))
    assert set(before) == set(after)
    for key, row in before.items():
        moved = after[key]
        if key in FORWARD_WORKING_DAYS:
            assert moved["due"] >= row["due"], (key, holiday)
        elif key in BACKWARD_WORKING_DAYS:
            # "At least N working days before": a holiday can only require notice earlier.
            assert moved["due"] <= row["due"], (key, holiday)
        else:
            assert moved == row, (key, holiday)


def test_extra_holiday_on_a_known_case_moves_the_certificate_later() -> None:
    case = {
        "as_of": "2026-05-01",
        "events": [
            {"type": "mediation_adviser_contacted", "date": "2026-04-28", "wants_mediation": False}
        ],
    }
    plain = rows(case)["mediation_certificate"]["due"]
    cal = WorkingDayCalendar(extra_holidays=[date(2026, 4, 30)])
    assert (plain, rows(case, calendar=cal)["mediation_certificate"]["due"]) == (
        "2026-05-01",
        "2026-05-05",
    )
