"""The one module that counts the figures DfE will publish, from the records, as DfE counts them.

The contract is ``INSIGHT.md`` ("Measures"); every rule below follows it. The dashboards and
``manage.py dfe_figures`` both read ``count`` (and ``measures``), so they cannot disagree.

Periods (``INSIGHT.md``, "Periods"):

- the **activity year** is the calendar ``year``: requests, assessments, timeliness, new plans
  and ceased plans are counted from each case as SEN2 sees it on 31 December ``year``
  (``sendpath.insight.facts``: only events dated on or before that day count);
- the **caseload** and "all plans by need" are counted at the census of ``year + 1``, the third
  Thursday of January (``census_date``), from each case as it stood on that day.

Each case is read once (``facts_on``: one pass over the authority's cases, in chunks, each case
read for every day asked), so memory stays bounded whatever the authority's size.

Needs: a plan's rank-1 need (SEN2 ``SENtype`` rank 1) is the child's ``primary_need``, which the
SEN2 import and the plan pages keep as SEN2's code. Down syndrome (DS) is counted in
``number_oth``, as DfE counts it (``sen_needs_all_plans.csv`` footnote 1); a blank need, or the
school census's NSA, is ``number_need_unknown``. The need read is the one recorded now: sendpath
keeps no history of a child's primary need, so a past year's new plans are counted by their
current need.

Populations, where ``INSIGHT.md`` leaves a choice, are decided here once:

- ``requests``: a request received in the year counts with its outcome on 31 December (Y, N, W,
  or A when undecided); outcome H (a plan made before the records begin, or transferred in) is
  not a request of the year, so that the four outcomes add up to the total, as DfE's do.
- ``assessments``: an assessment is of the year when its outcome (Y plan issued, N not issued,
  W withdrawn) is dated in the year, or when it is still open (A) on 31 December.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from sendpath.ehc.models import Case, Deadline
from sendpath.insight import facts as facts_module
from sendpath.insight.facts import CaseFacts
from sendpath.insight.figure import percent
from sendpath.people.models import Child, Organisation, SettingAttendance

Number = int | float | None

# SEN2 SENtype -> DfE's column suffix (sen_need_newplans / sen_needs_all_plans).
NEEDS = ("asd", "hi", "mld", "msi", "oth", "pd", "pmld", "semh", "slcn", "sld", "spld", "vi")
NEED_OF = {code.upper(): code for code in NEEDS} | {"DS": "oth"}
UNKNOWN_NEED = "need_unknown"

# SEN2 CeaseReason -> DfE's column in ceased_plans.csv; no reason recorded: ``not_rec``.
CEASE_REASONS = {
    "1": "max_age",
    "2": "needs_met",
    "3": "he",
    "4": "employ",
    "5": "transfer",
    "6": "no_engage",
    "7": "moved_outside_eng",
    "8": "deceased",
    "9": "other",
}
NOT_RECORDED = "not_rec"

# Statutory limits, in calendar days from the request's ReceivedDate:
# - 6 weeks to decide whether to assess: SEND Regulations 2014 reg 5(1);
# - 16 weeks to tell the family a plan will not be issued: reg 10(1);
# - 20 weeks to issue the final plan: reg 13(2) (exceptions: reg 13(3)).
SIX_WEEKS = 42
SIXTEEN_WEEKS = 112
TWENTY_WEEKS = 140
A_YEAR = 365

STEMS = (
    "requests",
    "assessments",
    "timeliness_20_week",
    "newplans",
    "sen_need_newplans",
    "sen_needs_all_plans",
    "ceased_plans",
    "caseload",
)

# Each file's count columns, in DfE's order; percentages are worked out from them (``_PERCENT``).
COUNT_COLUMNS: dict[str, tuple[str, ...]] = {
    "requests": (
        "requests_received_in_year",
        "requests_decided_to_assess",
        "requests_decided_not_to_assess",
        "requests_withdrawn",
        "requests_decision_not_made",
        "request_outcome_six_weeks",
        "request_outcome_over_6_weeks",
    ),
    "assessments": (
        "assess_in_year",
        "assess_issued",
        "assess_not_issued",
        "assess_withdrawn",
        "assess_not_made",
        "outcome_decision_within_time",
        "outcome_decision_over_time",
    ),
    "timeliness_20_week": (
        "plans_issued_den",
        "plans_issued_within_20_weeks",
        "plans_issued_gt20weeks_ltYear",
        "plans_issued_gt_1_year",
        "plans_issued_den_ex",
        "plans_issued_20_weeks_ex",
        "plans_issued_gt20weeks_ltYear_ex",
        "plans_issued_gt_1_year_ex",
    ),
    "newplans": ("new_ehc_plans",),
    "sen_need_newplans": (
        "ehc_plans",
        *(f"number_{n}" for n in NEEDS),
        f"number_{UNKNOWN_NEED}",
    ),
    "sen_needs_all_plans": (
        "ehc_plans",
        *(f"number_{n}" for n in NEEDS),
        f"number_{UNKNOWN_NEED}",
    ),
    "ceased_plans": ("total_ceased", *CEASE_REASONS.values(), NOT_RECORDED),
    "caseload": ("ehcplans",),
}

_NEED_PERCENT = (
    *((f"{n}_pc", f"number_{n}", "ehc_plans") for n in NEEDS),
    ("unknown_pc", f"number_{UNKNOWN_NEED}", "ehc_plans"),
)
# (percentage column, count column, denominator column), per file.
_PERCENT: dict[str, tuple[tuple[str, str, str], ...]] = {
    "requests": (
        ("request_assess_pc", "requests_decided_to_assess", "requests_received_in_year"),
        ("request_not_assess_pc", "requests_decided_not_to_assess", "requests_received_in_year"),
        ("request_withdrawn_pc", "requests_withdrawn", "requests_received_in_year"),
        ("request_outstanding_pc", "requests_decision_not_made", "requests_received_in_year"),
        ("request_outcome_six_weeks_pc", "request_outcome_six_weeks", "_decided"),
        ("request_outcome_over_6_weeks_pc", "request_outcome_over_6_weeks", "_decided"),
    ),
    "assessments": (
        ("assess_issued_pc", "assess_issued", "assess_in_year"),
        ("assess_not_issued_pc", "assess_not_issued", "assess_in_year"),
        ("assess_withdrawn_pc", "assess_withdrawn", "assess_in_year"),
        ("assess_not_made_pc", "assess_not_made", "assess_in_year"),
        ("outcome_decision_within_time_pc", "outcome_decision_within_time", "_refused"),
        ("outcome_decision_over_time_pc", "outcome_decision_over_time", "_refused"),
    ),
    "timeliness_20_week": (
        ("pc_plans_issued_within_20_weeks", "plans_issued_within_20_weeks", "plans_issued_den"),
        ("pc_plans_issued_gt20weeks_ltYear", "plans_issued_gt20weeks_ltYear", "plans_issued_den"),
        ("pc_plans_issued_gt_1_year", "plans_issued_gt_1_year", "plans_issued_den"),
        ("PC_plans_issued_20_weeks_ex", "plans_issued_20_weeks_ex", "plans_issued_den_ex"),
        (
            "PC_plans_issued_gt20weeks_ltYear_ex",
            "plans_issued_gt20weeks_ltYear_ex",
            "plans_issued_den_ex",
        ),
        ("PC_plans_issued_gt_1_year_ex", "plans_issued_gt_1_year_ex", "plans_issued_den_ex"),
    ),
    "sen_need_newplans": _NEED_PERCENT,
    "sen_needs_all_plans": _NEED_PERCENT,
}


def census_date(year: int) -> dt.date:
    """The SEN2 census (``ReferenceDate``) of collection year ``year``: the third Thursday of
    January (INSIGHT.md, "Periods")."""
    first = dt.date(year, 1, 1)
    first_thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + dt.timedelta(weeks=2)


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _in(day: dt.date | None, year: int) -> bool:
    return day is not None and day.year == year


def need_column(code: str) -> str:
    """The ``number_<need>`` column a child's primary need (SEN2 SENtype) counts in."""
    return f"number_{NEED_OF.get((code or '').upper(), UNKNOWN_NEED)}"


