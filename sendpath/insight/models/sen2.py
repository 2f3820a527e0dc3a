"""The SEN2 return built from the records: each run (queued, built in the background, kept with
its file) and the problems found in it before it is sent to DfE."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from sendpath.core.models import BaseModel
from sendpath.people.models import Child

__all__ = ["Officer", "Sen2Problem", "Sen2Run", "Sen2RunStatus", "Severity"]


class Sen2RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Building"
    FINISHED = "finished", "Built"
    FAILED = "failed", "Failed"


class Officer(models.TextChoices):
    """SEN2 header items DMO, DCO and DSCO: whether a Designated Medical, Clinical or Social
    Care Officer is in post (SEND Code of Practice 3.45-3.52)."""

    YES = "Y", "Yes, in post"
    NO = "N", "No, not in post"
    RECRUITING = "R", "Being recruited"


class Severity(models.TextChoices):
    ERROR = "E", "Error"
    QUERY = "Q", "Query"
    WARNING = "W", "Warning"


class Sen2Run(BaseModel):
    """One SEN2 return built for collection year ``year`` (census on the third Thursday of
    January of that year; activity in the calendar year before)."""

    year = models.PositiveSmallIntegerField()
    reference_date = models.DateField()
    lea = models.CharField("LA code", max_length=3)
    serial_no = models.PositiveSmallIntegerField(default=1)
    dmo = models.CharField("Designated Medical Officer", max_length=1, choices=Officer.choices)
    dco = models.CharField("Designated Clinical Officer", max_length=1, choices=Officer.choices)
    dsco = models.CharField("Designated Social Care Officer", max_length=1, choices=Officer.choices)
    status = models.CharField(
        max_length=10, choices=Sen2RunStatus.choices, default=Sen2RunStatus.QUEUED
    )
    done = models.PositiveIntegerField(default=0)  # children read so far
    total = models.PositiveIntegerField(default=0)
    persons = models.PositiveIntegerField(default=0)  # Person records in the file
    errors = models.PositiveIntegerField(default=0)
    queries = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="sen2/%Y/%m/", blank=True)
    size = models.PositiveIntegerField(default=0)
    # Every child in the file: a download is a read of each of their records (audited).
    child_ids = models.JSONField(default=list)
    failure = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"SEN2 return {self.year} (LA {self.lea}, serial {self.serial_no:03d})"

    def get_absolute_url(self) -> str:
        return reverse("insight:sen2_run", args=[self.pk])

    @property
    def file_name(self) -> str:
        return f"sen2_{self.year}_{self.lea}_{self.serial_no:03d}.xml"


class Sen2Problem(models.Model):
    """One problem in a built return: a schema error, or a business rule of DfE's guide as
    restated in the SEN2 notes (rules ``SP-...``), naming the child and the element."""

    id = models.BigAutoField(primary_key=True)
    run = models.ForeignKey(Sen2Run, on_delete=models.CASCADE, related_name="problems")
    severity = models.CharField(max_length=1, choices=Severity.choices)
    rule = models.CharField(max_length=20)
    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case_id = models.UUIDField(null=True, blank=True)
    element = models.CharField(max_length=200)
    message = models.TextField()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["run", "severity", "id"], name="sen2problem_run_sev")]

    def __str__(self) -> str:
        return f"{self.rule} {self.element}: {self.message}"
