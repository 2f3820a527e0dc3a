"""Parsing and validating a case history (the engine's JSON input).

A case is ``{"as_of": "YYYY-MM-DD", "date_of_birth": "YYYY-MM-DD" (optional), "events": [...]}``.
Each event has ``type`` and ``date`` (``exception`` has no date, ``phase_transfer`` has ``year``
instead) plus the fields its type requires (TIMESCALES.md, "Event types and their fields").
Unknown extra fields are ignored.

Bad input raises :class:`TimescalesInputError`, whose message is one line naming the event by
its 0-based index (``events[3] (index 3, type advice_received): ...``) and what is wrong.  When
several events are wrong, the one with the lowest index is reported.  Checked:

* the top level: a JSON object, ``as_of`` a valid date, ``date_of_birth`` absent/null or a
  valid date, ``events`` a list;
* each event: an object, a known ``type``, a well-formed ``YYYY-MM-DD`` date in 1900-2099, every
  required field present and of the right form (enumerations as listed in the contract);
* ids and kinds: an ``advice_received``/``setting_responded`` must name an id some
  ``advice_requested``/``setting_consulted`` introduced; an ``order_complied`` must name a kind
  some ``tribunal_order`` made;
* order: a completion may not be dated before the earliest event of the kind it completes
  (``decision_to_assess``, ``draft_plan_sent``, ``assessment_outcome`` and ``final_plan_issued``
  against ``request_received``; ``advice_received`` against its ``advice_requested``;
  ``setting_responded`` against its ``setting_consulted``; ``review_report_received`` and
  ``review_decision_notified`` against ``review_meeting_held``; ``decided_not_to_amend``
  against ``amendment_proposed``; ``plan_transferred`` against ``move_notified``;
  ``transfer_notice_sent`` against ``transfer_in``; ``mediation_adviser_contacted`` and
  ``appeal_registered`` against ``decision_notice_sent``; ``mediation_certificate_issued``
  against ``mediation_adviser_contacted``; ``mediation_held`` against ``mediation_requested``;
  ``order_complied`` against its ``tribunal_order``).  Where the history holds none of the
  starting events (a record that begins part-way through), the completion is accepted.
  ``amended_plan_issued`` and ``review_meeting_held`` complete more than one kind of deadline
  and are not order-checked.
* an ``exception``'s ``applies_to`` must name a deadline key or family in the rule table
  (``advice:ep``, or ``advice`` for every advice deadline); ``reason`` is any non-empty text
  (the four statutory reasons are listed in ``rules.EXCEPTION_REASONS``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any

from .rules import ADVICE_SOURCES, ORDER_PERIODS, RULES_BY_FAMILY

__all__ = [
    "COMPLETES",
    "DAY",
    "EVENT_TYPES",
    "FLAG",
    "IDENT",
    "INDEX",
    "MAX_DATE",
    "MIN_DATE",
    "OTHER",
    "Case",
    "Event",
    "ExceptionRecord",
    "PhaseTransfer",
    "TimescalesInputError",
    "parse_case",
    "parse_date",
]

MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2099, 12, 31)
"""Input dates must lie in this range, so that every deadline (at most a few weeks of working
days past the last input date) falls in a year the ``holidays`` package covers (to 2100)."""


class TimescalesInputError(ValueError):
    """Bad input: one line naming the event (index and type) and what is wrong."""

    def __init__(self, problem: str, index: int | None = None, event_type: str | None = None):
        self.problem = problem
        self.index = index
        self.event_type = event_type
        if index is None:
            line = problem
        else:
            line = f"events[{index}] (index {index}, type {event_type or '?'}): {problem}"
        super().__init__(line.replace("\n", " "))


Event = tuple[date, str, bool, "date | None", int]
"""A dated event as a plain tuple ``(day, ident, flag, other, index)`` (tuples are cheap to
build and sort natively, and the engine reads thousands a second):

* ``day``: its ``date``;
* ``ident``: the field the engine keys on: ``id`` (advice, settings), ``kind`` (tribunal
  orders) or ``outcome`` (decisions), else ``""``;
* ``flag``: ``wants_mediation`` (else False);
* ``other``: ``move_date`` or ``plan_last_reviewed_or_issued`` (else None);
* ``index``: its position in the input, for error messages only.