def activity_columns(f: CaseFacts, year: int, need: str) -> Iterator[tuple[str, str]]:
    """Every (file, count column) of the activity year that this case counts in, read from its
    facts on 31 December ``year``. ``need`` is the child's primary need (SEN2 code)."""
    # Requests received in the year, by their outcome on 31 December (H is not a request of
    # the year: see the module's docstring).
    if _in(f.received_on, year) and f.request_outcome in ("Y", "N", "W", "A"):
        yield "requests", "requests_received_in_year"
        yield (
            "requests",
            {
                "Y": "requests_decided_to_assess",
                "N": "requests_decided_not_to_assess",
                "W": "requests_withdrawn",
                "A": "requests_decision_not_made",
            }[f.request_outcome],
        )
    # Decisions whether to assess made in the year, whatever year the request came (reg 5(1)).
    if f.request_outcome in ("Y", "N") and _in(f.request_outcome_on, year) and f.received_on:
        days = (f.request_outcome_on - f.received_on).days  # type: ignore[operator]
        yield (
            "requests",
            ("request_outcome_six_weeks" if days <= SIX_WEEKS else "request_outcome_over_6_weeks"),
        )
    # Assessments of the year by outcome; H never counts.
    outcome, on = f.assessment_outcome, f.assessment_outcome_on
    if (outcome in ("Y", "N", "W") and _in(on, year)) or outcome == "A":
        yield "assessments", "assess_in_year"
        yield (
            "assessments",
            {
                "Y": "assess_issued",
                "N": "assess_not_issued",
                "W": "assess_withdrawn",
                "A": "assess_not_made",
            }[outcome],
        )
    # Decisions not to issue a plan, in the year: within 16 weeks of the request (reg 10(1)).
    if outcome == "N" and _in(on, year) and f.received_on:
        days = (on - f.received_on).days  # type: ignore[operator]
        yield (
            "assessments",
            (
                "outcome_decision_within_time"
                if days <= SIXTEEN_WEEKS
                else "outcome_decision_over_time"
            ),
        )
    # Timeliness: plans issued in the year that carry a ReceivedDate (reg 13(2)); a plan with a
    # timescale exception (Week20, reg 13(3)) leaves both the numerator and denominator of _ex.
    days_to_issue = f.days_to_issue
    if outcome == "Y" and _in(on, year) and days_to_issue is not None:
        band = timeliness_band(days_to_issue)
        yield "timeliness_20_week", "plans_issued_den"
        yield "timeliness_20_week", f"plans_issued_{band}"
        if not f.week20:
            yield "timeliness_20_week", "plans_issued_den_ex"
            yield "timeliness_20_week", EX_BAND[band]
    # New plans: started (issued) in the year; a plan transferred in is not new.
    if _in(f.plan_start, year) and not f.transferred_in:
        yield "newplans", "new_ehc_plans"
        yield "sen_need_newplans", "ehc_plans"
        yield "sen_need_newplans", need_column(need)
    # Ceased plans: a cease date in the year, by SEN2 CeaseReason.
    if _in(f.plan_cease, year):
        yield "ceased_plans", "total_ceased"
        yield "ceased_plans", CEASE_REASONS.get(f.cease_reason, NOT_RECORDED)


