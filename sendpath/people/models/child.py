"""Children and young people, their families, settings and the professionals around them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from sendpath.core import reference
from sendpath.core.models import BaseModel
from sendpath.core.roles import AUTHORITY_ROLES, Role

from .. import ages
from .organisation import Organisation, OrganisationKind
from .user import User

if TYPE_CHECKING:
    from django.db.models import QuerySet


class ContactPreference(models.TextChoices):
    """How a parent, carer or young person wants to hear from the SEND team (GOV.UK Notify):
    email, email and text message, or letters only (nothing emailed: the caseworker prints and
    posts each letter)."""

    EMAIL = "email", "Email"
    EMAIL_AND_TEXT = "email_and_text", "Email and text message"
    LETTERS = "letters", "Letters only (by post)"


class ParentsAccess(models.TextChoices):
    """A young person's decision whether their parents keep access to their record (CFA 2014
    s.80; SEND Code of Practice 8.13-8.15). Not yet decided: parents keep access (ADR 0014)."""

    UNDECIDED = "", "Not decided yet"
    KEEP = "keep", "Parents keep access"
    STOP = "stop", "Parents' access stopped"


def parents_may_see(on: dt.date) -> Q:
    """The 16+ rule, as a filter on children: a parent's (or carer's) account sees the record
    of a child under compulsory school age; from the end of compulsory school age decisions pass
    to the young person (Children and Families Act 2014 s.80, Code of Practice 8.13-8.15), so it
    sees it only unless the young person has stopped it, or always when it is recorded that the
    young person lacks capacity to make that decision (Mental Capacity Act 2005 s.2-3).

    The one place the rule lives: ``visible_to`` (and so every page and permission) uses it.
    """
    return (
        Q(date_of_birth__gt=ages.young_people_born_by(on))
        | Q(lacks_capacity_recorded_on__isnull=False)
        | ~Q(parents_access=ParentsAccess.STOP)
    )


class ChildQuerySet(models.QuerySet["Child"]):
    def visible_to(self, user: User | None) -> ChildQuerySet:
        """The one entry point that scopes children to what a user may see.

        Every view, search and permission check goes through here, so a role's reach is
        defined once: see ``people/rules.py`` for the predicates built on it.
        """
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        role = user.role
        today = timezone.localdate()
        if role in AUTHORITY_ROLES:
            authority = user.authority
            return self.filter(responsible_authority=authority) if authority else self.none()
        if role == Role.VIRTUAL_SCHOOL:
            authority = user.authority
            if authority is None:
                return self.none()
            if user.is_support_teacher_adviser:
                # A Support Teacher Adviser reads only the cared-for children they support.
                supported = AdviserLink.objects.filter(adviser=user)
                return self.filter(cared_for=True, pk__in=supported.values("child_id"))
            return self.filter(cared_for=True).filter(
                Q(looked_after_by=authority)
                | Q(resident_authority=authority)
                | Q(responsible_authority=authority)
            )
        if role == Role.SENCO:
            if user.organisation_id is None:
                return self.none()
            current = SettingAttendance.objects.filter(
                organisation_id=user.organisation_id, start_date__lte=today
            ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            return self.filter(pk__in=current.values("child_id"))
        if role == Role.PROFESSIONAL:
            links = ProfessionalLink.objects.filter(user=user, ended_on__isnull=True)
            return self.filter(pk__in=links.values("child_id"))
        if role == Role.FAMILY:
            family = FamilyMember.objects.filter(
                user=user, has_account_access=True, parental_responsibility=True
            )
            return self.filter(
                Q(pk__in=family.values("child_id")) & parents_may_see(today)
                | Q(young_person_user=user)
            )
        # Leaders see aggregates only, never a named record: see ``counted_for``.
        return self.none()

    def counted_for(self, user: User | None) -> ChildQuerySet:
        """The children a user may count but never see named: a leader's own authority's.

        The entry point beside ``visible_to`` for aggregates; a role that may see named records
        counts what it may see.
        """
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.LEADER:
            authority = user.authority
            return self.filter(responsible_authority=authority) if authority else self.none()
        return self.visible_to(user)


class Child(BaseModel):
    """One record per child or young person (0-25)."""

    first_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=reference.SEX)
    ethnicity = models.CharField(max_length=4, choices=reference.ETHNICITY, blank=True)
    upn = models.CharField("UPN", max_length=13, blank=True)
    upn_unknown_reason = models.CharField(max_length=4, choices=reference.UPN_UNKNOWN, blank=True)
    uln = models.CharField("ULN", max_length=10, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)

    responsible_authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="children_responsible_for",
        limit_choices_to={"kind": OrganisationKind.LOCAL_AUTHORITY},
        help_text="The local authority responsible for the child's special educational needs",
    )
    resident_authority = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children_resident",
        limit_choices_to={"kind": OrganisationKind.LOCAL_AUTHORITY},
        help_text="The local authority area the child lives in",
    )

    sen_provision = models.CharField(
        "SEN provision", max_length=1, choices=reference.SEN_PROVISION, default="N"
    )
    sen_provision_since = models.DateField(
        "SEN provision recorded since",
        null=True,
        blank=True,
        help_text="When the current SEN support or EHC plan began",
    )
    primary_need = models.CharField(max_length=4, choices=reference.NEED_TYPES_CENSUS, blank=True)
    secondary_need = models.CharField(max_length=4, choices=reference.NEED_TYPES_CENSUS, blank=True)

    cared_for = models.BooleanField("Cared for (looked after)", default=False)
    looked_after_by = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children_looked_after",
        limit_choices_to={"kind": OrganisationKind.LOCAL_AUTHORITY},
    )
    youth_justice = models.BooleanField("Involved with youth justice", default=False)
    youth_justice_from = models.DateField("Youth justice involvement from", null=True, blank=True)
    youth_justice_to = models.DateField("Youth justice involvement to", null=True, blank=True)
    eotas = models.BooleanField("Education otherwise than at school (EOTAS)", default=False)
    eotas_from = models.DateField("EOTAS from", null=True, blank=True)
    eotas_to = models.DateField("EOTAS to", null=True, blank=True)
    dynamic_support_register = models.BooleanField(
        "On the Dynamic Support Register",
        default=False,
        help_text="The health service's register of people at risk of admission to a mental "
        "health hospital (Tier 4)",
    )
    dynamic_support_register_from = models.DateField(
        "On the Dynamic Support Register from", null=True, blank=True
    )
    dynamic_support_register_to = models.DateField(
        "On the Dynamic Support Register to", null=True, blank=True
    )
    alternative_provision = models.BooleanField("In alternative provision", default=False)

    first_language = models.CharField(max_length=60, blank=True)
    # Two facts from the school census (CBDS, census 2025-26), counted by insight's "who is
    # over- or under-represented": free school meals eligibility (empty: not known) and the
    # first-language code, which DfE groups as English, other than English or unclassified.
    fsm_eligible = models.CharField(
        "Free school meals", max_length=1, choices=reference.FSM_ELIGIBILITY, blank=True
    )
    fsm_eligible_from = models.DateField(
        "Eligible for free school meals from", null=True, blank=True
    )
    first_language_code = models.CharField(
        "First language on the school census",
        max_length=3,
        choices=reference.FIRST_LANGUAGE,
        blank=True,
    )
    interpreter_needed = models.BooleanField(default=False)
    interpreter_language = models.CharField(max_length=60, blank=True)
    preferred_format = models.CharField(
        max_length=100, blank=True, help_text="For example: easy read, large print, Braille, BSL"
    )
    communication_notes = models.TextField(blank=True)

    young_person_user = models.OneToOneField(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="own_record",
        help_text="The young person's own account, when they manage their own case",
    )
    # How the young person with their own account wants to hear from us (their own choice).
    young_person_contact_preference = models.CharField(
        "How the young person wants to hear from us",
        max_length=20,
        choices=ContactPreference.choices,
        default=ContactPreference.EMAIL,
    )
    young_person_mobile = models.CharField(
        "The young person's mobile number for text messages", max_length=20, blank=True
    )

    # The 16+ rule (see ``parents_may_see``): the young person's own decision, and a record
    # that they lack capacity to make it (Mental Capacity Act 2005), with who recorded it.
    parents_access = models.CharField(
        "Parents' access to the young person's record",
        max_length=4,
        choices=ParentsAccess.choices,
        blank=True,
        default=ParentsAccess.UNDECIDED,
    )
    parents_access_decided_at = models.DateTimeField(null=True, blank=True)
    lacks_capacity_recorded_on = models.DateField(
        "Lacks capacity to decide about parents' access: assessed on", null=True, blank=True
    )
    lacks_capacity_recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lacks_capacity_note = models.TextField("How the capacity assessment was made", blank=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "date_of_birth"]
        verbose_name = "child or young person"
        verbose_name_plural = "children and young people"
        constraints = [
            models.UniqueConstraint(fields=["upn"], condition=~Q(upn=""), name="unique_child_upn"),
            models.UniqueConstraint(fields=["uln"], condition=~Q(uln=""), name="unique_child_uln"),
            models.UniqueConstraint(
                fields=["nhs_number"], condition=~Q(nhs_number=""), name="unique_child_nhs"
            ),
        ]
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="child_name"),
            models.Index(fields=["date_of_birth"], name="child_dob"),
            models.Index(fields=["responsible_authority", "last_name"], name="child_la_name"),
            # The Belonging Register and the joint meeting list cared-for children by name.
            models.Index(
                fields=["last_name", "first_name", "date_of_birth"],
                condition=Q(cared_for=True),
                name="child_cared_for_name",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("people:child", args=[self.pk])

    @property
    def audit_child_id(self) -> Any:
        """The child an audit entry about this record names (see ``core.access.require``)."""
        return self.pk

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    @property
    def known_as(self) -> str:
        return self.preferred_name or self.first_name

    def current_settings(self) -> QuerySet[SettingAttendance]:
        today = timezone.localdate()
        return self.settings.filter(start_date__lte=today).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today)
        )


@dataclass(frozen=True)
class FlagPeriod:
    """A flag on the record with the dates it applies from and to (both optional)."""

    flag: str
    start: str
    end: str
    start_label: str
    end_label: str


# The flags leaders ask to know, each with its dates (seed 003: Dynamic Support Register, youth
# justice, EOTAS). A flag's dates are kept only while the flag is set.
FLAG_PERIODS: tuple[FlagPeriod, ...] = (
    FlagPeriod(
        "dynamic_support_register",
        "dynamic_support_register_from",
        "dynamic_support_register_to",
        "Date added to the register",
        "Date taken off the register",
    ),
    FlagPeriod(
        "youth_justice",
        "youth_justice_from",
        "youth_justice_to",
        "Date youth justice involvement began",
        "Date youth justice involvement ended",
    ),
    FlagPeriod("eotas", "eotas_from", "eotas_to", "Date EOTAS began", "Date EOTAS ended"),
)


class Relationship(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    GRANDPARENT = "grandparent", "Grandparent"
    FOSTER_CARER = "foster_carer", "Foster carer"
    KINSHIP_CARER = "kinship_carer", "Kinship carer"
    SPECIAL_GUARDIAN = "special_guardian", "Special guardian"
    SOCIAL_WORKER = "social_worker", "Social worker (corporate parent)"
    OTHER = "other", "Other"


# Carers of a cared-for child who may be given read access to the plan without parental
# responsibility (seed 003: do foster and kinship carers have copies of the plan?).
CARER_RELATIONSHIPS = (Relationship.FOSTER_CARER, Relationship.KINSHIP_CARER)


class FamilyMember(BaseModel):
    """A parent, carer or other family member, and whether they hold parental responsibility."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="family")
    full_name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    parental_responsibility = models.BooleanField(default=False)
    lives_with_child = models.BooleanField(default=False)
    main_contact = models.BooleanField(default=False)
    telephone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="family_links"
    )
    has_account_access = models.BooleanField(
        default=True, help_text="Whether their sign-in may see this child's record"
    )
    contact_preference = models.CharField(
        "How they want to hear from us",
        max_length=20,
        choices=ContactPreference.choices,
        default=ContactPreference.EMAIL,
    )
    mobile = models.CharField(
        "Mobile number for text messages", max_length=20, blank=True, help_text="A UK mobile"
    )
    plan_read_access = models.BooleanField(
        "Read access to the plan",
        default=False,
        help_text="A foster or kinship carer of a cared-for child, given read access to the "
        "child's plan only, as the authority decides",
    )

    class Meta:
        ordering = ["-main_contact", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_relationship_display()})"


