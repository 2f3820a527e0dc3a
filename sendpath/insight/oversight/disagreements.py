"""The disagreements page's figures: complaints, mediation and tribunal appeals by calendar year,
and the appeal rate beside DfE's published one (``appeal_rate``).

Counts of a named group (an outcome, a theme, what was appealed) from 1 to 4 are shown as ``c``,
as DfE does; a year's total is not a named group of children and is always shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sendpath.disputes.models.complaints import About, Kind, Outcome, Stage
from sendpath.disputes.models.disagreements import AppealOutcome, Decision, MediationOutcome
from sendpath.insight.figure import COUNT, PERCENT, Figure, Series, percent, suppress
from sendpath.timescales import RULES_BY_FAMILY, default_calendar

from . import appeal_rate
from .reviews import labels, years_for

CERTIFICATE = RULES_BY_FAMILY["mediation_certificate"].periods["period"]
ARRANGE = RULES_BY_FAMILY["arrange_mediation"].periods["period"]
ORDERS = dict(RULES_BY_FAMILY["comply_with_order"].periods)
SMALL_NOTE = "Counts from 1 to 4 are shown as c, as DfE does for small groups of children."
TOTAL_NOTE = "A yearly total is not a named group of children, so it is shown even when under 5."
COMPLAINT_STAGES = (Stage.STAGE_1, Stage.STAGE_2, Stage.OMBUDSMAN, Stage.PASSED_ON, Stage.CLOSED)


@dataclass
class Records:
    complaints: list[dict[str, Any]]
    stages: list[dict[str, Any]]
    disagreements: list[dict[str, Any]]
    orders: list[dict[str, Any]]
    notices: list[dt.date]


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure]
    links: list[tuple[str, str]]  # (text, url) for roles that may see the lists


def _year(value: Any) -> int | None:
    return value.year if isinstance(value, dt.date) else None


def _counts(rows: Iterable[Any], years: list[int], year_of: Callable[[Any], int | None]) -> list:
    found = [year_of(r) for r in rows]
    return [sum(1 for y in found if y == year) for year in years]


def _groups(
    rows: list[dict[str, Any]],
    years: list[int],
    date_field: str,
    field: str,
    choices: Iterable[tuple[str, Any]],
) -> list[Series]:
    return [
        Series(
            str(label),
            [
                suppress(sum(1 for r in rows if _year(r[date_field]) == y and r[field] == value))
                for y in years
            ],
        )
        for value, label in choices
    ]


def _timely(
    name: str,
    rows: list[Any],
    years: list[int],
    year_of: Callable[[Any], int | None],
    verdict: Callable[[Any], bool | None],
) -> Series:
    """A percentage on time: ``verdict`` is True (on time), False (late, or overdue with
    nothing done) or None (not yet due: left out)."""
    values: list[float | int | str | None] = []
    counts: list[int | str | None] = []
    wholes: list[int | str | None] = []
    for year in years:
        judged = [verdict(r) for r in rows if year_of(r) == year]
        judged_known = [v for v in judged if v is not None]
        part = sum(1 for v in judged_known if v)
        values.append(percent(part, len(judged_known)))
        counts.append(part)
        wholes.append(len(judged_known))
    return Series(name, values, counts, wholes, own=True)


def _on_time(done: dt.date | None, due: dt.date, today: dt.date) -> bool | None:
    if done is not None:
        return done <= due
    return False if due < today else None


def all_years(records: Records, today: dt.date) -> list[int]:
    dates: list[Any] = [c["received_on"] for c in records.complaints]
    for d in records.disagreements:
        dates += [d["opened_on"], d["registered_on"], d["requested_on"], d["held_on"]]
    dates += [o["made_on"] for o in records.orders]
    return years_for([y for y in (_year(v) for v in dates) if y], today)


def complaints(
    records: Records, years: list[int], periods: list[str], me: str, today: dt.date
) -> list[Figure]:
    rows = records.complaints
    only = [c for c in rows if c["kind"] == Kind.COMPLAINT]
    received = Figure(
        key="complaints-received",
        title="Complaints and requests for disagreement resolution received",
        unit=COUNT,
        periods=periods,
        series=[
            Series(
                str(label),
                _counts(
                    [c for c in rows if c["kind"] == value],
                    years,
                    lambda c: _year(c["received_on"]),
                ),
                own=value == Kind.COMPLAINT,
            )
            for value, label in Kind.choices
        ],
        description=(
            "Complaints about the SEND service, schools and health, and requests for "
            "disagreement resolution (SEN Regulations 2014 reg 54), by the year they came in."
        ),
        source="this authority's complaints register. DfE publishes no complaints figures.",
        notes=[TOTAL_NOTE],
    )
    themes = Figure(
        key="complaints-about",
        title="What complaints were about",
        unit=COUNT,
        periods=periods,
        series=_groups(only, years, "received_on", "about", About.choices),
        description="Complaints received in the year by what they were about (their theme).",
        source=(
            "this authority's complaints register. Lessons learned are recorded as free text on "
            "each complaint: there are no learning categories to count."
        ),
        notes=[SMALL_NOTE],
    )
    stages = Figure(
        key="complaints-stage",
        title="How far complaints went",
        unit=COUNT,
        periods=periods,
        series=_groups(
            only,
            years,
            "received_on",
            "stage",
            [(s.value, s.label) for s in COMPLAINT_STAGES],
        ),
        description="Complaints received in the year by the stage they are at now (or closed).",
        source="this authority's complaints register.",
        notes=[SMALL_NOTE],
    )
    outcomes = Figure(
        key="complaints-outcome",
        title="Complaint outcomes",
        unit=COUNT,
        periods=periods,
        series=_groups(
            only,
            years,
            "outcome_on",
            "outcome",
            [
                (o.value, o.label)
                for o in (
                    Outcome.UPHELD,
                    Outcome.PARTLY_UPHELD,
                    Outcome.NOT_UPHELD,
                    Outcome.WITHDRAWN,
                )
            ],
        ),
        description="Complaints closed in the year, by outcome.",
        source="this authority's complaints register.",
        notes=[SMALL_NOTE],
    )
    replies = Figure(
        key="complaints-replies",
        title="Complaint replies sent on time",
        unit=PERCENT,
        periods=periods,
        series=[
            _timely(
                me,
                records.stages,
                years,
                lambda s: _year(s["due_on"]),
                lambda s: _on_time(s["responded_on"], s["due_on"], today),
            )
        ],
        description=(
            "Each stage's reply due in the year, and how many were sent by the date the "
            "authority's own response times give (working days after the stage started; set on "
            "the complaint response times page). A reply still not sent after its date counts "
            "as late; one not yet due is left out."
        ),
        source="this authority's complaints register. DfE publishes no comparable figure.",
        notes=[TOTAL_NOTE],
    )
    return [received, themes, stages, outcomes, replies]


def mediation(
    records: Records, years: list[int], periods: list[str], me: str, today: dt.date
) -> list[Figure]:
    rows = records.disagreements
    cal = default_calendar()
    cases = Figure(
        key="mediation-cases",
        title="Mediation",
        unit=COUNT,
        periods=periods,
        series=[
            Series(
                "Families who contacted the mediation adviser",
                _counts(rows, years, lambda d: _year(d["adviser_contacted_on"])),
                own=True,
            ),
            Series("Mediation requested", _counts(rows, years, lambda d: _year(d["requested_on"]))),
            Series("Mediation held", _counts(rows, years, lambda d: _year(d["held_on"]))),
        ],
        description=(
            "Families who contacted the mediation adviser after a decision, asked for mediation, "
            "and had a mediation meeting, by the year each happened (Children and Families Act "
            "2014 ss.52-55)."
        ),
        source="this authority's disagreement records. DfE publishes no mediation figures.",
        notes=[TOTAL_NOTE],
    )
    outcomes = Figure(
        key="mediation-outcomes",
        title="Mediation outcomes",
        unit=COUNT,
        periods=periods,
        series=_groups(rows, years, "held_on", "mediation_outcome", MediationOutcome.choices),
        description="Mediation meetings held in the year, by outcome.",
        source="this authority's disagreement records.",
        notes=[SMALL_NOTE],
    )
    no_mediation = [r for r in rows if r["wants_mediation"] is False and r["adviser_contacted_on"]]
    certificates = _timely(
        "Certificates within 3 working days",
        no_mediation,
        years,
        lambda d: _year(d["adviser_contacted_on"]),
        lambda d: _on_time(
            d["certificate_on"], CERTIFICATE.last_day(d["adviser_contacted_on"], cal), today
        ),
    )
    requested = [r for r in rows if r["requested_on"]]
    arranged = _timely(
        "Mediation within 30 days",
        requested,
        years,
        lambda d: _year(d["requested_on"]),
        lambda d: _on_time(d["held_on"], ARRANGE.last_day(d["requested_on"]), today),
    )
    arranged.own = False
    timely = Figure(
        key="mediation-on-time",
        title="Mediation on time",
        unit=PERCENT,
        periods=periods,
        series=[certificates, arranged],
        description=(
            "Certificates: a family who did not want mediation gets the certificate within 3 "
            "working days of speaking to the adviser (SEN Regulations 2014 reg 34), counted by "
            "the year they spoke to the adviser. Mediation within 30 days: the meeting is held "
            "within 30 days of the family asking for it (reg 37), counted by the year they "
            "asked. Still not done after its date counts as late; not yet due is left out."
        ),
        source="this authority's disagreement records.",
        notes=[TOTAL_NOTE],
    )
    return [cases, outcomes, timely]


def tribunals(
    records: Records, years: list[int], periods: list[str], me: str, today: dt.date
) -> list[Figure]:
    rows = records.disagreements
    registered = [r for r in rows if r["registered_on"]]
    appeals = Figure(
        key="appeals-registered",
        title="Appeals registered, by what was appealed",
        unit=COUNT,
        periods=periods,
        series=[
            Series(
                "All appeals",
                _counts(registered, years, lambda d: _year(d["registered_on"])),
                own=True,
            ),
            *_groups(registered, years, "registered_on", "decision", Decision.choices),
        ],
        description=(
            "Appeals to the First-tier Tribunal (SEND) registered in the year, and the decision "
            "each one is about (Children and Families Act 2014 s.51)."
        ),
        source="this authority's disagreement records.",
        notes=[TOTAL_NOTE + " " + SMALL_NOTE],
    )
    outcomes = Figure(
        key="appeal-outcomes",
        title="Appeal outcomes",
        unit=COUNT,
        periods=periods,
        series=[
            *_groups(registered, years, "decided_on", "appeal_outcome", AppealOutcome.choices),
            Series(
                "Unopposed (the authority did not defend it)",
                [
                    suppress(
                        sum(
                            1
                            for r in registered
                            if _year(r["registered_on"]) == y
                            and (r["unopposed"] or r["appeal_outcome"] == AppealOutcome.CONCEDED)
                        )
                    )
                    for y in years
                ],
            ),
        ],
        description=(
            "Appeals decided or ended in the year, by outcome; and appeals registered in the "
            "year that the authority did not oppose."
        ),
        source="this authority's disagreement records.",
        notes=[SMALL_NOTE],
    )
    complied = Figure(
        key="orders-on-time",
        title="Tribunal orders met on time",
        unit=PERCENT,
        periods=periods,
        series=[
            _timely(
                me,
                [o for o in records.orders if o["kind"] in ORDERS],
                years,
                lambda o: _year(o["made_on"]),
                lambda o: _on_time(
                    o["complied_on"], ORDERS[o["kind"]].last_day(o["made_on"]), today
                ),
            )
        ],
        description=(
            "The tribunal's orders made in the year, and how many the authority met within the "
            "time the regulations give for each kind of order (SEN Regulations 2014 reg 44(2)). "
            "Not met after its date counts as late; not yet due is left out."
        ),
        source="this authority's disagreement records.",
        notes=[TOTAL_NOTE],
    )
    return [appeals, outcomes, complied]


def appeal_rates(
    records: Records, years: list[int], periods: list[str], me: str, la_code: str
) -> Figure:
    registered = _counts(
        [r for r in records.disagreements if r["registered_on"]],
        years,
        lambda d: _year(d["registered_on"]),
    )
    notices = _counts(records.notices, years, _year)
    own = Series(
        me,
        [percent(a, n) for a, n in zip(registered, notices, strict=True)],
        list(registered),
        list(notices),
        own=True,
    )
    series = [own]
    notes: list[str] = []
    published_own = [appeal_rate.rate(la_code, str(y)) for y in years]
    if not appeal_rate.loaded():
        notes.append("DfE's published appeal rates are not loaded, so none is shown beside ours.")
    elif not any(published_own):
        notes.append(
            f"No published appeal rate is found for the authority's code ({la_code or 'none'}): "
            "England is shown."
        )
    else:
        series.append(
            Series(
                f"{me} (published by DfE)",
                [r.rate if r else None for r in published_own],
                [r.appeals if r else None for r in published_own],
                [r.decisions if r else None for r in published_own],
            )
        )
    england = [appeal_rate.rate(appeal_rate.ENGLAND, str(y)) for y in years]
    if appeal_rate.loaded():
        series.append(
            Series(
                "England (published by DfE)",
                [r.rate if r else None for r in england],
                [r.appeals if r else None for r in england],
                [r.decisions if r else None for r in england],
            )
        )
    latest = appeal_rate.years()[-1] if appeal_rate.loaded() else ""
    notes.append(
        "Not the same denominator: ours counts the decision notices sent in the year (each "
        "decision a family could appeal, when the letter went); DfE's counts requests refused, "
        "assessments that ended without a plan, plans at the January census and plans ceased "
        "because needs are met. DfE's rate is usually the lower of the two."
        + (f" DfE's latest published year is {latest}." if latest else "")
    )
    notes.append(TOTAL_NOTE)
    return Figure(
        key="appeal-rate",
        title="Appeal rate",
        unit=PERCENT,
        periods=periods,
        series=series,
        description=(
            "Appeals registered in the year as a share of the appealable decisions made in the "
            "year: the decision letters sent, each telling the family of their right to appeal "
            "(Children and Families Act 2014 s.51)."
        ),
        source=(
            "this authority's case and disagreement records; DfE's published rates from "
            "'SEND Tribunals and appeal rate 2014-2024' (Ministry of Justice and DfE, calendar "
            "years)."
        ),
        notes=notes,
    )


def sections(
    records: Records, *, today: dt.date, authority: str, la_code: str, links: dict[str, str]
) -> list[Section]:
    """The page's sections in order; empty when there are no records at all."""
    years = all_years(records, today)
    if not years:
        return []
    periods = labels(years, today)
    return [
        Section(
            "complaints",
            "Complaints",
            complaints(records, years, periods, authority, today),
            [(t, u) for t, u in [("All complaints", links.get("complaints", ""))] if u],
        ),
        Section(
            "mediation",
            "Mediation",
            mediation(records, years, periods, authority, today),
            [(t, u) for t, u in [("Mediation cases", links.get("mediation", ""))] if u],
        ),
        Section(
            "tribunals",
            "Tribunal appeals",
            [
                *tribunals(records, years, periods, authority, today),
                appeal_rates(records, years, periods, authority, la_code),
            ],
            [(t, u) for t, u in [("Appeals", links.get("appeals", ""))] if u],
        ),
    ]