def census_columns(f: CaseFacts, census: dt.date, need: str) -> Iterator[tuple[str, str]]:
    """The (file, count column) of the census that this case counts in: its plan active on the
    census day (started on or before it, and a cease date after it or none)."""
    if f.plan_active_on(census):
        yield "caseload", "ehcplans"
        yield "sen_needs_all_plans", "ehc_plans"
        yield "sen_needs_all_plans", need_column(need)


def timeliness_band(days: int) -> str:
    """``within_20_weeks`` (<= 140 days), ``gt20weeks_ltYear`` (141-364), ``gt_1_year`` (>= 365)."""
    if days <= TWENTY_WEEKS:
        return "within_20_weeks"
    if days < A_YEAR:
        return "gt20weeks_ltYear"
    return "gt_1_year"


EX_BAND = {
    "within_20_weeks": "plans_issued_20_weeks_ex",
    "gt20weeks_ltYear": "plans_issued_gt20weeks_ltYear_ex",
    "gt_1_year": "plans_issued_gt_1_year_ex",
}


# ---------------------------------------------------------------------------------------------
# Reading the authority's cases once, for several days


def authority_cases(authority: Organisation) -> QuerySet[Case]:
    """The authority's cases (INSIGHT.md: its own figures come from its own records)."""
    return Case.objects.filter(authority=authority)


def facts_on(cases: QuerySet[Case], days: Iterable[dt.date]) -> Iterator[dict[dt.date, CaseFacts]]:
    """Each case's facts on each of ``days`` (a day with no request yet is left out), reading
    the cases and their events once, in chunks (``sendpath.insight.facts.case_facts`` for one
    day: the same reading)."""
    wanted = sorted(set(days))
    ordered = cases.order_by("pk").only(
        "pk", "child_id", "reference", "request_source", "week20_exception"
    )
    last = None
    while True:
        chunk = list(
            (ordered if last is None else ordered.filter(pk__gt=last))[: facts_module.CHUNK]
        )
        if not chunk:
            return
        ids = [c.pk for c in chunk]
        events = facts_module._events_by_case(ids)
        appeals = dict(
            Deadline.objects.filter(case_id__in=ids, key="appeal_deadline").values_list(
                "case_id", "due"
            )
        )
        for case in chunk:
            found: dict[dt.date, CaseFacts] = {}
            timeline = events.get(case.pk, [])
            for day in wanted:
                one = facts_module.facts_of(
                    case, timeline, as_of=day, appeal_due=appeals.get(case.pk)
                )
                if one is not None:
                    found[day] = one
            if found:
                yield found
        last = chunk[-1].pk


