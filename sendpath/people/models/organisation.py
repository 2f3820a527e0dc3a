"""Organisations: local authorities, schools and settings, health bodies, teams and charities."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse

from sendpath.core.models import BaseModel


class OrganisationKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    SCHOOL = "school", "School"
    EARLY_YEARS = "early_years", "Early years setting"
    COLLEGE = "college", "College or post-16 provider"
    HEALTH = "health", "Health body"
    SOCIAL_CARE = "social_care", "Social care team"
    VOLUNTARY = "voluntary", "Voluntary or community organisation"


EDUCATION_KINDS = (OrganisationKind.SCHOOL, OrganisationKind.EARLY_YEARS, OrganisationKind.COLLEGE)


class Phase(models.TextChoices):
    NURSERY = "nursery", "Nursery"
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    POST_16 = "post16", "16 plus"
    NOT_APPLICABLE = "na", "Not applicable"


class SettingType(models.TextChoices):
    """Type of school or setting, grouped as DfE's EHC plan caseload statistics group them."""

    MAINSTREAM_MAINTAINED = "mainstream_maintained", "Mainstream, maintained by the local authority"
    MAINSTREAM_ACADEMY = "mainstream_academy", "Mainstream academy"
    MAINSTREAM_FREE = "mainstream_free", "Mainstream free school"
    MAINSTREAM_INDEPENDENT = "mainstream_independent", "Mainstream independent"
    SPECIAL_MAINTAINED = "special_maintained", "Special school, maintained by the local authority"
    SPECIAL_ACADEMY = "special_academy", "Special academy or free school"
    SPECIAL_NON_MAINTAINED = "special_non_maintained", "Non-maintained special school"
    SPECIAL_INDEPENDENT = "special_independent", "Independent special school"
    ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision or pupil referral unit"
    EARLY_YEARS = "early_years", "Early years provider"
    FE_COLLEGE = "fe_college", "General further education college"
    SIXTH_FORM_COLLEGE = "sixth_form_college", "Sixth form college"
    SPECIALIST_POST16 = "specialist_post16", "Specialist post-16 institution"
    OTHER = "other", "Other"


class Organisation(BaseModel):
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(max_length=200)
    la_code = models.CharField("LA code", max_length=3, blank=True)
    ons_code = models.CharField("ONS code", max_length=9, blank=True)
    urn = models.CharField("URN", max_length=6, blank=True)
    ukprn = models.CharField("UKPRN", max_length=8, blank=True)
    phase = models.CharField(max_length=12, choices=Phase.choices, blank=True)
    setting_type = models.CharField(max_length=30, choices=SettingType.choices, blank=True)
    local_authority = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations_in_area",
        limit_choices_to={"kind": OrganisationKind.LOCAL_AUTHORITY},
        help_text="The local authority area the organisation is in",
    )
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["la_code"],
                condition=Q(kind="local_authority") & ~Q(la_code=""),
                name="unique_la_code",
            ),
            models.UniqueConstraint(fields=["urn"], condition=~Q(urn=""), name="unique_urn"),
            models.UniqueConstraint(fields=["ukprn"], condition=~Q(ukprn=""), name="unique_ukprn"),
        ]
        indexes = [models.Index(fields=["kind", "name"], name="org_kind_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:organisation", args=[self.pk])

    @property
    def is_local_authority(self) -> bool:
        return self.kind == OrganisationKind.LOCAL_AUTHORITY

    @property
    def identifier(self) -> str:
        if self.la_code:
            return f"LA {self.la_code}"
        if self.urn:
            return f"URN {self.urn}"
        if self.ukprn:
            return f"UKPRN {self.ukprn}"
        return ""
