"""The dashboard's sections: which figures, in what order, and how each is explained.

Every figure says how it is counted (INSIGHT.md and the regulation behind its time limit) and
its source; the numbers come from ``counting`` (this authority) and ``published`` (DfE).
"""

from __future__ import annotations

from typing import Any

from sendpath.core.reference import NEED_LABELS
from sendpath.insight import published
from sendpath.insight.figure import PERCENT, WEEKS, Figure, Series, percent
from sendpath.people.models import Organisation

from . import counting
from .dashboard import (
    Built,
    Comparison,
    Link,
    Section,
    _published_note,
    comparison_for,
    period_label,
    published_period,
    trend,
)

NEED_NAMES = {
    **{n: NEED_LABELS.get(n.upper(), n.upper()) for n in counting.NEEDS},
    "oth": "Other difficulty (Down syndrome included)",
    counting.UNKNOWN_NEED: "Primary need not recorded",
}
CEASE_NAMES = {
    "max_age": "Reached the maximum age",
    "needs_met": "Needs met without a plan",
    "he": "Moved to higher education",
    "employ": "Moved to paid employment",
    "transfer": "Moved to another authority in England",
    "no_engage": "Young person no longer wishes to engage in education or training",
    "moved_outside_eng": "Moved outside England",
    "deceased": "Died",
    "other": "Other reason",
    "not_rec": "Reason not recorded",
}
# The caseload's setting groups beside DfE's published percentage columns (caseload.csv).
SETTING_COLUMNS = {
    "Mainstream school": "mainstream_total_pc",
    "Special school": "special_total_pc",
    "Alternative provision": "AP_PRU_total_pc",
    "Further education and post-16": "fe_total_pc",
    "Early years": "nm_early_years_pc",
    "No setting recorded": "placement_unknown_pc",
}


def _share(
    key: str,
    title: str,
    description: str,
    *,
    labels: dict[str, str],
    own: dict[str, int],
    total: int,
    comparisons: list[tuple[str, dict[str, Any]]],
    source: str,
    notes: list[str],
) -> Figure:
    """A breakdown of the latest year: each group's share of the whole, this authority (with
    its counts) beside the comparisons (already percentages)."""
    keys = list(labels)
    series = [
        Series(
            "This authority",
            [percent(own.get(k, 0), total) for k in keys],
            counts=[own.get(k, 0) for k in keys],
            denominators=[total for _ in keys],
            own=True,
        ),
        *(Series(name, [values.get(k) for k in keys]) for name, values in comparisons),
    ]
    return Figure(
        key=key,
        title=title,
        unit=PERCENT,
        periods=[labels[k] for k in keys],
        series=series,
        source=source,
        description=description,
        notes=[n for n in notes if n],
    )


def _published_shares(
    stem: str, columns: dict[str, str], period: str, cmp: Comparison, *, total: str = ""
) -> list[tuple[str, dict[str, Any]]]:
    """Each comparison's share per group: the published percentage column, or (``total``)
    the published count over the published total."""
    places = []
    if cmp.region is not None:
        places.append((cmp.region.name, published.REGIONAL, cmp.region.code))
    places.append(("England", published.NATIONAL, ""))
    out = []
    for name, level, code in places:
        row = published.find(stem, time_period=period, level=level, code=code)
        values: dict[str, Any] = {}
        if row is not None:
            whole = row.get(total) if total else None
            for key, column in columns.items():
                got = row.get(column)
                if total:
                    values[key] = (
                        None if got is None or not whole else percent(int(got), int(whole))
                    )
                else:
                    values[key] = got
        out.append((name, values))
    return out


