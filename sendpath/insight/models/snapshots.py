"""Stored counts: an authority's figures as last counted, with what they were counted from
(``sendpath.insight.snapshots``), so a dashboard shows them without counting every case on every
view."""

from __future__ import annotations

from django.db import models

from sendpath.people.models import Organisation

__all__ = ["FigureSnapshot", "SnapshotKind"]


class SnapshotKind(models.TextChoices):
    FIGURES = "figures", "The figures DfE will publish"
    REVIEWS = "reviews", "Annual reviews and phase transfers"


class FigureSnapshot(models.Model):
    """One stored count of one authority: a kind of figures for one key (a year).

    ``data`` is the count as JSON (None until the first count is stored). ``watermark`` is what
    the count was made from: cheap aggregates of the records it reads (the highest event id and
    the number of events, the children's needs, ...); when they no longer match, the records
    have changed and the count is made again. ``recount_queued_at`` is set while a recount is
    waiting or running, so only one is queued at a time."""

    id = models.BigAutoField(primary_key=True)
    authority = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=SnapshotKind.choices)
    key = models.CharField(max_length=40)
    data = models.JSONField(null=True, blank=True)
    watermark = models.JSONField(default=dict, blank=True)
    counted_at = models.DateTimeField(null=True, blank=True)
    recount_queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "kind", "key"], name="one_snapshot_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} of {self.authority_id}"