def needs_of(cases: QuerySet[Case]) -> dict[Any, str]:
    """Each child's primary need (SEN2 code), for the children of ``cases``."""
    return dict(
        Child.objects.filter(pk__in=cases.values("child_id")).values_list("pk", "primary_need")
    )


# ---------------------------------------------------------------------------------------------
# The counts


@dataclass
class Counts:
    """One activity year's counts: DfE's measures (``measures``), and what the dashboards add
    beside them (the average time to issue, the caseload by age and setting)."""

    year: int
    census: dt.date
    measures: dict[str, dict[str, Number]]
    days_to_issue: list[int] = field(default_factory=list)
    by_age: Counter[str] = field(default_factory=Counter)
    by_setting: Counter[str] = field(default_factory=Counter)
    # Who is counted in each listed count (``count_years``'s ``listed``), by ``figure_key``:
    # (child id, case id), from the same pass as the counts.
    members: dict[str, list[tuple[Any, Any]]] = field(default_factory=dict)

    @property
    def average_weeks_to_issue(self) -> float | None:
        """The mean time from request to the plan's issue, in weeks (one decimal place), over
        the plans issued in the year that DfE times (``plans_issued_den``)."""
        if not self.days_to_issue:
            return None
        return round(sum(self.days_to_issue) / len(self.days_to_issue) / 7, 1)


def _finish(
    tally: Counter[tuple[str, str]], decided: int, refused: int
) -> dict[str, dict[str, Number]]:
    out: dict[str, dict[str, Number]] = {}
    for stem in STEMS:
        row: dict[str, Number] = {col: tally[(stem, col)] for col in COUNT_COLUMNS[stem]}
        row["_decided"], row["_refused"] = decided, refused
        for pc, part, whole in _PERCENT.get(stem, ()):
            row[pc] = percent(int(row[part] or 0), int(row[whole] or 0))
        del row["_decided"], row["_refused"]
        out[stem] = row
    return out


def count(
    authority: Organisation,
    year: int,
    *,
    cases: QuerySet[Case] | None = None,
    breakdowns: bool = False,
) -> Counts:
    """Every measure of the activity ``year`` (and its census), from one pass over the cases.
    ``breakdowns`` adds the caseload by age and by setting at the census (the dashboards)."""
    return count_years(authority, [year], cases=cases, breakdowns=breakdowns)[year]


def count_years(
    authority: Organisation,
    years: Iterable[int],
    *,
    cases: QuerySet[Case] | None = None,
    breakdowns: bool = False,
    listed: Collection[tuple[str, str]] = (),
) -> dict[int, Counts]:
    """``count`` for several years at once (one pass over the cases for all of them).
    ``listed`` (file, count column) pairs also keep who is counted in them (``Counts.members``)."""
    years = sorted(set(years))
    scoped = cases if cases is not None else authority_cases(authority)
    needs = needs_of(scoped)
    ends = {y: year_end(y) for y in years}
    censuses = {y: census_date(y + 1) for y in years}
    tallies: dict[int, Counter[tuple[str, str]]] = {y: Counter() for y in years}
    out = {y: Counts(y, censuses[y], {}) for y in years}
    active: dict[int, list[Any]] = {y: [] for y in years}
    listed = set(listed)
    members: dict[int, dict[str, list[tuple[Any, Any]]]] = {
        y: {figure_key(*k): [] for k in listed} for y in years
    }
    for found in facts_on(scoped, [*ends.values(), *censuses.values()]):
        for y in years:
            tally = tallies[y]
            f = found.get(ends[y])
            if f is not None:
                need = needs.get(f.child_id, "")
                for key in activity_columns(f, y, need):
                    tally[key] += 1
                    if key in listed:
                        members[y][figure_key(*key)].append((f.child_id, f.case_id))
                if (
                    f.assessment_outcome == "Y"
                    and _in(f.assessment_outcome_on, y)
                    and f.days_to_issue is not None
                ):
                    out[y].days_to_issue.append(f.days_to_issue)
            c = found.get(censuses[y])
            if c is not None:
                need = needs.get(c.child_id, "")
                for key in census_columns(c, censuses[y], need):
                    tally[key] += 1
                    if key in listed:
                        members[y][figure_key(*key)].append((c.child_id, c.case_id))
                if breakdowns and c.plan_active_on(censuses[y]):
                    active[y].append(c.child_id)
    for y in years:
        tally = tallies[y]
        decided = (
            tally[("requests", "request_outcome_six_weeks")]
            + tally[("requests", "request_outcome_over_6_weeks")]
        )
        refused = (
            tally[("assessments", "outcome_decision_within_time")]
            + tally[("assessments", "outcome_decision_over_time")]
        )
        out[y].measures = _finish(tally, decided, refused)
        out[y].members = members[y]
        if breakdowns:
            out[y].by_age, out[y].by_setting = _breakdowns(active[y], censuses[y])
    return out