def build(
    authority: Organisation,
    year: int,
    years: list[int],
    counts: dict[int, counting.Counts],
    *,
    link: Link | None,
) -> Built:
    cmp = comparison_for(authority)
    ctx = (years, counts, cmp, authority)
    latest = counts[year]
    m = latest.measures

    def t(key: str, title: str, description: str, stem: str, column: str, **kw: Any) -> Figure:
        return trend(key, title, description, stem, column, built=ctx, link=link, **kw)

    timeliness = Section(
        "timeliness",
        "Plans issued within 20 weeks",
        "The final plan must be issued within 20 weeks of the request, unless an exception "
        "applies (SEND Regulations 2014, regulation 13(2) and 13(3)). Counted as DfE counts: "
        "plans issued in the year, timed from the date the request was received to the date "
        "the final plan was issued, in calendar days (140 days or fewer is on time).",
        [
            t(
                "timely_ex",
                "Plans issued within 20 weeks, not counting exceptions",
                "Plans with a timescale exception recorded are left out of both the count and "
                "the total, whether they were on time or late.",
                "timeliness_20_week",
                "PC_plans_issued_20_weeks_ex",
                part="plans_issued_20_weeks_ex",
                whole="plans_issued_den_ex",
            ),
            t(
                "timely",
                "Plans issued within 20 weeks, all plans",
                "Every plan issued in the year that carries the date of its request.",
                "timeliness_20_week",
                "pc_plans_issued_within_20_weeks",
                part="plans_issued_within_20_weeks",
                whole="plans_issued_den",
            ),
            t(
                "late",
                "Plans issued after 20 weeks but within a year",
                "141 to 364 days from the request.",
                "timeliness_20_week",
                "pc_plans_issued_gt20weeks_ltYear",
                part="plans_issued_gt20weeks_ltYear",
                whole="plans_issued_den",
            ),
            t(
                "very_late",
                "Plans issued a year or more after the request",
                "365 days or more from the request.",
                "timeliness_20_week",
                "pc_plans_issued_gt_1_year",
                part="plans_issued_gt_1_year",
                whole="plans_issued_den",
            ),
            Figure(
                key="weeks",
                title="Average weeks from request to final plan",
                unit=WEEKS,
                periods=[str(y) for y in years],
                series=[
                    Series(
                        authority.name,
                        [counts[y].average_weeks_to_issue for y in years],
                        own=True,
                    )
                ],
                description="The mean time from the request to the final plan, over the "
                "plans counted for timeliness. DfE does not publish this figure, so there is "
                "no comparison.",
                source="Counted from this authority's records, as the timeliness figures are.",
            ),
        ],
    )
    requests = Section(
        "requests",
        "Requests for an assessment",
        "Requests received in the year, by what had been decided by 31 December. The decision "
        "whether to assess is due within 6 weeks of the request (SEND Regulations 2014, "
        "regulation 5(1)): 42 days or fewer is on time.",
        [
            t(
                "requests",
                "Requests received",
                "Every request received in the year.",
                "requests",
                "requests_received_in_year",
            ),
            t(
                "assess",
                "Requests agreed: decided to assess",
                "Out of all requests received in the year.",
                "requests",
                "request_assess_pc",
                part="requests_decided_to_assess",
                whole="requests_received_in_year",
            ),
            t(
                "not_assess",
                "Requests refused: decided not to assess",
                "Out of all requests received in the year.",
                "requests",
                "request_not_assess_pc",
                part="requests_decided_not_to_assess",
                whole="requests_received_in_year",
            ),
            t(
                "six_weeks",
                "Decisions made within 6 weeks",
                "Decisions to assess or not made in the year, whatever year the request came.",
                "requests",
                "request_outcome_six_weeks_pc",
                part="request_outcome_six_weeks",
                whole="request_outcome_six_weeks+request_outcome_over_6_weeks",
            ),
        ],
    )
    assessments = Section(
        "assessments",
        "Assessments",
        "Assessments whose outcome was dated in the year, and those still open on 31 "
        "December. When the authority decides not to issue a plan, it must say so within 16 "
        "weeks of the request (SEND Regulations 2014, regulation 10(1)): 112 days or fewer.",
        [
            t(
                "assessments", "Assessments", "Assessments of the year, decided or not.",
                "assessments", "assess_in_year",
            ),
            t(
                "issued", "Assessments ending in a plan", "Out of all assessments of the year.",
                "assessments", "assess_issued_pc", part="assess_issued", whole="assess_in_year",
            ),
            t(
                "refused_in_time", "Decisions not to issue a plan made within 16 weeks",
                "Out of the decisions not to issue a plan made in the year.",
                "assessments", "outcome_decision_within_time_pc",
                part="outcome_decision_within_time",
                whole="outcome_decision_within_time+outcome_decision_over_time",
            ),
        ],
    )  # fmt: skip
    new = m["sen_need_newplans"]
    need_keys = {n: NEED_NAMES[n] for n in (*counting.NEEDS, counting.UNKNOWN_NEED)}
    need_cols = {n: f"{'unknown' if n == counting.UNKNOWN_NEED else n}_pc" for n in need_keys}
    need_period = published.latest_period("sen_need_newplans") or ""
    new_plans = Section(
        "new-plans",
        "New plans",
        "Plans issued in the year for the first time by this authority. A plan transferred "
        "in from another authority is not new. The need is the child's primary need "
        "(Down syndrome is counted with other difficulties, as DfE counts it).",
        [
            t(
                "new_plans", "New plans", "Plans started (issued) in the year.",
                "newplans", "new_ehc_plans",
            ),
            _share(
                "new_by_need", f"New plans in {year} by primary need",
                "Each need's share of the year's new plans.",
                labels=need_keys,
                own={n: int(new[f"number_{n}"] or 0) for n in need_keys},
                total=int(new["ehc_plans"] or 0),
                comparisons=_published_shares("sen_need_newplans", need_cols, need_period, cmp),
                source="DfE sen_need_newplans.csv, columns <need>_pc; this authority from its "
                "records",
                notes=[_published_note("sen_need_newplans", [year]), *cmp.notes],
            ),
        ],
    )  # fmt: skip
    new_plans.figures[0].children_url = link("newplans", "new_ehc_plans") if link else ""
    census = latest.census
    everyone = m["sen_needs_all_plans"]
    all_period = published.latest_period("sen_needs_all_plans") or ""
    caseload_period = published_period("caseload", year)
    found_caseload = published.latest_period("caseload") or ""
    settings_period = (
        caseload_period if caseload_period in published.periods("caseload") else found_caseload
    )
    total = int(m["caseload"]["ehcplans"] or 0)
    ages = [label for _, _, label in counting.AGE_BANDS]
    caseload = Section(
        "caseload",
        "Plans in force at the census",
        f"Plans in force on the census day, {census:%-d %B %Y} (the third Thursday of "
        "January): issued on or before it, and not ceased by it.",
        [
            t(
                "caseload", "Plans in force", "Counted on each year's January census day.",
                "caseload", "ehcplans",
            ),
            _share(
                "caseload_by_need", f"Plans in force in {period_label('caseload', year)} by "
                "primary need",
                "Each need's share of the plans in force.",
                labels=need_keys,
                own={n: int(everyone[f"number_{n}"] or 0) for n in need_keys},
                total=int(everyone["ehc_plans"] or 0),
                comparisons=_published_shares("sen_needs_all_plans", need_cols, all_period, cmp),
                source="DfE sen_needs_all_plans.csv, columns <need>_pc; this authority from its "
                "records",
                notes=[_published_note("sen_needs_all_plans", [year]), *cmp.notes],
            ),
            _share(
                "caseload_by_age", f"Plans in force in {period_label('caseload', year)} by age",
                "The child's or young person's age on the census day. DfE's files give ages "
                "one year at a time, so only this authority's figures are shown.",
                labels={a: a for a in ages if latest.by_age.get(a) or a != "Over 25"},
                own=dict(latest.by_age),
                total=total,
                comparisons=[],
                source="Counted from this authority's records (date of birth).",
                notes=[],
            ),
            _share(
                "caseload_by_setting", f"Plans in force in {period_label('caseload', year)} by "
                "setting",
                "The setting the child attended on the census day, as recorded on their record "
                "(the type of school or setting; its kind when the type is not recorded).",
                labels={g: g for g in [*SETTING_COLUMNS, *sorted(set(latest.by_setting) - set(SETTING_COLUMNS))]},
                own=dict(latest.by_setting),
                total=total,
                comparisons=_published_shares("caseload", SETTING_COLUMNS, settings_period, cmp),
                source="DfE caseload.csv, columns mainstream_total_pc, special_total_pc, "
                "AP_PRU_total_pc, fe_total_pc, nm_early_years_pc, placement_unknown_pc; this "
                "authority from its records",
                notes=[
                    f"Comparisons are DfE's figures for {period_label('caseload', int(settings_period[:4]))}."
                    if settings_period else "",
                    *cmp.notes,
                ],
            ),
        ],
    )  # fmt: skip
    ceased = m["ceased_plans"]
    reasons = {r: CEASE_NAMES[r] for r in (*counting.CEASE_REASONS.values(), counting.NOT_RECORDED)}
    ceased_period = published.latest_period("ceased_plans") or ""
    ceased_section = Section(
        "ceased",
        "Plans that ended",
        "Plans with a cease date in the year. A plan ends when the family's time to appeal "
        "against the decision to cease it has passed, or an appeal is decided (SEND Code of "
        "Practice 9.211), not on the day of the decision.",
        [
            t(
                "ceased", "Plans that ended", "Plans with a cease date in the year.",
                "ceased_plans", "total_ceased",
            ),
            _share(
                "ceased_by_reason", f"Plans that ended in {year}, by reason",
                "Each reason's share of the plans that ended.",
                labels=reasons,
                own={r: int(ceased[r] or 0) for r in reasons},
                total=int(ceased["total_ceased"] or 0),
                comparisons=_published_shares(
                    "ceased_plans", {r: r for r in reasons}, ceased_period, cmp, total="total_ceased"
                ),
                source="DfE ceased_plans.csv (each reason over total_ceased); this authority "
                "from its records",
                notes=[_published_note("ceased_plans", [year]), *cmp.notes],
            ),
        ],
    )  # fmt: skip
    sections = [timeliness, requests, assessments, new_plans, caseload, ceased_section]
    return Built(years, counts, cmp, sections)
