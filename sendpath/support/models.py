"""A school's record of a pupil's SEN support: the graduated approach (SEND Code of Practice
6.44-6.56), kept so that it already is the Individual Support Plan the Schools White Paper
(February 2026) proposes: the tier of support, assess-plan-do-review cycles with their targets,
the pupil's voice, a costed provision map and the evidence of need.

The child (``people.Child``) stays the one record of who they are and whether they are on the
SEN Register (``sen_provision``): the register's history is kept here (``RegisterChange``).
Money is in whole pence (``money.py``).
"""

from __future__ import annotations

import datetime as dt

from django.db import models

from sendpath.core.models import BaseModel
from sendpath.people.models import Child, Organisation


class Tier(models.TextChoices):
    """The tiers of support proposed for Individual Support Plans (Schools White Paper 2026)."""

    UNIVERSAL = "universal", "Universal"
    TARGETED = "targeted", "Targeted"
    TARGETED_PLUS = "targeted_plus", "Targeted plus"
    SPECIALIST = "specialist", "Specialist"


class Wave(models.TextChoices):
    UNIVERSAL = "1", "Wave 1: universal (quality first teaching)"
    TARGETED = "2", "Wave 2: targeted (small group)"
    SPECIALIST = "3", "Wave 3: specialist (individual)"


class Term(models.TextChoices):
    AUTUMN = "autumn", "Autumn"
    SPRING = "spring", "Spring"
    SUMMER = "summer", "Summer"


TERM_ORDER = (Term.AUTUMN, Term.SPRING, Term.SUMMER)


def term_of(day: dt.date) -> tuple[int, str]:
    """The school year (the calendar year it starts in) and term of a day: autumn from 1
    September, spring from 1 January, summer from 1 April."""
    if day.month >= 9:
        return day.year, Term.AUTUMN
    return day.year - 1, (Term.SPRING if day.month <= 3 else Term.SUMMER)


def term_step(year: int, term: str, step: int) -> tuple[int, str]:
    """The term ``step`` terms after (negative: before) ``term`` of school year ``year``."""
    index = year * 3 + TERM_ORDER.index(Term(term)) + step
    return index // 3, TERM_ORDER[index % 3]


class SupportSettings(BaseModel):
    """An authority's settings for SEN support in its schools."""

    authority = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="support_settings"
    )
    threshold_pence = models.PositiveIntegerField(
        "Notional SEN budget threshold a year, in pence",
        default=600_000,
        help_text="What a school pays from its notional SEN budget for one pupil in a year",
    )


