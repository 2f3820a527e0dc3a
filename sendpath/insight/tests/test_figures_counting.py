"""The figures DfE will publish (sendpath.insight.figures.counting), from small case histories
whose counts are worked out by hand from INSIGHT.md. Activity year 2025; census 15 January 2026.

The histories (each its own child; "yes"/"no" the decision whether to assess):

====  ==========  ===========  ==================  ===========  ==============================
case  received    decided      assessment outcome  plan         what it tests
====  ==========  ===========  ==================  ===========  ==============================
on    2025-01-06  yes 02-10    plan 2025-05-26     140 days     within 20 weeks; 6 weeks (35)
late  2025-01-06  yes 02-18    plan 2025-05-27     141 days     over 20 weeks; over 6 (43)
d364  2024-09-01  yes 2024     plan 2025-08-31     364 days     last year's request; < a year
d365  2024-06-01  yes 2024     plan 2025-06-01     365 days     over a year; Week20 exception
exc   2025-02-03  yes 03-10    plan 2025-06-23     140 days     on time but Week20: out of _ex
no    2025-03-03  no 04-14     -                   -            refused at 42 days
wdr   2025-04-01  withdrawn    -                   -            request W
wdra  2025-01-06  yes 02-10    withdrawn 03-01     -            assessment W
open  2025-12-01  -            -                   -            request A
next  2025-11-20  yes 2026     -                   -            decided after the year: A
old1  2024-12-02  yes 25-01-13 still open          -            6 weeks (42), assessment A
old2  2024-12-01  no 25-01-13  -                   -            over 6 weeks (43), last year's
n112  2025-01-06  yes 02-10    no plan 04-28       -            16 weeks: 112 days within
n113  2025-01-06  yes 02-10    no plan 04-29       -            113 days over
in    2025-03-01  (H)          (H)                 from LA 390  transferred in: not new
emp   2019        (H)          (H)                 ceased 08-01 reason 4 employ
trf   2021        (H)          (H)                 moved 10-01  reason 5 transfer
c16   2021        (H)          (H)                 ceases 2026-01-16: active at the census
c15   2021        (H)          (H)                 ceases 2026-01-15: not active at the census
====  ==========  ===========  ==================  ===========  ==============================
"""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from sendpath.ehc.caseload.services import EventDraft, case_from_history
from sendpath.insight.figures import counting
from sendpath.people.models import Role
from sendpath.people.tests.factories import ChildFactory

D = dt.date
YEAR = 2025


def history(world, steps, *, need="ASD", la=None):
    la = la or world.la
    child = ChildFactory(responsible_authority=la, primary_need=need)
    events = [EventDraft(t, d, dict(details)) for t, d, details in steps]
    received = next((d for t, d, _ in steps if t == "request_received"), steps[0][1])
    return case_from_history(
        actor=world.user(Role.MANAGER),
        child=child,
        authority=la,
        source="parent",
        received_on=received,
        events=events,
        why="test history",
    )


def rec(day):
    return ("request_received", day, {"source": "parent"})


def yes(day):
    return ("decision_to_assess", day, {"outcome": "yes"})


def no(day):
    return ("decision_to_assess", day, {"outcome": "no"})


def plan(day, week20=False):
    outcome = {"outcome": "plan", **({"sen2": {"Week20": "1"}} if week20 else {})}
    return [("assessment_outcome", day, outcome), ("final_plan_issued", day, {})]


def historical(issued, **details):
    return [
        rec(issued),
        ("decision_to_assess", issued, {"outcome": "yes", "date_not_known": True}),
        ("final_plan_issued", issued, details),
    ]


def ceased(day, reason):
    return ("plan_ceased", day, {"sen2": {"CeaseReason": reason}, "reason": reason})


