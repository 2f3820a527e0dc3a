"""Reads for the documents on a case."""

from __future__ import annotations

from django.db.models import QuerySet

from sendpath.ehc.models import Case, Document


def case_documents(case: Case) -> QuerySet[Document]:
    """A case's documents, newest first, with the step each is attached to."""
    return Document.objects.filter(case=case).select_related("event", "created_by")
