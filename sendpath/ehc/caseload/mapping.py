"""What each Person of an SEN2 return becomes: a child and, for each of their Requests, a case
with the timeline that return describes. Reads only (``Person`` -> ``PersonDraft``); errors
name the element, 1-based (``Person[3]/Requests[1]/ReceivedDate``).

One ``Requests`` is one case (SEN2 hangs every plan off the request that led to it):

- ``ReceivedDate`` -> ``request_received`` (source from ``RequestSource``, 1 the parent or, for
  someone over compulsory school age on that day, the young person; 2 setting; 3 health; 4
  social care; 5 other; ``RYA``, relevant youth accommodation, kept as it was written);
- ``RequestOutcome`` Y/N -> ``decision_to_assess`` yes/no on ``RequestOutcomeDate``; A: the
  request is still being considered (an open case on the worklist with its 6- and 20-week
  deadlines); W: withdrawn (closed); H: decided in an earlier year (DfE guide item 2.5), so
  the decision's date is not in the return;
- ``AssessmentOutcome`` Y/N -> ``assessment_outcome`` plan/no_plan with its date and
  ``Week20``; A: still assessing; W: withdrawn; H: decided in an earlier year or transferred in;
- ``NamedPlan/StartDate`` -> ``final_plan_issued``; ``CeaseDate``/``CeaseReason`` ->
  ``plan_ceased`` and the case closed; a plan not ceased is in force: its last review
  (``ReviewMeeting``, ``LastReview``, ``ReviewOutcome``) and its phase transfer follow, so its
  next annual review is due at once (12 months from the last review or the issue, reg 18).

Everything the return says that sendpath has no column for (Week20, the request source code,
RYA, mediation and tribunal flags, the SEN2 setting codes, placement and need ranks, the phase
transfer dates, personal budgets) is kept on the step it belongs to, under ``sen2``, so the
return can be written again.

Business rules of DfE's guide that real returns break are not refusals (an H request with a Y
assessment is accepted; an active plan with no need recorded is a warning on the case).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from sendpath.core.reference import NEED_LABELS, SEN2_CEASE_REASONS
from sendpath.ehc.models import RequestSource
from sendpath.people.ages import over_compulsory_school_age

from .sen2 import child_path, date, path_of, text
from .services import MAX_AGE, EventDraft, NeedDraft, in_force_events

SOURCES = {"1": "parent", "2": "school", "3": "health", "4": "social_care", "5": "other"}
REVIEW_OUTCOMES = {"M": "maintain", "A": "amend", "C": "cease"}
CEASE_LABELS = dict(SEN2_CEASE_REASONS)
SOURCE_LABELS = dict(RequestSource.choices)
# The SEN2 items kept, by element, as they are written in the return.
REQUEST_ITEMS = ("RequestSource", "RYA", "RequestMediation", "RequestTribunal", "Exported")
ASSESSMENT_ITEMS = (
    "Week20",
    "AssessmentMediation",
    "AssessmentTribunal",
    "OtherMediation",
    "OtherTribunal",
)
PLAN_ITEMS = ("PlanRes", "PlanWBP", "PB", "OA", "DP")
ACTIVE_ITEMS = (
    "TransferLA",
    "ReviewMeeting",
    "ReviewOutcome",
    "ReviewDraft",
    "PhaseTransferDueDate",
    "PhaseTransferFinalDate",
    "LastReview",
)


@dataclass
class PlacementDraft:
    path: str
    urn: str
    ukprn: str
    setting: str  # SEN2 SENSetting, when no URN or UKPRN
    rank: int
    entry: dt.date | None = None
    leaving: dt.date | None = None


@dataclass
class CaseDraft:
    path: str
    received_on: dt.date
    source: str
    events: list[EventDraft]
    closed_reason: str = ""
    in_force: bool = False
    ceased: bool = False
    named: list[PlacementDraft] = field(default_factory=list)
    attended: list[PlacementDraft] = field(default_factory=list)
    needs: list[NeedDraft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return not self.closed_reason


@dataclass
class PersonDraft:
    path: str
    first_name: str
    last_name: str
    date_of_birth: dt.date
    sex: str
    ethnicity: str
    postcode: str
    upn: str
    uln: str
    upn_unknown: str
    cases: list[CaseDraft]
    warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def _items(parent: etree._Element | None, names: tuple[str, ...]) -> dict[str, str]:
    if parent is None:
        return {}
    return {name: value for name in names if (value := text(parent, name))}


def _placements(parent: etree._Element, tag: str, errors: list[str]) -> list[PlacementDraft]:
    found = []
    for element in parent.findall(tag):
        rank = text(element, "PlacementRank")
        found.append(
            PlacementDraft(
                path=path_of(element),
                urn=text(element, "URN"),
                ukprn=text(element, "UKPRN"),
                setting=text(element, "SENSetting"),
                rank=int(rank) if rank.isdigit() else 1,
                entry=date(element, "EntryDate", errors),
                leaving=date(element, "LeavingDate", errors),
            )
        )
    return found


PLACEMENT_ITEMS = (
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


def _placement_data(element: etree._Element, tag: str) -> list[Any]:
    return [_items(e, PLACEMENT_ITEMS) for e in element.findall(tag)]


class _Checker:
    """Collects a request's errors; dates must not be in the future."""

    def __init__(self, errors: list[str], today: dt.date) -> None:
        self.errors = errors
        self.today = today

    def date(self, parent: etree._Element | None, name: str) -> dt.date | None:
        if parent is None:
            return None
        found = date(parent, name, self.errors)
        if found is not None and found > self.today:
            self.errors.append(f"{child_path(parent, name)}: {found} is in the future")
            return None
        return found

    def need(self, parent: etree._Element, name: str, why: str) -> None:
        self.errors.append(f"{child_path(parent, name)}: is required {why}")