Sorted, a type's events are in canonical order: by date, then by content, so the order of the
input never matters (the index only separates identical events)."""

DAY, IDENT, FLAG, OTHER, INDEX = range(5)
"""Positions in an :data:`Event` (the engine indexes literally, in the same order)."""


@dataclass(frozen=True, slots=True)
class ExceptionRecord:
    index: int
    applies_to: str
    reason: str


@dataclass(frozen=True, slots=True)
class PhaseTransfer:
    index: int
    year: int
    kind: str


@dataclass(slots=True)
class Case:
    as_of: date
    date_of_birth: date | None
    events: dict[str, list[Event]]
    """Dated events by type, each list sorted (canonical order, see :data:`Event`)."""
    exceptions: list[ExceptionRecord]
    phase_transfers: list[PhaseTransfer]

    def of(self, type_: str) -> list[Event]:
        return self.events.get(type_, _EMPTY)


_EMPTY: list[Event] = []


def parse_date(value: object) -> date | None:
    """A strict ``YYYY-MM-DD`` string to a date, or None if malformed."""
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


_DAY_CACHE: dict[str, date] = {}
_DAY_CACHE_LIMIT = 100_000


def _day(value: object) -> date | None:
    """A valid in-range date, or None; valid strings are cached (dates repeat a lot)."""
    if type(value) is not str:
        return None
    day = _DAY_CACHE.get(value)
    if day is not None:
        return day
    day = parse_date(value)
    if day is None or not MIN_DATE <= day <= MAX_DATE:
        return None
    if len(_DAY_CACHE) >= _DAY_CACHE_LIMIT:
        _DAY_CACHE.clear()
    _DAY_CACHE[value] = day
    return day


# -- per-type field specifications ----------------------------------------------------------

_Check = Callable[[object], str | None]
"""Returns an error text, or None when the value is acceptable."""


def _enum(*allowed: str) -> _Check:
    options = frozenset(allowed)
    shown = ", ".join(allowed)

    def check(value: object) -> str | None:
        if type(value) is str and value in options:
            return None
        return f"must be one of {shown}, not {_show(value)}"

    return check


def _text(value: object) -> str | None:
    if type(value) is str and value.strip():
        return None
    return f"must be a non-empty string, not {_show(value)}"


def _boolean(value: object) -> str | None:
    if type(value) is bool:
        return None
    return f"must be true or false, not {_show(value)}"


def _a_date(value: object) -> str | None:
    return _date_problem(value)


def _year(value: object) -> str | None:
    if type(value) is str and value.isdecimal() and len(value) == 4:
        value = int(value)  # "2027" is accepted as well as 2027
    if type(value) is int and MIN_DATE.year <= value <= MAX_DATE.year:
        return None
    return f"must be a whole year between {MIN_DATE.year} and {MAX_DATE.year}, not {_show(value)}"


def _applies_to(value: object) -> str | None:
    problem = _text(value)
    if problem is not None:
        return problem
    assert isinstance(value, str)  # noqa: S101 - narrowed by _text
    family, sep, part = value.partition(":")
    rule = RULES_BY_FAMILY.get(family)
    if rule is None:
        return f"names no deadline key: {value!r}"
    if sep:
        if ":" not in rule.key or not part:
            return f"names no deadline key: {value!r}"
        if family == "comply_with_order" and part not in ORDER_PERIODS:
            return f"names no tribunal order kind: {value!r}"
    return None


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _date_problem(value: object) -> str | None:
    parsed = parse_date(value)
    if parsed is None:
        return f"malformed date {_show(value)} (expected YYYY-MM-DD)"
    if not MIN_DATE <= parsed <= MAX_DATE:
        return f"date {value} is outside the supported range {MIN_DATE} to {MAX_DATE}"
    return None


# A field: (name, slot, allowed, check).  slot says where the engine keeps the value
# (_IDENT, _FLAG, _OTHER) or _CHECK_ONLY; ``allowed`` is an enumeration's values (a fast path:
# a listed string needs no call) or None; ``check`` gives the error text for a bad value.
_CHECK_ONLY, _IDENT, _FLAG, _OTHER = range(4)
_Field = tuple[str, int, "frozenset[str] | None", _Check]


def _one_of(name: str, slot: int, *allowed: str) -> _Field:
    return (name, slot, frozenset(allowed), _enum(*allowed))


_REQUEST_SOURCE = _one_of(
    "source", _CHECK_ONLY, "parent", "young_person", "school", "health", "social_care", "other"
)
_ADVICE_SOURCE = _one_of("source", _CHECK_ONLY, *sorted(ADVICE_SOURCES))
_ORDER_KIND = _one_of("kind", _IDENT, *ORDER_PERIODS)
_ID: _Field = ("id", _IDENT, None, _text)

_SPECS: dict[str, tuple[_Field, ...]] = {
    "request_received": (_REQUEST_SOURCE,),
    "decision_to_assess": (_one_of("outcome", _IDENT, "yes", "no"),),
    "advice_requested": (_ID, _ADVICE_SOURCE),
    "advice_received": (_ID,),
    "setting_consulted": (_ID,),
    "setting_responded": (_ID,),
    "draft_plan_sent": (),
    "final_plan_issued": (),
    "assessment_outcome": (_one_of("outcome", _IDENT, "plan", "no_plan"),),
    "review_meeting_scheduled": (),
    "review_invitations_sent": (),
    "review_meeting_held": (),
    "review_report_received": (),
    "review_decision_notified": (_one_of("outcome", _IDENT, "maintain", "amend", "cease"),),
    "amendment_proposed": (),
    "amended_plan_issued": (),
    "decided_not_to_amend": (),
    "phase_transfer": (
        ("year", _CHECK_ONLY, None, _year),
        _one_of("kind", _CHECK_ONLY, "school", "post16"),
    ),
    "move_notified": (("move_date", _OTHER, None, _a_date),),
    "plan_transferred": (),
    "transfer_in": (("plan_last_reviewed_or_issued", _OTHER, None, _a_date),),
    "transfer_notice_sent": (),
    "decision_notice_sent": (),
    "mediation_requested": (),
    "mediation_held": (),
    "mediation_notice_sent": (),
    "mediation_certificate_issued": (),
    "appeal_registered": (),
    "mediation_adviser_contacted": (("wants_mediation", _FLAG, None, _boolean),),
    "mediation_scheduled": (),
    "tribunal_order": (_ORDER_KIND,),
    "order_complied": (_ORDER_KIND,),
    "exception": (
        ("applies_to", _CHECK_ONLY, None, _applies_to),
        ("reason", _CHECK_ONLY, None, _text),
    ),
}

EVENT_TYPES = frozenset(_SPECS)
"""Every event type the engine accepts."""

_UNDATED = frozenset({"exception", "phase_transfer"})
_MISSING: Any = object()

# Completion -> the event type it completes; when the history holds any of the latter, the
# completion may not be dated before the earliest of them.
_COMPLETES: dict[str, str] = {
    "decision_to_assess": "request_received",
    "draft_plan_sent": "request_received",
    "assessment_outcome": "request_received",
    "final_plan_issued": "request_received",
    "review_report_received": "review_meeting_held",
    "review_decision_notified": "review_meeting_held",
    "decided_not_to_amend": "amendment_proposed",
    "plan_transferred": "move_notified",
    "transfer_notice_sent": "transfer_in",
    "mediation_adviser_contacted": "decision_notice_sent",
    "appeal_registered": "decision_notice_sent",
    "mediation_certificate_issued": "mediation_adviser_contacted",
    "mediation_held": "mediation_requested",
}

COMPLETES = MappingProxyType(_COMPLETES)
"""Public, read-only: completion type -> the event type it completes (used by callers to give
friendlier messages before asking the engine)."""

# Completions that must match an id/kind some starting event introduced.
_MATCHED: dict[str, tuple[str, str, str]] = {
    "advice_received": ("advice_requested", "id", "requested"),
    "setting_responded": ("setting_consulted", "id", "consulted"),
    "order_complied": ("tribunal_order", "kind", "ordered"),
}


def _top_date(case: Mapping[str, object], name: str, required: bool) -> date | None:
    value = case.get(name)
    if value is None:
        if required:
            raise TimescalesInputError(f"{name}: missing (expected a YYYY-MM-DD date)")
        return None
    day = _day(value)
    if day is None:
        raise TimescalesInputError(f"{name}: {_date_problem(value)}")
    return day


def parse_case(case: object) -> Case:
    """Validate ``case`` and return it parsed (raises :class:`TimescalesInputError`)."""
    if type(case) is not dict and not isinstance(case, Mapping):
        raise TimescalesInputError(
            f"input must be a JSON object with as_of and events, not {type(case).__name__}"
        )
    as_of = _top_date(case, "as_of", required=True)
    assert as_of is not None  # noqa: S101 - required=True never returns None
    date_of_birth = _top_date(case, "date_of_birth", required=False)
    raw_events = case.get("events")
    if raw_events is None:
        raise TimescalesInputError("events: missing (expected a list of events)")
    if type(raw_events) is not list:
        raise TimescalesInputError(f"events: must be a list, not {type(raw_events).__name__}")

    events: dict[str, list[Event]] = {}
    exceptions: list[ExceptionRecord] = []
    phase_transfers: list[PhaseTransfer] = []
    specs = _SPECS
    undated = _UNDATED
    missing = _MISSING
    cached_day = _DAY_CACHE.get
    for index, raw in enumerate(raw_events):
        if type(raw) is not dict:
            raise TimescalesInputError(
                f"an event must be a JSON object, not {type(raw).__name__}", index, None
            )
        etype: Any = raw.get("type")  # a str once found in specs (checked just below)
        try:
            spec = specs.get(etype)
        except TypeError:  # an unhashable "type" (a list or an object)
            spec = None
        if spec is None:
            if etype is None:
                raise TimescalesInputError("missing field 'type'", index, None)
            raise TimescalesInputError(f"unknown event type {_show(etype)}", index, str(etype))
        day: date | None = None
        if etype not in undated:
            value: Any = raw.get("date")
            try:
                day = cached_day(value)
            except TypeError:  # unhashable: certainly not a date
                day = None
            if day is None:
                if "date" not in raw:
                    raise TimescalesInputError("missing field 'date'", index, etype)
                day = _day(value)
                if day is None:
                    raise TimescalesInputError(
                        f"field 'date': {_date_problem(value)}", index, etype
                    )
        ident = ""
        flag = False
        other: date | None = None
        for name, slot, allowed, check in spec:
            value = raw.get(name, missing)
            if allowed is None or value.__class__ is not str or value not in allowed:
                if value is missing:
                    raise TimescalesInputError(f"missing field '{name}'", index, etype)
                problem = check(value)
                if problem is not None:
                    raise TimescalesInputError(f"field '{name}' {problem}", index, etype)
            if slot:
                if slot == _IDENT:
                    ident = value
                elif slot == _FLAG:
                    flag = value
                else:
                    other = _day(value)
        if day is None:
            if etype == "exception":
                exceptions.append(ExceptionRecord(index, raw["applies_to"], raw["reason"]))
            else:
                phase_transfers.append(PhaseTransfer(index, int(raw["year"]), raw["kind"]))
            continue
        bucket = events.get(etype)
        if bucket is None:
            events[etype] = [(day, ident, flag, other, index)]
        else:
            bucket.append((day, ident, flag, other, index))

    for bucket in events.values():
        if len(bucket) > 1:
            bucket.sort()
    _check_order(events)
    return Case(as_of, date_of_birth, events, exceptions, phase_transfers)


def _check_order(events: dict[str, list[Event]]) -> None:
    """Cross-event checks; reports the offending event with the lowest index."""
    problems: list[TimescalesInputError] = []
    for done_type, done in events.items():
        start_type = _COMPLETES.get(done_type)
        if start_type is None:
            continue
        starts = events.get(start_type)
        if not starts:
            continue
        first_day, _, _, _, first_index = starts[0]
        if done[0][0] >= first_day:
            continue  # done is in date order: nothing earlier
        for day, _, _, _, index in done:
            if day < first_day:
                problems.append(
                    TimescalesInputError(
                        f"dated {day}, before the {start_type} it completes "
                        f"(earliest is events[{first_index}], {first_day})",
                        index,
                        done_type,
                    )
                )
    for done_type, (start_type, field, verb) in _MATCHED.items():
        replies = events.get(done_type)
        if not replies:
            continue
        earliest: dict[str, Event] = {}
        for ev in events.get(start_type, _EMPTY):
            earliest.setdefault(ev[1], ev)
        for day, ident, _, _, index in replies:
            start = earliest.get(ident)
            if start is None:
                problems.append(
                    TimescalesInputError(
                        f"{field} {ident!r} was never {verb} (no {start_type} event has that "
                        f"{field})",
                        index,
                        done_type,
                    )
                )
            elif day < start[0]:
                problems.append(
                    TimescalesInputError(
                        f"dated {day}, before the {start_type} for {field} {ident!r} it "
                        f"completes (events[{start[4]}], {start[0]})",
                        index,
                        done_type,
                    )
                )
    if problems:
        raise min(problems, key=lambda p: p.index if p.index is not None else -1)
