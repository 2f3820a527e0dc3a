"""Complaints about the SEND service, a school or a health service, and independent
disagreement resolution (SEND Regulations 2014, regulation 54; SEND Code of Practice 11.6-11.10).

A complaint moves through the council's stages in order (``TRANSITIONS``): stage 1, stage 2, the
Local Government and Social Care Ombudsman. A complaint about a school or a health service may
instead be passed to the body that handles it. Each stage is a ``ComplaintStage`` row with the
response deadline counted, when the stage starts, in the working days the authority configures
(``ComplaintSettings``), skipping England's bank holidays (``sendpath.timescales``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models

from sendpath.core.models import BaseModel
from sendpath.people.models import Child, Organisation


class Kind(models.TextChoices):
    COMPLAINT = "complaint", "Complaint"
    RESOLUTION = "resolution", "Disagreement resolution"


class About(models.TextChoices):
    SEND_SERVICE = "send_service", "The council's SEND service"
    SCHOOL = "school", "A school or college"
    HEALTH = "health", "A health service"


class Stage(models.TextChoices):
    STAGE_1 = "stage_1", "Stage 1"
    STAGE_2 = "stage_2", "Stage 2"
    OMBUDSMAN = "ombudsman", "Ombudsman"
    PASSED_ON = "passed_on", "Passed on"
    REQUESTED = "requested", "Requested"
    ARRANGED = "arranged", "Arranged"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    RESOLVED = "resolved", "Agreement reached"
    NOT_RESOLVED = "not_resolved", "No agreement"
    WITHDRAWN = "withdrawn", "Withdrawn"


COMPLAINT_OUTCOMES = (
    Outcome.UPHELD,
    Outcome.PARTLY_UPHELD,
    Outcome.NOT_UPHELD,
    Outcome.WITHDRAWN,
)
RESOLUTION_OUTCOMES = (Outcome.RESOLVED, Outcome.NOT_RESOLVED, Outcome.WITHDRAWN)

# The one table of allowed moves, read by the views (which buttons to offer) and the services
# (which moves to refuse). Closing (with an outcome) is allowed from every open stage.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.STAGE_1: (Stage.STAGE_2, Stage.PASSED_ON, Stage.CLOSED),
    Stage.STAGE_2: (Stage.OMBUDSMAN, Stage.CLOSED),
    Stage.OMBUDSMAN: (Stage.CLOSED,),
    Stage.REQUESTED: (Stage.ARRANGED, Stage.CLOSED),
    Stage.ARRANGED: (Stage.CLOSED,),
    Stage.PASSED_ON: (),
    Stage.CLOSED: (),
}
# Stages with a response the council owes, and so a deadline.
RESPONSE_STAGES = (Stage.STAGE_1, Stage.STAGE_2, Stage.OMBUDSMAN)
OPEN_STAGES = (Stage.STAGE_1, Stage.STAGE_2, Stage.OMBUDSMAN, Stage.REQUESTED, Stage.ARRANGED)

# The working days each stage's response is due in, until the authority sets its own. No law
# sets a time for complaints about the SEND service: the council's published complaints
# procedure does, and the Ombudsman (Local Government Act 1974, Part 3) expects it to be kept.
# The Ombudsman sets its own date for an enquiry's answer; 20 working days is the usual.
DEFAULT_DAYS = {Stage.STAGE_1: 10, Stage.STAGE_2: 20, Stage.OMBUDSMAN: 20}


class ComplaintSettings(BaseModel):
    """An authority's response times for each stage of its complaints procedure."""

    authority = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="complaint_settings"
    )
    stage_1_days = models.PositiveSmallIntegerField(default=DEFAULT_DAYS[Stage.STAGE_1])
    stage_2_days = models.PositiveSmallIntegerField(default=DEFAULT_DAYS[Stage.STAGE_2])
    ombudsman_days = models.PositiveSmallIntegerField(default=DEFAULT_DAYS[Stage.OMBUDSMAN])

    class Meta:
        verbose_name_plural = "complaint settings"

    def days_for(self, stage: str) -> int:
        return int(
            {
                Stage.STAGE_1: self.stage_1_days,
                Stage.STAGE_2: self.stage_2_days,
                Stage.OMBUDSMAN: self.ombudsman_days,
            }[Stage(stage)]
        )


class ComplaintQuerySet(models.QuerySet["Complaint"]):
    def open(self) -> ComplaintQuerySet:
        return self.filter(stage__in=OPEN_STAGES)


class Complaint(BaseModel):
    """A complaint, or a request for independent disagreement resolution, about one child."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="complaints")
    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.COMPLAINT)
    about = models.CharField(max_length=14, choices=About.choices)
    about_name = models.CharField(max_length=200, blank=True)
    summary = models.TextField()
    wanted = models.TextField(blank=True)
    raised_by = models.CharField(max_length=200, blank=True)
    from_family = models.BooleanField(default=False)
    received_on = models.DateField()
    stage = models.CharField(max_length=10, choices=Stage.choices)
    passed_to = models.CharField(max_length=200, blank=True)
    arranged_with = models.CharField(max_length=200, blank=True)
    meeting_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=14, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    outcome_notes = models.TextField(blank=True)
    learning = models.TextField(blank=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ("-received_on", "-created_at")
        indexes = [models.Index(fields=("authority", "stage"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} received {self.received_on:%-d %B %Y}"

    @property
    def audit_child_id(self) -> Any:
        return self.child_id

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class ComplaintStage(BaseModel):
    """One stage a complaint went through, with its response deadline and the response."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    started_on = models.DateField()
    working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    responded_on = models.DateField(null=True, blank=True)
    response = models.TextField(blank=True)

    class Meta:
        ordering = ("started_on", "created_at")

    @property
    def audit_child_id(self) -> Any:
        return self.complaint.child_id

    def overdue_on(self, today: dt.date) -> bool:
        return self.responded_on is None and self.due_on is not None and self.due_on < today


class ComplaintAction(BaseModel):
    """Something the council will do because of a complaint, with who owns it and by when."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="complaint_actions"
    )
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("due_on", "created_at")

    @property
    def audit_child_id(self) -> Any:
        return self.complaint.child_id