def _request(
    req: etree._Element, dob: dt.date, census: dt.date | None, errors: list[str], today: dt.date
) -> CaseDraft | None:
    check = _Checker(errors, today)
    before = len(errors)
    path = path_of(req)
    received = check.date(req, "ReceivedDate")
    decided = check.date(req, "RequestOutcomeDate")
    outcome = text(req, "RequestOutcome")
    code = text(req, "RequestSource")
    source = SOURCES.get(code, "other")
    # Source 1 is "parent or young person": a young person (over compulsory school age, CFA
    # s.83(2)) asks for themselves. RYA is not this: it says the child was in relevant youth
    # accommodation (youth custody), and is kept with the request's other SEN2 items.
    if code == "1" and received is not None and over_compulsory_school_age(dob, received):
        source = "young_person"
    kept = _items(req, REQUEST_ITEMS)
    events: list[EventDraft] = []
    warnings: list[str] = []
    closed = ""
    if received is not None and received < dob:
        errors.append(f"{path}/ReceivedDate: {received} is before the person was born ({dob})")
    if not text(req, "ReceivedDate") and outcome != "H":
        check.need(req, "ReceivedDate", "unless RequestOutcome is H (DfE guide item 2.1)")
    if not outcome:
        check.need(req, "RequestOutcome", "(DfE guide item 2.5)")
    if received is not None:
        if not code and outcome != "H":
            warnings.append(
                f"{path}/RequestSource is missing: the request is recorded as from 'other'"
            )
        events.append(
            EventDraft(
                "request_received",
                received,
                {"source": source, "source_label": SOURCE_LABELS[source], "sen2": kept},
            )
        )
    if outcome in ("Y", "N"):
        if decided is None:
            if not text(req, "RequestOutcomeDate"):
                check.need(req, "RequestOutcomeDate", f"when RequestOutcome is {outcome}")
        else:
            yes = outcome == "Y"
            events.append(
                EventDraft("decision_to_assess", decided, {"outcome": "yes" if yes else "no"})
            )
            if not yes:
                closed = "Decided not to assess (SEN2 return)"
    elif outcome == "W":
        events.append(EventDraft("request_withdrawn", decided or received, {}))
        closed = "Request withdrawn (SEN2 return)"
    elif outcome == "H" and received is not None:
        # Decided in an earlier year: the date is not in the return (guide item 2.5).
        events.append(
            EventDraft(
                "decision_to_assess",
                decided or received,
                {"outcome": "yes", "date_not_known": decided is None},
                note=""
                if decided
                else "Decided in an earlier year: the date of the decision "
                "is not in the SEN2 return, so the date the request was received is shown",
            )
        )
    if text(req, "Exported"):
        closed = f"Request passed to LA {text(req, 'Exported')} (SEN2 return)"
    draft = CaseDraft(path, received or dt.date.min, source, events, closed, warnings=warnings)
    if outcome in ("Y", "H") and not text(req, "Exported"):
        _assessment(req, draft, dob, census, check)
    if draft.received_on == dt.date.min:
        dated = [e.date for e in draft.events if e.date]
        draft.received_on = min(dated) if dated else dt.date.min
    if draft.events and "sen2" not in draft.events[0].details:
        draft.events[0].details["sen2_request"] = kept
    if len(errors) > before:
        return None
    if not draft.events:
        errors.append(f"{path}: nothing in this request can be dated (ReceivedDate is missing)")
        return None
    return draft


