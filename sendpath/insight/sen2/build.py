"""One child as a ``Person`` of the SEN2 return: the XML elements, in the order of the year's
schema, built from the child's record and each case as SEN2 sees it on the census day
(``sendpath.insight.facts``).

Which requests are in the return (SEN2 technical specification §1.3, "Summary of cases to be
included"; RULES.md): plans active at the census; plans ceased in the activity year; requests,
assessments and plans with work completed in the activity year; and work still in progress at
the census (request or assessment outcome A).

Where a case was brought in from an SEN2 return, the items sendpath has no column for were kept
on its steps under ``sen2``, ``sen2_plan_details`` and ``sen2_active``
(``sendpath.ehc.caseload.mapping``): they are written back as they were. Otherwise each item is
derived from the records: mediation and tribunal flags from the case's mediation and appeal
steps, placements from the plan's named setting and the settings the child attends, needs from
the child's primary and secondary need, reviews from the annual review steps, and the phase
transfer from its deadline (15 February or 31 March: reg 18(1), Code of Practice 9.179).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from sendpath.insight.facts import CaseFacts, _Event

# The items of a placement, in the order of each module's schema (XSD plandetailtype and
# placementdetailtype).
PLAN_DETAIL_ORDER = (
    "URN",
    "UKPRN",
    "SENSetting",
    "SENSettingOther",
    "PlacementRank",
    "SENunitIndicator",
    "ResourcedProvisionIndicator",
)
PLACEMENT_ORDER = (
    "URN",
    "UKPRN",
    "SENSetting",
    "SENSettingOther",
    "PlacementRank",
    "EntryDate",
    "LeavingDate",
    "SENunitIndicator",
    "ResourcedProvisionIndicator",
    "Res",
    "WBP",
)
REVIEW_OUTCOMES = {"maintain": "M", "amend": "A", "cease": "C"}
MEDIATION = frozenset({"mediation_requested", "mediation_held", "mediation_certificate_issued"})
SEN2_NEEDS = frozenset(
    {"SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "DS", "OTH"}
)


def census_day(year: int) -> dt.date:
    """The SEN2 census (``ReferenceDate``) of collection year ``year``: the third Thursday of
    January (INSIGHT.md, "Periods")."""
    first = dt.date(year, 1, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 14)


@dataclass(frozen=True)
class Period:
    year: int  # collection year
    census: dt.date
    start: dt.date  # activity year: calendar year - 1
    end: dt.date

    @classmethod
    def of(cls, year: int) -> Period:
        return cls(year, census_day(year), dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31))

    def in_year(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


@dataclass
class CaseInput:
    """One case of the child, read for the return."""

    case_id: Any
    facts: CaseFacts
    events: list[_Event]
    placement: Any = None  # the plan's named setting (an Organisation), if any
    transfer_due: dt.date | None = None  # phase_transfer_review deadline
    transfer_done: dt.date | None = None


@dataclass
class PersonInput:
    child: Any
    cases: list[CaseInput]
    attending: list[Any] = field(default_factory=list)  # SettingAttendance open at the census


@dataclass
class Built:
    """A Person element and the case behind each of its Requests, in order."""

    element: etree._Element
    child_id: Any
    case_ids: list[Any]


def in_return(facts: CaseFacts, period: Period) -> bool:
    """The case belongs in the return of ``period`` (spec §1.3)."""
    if facts.plan_active_on(period.census):
        return True
    if facts.plan_cease is not None and period.start <= facts.plan_cease <= period.census:
        return True
    if "A" in (facts.request_outcome, facts.assessment_outcome):
        return True  # work in progress at the census
    return any(
        period.in_year(day)
        for day in (
            facts.received_on,
            facts.request_outcome_on,
            facts.assessment_outcome_on,
            facts.plan_start,
        )
    )


def _sub(parent: etree._Element, name: str, value: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, dt.date):
        value = value.isoformat()
    etree.SubElement(parent, name).text = str(value)


def _kept(events: list[_Event], type_: str, key: str = "sen2") -> Any:
    for event in events:
        if event.type == type_:
            found = event.details.get(key)
            if found:
                return found
    return None


def _flag(
    events: list[_Event], types: frozenset[str], since: dt.date | None, census: dt.date
) -> str:
    if since is None:
        return "0"
    hit = any(e.type in types and e.date and since <= e.date <= census for e in events)
    return "1" if hit else "0"


def _latest(events: list[_Event], type_: str, census: dt.date) -> _Event | None:
    found = [e for e in events if e.type == type_ and e.date and e.date <= census]
    return max(found, key=lambda e: e.date or dt.date.min) if found else None


def _placements(
    parent: etree._Element, tag: str, rows: list[dict[str, Any]], order: tuple[str, ...]
) -> None:
    for row in rows:
        element = etree.SubElement(parent, tag)
        for name in order:
            _sub(element, name, row.get(name))


def _setting(org: Any) -> dict[str, str]:
    if org is None:
        return {}
    if org.urn:
        return {"URN": org.urn}
    if org.ukprn:
        return {"UKPRN": org.ukprn}
    return {}


def _request(
    person: etree._Element,
    item: CaseInput,
    child: Any,
    attending: list[Any],
    period: Period,
    year: int,
) -> None:
    f, events, census = item.facts, item.events, period.census
    kept = _kept(events, "request_received") or {}
    if not kept and events:
        kept = events[0].details.get("sen2_request") or {}
    req = etree.SubElement(person, "Requests")
    historical = f.request_outcome == "H"
    _sub(req, "ReceivedDate", f.received_on)
    if not historical or kept.get("RequestSource"):
        _sub(req, "RequestSource", kept.get("RequestSource") or f.request_source)
    if not historical or kept.get("RYA"):
        _sub(req, "RYA", kept.get("RYA") or ("1" if f.young_person_asked else "0"))
    _sub(req, "RequestOutcomeDate", f.request_outcome_on)
    _sub(req, "RequestOutcome", f.request_outcome)
    refused = f.request_outcome_on if f.request_outcome == "N" else None
    for name, types in (
        ("RequestMediation", MEDIATION),
        ("RequestTribunal", frozenset({"appeal_registered"})),
    ):
        if kept.get(name):
            _sub(req, name, kept[name])
        elif not historical:
            _sub(req, name, _flag(events, types, refused, census))
    _sub(req, "Exported", kept.get("Exported"))
    if f.request_outcome not in ("Y", "H") or kept.get("Exported"):
        return
    _assessment(req, item, child, attending, period, year)


def _assessment(
    req: etree._Element,
    item: CaseInput,
    child: Any,
    attending: list[Any],
    period: Period,
    year: int,
) -> None:
    f, events, census = item.facts, item.events, period.census
    outcome = f.assessment_outcome or "A"
    kept = _kept(events, "assessment_outcome") or _kept(events, "request_withdrawn") or {}
    element = etree.SubElement(req, "Assessment")
    _sub(element, "AssessmentOutcome", outcome)
    if outcome in ("Y", "N"):
        decided = f.assessment_outcome_on
        imported = next((e for e in events if e.type == "assessment_outcome"), None)
        if outcome == "Y" and imported is not None and imported.details.get("sen2"):
            # Read from a return: its own outcome date, even where it differs from the plan's
            # start (rule SP-4.1b then asks the team to check it).
            decided = imported.date or decided
        _sub(element, "AssessmentOutcomeDate", decided)
        refused = f.assessment_outcome_on if outcome == "N" else None
        issued = f.plan_start if outcome == "Y" else None
        appeal = frozenset({"appeal_registered"})
        derived = {
            "AssessmentMediation": _flag(events, MEDIATION, refused, census),
            "AssessmentTribunal": _flag(events, appeal, refused, census),
            "OtherMediation": _flag(events, MEDIATION, issued, census),
            "OtherTribunal": _flag(events, appeal, issued, census),
        }
        for name, value in derived.items():
            _sub(element, name, kept.get(name) or value)
    if outcome == "Y":
        _sub(element, "Week20", kept.get("Week20") or ("1" if f.week20 else "0"))
    elif outcome == "H" and kept.get("Week20"):
        _sub(element, "Week20", kept["Week20"])
    if f.plan_start is None or outcome not in ("Y", "H"):
        return
    step = next((e for e in events if e.type == "final_plan_issued"), None)
    details = step.details if step is not None else {}
    plan = etree.SubElement(element, "NamedPlan")
    _sub(plan, "StartDate", f.plan_start)
    named = details.get("sen2_plan_details")
    if named is None:
        setting = _setting(item.placement)
        named = [{**setting, "PlacementRank": "1"}] if setting else []
    _placements(plan, "PlanDetail", list(named)[:2], PLAN_DETAIL_ORDER)
    plan_items = details.get("sen2") or {}
    for name in ("PlanRes", "PlanWBP", "PB", "OA", "DP"):
        _sub(plan, name, plan_items.get(name))
    if f.plan_cease is not None and f.plan_cease <= census:
        _sub(plan, "CeaseDate", f.plan_cease)
        _sub(plan, "CeaseReason", f.cease_reason)
    if f.plan_active_on(census):
        _active(req, item, details.get("sen2_active") or {}, child, attending, census, year)


def _active(
    req: etree._Element,
    item: CaseInput,
    kept: dict[str, Any],
    child: Any,
    attending: list[Any],
    census: dt.date,
    year: int,
) -> None:
    f, events = item.facts, item.events
    active = etree.SubElement(req, "ActivePlans")
    _sub(
        active, "TransferLA", (f.transfer_la if f.transferred_in else "") or kept.get("TransferLA")
    )
    placements = kept.get("placements")
    if placements is None:
        placements = []
        for rank, attendance in enumerate(attending, start=1):
            setting = _setting(attendance.organisation)
            if setting:
                placements.append(
                    {
                        **setting,
                        "PlacementRank": "1" if rank == 1 else "2",
                        "EntryDate": attendance.start_date.isoformat(),
                        "LeavingDate": attendance.end_date.isoformat()
                        if attendance.end_date
                        else "",
                    }
                )
    _placements(active, "PlacementDetail", placements, PLACEMENT_ORDER)
    needs: list[tuple[str, str]] = []
    if child.primary_need in SEN2_NEEDS:
        needs.append((child.primary_need, "1"))
        if child.secondary_need in SEN2_NEEDS and child.secondary_need != child.primary_need:
            needs.append((child.secondary_need, "2"))
    for code, need_rank in needs:
        need = etree.SubElement(active, "SENneed")
        _sub(need, "SENtype", code)
        _sub(need, "SENtypeRank", need_rank)
    meeting = _latest(events, "review_meeting_held", census)
    decided = _latest(events, "review_decision_notified", census)
    if (
        decided is not None
        and meeting is not None
        and decided.date
        and meeting.date
        and decided.date < meeting.date
    ):
        decided = None  # the latest meeting's decision is still to come
    outcome = REVIEW_OUTCOMES.get(str(decided.details.get("outcome"))) if decided else None
    draft = None
    if meeting is not None:
        proposed = [
            e.date
            for e in events
            if e.type == "amendment_proposed"
            and e.date
            and meeting.date
            and meeting.date <= e.date <= census
        ]
        draft = min(proposed) if proposed else None
    items = {
        "ReviewMeeting": meeting.date if meeting else kept.get("ReviewMeeting"),
        "LastReview": decided.date if decided else kept.get("LastReview"),
        "ReviewOutcome": outcome or kept.get("ReviewOutcome"),
        "ReviewDraft": draft or kept.get("ReviewDraft"),
        "PhaseTransferDueDate": item.transfer_due or kept.get("PhaseTransferDueDate"),
        "PhaseTransferFinalDate": (
            item.transfer_done
            if item.transfer_done is not None and item.transfer_done <= census
            else kept.get("PhaseTransferFinalDate")
        ),
    }
    order = (
        (
            "ReviewMeeting",
            "LastReview",
            "ReviewOutcome",
            "ReviewDraft",
            "PhaseTransferDueDate",
            "PhaseTransferFinalDate",
        )
        if year == 2025
        else (
            "ReviewMeeting",
            "ReviewOutcome",
            "ReviewDraft",
            "PhaseTransferDueDate",
            "PhaseTransferFinalDate",
            "LastReview",
        )
    )
    for name in order:
        _sub(active, name, items[name])


def person(data: PersonInput, period: Period) -> Built | None:
    """The child's ``Person`` for the return of ``period``, or None when none of their cases
    belongs in it."""
    cases = sorted(
        (c for c in data.cases if in_return(c.facts, period)),
        key=lambda c: (c.facts.received_on or c.facts.plan_start or dt.date.min, str(c.case_id)),
    )
    if not cases:
        return None
    child = data.child
    element = etree.Element("Person")
    _sub(element, "Surname", child.last_name)
    _sub(element, "Forename", child.first_name)
    _sub(element, "PersonBirthDate", child.date_of_birth)
    _sub(element, "Sex", child.sex)
    _sub(element, "Ethnicity", child.ethnicity)
    _sub(element, "PostCode", child.postcode)
    _sub(element, "UPN", child.upn)
    _sub(element, "UniqueLearnerNumber", child.uln)
    if not (child.upn or child.uln):
        _sub(element, "UPNunknown", child.upn_unknown_reason)
    for item in cases:
        _request(element, item, child, data.attending, period, period.year)
    return Built(element, child.pk, [c.case_id for c in cases])