class SupportRecord(BaseModel):
    """The school's plan for one pupil: the header of their Individual Support Plan."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="support_record")
    tier = models.CharField(max_length=20, choices=Tier.choices, default=Tier.TARGETED)
    about_me = models.TextField("What people like and admire about me", blank=True)
    what_matters = models.TextField("What is important to me", blank=True)
    how_to_help = models.TextField("How best to support me", blank=True)
    communication = models.TextField("How I prefer to communicate", blank=True)


class RegisterStatus(models.TextChoices):
    SUPPORT = "K", "SEN support (K)"
    NONE = "N", "No special educational need (N)"


class RegisterChange(BaseModel):
    """A pupil put on or taken off the school's SEN Register: the history of ``sen_provision``."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="register_changes")
    school = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=1, choices=RegisterStatus.choices)
    effective_on = models.DateField()
    primary_need = models.CharField(max_length=4, blank=True)
    secondary_need = models.CharField(max_length=4, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-effective_on", "-created_at"]


class NextStep(models.TextChoices):
    ANOTHER_CYCLE = "another_cycle", "Another cycle of SEN support"
    QUALITY_FIRST = "quality_first", "Quality first teaching only (off SEN support)"
    REFERRAL = "referral", "Referral to an outside service"
    EHC_REQUEST = "ehc_request", "Request an EHC needs assessment"


class Cycle(BaseModel):
    """One assess-plan-do-review cycle for a pupil (CoP 6.45-6.56), started from the last one."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="support_cycles")
    school = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField()
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_cycle"
    )
    started_on = models.DateField()
    review_due = models.DateField(help_text="Usually 6 to 8 weeks after the plan starts")
    # Assess
    child_views = models.TextField("The child's views", blank=True)
    family_views = models.TextField("The family's views", blank=True)
    assessments = models.TextField("Assessments and observations in school", blank=True)
    attainment_now = models.TextField("Attainment and progress now", blank=True)
    attainment_before = models.TextField("Attainment and progress before", blank=True)
    national_comparison = models.TextField("Compared with national data", blank=True)
    # Plan
    adjustments = models.TextField("Adjustments, equipment, support and interventions", blank=True)
    # Review
    family_invited_on = models.DateField(null=True, blank=True)
    family_contribution = models.TextField("What the family said for the review", blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    impact = models.TextField("The impact of the support", blank=True)
    child_views_at_review = models.TextField("The child's views at the review", blank=True)
    family_views_at_review = models.TextField("The family's views at the review", blank=True)
    staff_views = models.TextField("Staff views at the review", blank=True)
    next_step = models.CharField(max_length=20, choices=NextStep.choices, blank=True)
    # Learn
    learning = models.TextField("What we learnt, to carry into the next cycle", blank=True)

    class Meta:
        ordering = ["child", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["child", "number"], name="one_cycle_number_per_child")
        ]
        indexes = [
            models.Index(
                fields=["school", "review_due"],
                condition=models.Q(reviewed_on__isnull=True),
                name="cycle_review_due",
            )
        ]

    def __str__(self) -> str:
        return f"Cycle {self.number}"

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_on is not None


class TargetResult(models.TextChoices):
    MET = "met", "Met"
    PARTLY = "partly", "Partly met"
    NOT_MET = "not_met", "Not met"


class Target(BaseModel):
    """An outcome-focused SMART target of a cycle, with what is done towards it."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="targets")
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_into"
    )
    position = models.PositiveSmallIntegerField(default=0)
    outcome = models.TextField("Target")
    provision = models.TextField("What will be done, by whom and when", blank=True)
    success_criteria = models.TextField("How we will know it has worked", blank=True)
    measure = models.TextField("How progress is measured", blank=True)
    result = models.CharField(max_length=10, choices=TargetResult.choices, blank=True)
    evidence = models.TextField("Evidence of impact", blank=True)

    class Meta:
        ordering = ["cycle", "position", "created_at"]


class AdviceSource(models.TextChoices):
    EDUCATIONAL_PSYCHOLOGY = "ep", "Educational psychologist"
    SPEECH_AND_LANGUAGE = "salt", "Speech and language therapy"
    OCCUPATIONAL_THERAPY = "ot", "Occupational therapy"
    CAMHS = "camhs", "Children and young people's mental health services (CAMHS)"
    HEALTH = "health", "Health (school nurse, paediatrician, other)"
    SOCIAL_CARE = "social_care", "Social care"
    VIRTUAL_SCHOOL = "virtual_school", "Virtual School"
    SPECIALIST_TEACHER = "specialist_teacher", "Specialist or advisory teacher"
    OTHER = "other", "Other"


class CycleAdvice(BaseModel):
    """Advice from outside the school taken into a cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="advice")
    source = models.CharField(max_length=20, choices=AdviceSource.choices)
    adviser = models.CharField("Who gave it", max_length=200, blank=True)
    received_on = models.DateField()
    summary = models.TextField("What they advised")
    targets_set_from_it = models.BooleanField(default=False)

    class Meta:
        ordering = ["cycle", "received_on"]


class NoteKind(models.TextChoices):
    NOTE = "note", "Note"
    ABSENCE = "absence", "Absence"
    DELAY = "delay", "Delay in delivering support"


class CycleNote(BaseModel):
    """Something noted while the plan is being done."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="notes")
    on = models.DateField()
    kind = models.CharField(max_length=10, choices=NoteKind.choices, default=NoteKind.NOTE)
    text = models.TextField()

    class Meta:
        ordering = ["cycle", "on", "created_at"]