@pytest.fixture
def cases(world):
    made = {}
    made["on"] = history(world, [rec(D(2025, 1, 6)), yes(D(2025, 2, 10)), *plan(D(2025, 5, 26))])
    made["late"] = history(
        world, [rec(D(2025, 1, 6)), yes(D(2025, 2, 18)), *plan(D(2025, 5, 27))], need="SEMH"
    )
    made["d364"] = history(
        world, [rec(D(2024, 9, 1)), yes(D(2024, 10, 10)), *plan(D(2025, 8, 31))], need="DS"
    )
    made["d365"] = history(
        world, [rec(D(2024, 6, 1)), yes(D(2024, 7, 1)), *plan(D(2025, 6, 1), week20=True)], need=""
    )
    made["exc"] = history(
        world, [rec(D(2025, 2, 3)), yes(D(2025, 3, 10)), *plan(D(2025, 6, 23), week20=True)]
    )
    made["no"] = history(world, [rec(D(2025, 3, 3)), no(D(2025, 4, 14))])
    made["wdr"] = history(world, [rec(D(2025, 4, 1)), ("request_withdrawn", D(2025, 4, 20), {})])
    made["wdra"] = history(
        world,
        [rec(D(2025, 1, 6)), yes(D(2025, 2, 10)), ("request_withdrawn", D(2025, 3, 1), {})],
    )
    made["open"] = history(world, [rec(D(2025, 12, 1))])
    made["next"] = history(world, [rec(D(2025, 11, 20)), yes(D(2026, 1, 5))])
    made["old1"] = history(world, [rec(D(2024, 12, 2)), yes(D(2025, 1, 13))])
    made["old2"] = history(world, [rec(D(2024, 12, 1)), no(D(2025, 1, 13))])
    for key, day in (("n112", D(2025, 4, 28)), ("n113", D(2025, 4, 29))):
        made[key] = history(
            world,
            [
                rec(D(2025, 1, 6)),
                yes(D(2025, 2, 10)),
                ("assessment_outcome", day, {"outcome": "no_plan"}),
            ],
        )
    made["in"] = history(world, historical(D(2025, 3, 1), from_authority="LA 390"), need="MLD")
    made["emp"] = history(world, [*historical(D(2019, 7, 1)), ceased(D(2025, 8, 1), "4")])
    made["trf"] = history(
        world, [*historical(D(2021, 1, 10)), ("plan_transferred", D(2025, 10, 1), {})]
    )
    made["c16"] = history(
        world, [*historical(D(2021, 5, 1)), ceased(D(2026, 1, 16), "2")], need="PD"
    )
    made["c15"] = history(world, [*historical(D(2021, 5, 1)), ceased(D(2026, 1, 15), "2")])
    # Another authority's plan, issued in the year: never counted for ours.
    made["theirs"] = history(
        world,
        [rec(D(2025, 1, 6)), yes(D(2025, 2, 10)), *plan(D(2025, 5, 26))],
        la=world.other_la,
    )
    return made


def test_the_census_is_the_third_thursday_of_january():
    assert counting.census_date(2026) == D(2026, 1, 15)
    assert counting.census_date(2025) == D(2025, 1, 16)
    assert counting.census_date(2024) == D(2024, 1, 18)


def test_timeliness_bands_are_140_141_364_365_days():
    assert counting.timeliness_band(140) == "within_20_weeks"
    assert counting.timeliness_band(141) == "gt20weeks_ltYear"
    assert counting.timeliness_band(364) == "gt20weeks_ltYear"
    assert counting.timeliness_band(365) == "gt_1_year"