def _assessment(
    req: etree._Element, draft: CaseDraft, dob: dt.date, census: dt.date | None, check: _Checker
) -> None:
    element = req.find("Assessment")
    active = req.find("ActivePlans")
    path = draft.path
    if element is None:
        if active is not None:
            check.need(req, "Assessment", "for a request with ActivePlans")
        return
    outcome = text(element, "AssessmentOutcome")
    decided = check.date(element, "AssessmentOutcomeDate")
    historical = text(req, "RequestOutcome") == "H"
    kept = _items(element, ASSESSMENT_ITEMS)
    if outcome in ("Y", "N"):
        if decided is not None:
            plan = outcome == "Y"
            draft.events.append(
                EventDraft(
                    "assessment_outcome",
                    decided,
                    {"outcome": "plan" if plan else "no_plan", "sen2": kept},
                )
            )
            if not plan:
                draft.closed_reason = "Decided not to issue a plan (SEN2 return)"
        elif not historical and not text(element, "AssessmentOutcomeDate"):
            check.need(element, "AssessmentOutcomeDate", f"when AssessmentOutcome is {outcome}")
    elif outcome == "W":
        dated = [e.date for e in draft.events if e.date]
        when = decided or (max(dated) if dated else None)
        draft.events.append(EventDraft("request_withdrawn", when, {"sen2": kept}))
        draft.closed_reason = "Withdrawn before the decision to issue a plan (SEN2 return)"
    if outcome not in ("Y", "H"):
        if active is not None:
            check.errors.append(
                f"{path}/ActivePlans: an active plan needs AssessmentOutcome Y or H "
                f"(it is {outcome or 'missing'})"
            )
        return
    plan = element.find("NamedPlan")
    if plan is None:
        if active is not None:
            check.need(element, "NamedPlan", "for a request with ActivePlans")
        elif outcome == "H":
            draft.warnings.append(f"{path}/Assessment/NamedPlan is missing for outcome H")
        return
    _plan(plan, active, draft, dob, check)


