"""Stored counts: an authority's figures as last counted, with what they were counted from
(``sendpath.insight.snapshots``), so a dashboard shows them without counting every case on every
view."""

from __future__ import annotations

from django.db import models

from sendpath.ehc.models import Case
from sendpath.people.models import Child, Organisation

__all__ = ["FigureMember", "FigureSnapshot", "SnapshotKind"]


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


class FigureMember(models.Model):
    """One child (and case) counted in one figure of a stored count: the list behind the figure,
    stored in the same pass and the same transaction as the count, so that the list a manager
    opens always matches the count shown, and is read a page at a time whatever the authority's
    size.

    ``figure`` names the count within the snapshot (``"caseload.ehcplans"``: a DfE file and
    column; or a reviews measure such as ``"reviews"``); ``on`` is the day the item is counted
    by, where one case may be counted more than once (a review due, a meeting, a transfer)."""

    id = models.BigAutoField(primary_key=True)
    # Indexed by (snapshot, figure) below, which serves the snapshot alone as well.
    snapshot = models.ForeignKey(
        FigureSnapshot, on_delete=models.CASCADE, related_name="members", db_index=False
    )
    figure = models.CharField(max_length=80)
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["snapshot", "figure"], name="figure_member_by_figure")]

    def __str__(self) -> str:
        return f"{self.figure} of snapshot {self.snapshot_id}: child {self.child_id}"
