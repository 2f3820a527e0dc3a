"""The statutory case: an immutable timeline of events, the deadlines derived from it, the plan.

The timeline is the truth (ARCHITECTURE.md principle 1). ``CaseEvent`` rows are never changed
or deleted: a correction is a new event that supersedes the old one. ``Deadline`` rows are the
timescales engine's output for the case, rebuilt in the same transaction as every event, and
never edited by hand.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from sendpath.core.models import BaseModel, NotifyMessage
from sendpath.people.models import Child, Organisation


class Stage(models.TextChoices):
    """Where a case is on the 20-week pathway, derived from its timeline."""

    REQUESTED = "requested", "Request received: deciding whether to assess"
    ASSESSING = "assessing", "Assessing: gathering advice, then deciding whether to issue a plan"
    DRAFTING = "drafting", "Drafting the plan"
    DRAFT_SENT = "draft_sent", "Draft plan sent: representations and consultation"
    FINAL_ISSUED = "final_issued", "Final plan issued"
    NOT_ASSESSED = "not_assessed", "Decided not to assess"
    NO_PLAN = "no_plan", "Decided not to issue a plan"
    WITHDRAWN = "withdrawn", "Request withdrawn"


# Stages in which the authority still has pathway work to do.
OPEN_STAGES = (Stage.REQUESTED, Stage.ASSESSING, Stage.DRAFTING, Stage.DRAFT_SENT)


class RequestSource(models.TextChoices):
    """Who asked for the assessment (TIMESCALES.md), with the SEN2 <RequestSource> code. A young
    person is over compulsory school age and under 25 (CFA 2014 s.83(2); people/ages.py)."""

    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person (over compulsory school age and under 25)"
    SCHOOL = "school", "School, college or early years setting"
    HEALTH = "health", "Health professional"
    SOCIAL_CARE = "social_care", "Social care professional"
    OTHER = "other", "Other"


SEN2_REQUEST_SOURCE = {
    "parent": "1",
    "young_person": "1",
    "school": "2",
    "health": "3",
    "social_care": "4",
    "other": "5",
}


class CaseQuerySet(models.QuerySet["Case"]):
    def visible_to(self, user: Any) -> CaseQuerySet:
        """Cases of children the user may see (the people app's one scoping entry point)."""
        return self.filter(child__in=Child.objects.visible_to(user))

    def open(self) -> CaseQuerySet:
        return self.filter(closed_at__isnull=True)


class Case(BaseModel):
    """One request for an EHC needs assessment and everything that follows from it."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cases")
    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    reference = models.CharField(max_length=20, unique=True)
    request_source = models.CharField(max_length=20, choices=RequestSource.choices)
    received_on = models.DateField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=200, blank=True)

    # Derived from the timeline and refreshed with the deadlines (never set by hand).
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.REQUESTED)
    next_due = models.DateField(null=True, blank=True)
    next_key = models.CharField(max_length=80, blank=True)
    week20_exception = models.BooleanField(default=False)
    # What the reviews and phase transfer lists sort and filter by, stored rather than worked
    # out per row: the plan's current review (annual or early years) due date and whether it is
    # still to do, and the phase transfer the timeline (or the year group) gives the plan.
    review_due = models.DateField(null=True, blank=True)
    review_pending = models.BooleanField(default=False)
    review_report_pending = models.BooleanField(default=False)  # awaiting the review report
    review_decision_pending = models.BooleanField(default=False)  # awaiting the decision
    transfer_year = models.PositiveSmallIntegerField(null=True, blank=True)
    transfer_kind = models.CharField(max_length=10, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["next_due", "received_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(closed_at__isnull=True),
                name="one_open_case_per_child",
            )
        ]
        indexes = [
            models.Index(
                fields=["caseworker", "next_due"],
                condition=Q(closed_at__isnull=True),
                name="case_open_worklist",
            ),
            models.Index(
                fields=["authority", "next_due"],
                condition=Q(closed_at__isnull=True),
                name="case_open_team",
            ),
            models.Index(
                fields=["authority", "review_due"],
                # Covers the reviews list's counts (an index-only scan).
                include=["review_pending", "review_report_pending", "review_decision_pending"],
                condition=Q(closed_at__isnull=True, stage="final_issued"),
                name="case_in_force_review",
            ),
            models.Index(
                fields=["authority", "review_due"],
                condition=Q(closed_at__isnull=True, stage="final_issued")
                & (Q(review_report_pending=True) | Q(review_decision_pending=True)),
                name="case_in_force_awaiting",
            ),
            models.Index(
                fields=["authority", "transfer_year"],
                condition=Q(closed_at__isnull=True, stage="final_issued"),
                name="case_in_force_transfer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.child})"

    def get_absolute_url(self) -> str:
        return reverse("ehc:case", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class CaseEvent(models.Model):
    """One step on the timeline. Immutable: corrections supersede, they never edit."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(max_length=40)
    date = models.DateField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        help_text="The event this one corrects",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "recorded_at", "id"]
        indexes = [models.Index(fields=["case", "date"], name="event_case_date")]

    def __str__(self) -> str:
        return f"{self.type} {self.date or ''}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValueError("Case events are immutable: record a correction instead")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Case events are immutable and are never deleted")