class AttendanceKind(models.TextChoices):
    FULL_TIME = "full_time", "Full time"
    PART_TIME = "part_time", "Part time"
    DUAL_MAIN = "dual_main", "Dual registration (main)"
    DUAL_SUBSIDIARY = "dual_subsidiary", "Dual registration (subsidiary)"


class SettingAttendance(BaseModel):
    """A school, college or other setting the child attends or attended."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="settings")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="attendances"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    attendance = models.CharField(
        max_length=20, choices=AttendanceKind.choices, default=AttendanceKind.FULL_TIME
    )

    class Meta:
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["organisation", "end_date"], name="attendance_org_end"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} from {self.start_date}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)


class ProfessionalLink(BaseModel):
    """A health or social care professional working with a child, who may see their record."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="professionals")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="child_links")
    reason = models.CharField(max_length=200, blank=True)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "user"],
                condition=Q(ended_on__isnull=True),
                name="one_open_link_per_professional",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} works with {self.child}"


class AdviserLink(BaseModel):
    """A Virtual School Support Teacher Adviser linked to a cared-for child they support: the
    adviser reads that child's record (``Child.objects.visible_to``), and nothing else."""

    adviser = models.ForeignKey(User, on_delete=models.CASCADE, related_name="adviser_links")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="adviser_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["adviser", "child"], name="one_adviser_link_per_child")
        ]

    @property
    def audit_child_id(self) -> Any:
        return self.child_id
