"""View-models for the joint meeting pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from sendpath.core.views import pagination

from . import selectors
from .models import AgendaItem, Section


def agenda_sections(
    request: HttpRequest, items: QuerySet[AgendaItem], *, paginate: bool
) -> list[tuple[Section, Any, dict[str, Any] | None]]:
    """Each section with its items: on the meeting page a page of them (``<section>_page``)
    with the section's count, all sections counted in one query; for the printable agenda
    and minutes every item, with its actions."""
    counts = selectors.agenda_section_counts(items) if paginate else {}
    sections: list[tuple[Section, Any, dict[str, Any] | None]] = []
    for section in Section:
        rows = items.filter(section=section.value)
        if not paginate:
            sections.append((section, list(rows.prefetch_related("actions__owner")), None))
            continue
        paginator = Paginator(rows, settings.PAGE_SIZE)
        paginator.count = counts.get(section.value, 0)
        page = paginator.get_page(request.GET.get(f"{section.value}_page"))
        sections.append(
            (
                section,
                page,
                pagination(request, page, f"{section.value}_page", f"{section.label}: pages"),
            )
        )
    return sections
