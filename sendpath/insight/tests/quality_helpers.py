"""Issued plans for the quality audit's tests, made directly in the database."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
from typing import Any

from django.test import Client

from sendpath.ehc.models import Case, Plan, PlanVersion
from sendpath.people.tests.factories import ChildFactory

_refs = itertools.count(1)


def issued_plan(
    authority: Any,
    *,
    child: Any = None,
    need: str = "SLCN",
    placement: Any = None,
    issued_on: dt.date = dt.date(2025, 6, 1),
    cared_for: bool = False,
    versions: int = 1,
    closed: bool = False,
    draft: bool = False,
) -> Plan:
    child = child or ChildFactory(
        responsible_authority=authority, primary_need=need, cared_for=cared_for
    )
    case = Case.objects.create(
        child=child, authority=authority, reference=f"Q{next(_refs):05d}",
        request_source="parent", received_on=issued_on - dt.timedelta(days=120),
        stage="drafting" if draft else "final_issued",
    )  # fmt: skip
    plan = Plan.objects.create(
        case=case, status="draft" if draft else "final", placement=placement,
        issued_on=None if draft else issued_on,
        section_a="I like trains and I want to be a driver.", section_k="Advice from the EP.",
    )  # fmt: skip
    if closed:
        # A plan ceased: its case is closed. Another case may then be open for the child.
        case.closed_at = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)
        case.save()
    if not draft:
        for n in range(1, versions + 1):
            PlanVersion.objects.create(
                plan=plan, number=n, kind="final" if n == 1 else "amended",
                issued_on=issued_on + dt.timedelta(days=200 * (n - 1)),
                snapshot={"sections": {"A": f"Version {n}: I like trains", "K": "EP advice"},
                          "placement": placement.name if placement else "",
                          "needs": [{"number": 1, "area": "Communication and interaction",
                                     "description": "Finds it hard to follow spoken words"}],
                          "outcomes": [], "provisions": []},
            )  # fmt: skip
    return plan


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def body(response: Any) -> str:
    return response.content.decode()


def based_on(page: str) -> str:
    """The hidden version field of a form page."""
    found = re.search(r'name="based_on"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="based_on"', page
    )
    assert found, "the form carries no version"
    return html.unescape(found.group(1))


def row(page: str, attribute: str) -> list[str]:
    """The cells of the table row carrying ``attribute`` (e.g. data-section="A"), as text."""
    found = re.search(rf"<tr[^>]*{re.escape(attribute)}[^>]*>(.*?)</tr>", page, re.DOTALL)
    assert found, attribute
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", found.group(1), re.DOTALL)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in cells]