class VoiceMethod(models.TextChoices):
    """Ways of gathering a child's views (Salford's graduated approach walkthrough)."""

    THREE_WISHES = "three_wishes", "Three wishes"
    PERFECT_WEEK = "perfect_week", "My perfect week"
    GOOD_DAY_BAD_DAY = "good_day_bad_day", "Good day, bad day"
    RELATIONSHIP_CIRCLE = "relationship_circle", "Relationship circle"
    DECISION_MAKING = "decision_making", "Decision-making profile"
    MAP = "map", "MAP (Making Action Plans)"
    PATH = "path", "PATH (Planning Alternative Tomorrows with Hope)"
    PHOTOS = "photos", "Photographs"
    CARD_SORT = "card_sort", "Card sort"
    PROJECTIVE_PICTURES = "projective_pictures", "Projective pictures"
    CONVERSATION = "conversation", "Conversation"
    OTHER = "other", "Other"


class PupilVoice(BaseModel):
    """What a child said, drew or showed about themselves: 'My Story'."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="voice")
    cycle = models.ForeignKey(
        Cycle, null=True, blank=True, on_delete=models.SET_NULL, related_name="voice"
    )
    method = models.CharField(max_length=30, choices=VoiceMethod.choices)
    gathered_on = models.DateField()
    gathered_by = models.CharField("Who gathered it", max_length=200)
    communication = models.CharField(
        "How the child preferred to communicate", max_length=200, blank=True
    )
    content = models.TextField("What the child said or showed")
    file = models.FileField(upload_to="voice/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["child", "-gathered_on", "-created_at"]


class CostBasis(models.TextChoices):
    HOUR = "hour", "By the hour"
    SESSION = "session", "By the session"


class ProvisionEntry(BaseModel):
    """One provision in a pupil's costed provision map, for one term."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="provision_map")
    school = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    school_year = models.PositiveSmallIntegerField(help_text="The calendar year it starts in")
    term = models.CharField(max_length=10, choices=Term.choices)
    description = models.CharField(max_length=300)
    wave = models.CharField(max_length=1, choices=Wave.choices)
    staff = models.CharField("Who delivers it", max_length=200, blank=True)
    cost_basis = models.CharField(max_length=10, choices=CostBasis.choices, default=CostBasis.HOUR)
    rate_pence = models.PositiveIntegerField("Cost per hour or per session, in pence")
    minutes_per_week = models.PositiveIntegerField(default=0)
    sessions_per_week = models.PositiveSmallIntegerField(default=0)
    weeks = models.PositiveSmallIntegerField()
    group_size = models.PositiveSmallIntegerField(default=1)
    # The pupil's share for the term, kept so that whole-school totals are sums in SQL.
    cost_pence = models.PositiveIntegerField(editable=False)

    class Meta:
        ordering = ["child", "school_year", "term", "created_at"]
        indexes = [models.Index(fields=["school", "school_year"], name="provision_school_year")]


class EvidenceKind(models.TextChoices):
    READING_AGE = "reading_age", "Reading age"
    ATTAINMENT = "attainment", "Attainment data"
    BOXALL = "boxall", "Boxall profile"
    BEHAVIOUR_LOG = "behaviour_log", "Behaviour log"
    OTHER = "other", "Other data"


class EvidenceOfNeed(BaseModel):
    """Evidence that a pupil's needs are significantly greater than their peers'."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="evidence_of_need")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    recorded_on = models.DateField()
    summary = models.TextField("What it shows")

    class Meta:
        ordering = ["child", "-recorded_on"]