@pytest.mark.django_db
def test_timeliness_with_and_without_exceptions(world, cases):
    t = counting.measures(world.la, YEAR)["timeliness_20_week"]
    # on (140), late (141), d364 (364), d365 (365, Week20), exc (140, Week20).
    assert t["plans_issued_den"] == 5
    assert t["plans_issued_within_20_weeks"] == 2
    assert t["plans_issued_gt20weeks_ltYear"] == 2
    assert t["plans_issued_gt_1_year"] == 1
    assert t["pc_plans_issued_within_20_weeks"] == 40.0
    assert t["pc_plans_issued_gt_1_year"] == 20.0
    # The two with an exception leave numerator and denominator alike, on time or late.
    assert t["plans_issued_den_ex"] == 3
    assert t["plans_issued_20_weeks_ex"] == 1
    assert t["plans_issued_gt20weeks_ltYear_ex"] == 2
    assert t["plans_issued_gt_1_year_ex"] == 0
    assert t["PC_plans_issued_20_weeks_ex"] == 33.3
    assert t["PC_plans_issued_gt20weeks_ltYear_ex"] == 66.7
    assert t["PC_plans_issued_gt_1_year_ex"] == 0.0
    # (140 + 141 + 364 + 365 + 140) / 5 = 230 days = 32.857 weeks.
    assert counting.count(world.la, YEAR).average_weeks_to_issue == 32.9


@pytest.mark.django_db
def test_requests_by_outcome_add_up_and_six_week_decisions(world, cases):
    r = counting.measures(world.la, YEAR)["requests"]
    # Received in 2025: on, late, exc, wdra, n112, n113 (Y); no (N); wdr (W); open, next (A).
    # The transferred-in plan's request (H) is not a request of the year.
    assert r["requests_received_in_year"] == 10
    assert r["requests_decided_to_assess"] == 6
    assert r["requests_decided_not_to_assess"] == 1
    assert r["requests_withdrawn"] == 1
    assert r["requests_decision_not_made"] == 2
    parts = ("decided_to_assess", "decided_not_to_assess", "withdrawn", "decision_not_made")
    assert sum(r[f"requests_{p}"] for p in parts) == r["requests_received_in_year"]
    assert (r["request_assess_pc"], r["request_not_assess_pc"]) == (60.0, 10.0)
    assert (r["request_withdrawn_pc"], r["request_outstanding_pc"]) == (10.0, 20.0)
    # Decisions dated 2025, whatever year the request: on 35, late 43, exc 35, no 42, wdra 35,
    # n112 35, n113 35, old1 42 (a 2024 request), old2 43 (a 2024 request).
    assert r["request_outcome_six_weeks"] == 7
    assert r["request_outcome_over_6_weeks"] == 2
    assert (r["request_outcome_six_weeks_pc"], r["request_outcome_over_6_weeks_pc"]) == (77.8, 22.2)


@pytest.mark.django_db
def test_last_years_requests_are_counted_in_last_year(world, cases):
    r = counting.measures(world.la, 2024)["requests"]
    # d364, d365 (decided yes in 2024); old1, old2 (undecided on 31 December 2024).
    assert r["requests_received_in_year"] == 4
    assert r["requests_decided_to_assess"] == 2
    assert r["requests_decision_not_made"] == 2
    assert counting.measures(world.la, 2024)["timeliness_20_week"]["plans_issued_den"] == 0


@pytest.mark.django_db
def test_assessments_by_outcome_and_16_week_refusals(world, cases):
    a = counting.measures(world.la, YEAR)["assessments"]
    # Y: on, late, d364, d365, exc; N: n112, n113; W: wdra; A: old1 (open on 31 December).
    assert a["assess_in_year"] == 9
    assert (a["assess_issued"], a["assess_not_issued"]) == (5, 2)
    assert (a["assess_withdrawn"], a["assess_not_made"]) == (1, 1)
    assert a["assess_issued_pc"] == 55.6
    assert a["assess_not_issued_pc"] == 22.2
    assert (a["assess_withdrawn_pc"], a["assess_not_made_pc"]) == (11.1, 11.1)
    assert (a["outcome_decision_within_time"], a["outcome_decision_over_time"]) == (1, 1)
    assert a["outcome_decision_within_time_pc"] == 50.0


