"""The checks a return must pass before it is sent to DfE, beside its schema: the business rules
of DfE's SEN2 guide as restated in the project's SEN2 notes (``spec/sen2/RULES.md`` §2; the
``SP-`` identifiers are those notes', not DfE's). E is an error DfE's COLLECT would block, Q a
query the authority must explain, W a data-quality warning.

Each check reads the Person as it will be sent (the XML element), so what is checked is what
DfE receives, and names the child, the case and the element.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from sendpath.core.identifiers import check_upn

from .build import Built, Period

UPN = re.compile(r"[A-Z]\d{12}|[A-Z]\d{11}[A-Z]")
ULN = re.compile(r"[1-9]\d{9}")
MODULE5_ONLY = frozenset({"NEET", "NIEC", "NIEO"})


@dataclass(frozen=True)
class Problem:
    severity: str  # E, Q or W
    rule: str
    element: str
    message: str
    child_id: Any = None
    case_id: Any = None


def upn_check_letter_ok(upn: str) -> bool:
    """A UPN of the right shape whose check letter is right (DfE's UPN guidance)."""
    return check_upn(upn) is None


def _text(parent: etree._Element | None, name: str) -> str:
    if parent is None:
        return ""
    found = parent.find(name)
    return (found.text or "").strip() if found is not None else ""


def _date(parent: etree._Element | None, name: str) -> dt.date | None:
    value = _text(parent, name)
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def person_problems(built: Built, index: int, period: Period) -> Iterator[Problem]:
    """Every business-rule problem of one Person (``index`` is its 1-based place)."""
    person = built.element
    where = f"Person[{index}]"

    def problem(sev: str, rule: str, element: str, message: str, case: Any = None) -> Problem:
        return Problem(sev, rule, f"{where}/{element}", message, built.child_id, case)

    for name in ("Surname", "Forename", "PersonBirthDate", "Sex", "Ethnicity"):
        if not _text(person, name):
            yield problem(
                "E", "SP-1.1", name, f"{name} is missing: it is required for every person"
            )
    upn, uln, unknown = (_text(person, n) for n in ("UPN", "UniqueLearnerNumber", "UPNunknown"))
    if not (upn or uln or unknown):
        yield problem(
            "E", "SP-1.7", "UPN", "No UPN, ULN or reason the UPN is not known (UPNunknown)"
        )
    if upn and not (UPN.fullmatch(upn) and upn_check_letter_ok(upn)):
        yield problem(
            "E", "SP-1.7a", "UPN", f"The UPN {upn} is not valid (13 characters, right check letter)"
        )
    if uln and not ULN.fullmatch(uln):
        yield problem("E", "SP-1.7b", "UniqueLearnerNumber", f"The ULN {uln} is not 10 digits")
    born = _date(person, "PersonBirthDate")
    if born is not None:
        age = _age(born, period.census)
        if unknown == "UN1" and age >= 6:
            yield problem(
                "Q",
                "SP-1.7c",
                "UPNunknown",
                f"UN1 (under 6) given for a child aged {age} at the census",
            )
        if age > 25 or age < 0:
            yield problem(
                "W",
                "SP-X2",
                "PersonBirthDate",
                f"Aged {age} at the census: outside the SEND age range 0 to 25",
            )
    for number, req in enumerate(person.findall("Requests"), start=1):
        case = built.case_ids[number - 1] if number <= len(built.case_ids) else None
        yield from _request_problems(req, f"Requests[{number}]", born, period, problem, case)


def _request_problems(
    req: etree._Element, at: str, born: dt.date | None, period: Period, problem: Any, case: Any
) -> Iterator[Problem]:
    outcome = _text(req, "RequestOutcome")
    received = _date(req, "ReceivedDate")
    decided = _date(req, "RequestOutcomeDate")
    census = period.census
    if outcome != "H":
        if received is None:
            yield problem(
                "E",
                "SP-2.1",
                f"{at}/ReceivedDate",
                "The date the request was received is missing",
                case,
            )
        if not _text(req, "RequestSource") and period.year >= 2026:
            yield problem(
                "E",
                "SP-2.2",
                f"{at}/RequestSource",
                "Who made the request (RequestSource) is missing: mandatory from 2026",
                case,
            )
        if not _text(req, "RYA"):
            yield problem(
                "E", "SP-2.3", f"{at}/RYA", "Whether the young person asked (RYA) is missing", case
            )
        for name in ("RequestMediation", "RequestTribunal"):
            if _text(req, name) not in ("0", "1"):
                yield problem("E", "SP-2.6", f"{at}/{name}", f"{name} must be 0 or 1", case)
    if received is not None and (received > census or (born is not None and received < born)):
        yield problem(
            "E",
            "SP-2.1b",
            f"{at}/ReceivedDate",
            f"Received {received}: after the census or before the child was born",
            case,
        )
    if outcome in ("Y", "N"):
        if decided is None:
            yield problem(
                "E",
                "SP-2.4",
                f"{at}/RequestOutcomeDate",
                f"The date of the decision is missing for outcome {outcome}",
                case,
            )
        elif received is not None and decided < received:
            yield problem(
                "E",
                "SP-2.4",
                f"{at}/RequestOutcomeDate",
                "The decision is dated before the request was received",
                case,
            )
        elif received is not None and (decided - received).days > 42:
            yield problem(
                "Q",
                "SP-2.4q",
                f"{at}/RequestOutcomeDate",
                f"Decided {(decided - received).days} days after the request: over the 6 weeks of reg 5(1)",
                case,
            )
    assessment = req.find("Assessment")
    active = req.find("ActivePlans")
    if outcome == "Y" and assessment is None:
        yield problem(
            "E",
            "SP-2.5b",
            f"{at}/Assessment",
            "The request was agreed (Y) but there is no assessment",
            case,
        )
    if outcome in ("N", "A", "W") and (assessment is not None or active is not None):
        yield problem(
            "E",
            "SP-2.5",
            f"{at}/Assessment",
            f"Request outcome {outcome} needs nothing in later modules",
            case,
        )
    if assessment is not None:
        yield from _assessment_problems(
            assessment, active, f"{at}/Assessment", received, period, problem, case
        )
    if active is not None:
        yield from _active_problems(active, f"{at}/ActivePlans", req, period, problem, case)


def _assessment_problems(
    element: etree._Element,
    active: etree._Element | None,
    at: str,
    received: dt.date | None,
    period: Period,
    problem: Any,
    case: Any,
) -> Iterator[Problem]:
    outcome = _text(element, "AssessmentOutcome")
    decided = _date(element, "AssessmentOutcomeDate")
    plan = element.find("NamedPlan")
    if outcome in ("A", "W") and (decided or plan is not None or _text(element, "Week20")):
        yield problem(
            "E",
            "SP-3.1",
            f"{at}/AssessmentOutcome",
            f"Outcome {outcome} needs no date, Week20 or plan",
            case,
        )
    if outcome in ("Y", "N"):
        if decided is None:
            yield problem(
                "E",
                "SP-3.2",
                f"{at}/AssessmentOutcomeDate",
                f"The date of the outcome is missing for outcome {outcome}",
                case,
            )
        elif decided > period.census or (received is not None and decided < received):
            yield problem(
                "E",
                "SP-3.2",
                f"{at}/AssessmentOutcomeDate",
                "The outcome is dated before the request or after the census",
                case,
            )
        for name in (
            "AssessmentMediation",
            "AssessmentTribunal",
            "OtherMediation",
            "OtherTribunal",
        ):
            if _text(element, name) not in ("0", "1"):
                yield problem("E", "SP-3.3", f"{at}/{name}", f"{name} must be 0 or 1", case)
    days = (decided - received).days if decided and received else None
    if outcome == "N" and days is not None and days > 112:
        yield problem(
            "Q",
            "SP-3.2q",
            f"{at}/AssessmentOutcomeDate",
            f"Decided not to issue a plan {days} days after the request: over 16 weeks (reg 10(1))",
            case,
        )
    if outcome == "Y":
        week20 = _text(element, "Week20")
        if not week20:
            yield problem(
                "E",
                "SP-3.7",
                f"{at}/Week20",
                "Week20 (whether an exception to the 20-week limit applied) is missing for a plan issued",
                case,
            )
        elif days is not None and week20 == "1" and days <= 140:
            yield problem(
                "Q",
                "SP-3.7q",
                f"{at}/Week20",
                f"An exception is recorded but the plan was issued in {days} days, within 20 weeks",
                case,
            )
        elif days is not None and week20 == "0" and days > 140:
            yield problem(
                "Q",
                "SP-3.7w",
                f"{at}/Week20",
                f"Issued in {days} days, over 20 weeks (reg 13(2)), with no exception recorded",
                case,
            )
    if outcome in ("Y", "H") and (plan is None or not _text(plan, "StartDate")):
        yield problem(
            "E",
            "SP-4.1",
            f"{at}/NamedPlan/StartDate",
            "A plan was issued but its start date is missing",
            case,
        )
    if plan is None:
        return
    start, cease, reason = (
        _date(plan, "StartDate"),
        _date(plan, "CeaseDate"),
        _text(plan, "CeaseReason"),
    )
    if outcome == "Y" and start and decided and start != decided:
        yield problem(
            "Q",
            "SP-4.1b",
            f"{at}/NamedPlan/StartDate",
            "The plan's start differs from the assessment outcome date",
            case,
        )
    if bool(cease) != bool(reason):
        yield problem(
            "E",
            "SP-4.5",
            f"{at}/NamedPlan/CeaseReason",
            "A cease date needs a cease reason, and a reason a date",
            case,
        )
    if cease and start and cease < start:
        yield problem(
            "E", "SP-4.5", f"{at}/NamedPlan/CeaseDate", "The plan ceased before it started", case
        )
    if cease and active is not None:
        yield problem(
            "E",
            "SP-5.1",
            f"{at}/NamedPlan/CeaseDate",
            "A ceased plan is also among the active plans",
            case,
        )
    pb, dp, oa = _text(plan, "PB"), _text(plan, "DP"), _text(plan, "OA")
    if pb == "1" and not (dp or oa):
        yield problem(
            "E", "SP-4.4", f"{at}/NamedPlan/PB", "A personal budget with no detail (DP or OA)", case
        )
    if dp and pb != "1":
        yield problem(
            "E",
            "SP-4.4",
            f"{at}/NamedPlan/DP",
            "Direct payments given without a personal budget (PB 1)",
            case,
        )
    details = plan.findall("PlanDetail")
    yield from _placement_problems(details, f"{at}/NamedPlan/PlanDetail", problem, case, named=True)


def _placement_problems(
    rows: list[etree._Element], at: str, problem: Any, case: Any, named: bool
) -> Iterator[Problem]:
    ranks = []
    for number, row in enumerate(rows, start=1):
        given = [n for n in ("URN", "UKPRN", "SENSetting") if _text(row, n)]
        if len(given) != 1:
            yield problem(
                "E",
                "SP-4.7" if named else "SP-5.7",
                f"{at}[{number}]",
                "Give exactly one of URN, UKPRN or SENSetting",
                case,
            )
        setting = _text(row, "SENSetting")
        if named and setting in MODULE5_ONLY:
            yield problem(
                "E",
                "SP-4.7c",
                f"{at}[{number}]/SENSetting",
                f"{setting} is for active plans only",
                case,
            )
        if setting == "OTH" and not _text(row, "SENSettingOther"):
            yield problem(
                "E",
                "SP-4.7d",
                f"{at}[{number}]/SENSettingOther",
                "Say what the other setting is",
                case,
            )
        if not named and setting in ("NIEO", "OTH"):
            yield problem(
                "Q",
                "SP-5.7c",
                f"{at}[{number}]/SENSetting",
                f"{setting}: COLLECT will ask for more information",
                case,
            )
        rank = _text(row, "PlacementRank")
        if not rank:
            yield problem(
                "E",
                "SP-4.7",
                f"{at}[{number}]/PlacementRank",
                "The placement's rank is missing",
                case,
            )
        ranks.append(rank)
        entry, leaving = _date(row, "EntryDate"), _date(row, "LeavingDate")
        if entry and leaving and leaving < entry:
            yield problem(
                "E", "SP-5.7b", f"{at}[{number}]/LeavingDate", "Left before starting", case
            )
    if ranks.count("1") > 1 and named:
        yield problem("E", "SP-4.7b", f"{at}[2]/PlacementRank", "Two placements ranked 1", case)


def _active_problems(
    active: etree._Element, at: str, req: etree._Element, period: Period, problem: Any, case: Any
) -> Iterator[Problem]:
    census = period.census
    placements = active.findall("PlacementDetail")
    if not placements:
        yield problem(
            "E",
            "SP-5.7",
            f"{at}/PlacementDetail",
            "A plan in force with no placement at the census: record where the child is educated",
            case,
        )
    yield from _placement_problems(placements, f"{at}/PlacementDetail", problem, case, named=False)
    open_first = [
        p
        for p in placements
        if _text(p, "PlacementRank") == "1"
        and (_date(p, "LeavingDate") is None or (_date(p, "LeavingDate") or census) >= census)
    ]
    if len(open_first) > 1:
        yield problem(
            "E",
            "SP-5.7b",
            f"{at}/PlacementDetail",
            "More than one rank-1 placement open at the census",
            case,
        )
    needs = active.findall("SENneed")
    ranks = [_text(n, "SENtypeRank") for n in needs]
    if not needs:
        yield problem(
            "E",
            "SP-5.8",
            f"{at}/SENneed",
            "A plan in force with no type of need: record the child's primary need",
            case,
        )
    elif len(set(ranks)) != len(ranks) or "1" not in ranks:
        yield problem(
            "E", "SP-5.8", f"{at}/SENneed", "Needs must be ranked 1 and 2, with a rank 1", case
        )
    meeting, decided = _date(active, "ReviewMeeting"), _date(active, "LastReview")
    outcome = _text(active, "ReviewOutcome")
    start = _date(req.find("Assessment/NamedPlan"), "StartDate")
    if meeting is None and start is not None and start + dt.timedelta(days=365) < census:
        yield problem(
            "E",
            "SP-5.4",
            f"{at}/ReviewMeeting",
            "No annual review meeting recorded, and the plan's first anniversary has passed (reg 18)",
            case,
        )
    if outcome and meeting is None:
        yield problem(
            "E", "SP-5.4", f"{at}/ReviewOutcome", "A review outcome with no review meeting", case
        )
    if meeting and decided and decided < meeting:
        yield problem(
            "E",
            "SP-5.4",
            f"{at}/LastReview",
            "The review decision is dated before the meeting",
            case,
        )
    if outcome == "A" and not _text(active, "ReviewDraft") and period.year >= 2026:
        yield problem(
            "E",
            "SP-5.4",
            f"{at}/ReviewDraft",
            "The review decided to amend the plan, but the date of the draft amended plan is missing",
            case,
        )
    if meeting and decided and (decided - meeting).days > 28:
        yield problem(
            "Q",
            "SP-5.4q",
            f"{at}/LastReview",
            f"Decided {(decided - meeting).days} days after the review meeting: over 4 weeks (reg 20(10))",
            case,
        )


def duplicate_problems(seen: dict[str, int], built: Built, index: int) -> Iterator[Problem]:
    """SP-X1: the same child twice (same UPN, or same name and date of birth)."""
    person = built.element
    keys = []
    if _text(person, "UPN"):
        keys.append("upn:" + _text(person, "UPN"))
    keys.append(
        "|".join(_text(person, n).lower() for n in ("Surname", "Forename", "PersonBirthDate"))
    )
    for key in keys:
        if key in seen:
            yield Problem(
                "E",
                "SP-X1",
                f"Person[{index}]",
                f"The same child as Person[{seen[key]}]",
                built.child_id,
            )
            return
    for key in keys:
        seen[key] = index
