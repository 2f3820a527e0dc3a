"""The multi-agency audit of EHC plans' quality (seed 003, item 9).

The authority keeps a framework: criteria for each section of the plan (A to K, SEND Code of
Practice 9.62 and the SEND Regulations 2014, reg 12), each with a weight. A sample of issued
plans is drawn (at random, or by theme); when it is drawn the framework's criteria are copied
onto it (``SampleCriterion``), so a later change to the framework never changes an audit
already under way or done. Auditors from education, health and social care each grade every
criterion of a plan's issued version (``PlanVersion``), with comments. Where their grades for a
section differ by more than one grade, the QA lead moderates it. Themes and actions follow.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from sendpath.core.models import BaseModel
from sendpath.ehc.models import Case, PlanVersion
from sendpath.people.models import Child, Organisation

__all__ = [
    "SECTIONS",
    "Agency",
    "Criterion",
    "Grade",
    "Moderation",
    "PlanAudit",
    "QualityAction",
    "Sample",
    "SampleCriterion",
    "SampledPlan",
    "Theme",
]

# The plan's sections (SEND Code of Practice 9.62; SEND Regulations 2014, reg 12(1)).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("A", "A: views, interests and aspirations"),
    ("B", "B: special educational needs"),
    ("C", "C: health needs"),
    ("D", "D: social care needs"),
    ("E", "E: outcomes"),
    ("F", "F: special educational provision"),
    ("G", "G: health provision"),
    ("H", "H: social care provision"),
    ("I", "I: placement"),
    ("J", "J: personal budget"),
    ("K", "K: advice and information"),
)


class Agency(models.TextChoices):
    EDUCATION = "education", "Education"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"


class Criterion(BaseModel):
    """One criterion of the authority's framework: what a good section looks like."""

    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    section = models.CharField(max_length=1, choices=SECTIONS)
    text = models.CharField("What good looks like", max_length=300)
    guidance = models.TextField("Guidance for auditors", blank=True)
    source = models.CharField("Source", max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["section", "position", "created_at"]

    def __str__(self) -> str:
        return f"{self.section}: {self.text}"


class Theme(BaseModel):
    """A tag the QA lead puts on audits (\"outcomes not measurable\", \"no health advice\")."""

    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="quality_theme_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Sample(BaseModel):
    """A round of audits: the plans drawn, how they were drawn, and the criteria used."""

    authority = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=120)
    method = models.CharField(max_length=10)  # "random" or "theme"
    size = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    filters = models.JSONField(default=dict, blank=True)
    population = models.PositiveIntegerField(default=0)  # issued plans that matched
    how_drawn = models.TextField(blank=True)
    drawn_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-drawn_on", "-created_at"]

    def __str__(self) -> str:
        return self.title


class SampleCriterion(models.Model):
    """A copy of a framework criterion as it was when the sample was drawn."""

    id = models.BigAutoField(primary_key=True)
    sample = models.ForeignKey(Sample, on_delete=models.CASCADE, related_name="criteria")
    section = models.CharField(max_length=1, choices=SECTIONS)
    text = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(default=1)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["section", "position", "id"]

    def __str__(self) -> str:
        return f"{self.section}: {self.text}"


class SampledPlan(BaseModel):
    """One plan in a sample: its issued version as it was when drawn."""

    sample = models.ForeignKey(Sample, on_delete=models.CASCADE, related_name="plans")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="quality_audits")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    themes = models.ManyToManyField(Theme, blank=True, related_name="plans")
    summary = models.TextField("What the audit found", blank=True)

    class Meta:
        ordering = ["sample", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "case"], name="quality_one_plan_per_sample")
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} in {self.sample}"

    @property
    def audit_child_id(self) -> object:
        return self.child_id


class PlanAudit(BaseModel):
    """One auditor's audit of one sampled plan, for their agency."""

    plan = models.ForeignKey(SampledPlan, on_delete=models.CASCADE, related_name="audits")
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.CharField(max_length=12, choices=Agency.choices)
    comment = models.TextField("Overall comment", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "agency", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "auditor"], name="quality_one_audit_each")
        ]

    def __str__(self) -> str:
        return f"{self.get_agency_display()} audit of {self.plan}"

    @property
    def audit_child_id(self) -> object:
        return self.plan.child_id


class Grade(models.Model):
    """An auditor's grade for one criterion: points 4 (outstanding) to 1 (inadequate)."""

    id = models.BigAutoField(primary_key=True)
    audit = models.ForeignKey(PlanAudit, on_delete=models.CASCADE, related_name="grades")
    criterion = models.ForeignKey(SampleCriterion, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "criterion"], name="quality_one_grade"),
            models.CheckConstraint(
                condition=models.Q(points__gte=1, points__lte=4), name="quality_grade_points"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.points} for {self.criterion}"


class Moderation(BaseModel):
    """The grade the QA lead agrees for a section whose auditors disagreed."""

    plan = models.ForeignKey(SampledPlan, on_delete=models.CASCADE, related_name="moderations")
    section = models.CharField(max_length=1, choices=SECTIONS)
    points = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    note = models.TextField()

    class Meta:
        ordering = ["section"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "section"], name="quality_one_moderation")
        ]

    def __str__(self) -> str:
        return f"Section {self.section} of {self.plan}: {self.points}"


class QualityAction(BaseModel):
    """Something to do because of an audit: who, by when, and whether it is done."""

    plan = models.ForeignKey(SampledPlan, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["done_on", "due_on", "created_at"]

    def __str__(self) -> str:
        return self.description
