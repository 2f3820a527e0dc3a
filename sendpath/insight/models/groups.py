"""The authority's own 0-25 population, entered by an administrator, against which "who is over-
or under-represented" compares its plans and SEN Support (``sendpath.insight.groups``)."""

from __future__ import annotations

from django.db import models

from sendpath.core.models import BaseModel
from sendpath.people.models import Organisation, OrganisationKind

__all__ = ["LocalPopulation"]


class LocalPopulation(BaseModel):
    """Counts of the authority's residents aged 0 to 25, by sex, age band and ethnic group (for
    example from the Office for National Statistics' mid-year estimates or Census 2021), with
    where they come from. ``counts`` is {dimension: {group: count}}, the groups of
    ``sendpath.insight.groups.dimensions``; a group left empty is not known."""

    authority = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="local_population",
        limit_choices_to={"kind": OrganisationKind.LOCAL_AUTHORITY},
    )
    counts = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=200, blank=True)
    year = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = "local 0-25 population"

    def __str__(self) -> str:
        return f"0-25 population of {self.authority}"