def measures(
    authority: Organisation, year: int, *, cases: QuerySet[Case] | None = None
) -> dict[str, dict[str, Number]]:
    """DfE's measures of the activity ``year``, keyed by DfE file stem, each holding the
    CSV's column names (INSIGHT.md, "Measures"); percentages half-up to one place."""
    return count(authority, year, cases=cases).measures


# ---------------------------------------------------------------------------------------------
# The caseload by age and setting (the dashboards' breakdowns)

AGE_BANDS = (
    (0, 4, "Under 5"),
    (5, 10, "5 to 10"),
    (11, 15, "11 to 15"),
    (16, 19, "16 to 19"),
    (20, 25, "20 to 25"),
)
SETTING_GROUPS = {
    "mainstream_maintained": "Mainstream school",
    "mainstream_academy": "Mainstream school",
    "mainstream_free": "Mainstream school",
    "mainstream_independent": "Mainstream school",
    "special_maintained": "Special school",
    "special_academy": "Special school",
    "special_non_maintained": "Special school",
    "special_independent": "Special school",
    "alternative_provision": "Alternative provision",
    "early_years": "Early years",
    "fe_college": "Further education and post-16",
    "sixth_form_college": "Further education and post-16",
    "specialist_post16": "Further education and post-16",
    "other": "Other setting",
}
KIND_GROUPS = {
    "school": "School (type not recorded)",
    "early_years": "Early years",
    "college": "Further education and post-16",
}
NO_SETTING = "No setting recorded"


def age_band(date_of_birth: dt.date, on: dt.date) -> str:
    age = (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return "Over 25"


def _breakdowns(child_ids: list[Any], census: dt.date) -> tuple[Counter[str], Counter[str]]:
    """The plans active at the census by the child's age on that day, and by the setting the
    child attended that day (its type, else its kind). ``child_ids`` has one entry per plan."""
    births: dict[Any, dt.date] = {}
    attended: dict[Any, str] = {}
    ids = list(dict.fromkeys(child_ids))
    for start in range(0, len(ids), facts_module.CHUNK):
        part = ids[start : start + facts_module.CHUNK]
        births.update(Child.objects.filter(pk__in=part).values_list("pk", "date_of_birth"))
        on_census = SettingAttendance.objects.filter(
            child_id__in=part, start_date__lte=census
        ).filter(Q(end_date__isnull=True) | Q(end_date__gte=census))
        for child_id, kind, setting_type in on_census.order_by("start_date").values_list(
            "child_id", "organisation__kind", "organisation__setting_type"
        ):
            attended[child_id] = SETTING_GROUPS.get(setting_type) or KIND_GROUPS.get(
                kind, "Other setting"
            )
    by_age = Counter(age_band(births[c], census) for c in child_ids if c in births)
    by_setting = Counter(attended.get(c, NO_SETTING) for c in child_ids)
    return by_age, by_setting


# ---------------------------------------------------------------------------------------------
# The children behind a figure


def columns_of(stem: str) -> tuple[str, ...]:
    return COUNT_COLUMNS.get(stem, ())


def figure_key(stem: str, column: str) -> str:
    """How a count is named among a stored year's lists: ``"caseload.ehcplans"``."""
    return f"{stem}.{column}"


def cases_behind(
    authority: Organisation,
    year: int,
    stem: str,
    column: str,
    *,
    cases: QuerySet[Case] | None = None,
) -> list[Any]:
    """The cases counted in one count column (``stem``, ``column``) of the activity ``year``,
    by the same rules and in the same pass as ``count``: the ids of the cases, in the
    authority's order."""
    if column not in columns_of(stem):
        return []
    counted = count_years(authority, [year], cases=cases, listed=[(stem, column)])[year]
    return [case for _child, case in counted.members[figure_key(stem, column)]]