class Deadline(models.Model):
    """The engine's output for a case. Derived: rebuilt with every event, never edited."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    key = models.CharField(max_length=80)
    family = models.CharField(max_length=60)
    due = models.DateField()
    status = models.CharField(max_length=10)
    completed_on = models.DateField(null=True, blank=True)
    exception = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=120)
    # Pending: no completing event yet and not a period end; the authority must act by `due`.
    pending = models.BooleanField(default=False)
    # The family's own limit (mediation, appeal), shown but not on the authority's worklist.
    family_limit = models.BooleanField(default=False)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due", "key"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="one_deadline_per_key")]
        indexes = [
            models.Index(
                fields=["family", "due"], condition=Q(pending=True), name="deadline_pending"
            ),
            # The deadlines whose status the calendar can still move (open turns overdue, or a
            # period ends, the day after it falls due): how the nightly refresh finds them.
            models.Index(
                fields=["due"], condition=Q(completed_on__isnull=True), name="deadline_not_done"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} due {self.due}"


class DeadlineRefresh(models.Model):
    """One finished nightly refresh of the open cases' deadlines (``cases/refresh.py``): what it
    was computed as of, under which version of the rules, and what it found to write. The next
    night starts from the last one (only what can have changed since is computed again)."""

    id = models.BigAutoField(primary_key=True)
    as_of = models.DateField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    full = models.BooleanField(help_text="Every open case computed, not only those that changed")
    why_full = models.CharField(max_length=200, blank=True)
    rules_version = models.CharField(max_length=64)
    # Every event with a larger id was recorded after this run began (or within the margin
    # before it), so the next run computes its case again.
    event_watermark = models.BigIntegerField()
    open_cases = models.PositiveIntegerField()
    cases_computed = models.PositiveIntegerField()
    deadlines_written = models.PositiveIntegerField()
    deadlines_removed = models.PositiveIntegerField()
    cases_updated = models.PositiveIntegerField()

    class Meta:
        ordering = ["-finished_at"]
        get_latest_by = "finished_at"

    def __str__(self) -> str:
        kind = "full" if self.full else "changed cases only"
        return f"Refresh as of {self.as_of} ({kind})"


class Document(BaseModel):
    """A file attached to a case (and usually to one of its events)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    event = models.ForeignKey(
        CaseEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="documents/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    scan_result = models.CharField(max_length=20, default="clean")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


# ---------------------------------------------------------------------------------------------
# The plan, in the sections of SEND Code of Practice 9.62


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft, not yet sent"
    DRAFT_SENT = "draft_sent", "Draft sent to the family"
    FINAL = "final", "Final plan issued"


class Plan(BaseModel):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="plan")
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    section_a = models.TextField("A: views, interests and aspirations", blank=True)
    section_c = models.TextField("C: health needs related to SEN", blank=True)
    section_d = models.TextField("D: social care needs", blank=True)
    section_i = models.TextField("I: placement", blank=True)
    section_j = models.TextField("J: personal budget arrangements", blank=True)
    section_k = models.TextField("K: advice and information gathered", blank=True)
    placement = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    draft_sent_on = models.DateField(null=True, blank=True)
    issued_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Plan for {self.case.child}"


