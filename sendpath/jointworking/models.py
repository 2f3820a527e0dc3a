"""Joint working between the Virtual School and the SEND team for cared-for children.

The fortnightly joint meeting (its agenda, discussion and actions), escalations, decisions
made by other authorities and Personal Education Plans. The agenda's generated items are a
snapshot of the record on the day the agenda was built, so the minutes stay as discussed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from sendpath.core.models import BaseModel
from sendpath.people.models import Child, Organisation


class Meeting(BaseModel):
    """One joint meeting of the Virtual School and the SEND team."""

    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-created_at"]

    def __str__(self) -> str:
        return f"Joint meeting on {self.held_on:%-d %B %Y}"


class Section(models.TextChoices):
    DEADLINES = "deadlines", "Overdue or soon-due deadlines"
    MOVES = "moves", "Moves in or out of the area"
    REVIEWS = "reviews", "Annual reviews due in the next 8 weeks"
    ESCALATIONS = "escalations", "Open escalations"
    DECISIONS = "decisions", "New panel decisions"
    OTHER = "other", "Other items"


class AgendaItem(BaseModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    section = models.CharField(max_length=20, choices=Section.choices, default=Section.OTHER)
    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    generated = models.BooleanField(default=False)
    overdue = models.BooleanField(default=False)
    discussion = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class Action(BaseModel):
    """Something someone agreed to do; open actions carry forward until done."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_name = models.CharField(max_length=200, blank=True)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def owner_label(self) -> str:
        return self.owner.display_name() if self.owner else self.owner_name

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()


class Level(models.IntegerChoices):
    CASEWORKERS = 1, "Level 1: caseworker and Virtual School adviser"
    MANAGERS = 2, "Level 2: team managers"
    HEADS = 3, "Level 3: heads of service"


class Escalation(BaseModel):
    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.CASEWORKERS)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_name = models.CharField(max_length=200, blank=True)
    other_authority = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raised_on = models.DateField()
    review_by = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["review_by", "raised_on"]

    def __str__(self) -> str:
        return f"Escalation for {self.child}"

    @property
    def owner_label(self) -> str:
        return self.owner.display_name() if self.owner else self.owner_name

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None

    @property
    def is_overdue(self) -> bool:
        return self.resolved_on is None and self.review_by < timezone.localdate()


class EscalationStep(models.Model):
    """Raised, moved up a level, or resolved: the escalation's history, only ever added to."""

    id = models.BigAutoField(primary_key=True)
    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="steps")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    date = models.DateField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"Level {self.level} on {self.date}"


class OtherDecisionKind(models.TextChoices):
    YES_TO_ASSESS = "yes_to_assess", "Yes to assess"
    NO_TO_ASSESS = "no_to_assess", "No to assess"
    PLAN = "plan", "Plan to be issued"
    NO_PLAN = "no_plan", "No plan to be issued"


class OtherAuthorityDecision(BaseModel):
    """A panel decision made by another authority, recorded by the Virtual School."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The authority that made the decision",
    )
    recorded_for = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The authority whose joint working records it",
    )
    decision = models.CharField(
        max_length=20, choices=OtherDecisionKind.choices, default=OtherDecisionKind.YES_TO_ASSESS
    )
    decided_on = models.DateField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-decided_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} for {self.child}"


class PersonalEducationPlan(BaseModel):
    """A cared-for child's PEP. Where the child has an open case the file is stored on it as
    evidence (an ehc Document); otherwise the Virtual School keeps the file here."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    document = models.OneToOneField(
        "ehc.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="personal_education_plan",
    )
    pep_date = models.DateField()
    file = models.FileField(upload_to="peps/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)

    @property
    def stored_file(self) -> Any:
        """The file, wherever it is kept."""
        return self.document.file if self.document else self.file

    @property
    def file_name(self) -> str:
        return self.document.original_name if self.document else self.original_name

    @property
    def file_type(self) -> str:
        return self.document.content_type if self.document else self.content_type

    class Meta:
        ordering = ["-pep_date", "-created_at"]

    def __str__(self) -> str:
        return f"PEP of {self.pep_date} for {self.child}"


class PanelDigest(models.Model):
    """One week's panel decisions digest emailed to an authority's Virtual School staff
    (``digest.py``). One per authority and week: the database refuses a second."""

    id = models.BigAutoField(primary_key=True)
    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    week_start = models.DateField(help_text="The Monday of the week the digest covers")
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.JSONField(default=list, help_text="The addresses it was sent to")
    decisions = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-week_start", "-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "week_start"], name="one_panel_digest_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"Panel decisions digest for the week of {self.week_start:%-d %B %Y}"
