"""Key contacts, and the Belonging Register's per-child record and stored plan copies.

The SEN and Belonging Registers themselves are views over ``people.Child``: nothing here
repeats who a child is, where they live or what support they have.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from sendpath.core.models import BaseModel
from sendpath.people.models import Child, Organisation, OrganisationKind

# A contact is flagged for checking when it was last confirmed longer ago than this.
CONFIRM_AFTER_DAYS = 183


class ContactRole(models.TextChoices):
    SEN = "sen", "SEN"
    INCLUSION = "inclusion", "Inclusion"
    VIRTUAL_SCHOOL = "virtual_school", "Virtual School"
    SOCIAL_CARE = "social_care", "Children's social care"
    OTHER = "other", "Other"


class KeyContact(BaseModel):
    """A contact in another authority or agency, for working across authorities."""

    name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=ContactRole.choices)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="key_contacts"
    )
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    last_confirmed = models.DateField()

    class Meta:
        ordering = ["organisation__name", "role", "name"]
        indexes = [models.Index(fields=["organisation", "role"], name="contact_org_role")]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @property
    def needs_confirming(self) -> bool:
        return self.last_confirmed < timezone.localdate() - dt.timedelta(days=CONFIRM_AFTER_DAYS)


class BelongingEntry(BaseModel):
    """Who holds a cared-for child's plan and who to talk to there."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="belonging")
    plan_authority = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.LOCAL_AUTHORITY},
        help_text="The authority responsible for the plan, when not the responsible authority",
    )
    plan_caseworker_name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "belonging entries"

    def __str__(self) -> str:
        return f"Belonging entry for {self.child}"


class PlanCopy(BaseModel):
    """A dated copy of a plan held by another authority, so a move never starts from nothing."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="plan_copies")
    received_on = models.DateField()
    holding_authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.LOCAL_AUTHORITY},
    )
    file = models.FileField(upload_to="plan-copies/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["-received_on", "-created_at"]
        verbose_name_plural = "plan copies"

    def __str__(self) -> str:
        return f"Plan from {self.holding_authority} received {self.received_on}"