class PlanNeed(BaseModel):
    """Section B: one special educational need."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="needs")
    area = models.CharField(max_length=60)
    description = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return f"{self.area}: {self.description[:40]}"


class PlanOutcome(BaseModel):
    """Section E: a SMART outcome."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="outcomes")
    what = models.TextField()
    by_when = models.CharField(max_length=100)
    how_measured = models.TextField()
    needs = models.ManyToManyField(PlanNeed, related_name="outcomes", blank=True)
    preparing_for_adulthood = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.what[:60]


class ProvisionSection(models.TextChoices):
    F = "F", "F: special educational provision"
    G = "G", "G: health provision"
    H1 = "H1", "H1: social care provision (s.2 CSDPA 1970)"
    H2 = "H2", "H2: other social care provision"


class PlanProvision(BaseModel):
    """Sections F, G and H: provision, specific and quantified."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="provisions")
    section = models.CharField(max_length=2, choices=ProvisionSection.choices, default="F")
    what = models.TextField()
    who = models.CharField(max_length=200)
    how_often = models.CharField(max_length=100)
    how_long = models.CharField(max_length=100)
    needs = models.ManyToManyField(PlanNeed, related_name="provisions", blank=True)

    class Meta:
        ordering = ["section", "created_at"]

    def __str__(self) -> str:
        return self.what[:60]


class PlanVersion(models.Model):
    """A copy of the plan as issued (final or amended): versions are kept and compared."""

    id = models.BigAutoField(primary_key=True)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, default="final")
    issued_on = models.DateField()
    snapshot = models.JSONField(default=dict)
    event = models.ForeignKey(
        CaseEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_plan_version_number")
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of {self.plan}"


# ---------------------------------------------------------------------------------------------
# Bringing in the caseload from an SEN2 return


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"


class CaseloadImport(BaseModel):
    """One run of an SEN2 return uploaded from the page: queued, then run by a background task
    (``sendpath.ehc.tasks.run_caseload_import``). The file is kept only for the run."""

    file = models.FileField(upload_to="caseload/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    dry_run = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)  # people in the return saved so far
    total = models.PositiveIntegerField(default=0)
    report = models.JSONField(null=True, blank=True)  # caseload.loading.Report.as_dict()
    errors = models.JSONField(default=list)  # each naming its element
    failure = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"SEN2 import of {self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("ehc:caseload_import", args=[self.pk])


# ---------------------------------------------------------------------------------------------
# Emails to professionals about a case


class StaffEmail(models.Model):
    """An email to a professional about a case: an advice request and its reminders
    (``ehc/advice/reminders.py``), a review invitation (``ehc/reviews/invitations.py``).

    One row per case and ``key``: the database refuses a second, so each reminder goes once
    however often the daily run runs, and two runs at once cannot both send it."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="staff_emails")
    key = models.CharField(max_length=160)  # e.g. advice:psychological-1:due
    kind = models.CharField(max_length=30)  # advice_request, advice_reminder, review_invitation
    to = models.CharField(max_length=320)
    recipient = models.CharField(max_length=300, blank=True)  # who, as shown on the page
    sent_on = models.DateField()
    message = models.ForeignKey(
        NotifyMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="one_staff_email_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} on {self.sent_on}"


class DisagreementContacts(BaseModel):
    """The contacts an authority gives families in every decision letter and on the portal's
    complaints page, kept by its administrator: the mediation adviser (SEND Regulations 2014,
    reg 32: the letter must say how to contact them), the local SEND information, advice and
    support service (SENDIASS; Code of Practice 2.1-2.9) and the council's complaints team.
    Until they are filled in, the settings' contacts are used."""

    authority = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="disagreement_contacts"
    )
    mediation_name = models.CharField(max_length=200)
    mediation_address = models.TextField(blank=True)
    mediation_phone = models.CharField(max_length=40, blank=True)
    mediation_email = models.EmailField(blank=True)
    mediation_web = models.URLField(blank=True)
    sendiass = models.TextField(blank=True)
    complaints = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Disagreement contacts of {self.authority}"
