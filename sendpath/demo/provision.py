"""Alternative provision and preparing for adulthood in the demo: a placement for each child the
demo places in alternative provision (part-time timetables, a review overdue, a provider not
registered with Ofsted, several reasons), placements that ended (back to mainstream, to a
special school), and destinations and transitions to adult services for young people with a
plan. Made through the provision part's own services, inside ``load_demo``'s transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sendpath.ehc.models import Case
from sendpath.insight.provision import selectors, services
from sendpath.people.models import Child, Organisation, SettingAttendance, User

REASONS = ("permanent_exclusion", "suspension", "health", "at_risk", "medical", "awaiting_place")
HOURS = ("25", "15", "25", "10", "22.5", "25")
OFSTED = ("yes", "yes", "no", "not_known")
DESTINATIONS = (
    "sixth_form",
    "fe_college",
    "fe_college",
    "supported_internship",
    "apprenticeship",
    "employment",
    "neet",
    "not_known",
    "traineeship",
    "other_education",
)
ALL_DAYS = ["mon", "tue", "wed", "thu", "fri"]


def _data(i: int, today: dt.date, provider: Organisation | None, school: Any) -> dict[str, Any]:
    hours = HOURS[i % len(HOURS)]
    return {
        "provider_organisation": provider,
        "provider_service": None,
        "provider_name": "" if provider else "Oakwood Tuition Centre",
        "ofsted": OFSTED[i % len(OFSTED)],
        "school": school,
        "start_date": today - dt.timedelta(days=20 + 9 * i),
        "end_date": None,
        "hours_per_week": hours,
        "days": ALL_DAYS if hours == "25" else ALL_DAYS[: 2 + i % 3],
        "reason": REASONS[i % len(REASONS)],
        "reason_detail": "",
        "objectives": "Settle into a smaller group, catch up on English and maths, and plan "
        "the return to a mainstream school",
        "reviewed_by": "The school's SENCO with the provider and the family",
        # One review in five is overdue; the rest fall in the coming six weeks.
        "next_review_on": today + dt.timedelta(days=-5 if i % 5 == 1 else 3 + 4 * (i % 10)),
        "outcome": "",
    }


def _placed(home: Organisation, today: dt.date) -> list[tuple[Child, Any, Any]]:
    """The home authority's children the demo placed in AP: their AP setting and main school."""
    found = []
    children = Child.objects.filter(responsible_authority=home, alternative_provision=True)
    for child in children.order_by("last_name", "pk")[:60]:
        current = SettingAttendance.objects.filter(child=child, end_date__isnull=True)
        ap = current.filter(organisation__setting_type="alternative_provision").first()
        found.append(
            (
                child,
                ap.organisation if ap else None,
                selectors.school_of_record(child, today),
            )
        )
    return found


def load_provision(*, today: dt.date, home: Organisation) -> list[str]:
    actor = User.objects.filter(username="manager").first()
    if actor is None:
        return []
    placed = _placed(home, today)
    for i, (child, provider, school) in enumerate(placed):
        services.placement_save(
            actor=actor, child=child, data=_data(i, today, provider, school), today=today
        )
    # Placements that ended in the last year, for children in mainstream school now.
    ended = 0
    others = Child.objects.filter(responsible_authority=home, alternative_provision=False)
    for i, child in enumerate(others.filter(sen_provision="K").order_by("pk")[:6]):
        ended_data = _data(i, today, None, selectors.school_of_record(child, today))
        ended_data |= {
            "start_date": today - dt.timedelta(days=200 + 10 * i),
            "end_date": today - dt.timedelta(days=30 + 20 * i),
            "next_review_on": None,
            "outcome": "special" if i == 5 else "mainstream",
        }
        services.placement_save(actor=actor, child=child, data=ended_data, today=today)
        ended += 1
    # Destinations and transitions for young people with a plan in force.
    in_force = Case.objects.open().filter(authority=home, stage="final_issued")
    young = selectors.with_plan(
        Child.objects.filter(responsible_authority=home, pk__in=in_force.values("child_id")),
        today,
    ).filter(date_of_birth__lte=today - dt.timedelta(days=16 * 365))
    recorded = 0
    for i, child in enumerate(young.order_by("pk")[:40]):
        on = today - dt.timedelta(days=10 + 7 * (i % 8))
        adult = child.date_of_birth <= today - dt.timedelta(days=17 * 365)
        data: dict[str, Any] = {
            "destination": DESTINATIONS[i % len(DESTINATIONS)],
            "destination_on": on,
            "asc_referred_on": None,
            "asc_assessed_on": None,
            "asc_decision": "",
            "asc_decided_on": None,
            "health_plan_agreed_on": on if adult and i % 3 == 0 else None,
        }
        if adult and i % 4 in (0, 1):
            data |= {"asc_referred_on": on - dt.timedelta(days=90)}
            if i % 4 == 0:
                data |= {
                    "asc_assessed_on": on - dt.timedelta(days=40),
                    "asc_decision": "eligible" if i % 8 == 0 else "not_eligible",
                    "asc_decided_on": on - dt.timedelta(days=20),
                }
        services.adulthood_save(actor=actor, child=child, data=data, today=today)
        recorded += 1
    return [
        f"  Alternative provision: {len(placed)} placements open today, {ended} ended in the "
        "last year",
        f"  Preparing for adulthood: {recorded} young people's destinations recorded",
    ]
