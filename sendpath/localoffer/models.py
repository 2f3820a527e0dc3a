"""The Local Offer: providers, services, where and when they run, versions, feedback, imports.

Modelled on Open Referral UK 3.0 (HSDS-UK), so the API is a view of these tables: a
``Provider`` is an ORUK organization, ``Location`` and ``ServiceAtLocation`` are the ORUK tables
of the same names, needs and categories are ``TaxonomyTerm`` rows. This app knows no child.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone

from sendpath.core.models import BaseModel
from sendpath.people.models.organisation import Organisation

from . import reference


class Taxonomy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, unique=True)  # "need" or "category" (ours)
    name = models.CharField(max_length=200)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name_plural = "taxonomies"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    description = models.TextField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["taxonomy", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="term_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


class Provider(BaseModel):
    """Who runs services: a council team, a school, an NHS trust, a charity, a club."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    # The organisation whose staff (with the service provider role) may keep its entries up to
    # date. Empty for providers only the Local Offer team maintains, and for imported ones.
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="local_offer_providers",
    )
    feed = models.ForeignKey(
        "FeedImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    external_id = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceStatus(models.TextChoices):
    # The four values of ORUK 3.0 service.status, as the schema spells them.
    ACTIVE = "active", "Open"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"
    INACTIVE = "inactive", "Not running at the moment"
    DEFUNCT = "defunct", "Closed for good"


PUBLIC_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)


class Access(models.TextChoices):
    SELF_REFERRAL = "self", "Families can contact the service themselves"
    REFERRAL = "referral", "A professional must refer (for example a GP, school or social worker)"
    EITHER = "either", "Either: families can contact it, or a professional can refer"


ACCESS_SHORT = {
    Access.SELF_REFERRAL: "Self-referral",
    Access.REFERRAL: "Referral needed",
    Access.EITHER: "Self-referral or referral",
}


class Source(models.TextChoices):
    LOCAL = "local", "This Local Offer"
    IMPORTED = "imported", "Imported from another authority's feed"


class Service(BaseModel):
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    description = models.TextField()
    url = models.URLField("Website", blank=True, max_length=500)
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    alert = models.CharField(max_length=300, blank=True)
    minimum_age = models.PositiveSmallIntegerField(default=0)
    maximum_age = models.PositiveSmallIntegerField(default=25)
    eligibility = models.TextField(blank=True)
    needs = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="need_services")
    categories = models.ManyToManyField(TaxonomyTerm, related_name="category_services")
    is_free = models.BooleanField(default=True)
    cost_description = models.CharField(max_length=300, blank=True)
    access = models.CharField(max_length=10, choices=Access.choices, default=Access.EITHER)
    how_to_access = models.TextField(blank=True)
    opening_times = models.TextField(blank=True)
    languages = models.JSONField(default=list, blank=True)
    area = models.CharField(max_length=100, blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_title = models.CharField(max_length=200, blank=True)
    last_reviewed = models.DateField()
    review_by = models.DateField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LOCAL)
    feed = models.ForeignKey(
        "FeedImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    external_id = models.CharField(max_length=100, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Kept up to date by services.refresh_search on PostgreSQL (weighted, English stemmer);
    # a GIN index is added by migration 0002 on PostgreSQL only.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "review_by"], name="lo_service_public"),
            models.Index(fields=["modified_at"], name="lo_service_modified"),
            models.Index(fields=["minimum_age", "maximum_age"], name="lo_service_ages"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__lte=models.F("maximum_age")),
                name="lo_service_ages_ordered",
            ),
            models.UniqueConstraint(
                fields=["feed", "external_id"],
                condition=~models.Q(external_id=""),
                name="lo_service_unique_external",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("localoffer:service", args=[self.pk])

    @property
    def is_overdue_review(self) -> bool:
        return self.review_by < timezone.localdate()

    @property
    def hidden_from(self) -> dt.date:
        """The day an entry not checked by its review date drops out of the public directory."""
        return self.review_by + dt.timedelta(days=reference.GRACE_DAYS)

    @property
    def is_hidden(self) -> bool:
        return self.status not in PUBLIC_STATUSES or timezone.localdate() > self.hidden_from

    @property
    def ages_label(self) -> str:
        return age_range_label(self.minimum_age, self.maximum_age)


def age_range_label(low: int, high: int) -> str:
    if low == 0 and high >= 25:
        return "All ages, 0 to 25"
    if low == 0:
        return f"Up to {high} years"
    return f"{low} to {high} years"


class Location(BaseModel):
    name = models.CharField(max_length=200)
    address_1 = models.CharField("Address", max_length=300)
    city = models.CharField("Town or city", max_length=100)
    postcode = models.CharField(max_length=10)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    accessibility = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="lo_location_point")]

    def __str__(self) -> str:
        return f"{self.name}, {self.postcode}"


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="at_services")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="lo_sal_unique")
        ]

    def __str__(self) -> str:
        return f"{self.service_id} at {self.location_id}"


class ServiceVersion(models.Model):
    """What an entry said after each change: the history staff can read and compare."""

    id = models.BigAutoField(primary_key=True)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.CharField(max_length=300)
    changed_fields = models.JSONField(default=list)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["service", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="lo_version_unique")
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"


class Postcode(models.Model):
    """A postcode centroid: a unit (``DM1 4AB``), a sector (``DM1 4``) or a district (``DM1``).

    Keys are upper case with the one space; sectors and districts let a family type part of a
    postcode. Loaded from a bundled file or an ONS Postcode Directory extract
    (``manage.py load_postcodes``); nothing is looked up outside at run time.
    """

    key = models.CharField(max_length=8, primary_key=True)  # "DM1 4AB", "DM1 4", "DM1"
    kind = models.CharField(max_length=10)  # unit, sector or district
    latitude = models.FloatField()
    longitude = models.FloatField()

    def __str__(self) -> str:
        return self.key


class CommentStatus(models.TextChoices):
    NEW = "new", "New"
    PUBLISHED = "published", "Response published"
    DECLINED = "declined", "Declined"


class Comment(BaseModel):
    """A comment on the Local Offer (SEND Regulations 2014 reg 56) and the authority's answer.

    What the person wrote and their contact details are never published: staff write what is
    published ("you said") in their own words, with no personal details.
    """

    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    topic = models.CharField(max_length=20, choices=reference.TOPICS)
    body = models.TextField()
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(
        max_length=10, choices=CommentStatus.choices, default=CommentStatus.NEW
    )
    you_said = models.TextField(blank=True)
    we_did = models.TextField(blank=True)
    action_taken = models.TextField(blank=True)
    decline_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="lo_comment_status"),
            models.Index(fields=["status", "-decided_at"], name="lo_comment_published"),
        ]

    def __str__(self) -> str:
        return f"Comment of {self.created_at:%-d %B %Y}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"


class FeedImport(BaseModel):
    """One import of an Open Referral UK feed, and what became of each record.

    An import started from the pages is queued and run by a background task
    (``sendpath.localoffer.tasks``); one run by the command is finished when it is recorded.
    """

    source = models.CharField(max_length=500)  # the URL or the uploaded file's name
    label = models.CharField(max_length=200)  # whose services these are, shown to families
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    url = models.CharField(max_length=500, blank=True)  # fetched by the task; blank for a file
    # The uploaded file's records, kept only until the task has imported them.
    payload = models.JSONField(null=True, blank=True)
    failure = models.TextField(blank=True)  # why nothing was imported, in plain English
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    # [{"record": "<id or position>", "field": "<path>", "message": "..."}]
    problems = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.label} ({self.source})"
