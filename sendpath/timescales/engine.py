"""The deadline engine: ``compute(case) -> {"deadlines": [...]}``.

Every deadline the events give rise to is reported with ``key``, ``due``, ``status``
(``met``/``late``/``open``/``overdue``), ``completed_on``, ``exception`` and ``source``, sorted by
``due`` then ``key``.  Events are taken in a canonical order (date, then content), so the order
of the input list never matters, and every event counts whatever its date relative to
``as_of``; ``as_of`` only decides ``open`` against ``overdue`` and whether a period has ended.

Repeated events (documented choices, one deadline per key):

* **Assessment pathway.**  The current request is the latest ``request_received``; the pathway
  deadlines (``decide_whether_to_assess``, ``draft_plan_target``, ``decide_whether_to_issue_plan``,
  ``issue_final_plan``) run from it and are completed by the first completing event on or after
  it.  Mooting follows the latest ``decision_to_assess`` / ``assessment_outcome`` on or after it.
  ``draft_representations_close`` runs from the latest ``draft_plan_sent`` (a re-sent draft
  restarts the 15 days).  A new request therefore starts a new cycle and replaces the old one.
* **Advice and settings.**  One ``advice:<id>`` / ``setting_response:<id>`` per id, from the
  latest request/consultation of that id, completed by the first matching reply on or after it.
* **Tribunal orders.**  One ``comply_with_order:<kind>`` per kind, from the latest order of that
  kind, completed by the first ``order_complied`` of the same kind on or after it.
* **Reviews.**  Only the current cycle is reported.  ``annual_review`` (or
  ``early_years_review``) runs from the anchor: the latest ``review_meeting_held``, or the first
  ``final_plan_issued`` if no meeting was held after it; it is completed only by a meeting held
  after the anchor, so the current cycle is ``open`` or ``overdue``.  ``review_invitations`` is
  for the latest ``review_meeting_scheduled`` date and is completed by the first
  ``review_invitations_sent`` after the last meeting held before that date.  ``review_report``
  and ``review_decision`` run from the latest meeting held.
* **Amendments.**  From the latest ``amendment_proposed``; completed by the first
  ``amended_plan_issued`` or ``decided_not_to_amend`` on or after it.
* **Phase transfer.**  One ``phase_transfer_review``: for the ``phase_transfer`` with the
  latest due date.  It is completed by the first ``amended_plan_issued`` on or after 1 September
  of the year before the transfer (the start of the final school year before it), so that an
  amendment made years earlier for another reason does not count.
* **Transfers.**  ``transfer_plan_out`` from the latest ``move_notified`` (by the day learned);
  ``transfer_notice`` and ``transfer_review`` from the latest ``transfer_in``, completed by the
  first ``transfer_notice_sent`` / ``review_meeting_held`` on or after it.  ``transfer_review``
  is reported beside ``annual_review`` (the contract does not make one replace the other).
* **Disagreements.**  ``contact_mediation_adviser`` and the 2-month limb of ``appeal_deadline``
  run from the latest ``decision_notice_sent``; the 1-month limb from the latest
  ``mediation_certificate_issued`` on or after it.  ``mediation_certificate`` runs from the
  latest ``mediation_adviser_contacted`` with ``wants_mediation: false``; ``arrange_mediation``
  from the latest ``mediation_requested``; ``mediation_notice`` is for the latest
  ``mediation_scheduled`` date, completed by the first ``mediation_notice_sent`` after the last
  mediation held before it.  "Unless agreed otherwise" is recorded as an ``exception``.
* **Exceptions.**  An ``exception`` never moves a date: the deadline keeps its due date and
  status and carries ``"exception": reason``.  ``applies_to`` is a key (``advice:ep``) or a
  family (``advice``: every advice deadline).  Several reasons for one deadline are joined,
  sorted, with ``"; "``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Literal, TypedDict

from .calendar import (
    WorkingDayCalendar,
    add_months,
    default_calendar,
    fifth_birthday,
    period_of_months,
)
from .rules import ORDER_WEEKS, PERIOD_FAMILIES, RULES_BY_FAMILY
from .validation import Case, Event, parse_case

__all__ = ["DeadlineRow", "Result", "Status", "compute", "compute_parsed"]

Status = Literal["met", "late", "open", "overdue"]


class DeadlineRow(TypedDict):
    key: str
    due: str
    status: Status
    completed_on: str | None
    exception: str | None
    source: str


class Result(TypedDict):
    deadlines: list[DeadlineRow]


# Precomputed once: no per-call rebuilding of rule data.
_SOURCE: dict[str, str] = {family: rule.source for family, rule in RULES_BY_FAMILY.items()}
_ORDER_DELTA: dict[str, timedelta] = {k: timedelta(weeks=w) for k, w in ORDER_WEEKS.items()}
_ORDER_KEY: dict[str, str] = {k: f"comply_with_order:{k}" for k in ORDER_WEEKS}
_PERIODS = PERIOD_FAMILIES
_FIXED_FAMILIES = frozenset(
    family for family, rule in RULES_BY_FAMILY.items() if ":" not in rule.key
)

# Calendar-day offsets, precomputed (the hot path adds timedeltas rather than calling the
# calendar helpers; test_calendar checks the helpers give the same conventions):
_D14 = timedelta(days=14)  # within 2 weeks; at least 2 weeks before; 15 days beginning with
_D15 = timedelta(days=15)  # within 15 days (setting_response: "15 days from")
_D28 = timedelta(days=28)  # within 4 weeks
_D30 = timedelta(days=30)  # within 30 days
_D42 = timedelta(days=42)  # within 6 weeks
_D56 = timedelta(days=56)  # within 8 weeks
_D98 = timedelta(days=98)  # within 14 weeks
_D112 = timedelta(days=112)  # within 16 weeks
_D140 = timedelta(days=140)  # within 20 weeks

_EMPTY: list[Event] = []

# date -> "YYYY-MM-DD": isoformat() is slow next to a dict hit and dates repeat across cases.
_ISO: dict[date, str] = {}
_ISO_LIMIT = 100_000

# (due, key, completed_on)
_Item = tuple[date, str, "date | None"]


# Events are tuples (day, ident, flag, other, index), see validation.Event; each type's list is
# sorted, so it is in date order and ev[0] is the event's date.


def _first_from(events: list[Event], day: date) -> date | None:
    """Date of the first event on or after ``day``."""
    for ev in events:
        if ev[0] >= day:
            return ev[0]
    return None


def _first_after(events: list[Event], day: date | None) -> date | None:
    """Date of the first event strictly after ``day`` (any event when ``day`` is None)."""
    if day is None:
        return events[0][0] if events else None
    for ev in events:
        if ev[0] > day:
            return ev[0]
    return None


def _last_before(events: list[Event], day: date) -> date | None:
    """Date of the last event strictly before ``day``."""
    found: date | None = None
    for ev in events:
        if ev[0] >= day:
            break
        found = ev[0]
    return found


def _from(events: list[Event], day: date) -> list[Event]:
    """The events on or after ``day``."""
    if not events or events[0][0] >= day:
        return events
    return [ev for ev in events if ev[0] >= day]


def compute(case: Mapping[str, object], *, calendar: WorkingDayCalendar | None = None) -> Result:
    """Every deadline the case's events give rise to, sorted by due date then key.

    Raises :class:`~sendpath.timescales.validation.TimescalesInputError` on bad input.
    ``calendar`` overrides the working-day calendar (England bank holidays by default).
    """
    return compute_parsed(parse_case(case), calendar=calendar)


def compute_parsed(case: Case, *, calendar: WorkingDayCalendar | None = None) -> Result:
    """:func:`compute` for an already validated :class:`Case`."""
    cal = calendar if calendar is not None else default_calendar()
    events = case.events
    items: list[_Item] = []
    add = items.append

    get = events.get
    none = _EMPTY

    # -- Assessment and plan (the 20-week pathway) -----------------------------------------
    requests = get("request_received", none)
    decisions = get("decision_to_assess", none)
    outcomes = get("assessment_outcome", none)
    drafts = get("draft_plan_sent", none)
    finals = get("final_plan_issued", none)
    if requests or decisions or outcomes or drafts:
        # The current cycle: events on or after the latest request (all, without a request).
        start: date | None = requests[-1][0] if requests else None
        cycle_finals = finals
        if start is not None:
            decisions = _from(decisions, start)
            outcomes = _from(outcomes, start)
            drafts = _from(drafts, start)
            cycle_finals = _from(finals, start)
        refused = bool(decisions) and decisions[-1][1] == "no"
        no_plan = bool(outcomes) and outcomes[-1][1] == "no_plan"
        if start is not None:
            add((start + _D42, "decide_whether_to_assess", decisions[0][0] if decisions else None))
            if not refused:
                add(
                    (
                        start + _D112,
                        "decide_whether_to_issue_plan",
                        outcomes[0][0] if outcomes else None,
                    )
                )
                if not no_plan:
                    add((start + _D98, "draft_plan_target", drafts[0][0] if drafts else None))
                    add(
                        (
                            start + _D140,
                            "issue_final_plan",
                            cycle_finals[0][0] if cycle_finals else None,
                        )
                    )
        if drafts and not refused and not no_plan:
            add((drafts[-1][0] + _D14, "draft_representations_close", None))

    # -- Advice and settings (one deadline per id) ------------------------------------------
    for start_type, done_type, prefix, delta in (
        ("advice_requested", "advice_received", "advice:", _D42),
        ("setting_consulted", "setting_responded", "setting_response:", _D15),
    ):
        starts = events.get(start_type)
        if not starts:
            continue
        latest: dict[str, date] = {}
        for day, ident, _, _, _ in starts:
            latest[ident] = day  # date order: the last one wins
        replies = get(done_type, none)
        for ident, day in latest.items():
            done: date | None = None
            for reply_day, reply_ident, _, _, _ in replies:
                if reply_ident == ident and reply_day >= day:
                    done = reply_day
                    break
            add((day + delta, prefix + ident, done))

    # -- Plans in force ----------------------------------------------------------------------
    held = get("review_meeting_held", none)
    anchor: date | None = finals[0][0] if finals else None
    if held and (anchor is None or held[-1][0] > anchor):
        anchor = held[-1][0]
    if anchor is not None:
        done = _first_after(held, anchor)
        six_months = add_months(anchor, 6)
        dob = case.date_of_birth
        if dob is not None and six_months < fifth_birthday(dob):
            add((six_months, "early_years_review", done))
        else:
            add((add_months(anchor, 12), "annual_review", done))

    scheduled = get("review_meeting_scheduled", none)
    if scheduled:
        meeting = scheduled[-1][0]
        previous = _last_before(held, meeting)
        add(
            (
                meeting - _D14,
                "review_invitations",
                _first_after(get("review_invitations_sent", none), previous),
            )
        )

    if held:
        last_held = held[-1][0]
        add(
            (
                last_held + _D14,
                "review_report",
                _first_from(get("review_report_received", none), last_held),
            )
        )
        add(
            (
                last_held + _D28,
                "review_decision",
                _first_from(get("review_decision_notified", none), last_held),
            )
        )

    proposals = get("amendment_proposed", none)
    if proposals:
        proposed = proposals[-1][0]
        add((proposed + _D14, "amendment_representations_close", None))
        issued = _first_from(get("amended_plan_issued", none), proposed)
        declined = _first_from(get("decided_not_to_amend", none), proposed)
        if issued is None or (declined is not None and declined < issued):
            issued = declined
        add((proposed + _D56, "issue_amended_plan", issued))

    if case.phase_transfers:
        best: tuple[date, int] | None = None
        for transfer in case.phase_transfers:
            due = (
                date(transfer.year, 2, 14)
                if transfer.kind == "school"
                else date(transfer.year, 3, 30)
            )
            if best is None or due > best[0]:
                best = (due, transfer.year)
        assert best is not None  # noqa: S101 - the list is not empty
        window = date(best[1] - 1, 9, 1)
        add(
            (
                best[0],
                "phase_transfer_review",
                _first_from(get("amended_plan_issued", none), window),
            )
        )

    # -- Moving between authorities (reg 15) -------------------------------------------------
    moves = get("move_notified", none)
    if moves:
        learned, _, _, move_date, _ = moves[-1]
        due = cal.working_days_beginning_with(learned, 15)
        if move_date is not None and move_date > due:
            due = move_date  # learned at least 15 working days ahead: the day of the move
        add((due, "transfer_plan_out", _first_from(get("plan_transferred", none), learned)))

    arrivals = get("transfer_in", none)
    if arrivals:
        came, _, _, last_reviewed, _ = arrivals[-1]
        add((came + _D42, "transfer_notice", _first_from(get("transfer_notice_sent", none), came)))
        due = period_of_months(came, 3)
        if last_reviewed is not None:
            twelve = add_months(last_reviewed, 12)
            if twelve > due:
                due = twelve
        add((due, "transfer_review", _first_from(held, came)))

    # -- Disagreements -------------------------------------------------------------------------
    notices = get("decision_notice_sent", none)
    certificates = get("mediation_certificate_issued", none)
    decided: date | None = None
    if notices:
        decided = notices[-1][0]
        add(
            (
                add_months(decided, 2),
                "contact_mediation_adviser",
                _first_from(get("mediation_adviser_contacted", none), decided),
            )
        )
    contacts = get("mediation_adviser_contacted", none)
    if contacts:
        declined_on: date | None = None
        for day, _, wants_mediation, _, _ in contacts:
            if not wants_mediation:
                declined_on = day
        if declined_on is not None:
            add(
                (
                    cal.add_working_days(declined_on, 3),
                    "mediation_certificate",
                    _first_from(certificates, declined_on),
                )
            )
    mediation_requests = get("mediation_requested", none)
    mediations = get("mediation_held", none)
    if mediation_requests:
        asked = mediation_requests[-1][0]
        add((asked + _D30, "arrange_mediation", _first_from(mediations, asked)))
    mediation_dates = get("mediation_scheduled", none)
    if mediation_dates:
        when = mediation_dates[-1][0]
        add(
            (
                cal.working_days_before(when, 5),
                "mediation_notice",
                _first_after(get("mediation_notice_sent", none), _last_before(mediations, when)),
            )
        )
    if notices or certificates:
        if decided is not None:
            certificates = _from(certificates, decided)
        certified = certificates[-1][0] if certificates else None
        if decided is not None:
            due = add_months(decided, 2)
            if certified is not None:
                one_month = add_months(certified, 1)
                if one_month > due:
                    due = one_month
            since = decided
        else:
            assert certified is not None  # noqa: S101 - certificates is not empty here
            due = add_months(certified, 1)
            since = certified
        add((due, "appeal_deadline", _first_from(get("appeal_registered", none), since)))

    orders = get("tribunal_order", none)
    if orders:
        latest_order: dict[str, date] = {}
        for day, kind, _, _, _ in orders:
            latest_order[kind] = day
        complied = get("order_complied", none)
        for kind, day in latest_order.items():
            done = None
            for done_day, done_kind, _, _, _ in complied:
                if done_kind == kind and done_day >= day:
                    done = done_day
                    break
            add((day + _ORDER_DELTA[kind], _ORDER_KEY[kind], done))

    return {"deadlines": _rows(items, case)}


def _rows(items: list[_Item], case: Case) -> list[DeadlineRow]:
    items.sort()
    reasons: dict[str, str] = {}
    if case.exceptions:
        collected: dict[str, set[str]] = {}
        for record in case.exceptions:
            collected.setdefault(record.applies_to, set()).add(record.reason)
        reasons = {key: "; ".join(sorted(values)) for key, values in collected.items()}
    as_of = case.as_of
    sources = _SOURCE
    periods = _PERIODS
    rows: list[DeadlineRow] = []
    fixed = _FIXED_FAMILIES
    iso = _ISO
    if len(iso) > _ISO_LIMIT:
        iso.clear()
    for due, key, done in items:
        family = key if key in fixed else key[: key.index(":")]
        status: Status
        if done is not None:
            status = "met" if done <= due else "late"
        elif family in periods:
            status = "open" if as_of <= due else "met"
        else:
            status = "open" if as_of <= due else "overdue"
        exception: str | None = None
        if reasons:
            exception = reasons.get(key)
            if family != key:
                general = reasons.get(family)
                if general is not None:
                    exception = general if exception is None else _merge(exception, general)
        due_text = iso.get(due)
        if due_text is None:
            due_text = iso[due] = due.isoformat()
        done_text: str | None = None
        if done is not None:
            done_text = iso.get(done)
            if done_text is None:
                done_text = iso[done] = done.isoformat()
        rows.append(
            {
                "key": key,
                "due": due_text,
                "status": status,
                "completed_on": done_text,
                "exception": exception,
                "source": sources[family],
            }
        )
    return rows


def _merge(first: str, second: str) -> str:
    return "; ".join(sorted(set(first.split("; ")) | set(second.split("; "))))