@pytest.mark.django_db
def test_new_plans_by_need_and_a_transfer_in_is_not_new(world, cases):
    m = counting.measures(world.la, YEAR)
    assert m["newplans"] == {"new_ehc_plans": 5}
    n = m["sen_need_newplans"]
    assert n["ehc_plans"] == 5
    # on, exc ASD; late SEMH; d364 Down syndrome, counted in OTH; d365 no need recorded.
    assert (n["number_asd"], n["number_semh"], n["number_oth"]) == (2, 1, 1)
    assert n["number_need_unknown"] == 1
    assert n["number_mld"] == 0  # the transferred-in plan is not new
    assert (n["asd_pc"], n["oth_pc"], n["unknown_pc"], n["vi_pc"]) == (40.0, 20.0, 20.0, 0.0)


@pytest.mark.django_db
def test_ceased_plans_by_reason(world, cases):
    c = counting.measures(world.la, YEAR)["ceased_plans"]
    assert c["total_ceased"] == 2
    assert (c["employ"], c["transfer"], c["needs_met"]) == (1, 1, 0)
    # c15 and c16 cease in 2026.
    assert counting.measures(world.la, 2026)["ceased_plans"]["needs_met"] == 2


@pytest.mark.django_db
def test_a_cease_with_no_reason_recorded_is_not_rec(world):
    history(world, [*historical(D(2020, 1, 6)), ceased(D(2025, 3, 3), "")])
    imported = [*historical(D(2020, 1, 6)), ceased(D(2025, 3, 3), "")]
    imported[-1][2]["sen2"] = {"CeaseReason": "9"}
    history(world, imported)
    c = counting.measures(world.la, YEAR)["ceased_plans"]
    assert (c["not_rec"], c["other"]) == (1, 1)
    assert c["total_ceased"] == 2


@pytest.mark.django_db
def test_the_caseload_at_the_census(world, cases):
    m = counting.measures(world.la, YEAR)
    # on, late, d364, d365, exc, in, c16 (ceases the day after the census); c15 ceases on the
    # census day; emp and trf ceased in 2025.
    assert m["caseload"] == {"ehcplans": 7}
    s = m["sen_needs_all_plans"]
    assert s["ehc_plans"] == 7
    assert (s["number_asd"], s["number_mld"], s["number_pd"], s["number_oth"]) == (2, 1, 1, 1)
    assert (s["number_semh"], s["number_need_unknown"]) == (1, 1)
    assert s["asd_pc"] == 28.6


@pytest.mark.django_db
def test_another_authoritys_cases_are_never_counted(world, cases):
    theirs = counting.measures(world.other_la, YEAR)
    assert theirs["newplans"]["new_ehc_plans"] == 1
    assert theirs["caseload"]["ehcplans"] == 1
    ours = counting.measures(world.la, YEAR)
    assert cases["theirs"].pk not in counting.cases_behind(
        world.la, YEAR, "newplans", "new_ehc_plans"
    )
    assert ours["newplans"]["new_ehc_plans"] == 5


@pytest.mark.django_db
def test_the_cases_behind_a_figure_are_those_counted(world, cases):
    behind = counting.cases_behind(world.la, YEAR, "timeliness_20_week", "plans_issued_gt_1_year")
    assert behind == [cases["d365"].pk]
    active = counting.cases_behind(world.la, YEAR, "caseload", "ehcplans")
    assert cases["c16"].pk in active
    assert cases["c15"].pk not in active
    assert len(active) == 7
    assert counting.cases_behind(world.la, YEAR, "requests", "request_assess_pc") == []


@pytest.mark.django_db
def test_the_command_prints_the_same_measures_as_json(world, cases, settings):
    settings.HOME_LA_CODE = world.la.la_code
    out = StringIO()
    call_command("dfe_figures", "--year", "2025", "--json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed == counting.measures(world.la, YEAR)
    assert sorted(printed) == sorted(counting.STEMS)
    out = StringIO()
    call_command("dfe_figures", "--year", "2025", "--authority", "902", stdout=out)
    assert "new_ehc_plans" in out.getvalue()
    assert "Theirshire" in out.getvalue()
