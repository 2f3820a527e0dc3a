"""Reads for bringing in the caseload: the SEN2 import runs and the settings a plan can name."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from sendpath.ehc.models import CaseloadImport
from sendpath.people.models import Child, Organisation
from sendpath.people.selectors import education_settings_in


def caseload_imports() -> QuerySet[CaseloadImport]:
    return CaseloadImport.objects.select_related("created_by").order_by("-created_at")


def caseload_import(*, pk: UUID | str) -> CaseloadImport | None:
    return caseload_imports().filter(pk=pk).first()


def settings_for(child: Child) -> list[Organisation]:
    """Settings an existing plan may name: the child's own (current or past), then the open
    schools, colleges and early years settings of the authority's area, by name."""
    own = [a.organisation for a in child.settings.select_related("organisation")]
    seen = {o.pk for o in own}
    area = [
        o for o in education_settings_in(authority=child.responsible_authority) if o.pk not in seen
    ]
    return own + area


def organisation(*, pk: str) -> Organisation | None:
    return Organisation.objects.filter(pk=pk).first()
