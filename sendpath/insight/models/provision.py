"""Alternative provision placements and preparing-for-adulthood records (insight: provision).

Alternative provision (AP): education arranged away from a school's roll or its classrooms,
by a school or by the authority, for a child who is excluded, unwell or otherwise unable to
attend (Education Act 1996 s.19). The sources:

- DfE, "Alternative provision: statutory guidance for local authorities" (January 2013): every
  placement has clear objectives set out in a personalised plan, agreed with the provider, the
  child and the family, and reviewed regularly; commissioners keep track of the child's
  attendance and progress, and plan the child's return to mainstream where that is right.
- DfE, "Arranging education for children who cannot attend school because of health needs"
  (December 2023): education should be full time unless the child's health means it is not in
  their interests; the authority reviews the provision regularly.

Preparing for adulthood: SEND Code of Practice (2015) chapter 8: from Year 9 every review of an
EHC plan focuses on preparing for adulthood (8.9); the pathways to employment (supported
internships, apprenticeships, traineeships); the move to adult health services with a transition
plan (8.54); and, for social care, the Care Act 2014 transition assessment (s.58-59) and the
eligibility decision (s.13; the Care and Support (Eligibility Criteria) Regulations 2015).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q

from sendpath.core.models import BaseModel
from sendpath.localoffer.models import Service
from sendpath.people.models import Child, Organisation

__all__ = [
    "EDUCATION",
    "FULL_TIME_HOURS",
    "REVIEW_EVERY",
    "WEEKDAYS",
    "AdultSocialCare",
    "AdulthoodRecord",
    "Destination",
    "Ofsted",
    "Outcome",
    "Placement",
    "Reason",
    "open_on",
]

# A full-time week in alternative provision, the benchmark a timetable is measured against: 25
# hours (a full school week; Education Act 1996 s.19 asks for suitable full-time education).
FULL_TIME_HOURS = Decimal(25)
# How often a personalised plan is reviewed when no other date is agreed: every six weeks
# (the 2013 guidance asks for regular reviews; six weeks is half a school term).
REVIEW_EVERY = dt.timedelta(weeks=6)

WEEKDAYS = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
]


class Ofsted(models.TextChoices):
    YES = "yes", "Yes, registered with Ofsted"
    NO = "no", "No, not registered"
    NOT_KNOWN = "not_known", "Not known"


class Reason(models.TextChoices):
    """Why the child is in alternative provision (a plain list: the reasons the 2013 and 2023
    guidance name)."""

    PERMANENT_EXCLUSION = "permanent_exclusion", "Permanently excluded"
    SUSPENSION = "suspension", "Suspended (fixed-period exclusion)"
    AT_RISK = "at_risk", "At risk of exclusion (to improve behaviour)"
    HEALTH = "health", "Health needs, including mental health"
    MEDICAL = "medical", "Medical: too unwell to attend (physical illness or treatment)"
    AWAITING_PLACE = "awaiting_place", "Awaiting a school place"
    OTHER = "other", "Other"


class Outcome(models.TextChoices):
    """Where the child went when the placement ended."""

    MAINSTREAM = "mainstream", "Returned to mainstream school"
    SPECIAL = "special", "Moved to a special school"
    OTHER_AP = "other_ap", "Moved to other alternative provision"
    LEFT_EDUCATION = "left_education", "Left education"
    OTHER = "other", "Other"


class Placement(BaseModel):
    """One placement of a child in alternative provision, with its personalised plan."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="ap_placements")
    # The provider: an organisation on the record, a Local Offer service, or its name typed
    # when neither is on the system.
    provider_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    provider_service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    provider_name = models.CharField(max_length=200, blank=True)
    ofsted = models.CharField(max_length=10, choices=Ofsted.choices, default=Ofsted.NOT_KNOWN)
    # The commissioning school: the child's school of record.
    school = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1)
    days = models.JSONField(default=list, blank=True)
    reason = models.CharField(max_length=30, choices=Reason.choices)
    reason_detail = models.CharField(max_length=300, blank=True)
    # The personalised plan (2013 guidance): its objectives, who reviews it and when next.
    objectives = models.TextField(blank=True)
    reviewed_by = models.CharField(max_length=200, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["-start_date", "pk"]
        indexes = [models.Index(fields=["child", "end_date"], name="ap_child_end")]

    def __str__(self) -> str:
        return f"{self.provider} from {self.start_date}"

    @property
    def audit_child_id(self) -> Any:
        return self.child_id

    @property
    def provider(self) -> str:
        if self.provider_organisation_id and self.provider_organisation is not None:
            return self.provider_organisation.name
        if self.provider_service_id and self.provider_service is not None:
            return self.provider_service.name
        return self.provider_name or "Not recorded"

    def is_open(self, on: dt.date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)

    @property
    def part_time(self) -> bool:
        return self.hours_per_week < FULL_TIME_HOURS

    def review_overdue(self, on: dt.date) -> bool:
        return self.is_open(on) and (self.next_review_on is None or self.next_review_on < on)

    @property
    def days_label(self) -> str:
        names = dict(WEEKDAYS)
        return ", ".join(names[d] for d, _ in WEEKDAYS if d in (self.days or [])) or "Not recorded"


def open_on(on: dt.date) -> Q:
    """Placements open on the day (a filter on ``Placement``)."""
    return Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gte=on))


class Destination(models.TextChoices):
    """Where a young person is now: education, training or work (the pathways of CoP chapter
    8), or not in education, employment or training (NEET)."""

    SIXTH_FORM = "sixth_form", "Education: school sixth form"
    FE_COLLEGE = "fe_college", "Education: further education college"
    OTHER_EDUCATION = "other_education", "Education: other (including higher education)"
    APPRENTICESHIP = "apprenticeship", "Apprenticeship"
    SUPPORTED_INTERNSHIP = "supported_internship", "Supported internship"
    TRAINEESHIP = "traineeship", "Traineeship"
    EMPLOYMENT = "employment", "Employment"
    NEET = "neet", "Not in education, employment or training (NEET)"
    NOT_KNOWN = "not_known", "Not known"


EDUCATION = (Destination.SIXTH_FORM, Destination.FE_COLLEGE, Destination.OTHER_EDUCATION)


class AdultSocialCare(models.TextChoices):
    """The adult social care eligibility decision (Care Act 2014 s.13)."""

    NOT_DECIDED = "", "Not decided yet"
    ELIGIBLE = "eligible", "Eligible for adult social care"
    NOT_ELIGIBLE = "not_eligible", "Not eligible"


class AdulthoodRecord(BaseModel):
    """A young person's destination and their moves to adult social care and health."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="adulthood")
    destination = models.CharField(max_length=30, choices=Destination.choices)
    destination_on = models.DateField()
    asc_referred_on = models.DateField(null=True, blank=True)
    asc_assessed_on = models.DateField(null=True, blank=True)
    asc_decision = models.CharField(
        max_length=20, choices=AdultSocialCare.choices, blank=True, default=""
    )
    asc_decided_on = models.DateField(null=True, blank=True)
    health_plan_agreed_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "preparing for adulthood record"

    def __str__(self) -> str:
        return f"{self.get_destination_display()} on {self.destination_on}"

    @property
    def audit_child_id(self) -> Any:
        return self.child_id
