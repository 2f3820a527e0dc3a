"""Garbage posted to every form of All about me is refused with a 4xx naming a field, or saved
when it happens to be valid (a redirect): never a server error. The same check as the
project-wide crawl (``tests/test_malformed_input.py``), on these forms directly, since the
crawl reaches them only through the portal's links."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sendpath.ehc.tests.test_plan import drafting_case
from sendpath.people.models import Role
from tests.test_malformed_input import FIELD, FORM, fuzz

pytestmark = pytest.mark.django_db


def _fields(client: Client, path: str) -> list[str]:
    body = client.get(path).content.decode()
    found: set[str] = set()
    for _attrs, inner in FORM.findall(body):
        found.update(FIELD.findall(inner))
    return sorted(found - {"csrfmiddlewaretoken"})


def test_garbage_posted_to_all_about_me_never_gives_a_server_error(world):
    child = world.family_child
    family = Client(raise_request_exception=False)
    family.force_login(world.user(Role.FAMILY))
    failures: list[str] = []
    for name, more in (
        ("all_about_me_change", {}),
        ("all_about_me_easy_step", {"step": "like"}),
        ("all_about_me_easy_step", {"step": "help"}),
        ("all_about_me_easy_check", {}),
        ("all_about_me_file_add", {}),
    ):
        path = reverse(f"portal:{name}", kwargs={"pk": child.pk, **more})
        fields = _fields(family, path)
        fuzz(family, f"POST {path}", path, fields, failures)
    case = drafting_case(world, child=child)
    staff = Client(raise_request_exception=False)
    staff.force_login(world.user(Role.CASEWORKER))
    path = reverse("portal:use_family_words", args=[case.pk])
    fuzz(staff, f"POST {path}", path, ["version", "based_on"], failures)
    assert not failures, "\n".join(failures[:20])
