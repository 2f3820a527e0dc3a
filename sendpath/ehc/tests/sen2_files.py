"""SEN2 returns made up for the tests, in the 2026 element order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

SHARED = Path(__file__).resolve().parents[4] / "shared" / "spec" / "sen2"


def sample(name: str) -> bytes:
    return (SHARED / name).read_bytes()


def _el(name: str, value: object | None) -> str:
    return "" if value is None or value == "" else f"<{name}>{value}</{name}>"


def active_plan(
    *,
    needs: tuple[str, ...] = ("ASD", "SLCN"),
    urn: str | None = "100001",
    entry: dt.date | None = None,
    meeting: dt.date | None = None,
    last_review: dt.date | None = None,
    outcome: str | None = None,
) -> str:
    placement = (
        "<PlacementDetail>"
        + _el("URN", urn)
        + ("" if urn else _el("SENSetting", "OLA"))
        + "<PlacementRank>1</PlacementRank>"
        + _el("EntryDate", entry)
        + "</PlacementDetail>"
    )
    need_xml = "".join(
        f"<SENneed><SENtype>{code}</SENtype><SENtypeRank>{rank}</SENtypeRank></SENneed>"
        for rank, code in enumerate(needs, start=1)
    )
    return (
        "<ActivePlans>"
        + placement
        + need_xml
        + _el("ReviewMeeting", meeting)
        + _el("ReviewOutcome", outcome)
        + _el("LastReview", last_review)
        + "</ActivePlans>"
    )


def request(
    *,
    received: dt.date | None,
    outcome: str = "Y",
    decided: dt.date | None = None,
    assessment: str | None = None,
    assessed: dt.date | None = None,
    week20: str | None = None,
    start: dt.date | None = None,
    cease: dt.date | None = None,
    reason: str | None = None,
    active: str = "",
    source: str | None = "1",
) -> str:
    plan = ""
    if start is not None:
        plan = (
            "<NamedPlan>"
            + _el("StartDate", start)
            + "<PlanDetail><URN>100001</URN><PlacementRank>1</PlacementRank></PlanDetail>"
            + _el("CeaseDate", cease)
            + _el("CeaseReason", reason)
            + "</NamedPlan>"
        )
    assessment_xml = ""
    if assessment is not None:
        assessment_xml = (
            "<Assessment>"
            + _el("AssessmentOutcome", assessment)
            + _el("AssessmentOutcomeDate", assessed)
            + _el("Week20", week20)
            + plan
            + "</Assessment>"
        )
    return (
        "<Requests>"
        + _el("ReceivedDate", received)
        + _el("RequestSource", source)
        + "<RYA>0</RYA>"
        + _el("RequestOutcomeDate", decided)
        + _el("RequestOutcome", outcome)
        + assessment_xml
        + active
        + "</Requests>"
    )


def person(
    *,
    surname: str,
    forename: str = "Sam",
    born: dt.date = dt.date(2015, 3, 1),
    upn: str | None = None,
    requests: str = "",
) -> str:
    return (
        "<Person>"
        + _el("Surname", surname)
        + _el("Forename", forename)
        + _el("PersonBirthDate", born)
        + "<Sex>F</Sex><Ethnicity>WBRI</Ethnicity><PostCode>AB1 2CD</PostCode>"
        + _el("UPN", upn)
        + ("" if upn else "<UPNunknown>UN2</UPNunknown>")
        + requests
        + "</Person>"
    )


def sen2(persons: list[str], *, lea: str = "201", year: int = 2026) -> bytes:
    return (
        "<Message><Header><CollectionDetails><Collection>SEN2</Collection>"
        f"<Year>{year}</Year><ReferenceDate>{year}-01-15</ReferenceDate></CollectionDetails>"
        f"<Source><SourceLevel>L</SourceLevel><LEA>{lea}</LEA><SoftwareCode>Test</SoftwareCode>"
        "<Release>1</Release><SerialNo>001</SerialNo><DateTime>2026-01-20T10:00:00</DateTime>"
        "<DMO>Y</DMO><DCO>Y</DCO><DSCO>Y</DSCO></Source></Header>"
        "<Persons>" + "".join(persons) + "</Persons></Message>"
    ).encode()


def in_force_person(index: int, *, today: dt.date, needs: tuple[str, ...] = ("ASD", "SLCN")) -> str:
    """A child with a plan in force: issued about two years ago, reviewed a year ago."""
    start = today - dt.timedelta(days=700 + index % 60)
    meeting = start + dt.timedelta(days=330)
    return person(
        surname=f"Family{index}",
        forename=f"Child{index}",
        born=dt.date(2012, 1, 1) + dt.timedelta(days=index * 7),
        upn=f"A{index:012d}",
        requests=request(
            received=start - dt.timedelta(days=130),
            decided=start - dt.timedelta(days=90),
            assessment="Y",
            assessed=start - dt.timedelta(days=20),
            week20="0",
            start=start,
            active=active_plan(
                needs=needs,
                urn=f"{100000 + index % 20}",
                entry=start,
                meeting=meeting,
                last_review=meeting + dt.timedelta(days=14),
                outcome="M",
            ),
        ),
    )