def _plan(
    plan: etree._Element,
    active: etree._Element | None,
    draft: CaseDraft,
    dob: dt.date,
    check: _Checker,
) -> None:
    start = check.date(plan, "StartDate")
    cease = check.date(plan, "CeaseDate")
    reason = text(plan, "CeaseReason")
    if start is None:
        if not text(plan, "StartDate"):
            check.need(plan, "StartDate", "on a NamedPlan (DfE guide item 4.1)")
        return
    if cease is not None and not reason:
        check.need(plan, "CeaseReason", "with a CeaseDate (DfE guide item 4.6)")
    if reason and cease is None and not text(plan, "CeaseDate"):
        check.need(plan, "CeaseDate", "with a CeaseReason (DfE guide item 4.5)")
    if cease is not None and cease < start:
        check.errors.append(f"{path_of(plan)}/CeaseDate: {cease} is before the StartDate {start}")
    details: dict[str, Any] = {
        "sen2": _items(plan, PLAN_ITEMS),
        "sen2_plan_details": _placement_data(plan, "PlanDetail"),
    }
    draft.named = _placements(plan, "PlanDetail", check.errors)
    if active is not None:
        details["sen2_active"] = {
            **_items(active, ACTIVE_ITEMS),
            "placements": _placement_data(active, "PlacementDetail"),
            "needs": [_items(n, ("SENtype", "SENtypeRank")) for n in active.findall("SENneed")],
        }
    if text(active, "TransferLA") if active is not None else "":
        details["from_authority"] = f"LA {text(active, 'TransferLA')}"
    if cease is not None and active is not None:
        # The return reports the plan among the active plans at the census (module 5) and also
        # gives it a cease date: DfE's rule SP-5.1 says one of them is wrong. The active plan's
        # reviews are the later evidence, so the plan is taken as in force, never dropped from
        # the review cycle; the cease date is kept for the team to check.
        details["sen2_cease"] = {"CeaseDate": cease.isoformat(), "CeaseReason": reason}
        draft.warnings.append(
            f"{path_of(plan)}/CeaseDate: the plan has a cease date ({cease:%-d %B %Y}) but is "
            "also reported among the active plans (ActivePlans), which DfE's rule SP-5.1 does "
            "not allow: it is imported as in force. Check it, and cease it if it has ceased"
        )
        cease = None
    if cease is not None:
        draft.events.append(EventDraft("final_plan_issued", start, details))
        label = CEASE_LABELS.get(reason, reason)
        draft.events.append(
            EventDraft(
                "plan_ceased",
                cease,
                {"sen2": {"CeaseReason": reason}, "reason": label, "kind_label": "Plan ceased"},
            )
        )
        draft.closed_reason = f"Plan ceased: {label}"[:200]
        draft.ceased = True
        return
    draft.in_force = True
    draft.closed_reason = ""
    meeting = decision = None
    outcome = "maintain"
    if active is not None:
        draft.attended = _placements(active, "PlacementDetail", check.errors)
        for index, need in enumerate(active.findall("SENneed"), start=1):
            code, rank = text(need, "SENtype"), text(need, "SENtypeRank")
            if code:
                draft.needs.append(NeedDraft(code, int(rank) if rank.isdigit() else index))
        ranks = [n.rank for n in draft.needs]
        if len(set(ranks)) != len(ranks):
            check.errors.append(f"{draft.path}/ActivePlans/SENneed: two needs have the same rank")
        meeting = check.date(active, "ReviewMeeting")
        decision = check.date(active, "LastReview")
        outcome = REVIEW_OUTCOMES.get(text(active, "ReviewOutcome"), "maintain")
    if not draft.needs:
        draft.warnings.append(
            "No type of need is recorded for this plan in force (SEN2 ActivePlans/SENneed): "
            "record the child's primary need"
        )
    if meeting is None and decision is not None:
        meeting = decision
    if meeting is not None and decision is not None and decision < meeting:
        draft.warnings.append(
            f"LastReview ({decision}) is before ReviewMeeting ({meeting}) in the return: the "
            "review meeting is recorded, and its decision is still to be recorded"
        )
        decision = None
    for when, name in ((meeting, "ReviewMeeting"), (decision, "LastReview")):
        if when is not None and when < start:
            check.errors.append(
                f"{draft.path}/ActivePlans/{name}: {when} is before the plan was issued ({start})"
            )
            return
    draft.events.extend(
        in_force_events(
            issued_on=start,
            date_of_birth=dob,
            review_meeting=meeting,
            review_decided=decision,
            review_outcome=outcome,
            details=details,
            today=check.today,
        )
    )


def person_draft(
    person: etree._Element, census: dt.date | None, errors: list[str], today: dt.date
) -> PersonDraft | None:
    """The child and cases one Person describes; None (with ``errors``) if it cannot be read."""
    check = _Checker(errors, today)
    before = len(errors)
    path = path_of(person)
    dob = check.date(person, "PersonBirthDate")
    if dob is None:
        return None
    cases = [
        draft
        for req in person.findall("Requests")
        if (draft := _request(req, dob, census, errors, today)) is not None
    ]
    still_open = [c.path for c in cases if c.is_open]
    if len(still_open) > 1:
        errors.append(
            f"{path}: more than one request is still open ({', '.join(still_open)}); a child "
            "can have one open case at a time"
        )
    if len(errors) > before:
        return None
    warnings = []
    age = (census or today).year - dob.year
    if age > MAX_AGE + 1:
        warnings.append(f"{path}: aged over {MAX_AGE} at the census (SEN2 SP-X2)")
    needs_in_force = [n for c in cases if c.in_force for n in c.needs]
    for need in needs_in_force:
        if need.code not in NEED_LABELS:
            errors.append(f"{path}: unknown SENtype {need.code}")
    return PersonDraft(
        path=path,
        first_name=text(person, "Forename"),
        last_name=text(person, "Surname"),
        date_of_birth=dob,
        sex=text(person, "Sex"),
        ethnicity=text(person, "Ethnicity"),
        postcode=text(person, "PostCode")[:10],
        upn=text(person, "UPN").upper(),
        uln=text(person, "UniqueLearnerNumber"),
        upn_unknown=text(person, "UPNunknown"),
        cases=sorted(cases, key=lambda c: (c.is_open, c.received_on)),
        warnings=warnings,
    )
