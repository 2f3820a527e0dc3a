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
  restarts the period).  A new request therefore starts a new cycle and replaces the old one.
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
* **Disagreements.**  ``contact_mediation_adviser`` and the ``decision`` limb of ``appeal_deadline``
  run from the latest ``decision_notice_sent``; the ``certificate`` limb from the latest
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
from datetime import date
from typing import Literal, TypedDict

from .calendar import WorkingDayCalendar, default_calendar, fifth_birthday
from .periods import Period
from .rules import ORDER_PERIODS, PERIOD_FAMILIES, RULES_BY_FAMILY
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
_ORDER_KEY: dict[str, str] = {k: f"comply_with_order:{k}" for k in ORDER_PERIODS}
_PERIODS = PERIOD_FAMILIES
_FIXED_FAMILIES = frozenset(
    family for family, rule in RULES_BY_FAMILY.items() if ":" not in rule.key
)


def _period(family: str, name: str = "period") -> Period:
    return RULES_BY_FAMILY[family].periods[name]


# Every period the engine counts, read from its rule: nothing here says how long a period is.
_DECIDE = _period("decide_whether_to_assess")
_ADVICE = _period("advice")
_DRAFT_TARGET = _period("draft_plan_target")
_DRAFT_REPS = _period("draft_representations_close")
_SETTING = _period("setting_response")
_ISSUE_DECISION = _period("decide_whether_to_issue_plan")
_FINAL = _period("issue_final_plan")
_ANNUAL = _period("annual_review")
_EARLY_YEARS = _period("early_years_review")
_INVITATIONS = _period("review_invitations")
_REPORT = _period("review_report")
_REVIEW_DECISION = _period("review_decision")
_AMEND_REPS = _period("amendment_representations_close")
_AMENDED = _period("issue_amended_plan")
_PHASE: dict[str, Period] = dict(RULES_BY_FAMILY["phase_transfer_review"].periods)
_PLAN_OUT = _period("transfer_plan_out")
_TRANSFER_NOTICE = _period("transfer_notice")
_TRANSFER_REVIEW = _period("transfer_review", "review")
_TRANSFER_ARRIVAL = _period("transfer_review", "arrival")
_CONTACT_ADVISER = _period("contact_mediation_adviser")
_CERTIFICATE = _period("mediation_certificate")
_ARRANGE = _period("arrange_mediation")
_MEDIATION_NOTICE = _period("mediation_notice")
_APPEAL = _period("appeal_deadline", "decision")
_APPEAL_CERTIFIED = _period("appeal_deadline", "certificate")
_ORDER: dict[str, Period] = dict(RULES_BY_FAMILY["comply_with_order"].periods)

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
            add(
                (
                    _DECIDE.last_day(start),
                    "decide_whether_to_assess",
                    decisions[0][0] if decisions else None,
                )
            )
            if not refused:
                add(
                    (
                        _ISSUE_DECISION.last_day(start),
                        "decide_whether_to_issue_plan",
                        outcomes[0][0] if outcomes else None,
                    )
                )
                if not no_plan:
                    add(
                        (
                            _DRAFT_TARGET.last_day(start),
                            "draft_plan_target",
                            drafts[0][0] if drafts else None,
                        )
                    )
                    add(
                        (
                            _FINAL.last_day(start),
                            "issue_final_plan",
                            cycle_finals[0][0] if cycle_finals else None,
                        )
                    )
        if drafts and not refused and not no_plan:
            add((_DRAFT_REPS.last_day(drafts[-1][0]), "draft_representations_close", None))

    # -- Advice and settings (one deadline per id) ------------------------------------------
    for start_type, done_type, prefix, period in (
        ("advice_requested", "advice_received", "advice:", _ADVICE),
        ("setting_consulted", "setting_responded", "setting_response:", _SETTING),
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
            add((period.last_day(day), prefix + ident, done))

    # -- Plans in force ----------------------------------------------------------------------
    held = get("review_meeting_held", none)
    anchor: date | None = finals[0][0] if finals else None
    if held and (anchor is None or held[-1][0] > anchor):
        anchor = held[-1][0]
    if anchor is not None:
        done = _first_after(held, anchor)
        early = _EARLY_YEARS.last_day(anchor)
        dob = case.date_of_birth
        if dob is not None and early < fifth_birthday(dob):
            add((early, "early_years_review", done))
        else:
            add((_ANNUAL.last_day(anchor), "annual_review", done))

    scheduled = get("review_meeting_scheduled", none)
    if scheduled:
        meeting = scheduled[-1][0]
        previous = _last_before(held, meeting)
        add(
            (
                _INVITATIONS.last_day(meeting),
                "review_invitations",
                _first_after(get("review_invitations_sent", none), previous),
            )
        )

    if held:
        last_held = held[-1][0]
        add(
            (
                _REPORT.last_day(last_held),
                "review_report",
                _first_from(get("review_report_received", none), last_held),
            )
        )
        add(
            (
                _REVIEW_DECISION.last_day(last_held),
                "review_decision",
                _first_from(get("review_decision_notified", none), last_held),
            )
        )

    proposals = get("amendment_proposed", none)
    if proposals:
        proposed = proposals[-1][0]
        add((_AMEND_REPS.last_day(proposed), "amendment_representations_close", None))
        issued = _first_from(get("amended_plan_issued", none), proposed)
        declined = _first_from(get("decided_not_to_amend", none), proposed)
        if issued is None or (declined is not None and declined < issued):
            issued = declined
        add((_AMENDED.last_day(proposed), "issue_amended_plan", issued))

    if case.phase_transfers:
        best: tuple[date, int] | None = None
        for transfer in case.phase_transfers:
            due = _PHASE[transfer.kind].last_day(date(transfer.year, 1, 1))
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
        due = _PLAN_OUT.last_day(learned, cal)
        if move_date is not None and move_date > due:
            due = move_date  # learned a whole period ahead: the day of the move
        add((due, "transfer_plan_out", _first_from(get("plan_transferred", none), learned)))

    arrivals = get("transfer_in", none)
    if arrivals:
        came, _, _, last_reviewed, _ = arrivals[-1]
        add(
            (
                _TRANSFER_NOTICE.last_day(came),
                "transfer_notice",
                _first_from(get("transfer_notice_sent", none), came),
            )
        )
        due = _TRANSFER_ARRIVAL.last_day(came)
        if last_reviewed is not None:
            twelve = _TRANSFER_REVIEW.last_day(last_reviewed)
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
                _CONTACT_ADVISER.last_day(decided),
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
                    _CERTIFICATE.last_day(declined_on, cal),
                    "mediation_certificate",
                    _first_from(certificates, declined_on),
                )
            )
    mediation_requests = get("mediation_requested", none)
    mediations = get("mediation_held", none)
    if mediation_requests:
        asked = mediation_requests[-1][0]
        add((_ARRANGE.last_day(asked), "arrange_mediation", _first_from(mediations, asked)))
    mediation_dates = get("mediation_scheduled", none)
    if mediation_dates:
        when = mediation_dates[-1][0]
        add(
            (
                _MEDIATION_NOTICE.last_day(when, cal),
                "mediation_notice",
                _first_after(get("mediation_notice_sent", none), _last_before(mediations, when)),
            )
        )
    if notices or certificates:
        if decided is not None:
            certificates = _from(certificates, decided)
        certified = certificates[-1][0] if certificates else None
        if decided is not None:
            due = _APPEAL.last_day(decided)
            if certified is not None:
                one_month = _APPEAL_CERTIFIED.last_day(certified)
                if one_month > due:
                    due = one_month
            since = decided
        else:
            assert certified is not None  # noqa: S101 - certificates is not empty here
            due = _APPEAL_CERTIFIED.last_day(certified)
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
            add((_ORDER[kind].last_day(day), _ORDER_KEY[kind], done))

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
