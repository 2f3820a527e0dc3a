"""The SEN2 return built from the records: the demo's validates against the year's schema (its
made-up LA code aside), and each business rule flags the problem planted for it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from lxml import etree

from sendpath.demo.generator import load_demo
from sendpath.ehc.caseload import sen2 as reader
from sendpath.ehc.caseload.services import home_authority
from sendpath.insight.sen2.build import Period, census_day
from sendpath.insight.sen2.export import Officers, write_return

OFFICERS = Officers("Y", "N", "R")


def test_the_census_is_the_third_thursday_of_january():
    assert census_day(2026) == dt.date(2026, 1, 15)
    assert census_day(2025) == dt.date(2025, 1, 16)
    assert census_day(2024) == dt.date(2024, 1, 18)
    period = Period.of(2026)
    assert (period.start, period.end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def _export(year: int) -> tuple[bytes, object]:
    out = io.BytesIO()
    result = write_return(out, authority=home_authority(), year=year, officers=OFFICERS)
    return out.getvalue(), result


def _valid_with_a_real_code(raw: bytes, year: int) -> list[str]:
    root = etree.fromstring(raw)
    root.find("Header/Source/LEA").text = "201"
    schema = reader.schema(year)
    schema.validate(root)
    return [f"{e.path}: {e.message}" for e in schema.error_log]


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2026, 2027])
def test_the_demo_return_is_valid_but_for_its_made_up_la_code(year):
    load_demo(children=150, cases=True)
    raw, result = _export(year)
    root = etree.fromstring(raw)
    assert root.findtext("Header/CollectionDetails/Year") == str(year)
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == str(census_day(year))
    assert root.findtext("Header/Source/LEA") == "999"
    assert root.findtext("Header/Source/DSCO") == "R"
    persons = root.findall("Persons/Person")
    assert len(persons) == result.persons > 20
    assert root.findall("Persons/Person/Requests/ActivePlans")
    # The schema refuses only the LA code (rightly: 999 is no English authority's code).
    schema = reader.schema(year)
    assert not schema.validate(root)
    assert {e.path for e in schema.error_log} == {"/Message/Header/Source/LEA"}
    assert _valid_with_a_real_code(raw, year) == []
    # ... and the problems list says so once, clearly, beside the other checks.
    lea = [p for p in result.problems if p.rule == "SP-H2"]
    assert len(lea) == 1
    assert "999 is not a real English authority code" in lea[0].message
    assert not [p for p in result.problems if p.rule == "schema"]


@pytest.mark.django_db
def test_from_2026_lastreview_comes_last_in_activeplans():
    # The 2025 order (LastReview after ReviewMeeting) is checked on DfE's 2025 sample in
    # test_sen2_round_trip.py; the demo's reviews fall after the 2026 census, so the
    # 2027 return (census 21 January 2027) is read here.
    load_demo(children=150, cases=True)
    root = etree.fromstring(_export(2027)[0])
    with_review = [a for a in root.iter("ActivePlans") if a.find("LastReview") is not None]
    assert with_review
    for active in with_review:
        assert [child.tag for child in active][-1] == "LastReview"


@pytest.mark.django_db
def test_the_command_writes_the_file(tmp_path):
    load_demo(children=100, cases=True)
    target = tmp_path / "sen2.xml"
    out = io.StringIO()
    call_command(
        "sen2_export", "--year", "2026", "--output", str(target), "--dsco", "Y", stdout=out
    )
    assert "Wrote the SEN2 return 2026 of LA 999" in out.getvalue()
    root = etree.parse(str(target)).getroot()
    assert root.findtext("Header/Source/DSCO") == "Y"
    assert root.findtext("Header/Source/DMO") == "N"  # no earlier return: N until said
    assert root.findall("Persons/Person")
