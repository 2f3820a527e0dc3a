"""The business rules of DfE's SEN2 guide (RULES.md §2), each flagging the problem planted for
it, on the Person as it would be sent."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from sendpath.insight.sen2.build import Built, Period
from sendpath.insight.sen2.checks import person_problems, upn_check_letter_ok

PERIOD = Period.of(2026)
GOOD_UPN = "F123456789876"  # DfE's corrected sample: its check letter is right


def person(requests: str, upn: str = GOOD_UPN) -> Built:
    xml = f"""<Person><Surname>Planted</Surname><Forename>Pat</Forename>
<PersonBirthDate>2014-03-01</PersonBirthDate><Sex>F</Sex><Ethnicity>WBRI</Ethnicity>
<UPN>{upn}</UPN>{requests}</Person>"""
    element = etree.fromstring(xml, etree.XMLParser(remove_blank_text=True))
    return Built(element, "child-1", ["case-1"])


FLAGS = "<RequestMediation>0</RequestMediation><RequestTribunal>0</RequestTribunal>"
AFLAGS = (
    "<AssessmentMediation>0</AssessmentMediation><AssessmentTribunal>0</AssessmentTribunal>"
    "<OtherMediation>0</OtherMediation><OtherTribunal>0</OtherTribunal>"
)
REQUEST = (
    "<ReceivedDate>2025-01-06</ReceivedDate><RequestSource>1</RequestSource><RYA>0</RYA>"
    "<RequestOutcomeDate>2025-02-10</RequestOutcomeDate><RequestOutcome>Y</RequestOutcome>" + FLAGS
)
PLACEMENT = "<PlacementDetail><URN>100001</URN><PlacementRank>1</PlacementRank></PlacementDetail>"


def issued(week20: str = "<Week20>0</Week20>", needs: str = "", on: str = "2025-05-26") -> str:
    return (
        f"<Requests>{REQUEST}<Assessment><AssessmentOutcome>Y</AssessmentOutcome>"
        f"<AssessmentOutcomeDate>{on}</AssessmentOutcomeDate>{AFLAGS}{week20}"
        f"<NamedPlan><StartDate>{on}</StartDate></NamedPlan></Assessment>"
        f"<ActivePlans>{PLACEMENT}{needs}</ActivePlans></Requests>"
    )


ASD = "<SENneed><SENtype>ASD</SENtype><SENtypeRank>1</SENtypeRank></SENneed>"


def found(built: Built) -> set[tuple[str, str, str]]:
    return {(p.severity, p.rule, p.element) for p in person_problems(built, 1, PERIOD)}


def test_a_clean_plan_has_no_problem():
    assert found(person(issued(needs=ASD))) == set()


def test_a_plan_in_force_without_a_need_is_an_error():
    problems = list(person_problems(person(issued()), 4, PERIOD))
    assert [(p.severity, p.rule, p.element) for p in problems] == [
        ("E", "SP-5.8", "Person[4]/Requests[1]/ActivePlans/SENneed")
    ]
    assert (problems[0].child_id, problems[0].case_id) == ("child-1", "case-1")


def test_week20_missing_on_a_plan_issued_is_an_error():
    assert ("E", "SP-3.7", "Person[1]/Requests[1]/Assessment/Week20") in found(
        person(issued(week20="", needs=ASD))
    )


def test_week20_against_the_days_taken():
    # 140 days from 6 January is 26 May: on time. An exception claimed then is a query.
    assert ("Q", "SP-3.7q", "Person[1]/Requests[1]/Assessment/Week20") in found(
        person(issued(week20="<Week20>1</Week20>", needs=ASD))
    )
    # 141 days with no exception: late, a query.
    late = found(person(issued(needs=ASD, on="2025-05-27")))
    assert ("Q", "SP-3.7w", "Person[1]/Requests[1]/Assessment/Week20") in late
    assert found(person(issued(needs=ASD, on="2025-05-26"))) == set()


def refused_after(days: int) -> Built:
    decided = dt.date(2025, 1, 6) + dt.timedelta(days=days)
    return person(
        f"<Requests>{REQUEST}<Assessment><AssessmentOutcome>N</AssessmentOutcome>"
        f"<AssessmentOutcomeDate>{decided}</AssessmentOutcomeDate>{AFLAGS}</Assessment></Requests>"
    )


def test_a_decision_not_to_issue_after_16_weeks_is_a_query():
    where = "Person[1]/Requests[1]/Assessment/AssessmentOutcomeDate"
    assert found(refused_after(112)) == set()
    assert found(refused_after(113)) == {("Q", "SP-3.2q", where)}


def test_identity_and_request_items():
    built = person(
        "<Requests><ReceivedDate>2025-02-01</ReceivedDate><RequestOutcome>N</RequestOutcome>"
        "</Requests>",
        upn="A123456789876",
    )
    rules = {rule for _, rule, _ in found(built)}
    assert {"SP-1.7a", "SP-2.2", "SP-2.3", "SP-2.4", "SP-2.6"} <= rules
    assert upn_check_letter_ok(GOOD_UPN)
    assert not upn_check_letter_ok("A123456789876")


def test_a_ceased_plan_listed_as_active_and_a_review_decided_late():
    xml = issued(needs=ASD).replace("</StartDate>", "</StartDate><CeaseDate>2025-09-01</CeaseDate>")
    rules = {rule for _, rule, _ in found(person(xml))}
    assert {"SP-4.5", "SP-5.1"} <= rules
    reviewed = issued(needs=ASD).replace(
        "</ActivePlans>",
        "<ReviewMeeting>2025-10-01</ReviewMeeting><ReviewOutcome>A</ReviewOutcome>"
        "<LastReview>2025-11-05</LastReview></ActivePlans>",
    )
    assert {("E", "SP-5.4"), ("Q", "SP-5.4q")} <= {(s, r) for s, r, _ in found(person(reviewed))}
