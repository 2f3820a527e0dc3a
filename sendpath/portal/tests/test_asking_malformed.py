"""Garbage posted to every form of the family's asking pages is refused with a 4xx that names
a field, and writes nothing: never a server error, never a half-written step."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendpath.ehc.models import Case, CaseEvent, Document

from .asking_support import build_family, case_in_force, case_with_draft

pytestmark = pytest.mark.django_db

SUMMARY_LINK = re.compile(r'govuk-error-summary.*?<a href="#([^"]+)"', re.DOTALL)
garbage = st.one_of(
    st.sampled_from(["", " ", "\x00", "A" * 5001, "\x00<script>x</script>"]),
    st.text(max_size=3).filter(lambda t: not t.strip()),
)

FORMS = {
    "ask_assessment": ["why", "help_now", "school", "evidence"],
    "draft_representations": ["comments"],
    "draft_meeting": ["about", "times"],
    "draft_placement": ["setting_type", "name", "reason"],
    "personal_budget": ["what_for"],
    "documents": ["title", "file"],
    "concern": ["message"],
    "review_contribution": ["views", "file"],
}


def posts(fields: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    names = [*fields, "unexpected"]
    return st.dictionaries(
        st.sampled_from(names),
        st.one_of(garbage, st.lists(garbage, min_size=1, max_size=3)),
        max_size=len(names),
    )


@pytest.mark.parametrize("name", sorted(FORMS))
def test_garbage_is_refused_with_a_named_field_and_writes_nothing(world, name):
    family = build_family(world)
    if name in ("ask_assessment",):
        child = family.child
    elif name == "review_contribution":
        case_in_force(world, family.child, meeting_in=10)
        child = family.child
    else:
        case_with_draft(world, family.child)
        child = family.child
    client = Client(raise_request_exception=False)
    client.force_login(family.parent)
    path = reverse(f"portal:{name}", kwargs={"pk": child.pk})
    cases, events, documents = (
        Case.objects.count(),
        CaseEvent.objects.count(),
        Document.objects.count(),
    )

    @settings(
        max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(data=posts(FORMS[name]))
    def check(data: dict[str, Any]) -> None:
        response = client.post(path, data)
        assert 400 <= response.status_code < 500, (data, response.status_code)
        if response.status_code == 400:
            assert SUMMARY_LINK.search(response.content.decode()), data

    check()
    assert (Case.objects.count(), CaseEvent.objects.count(), Document.objects.count()) == (
        cases,
        events,
        documents,
    )
