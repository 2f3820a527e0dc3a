"""Synthetic demo data for a fictional authority, Demoshire Council (LA code 999).

Everything here is invented, from seeded ``random.Random`` draws: the same seed gives the same
organisations, children, families, identifiers and UUIDs on the same day (ages are counted back
from today so the demo never goes stale). The children's ages, primary needs, sex and
ethnicity, and where children with EHC plans are placed for each need, are weighted by DfE's
national EHC plan counts (see ``dfe.py``); nothing else claims to be a statistic.

Identifiers are valid but cannot belong to anyone: UPNs carry LA code 999, which no authority
uses; NHS numbers start 999, the range the NHS keeps for testing; URNs start 9 and UKPRNs
1999; telephone numbers come from Ofcom's ranges for drama (07700 900xxx, 01632 960xxx);
email addresses are at example.com; postcodes in Demoshire use the area letters DM, which no
real postcode area uses.

The parts, each importing only those before it: ``draws``, ``datafiles`` and ``common``; the
authority (``authority.build.build_demo`` makes its unsaved rows); the statutory cases
(``cases``); the Local Offer (``localoffer``); SEN support in schools (``support``); and here
``load_demo``, which saves them all for ``manage.py demo``.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import transaction

from sendpath.demo.people_api import (
    Child,
    FamilyMember,
    Organisation,
    OrganisationKind,
    ProfessionalLink,
    SettingAttendance,
    User,
)

from .authority.build import DemoSummary, build_demo, summarise
from .authority.specs import DEMO_ACCOUNTS
from .budgets import load_budgets
from .cases.load import load_cases
from .common import (
    DEFAULT_CHILDREN,
    DEFAULT_SEED,
    DEMO_PASSWORD,
    HOME_NAME,
    NOT_ALLOWED_MESSAGE,
    NOT_EMPTY_MESSAGE,
    DatabaseNotEmpty,
    DemoNotAllowed,
)
from .complaints import load_complaints
from .disputes import load_disputes
from .localoffer.load import load_local_offer
from .portal import load_portal
from .provision import load_provision
from .quality import load_quality
from .support import load_support


def database_has_data() -> bool:
    return (
        Child.objects.exists()
        or Organisation.objects.exists()
        or User.objects.filter(is_superuser=False).exists()
    )


def _say(stdout: Any, text: str) -> None:
    if stdout is not None:
        stdout.write(text + ("" if text.endswith("\n") else "\n"))


def load_demo(
    *,
    seed: int = DEFAULT_SEED,
    children: int = DEFAULT_CHILDREN,
    stdout: Any = None,
    cases: bool = False,
) -> DemoSummary:
    """Load the demo into an empty database in one transaction, or refuse and change nothing.

    With ``cases`` (as ``manage.py demo`` loads it), also the SEND team's other caseworkers
    and about 400 statutory cases at every stage (``sendpath.demo.cases``).
    """
    if not getattr(settings, "DEMO_ALLOWED", False):
        raise DemoNotAllowed(NOT_ALLOWED_MESSAGE)
    started = time.perf_counter()
    with transaction.atomic():
        if database_has_data():
            raise DatabaseNotEmpty(NOT_EMPTY_MESSAGE)
        _say(stdout, f"Making {children:,} children and young people for {HOME_NAME}...")
        plan = build_demo(seed=seed, children=children)
        batch = 500
        las = [o for o in plan.organisations if o.kind == OrganisationKind.LOCAL_AUTHORITY]
        Organisation.objects.bulk_create(las, batch_size=batch)
        Organisation.objects.bulk_create(
            [o for o in plan.organisations if o.kind != OrganisationKind.LOCAL_AUTHORITY],
            batch_size=batch,
        )
        _say(stdout, f"Saved {len(plan.organisations)} organisations")
        for user in plan.users:
            user.set_password(DEMO_PASSWORD)
            user.save()
        _say(stdout, f"Saved {len(plan.users)} demo accounts")
        Child.objects.bulk_create(plan.children, batch_size=batch)
        FamilyMember.objects.bulk_create(plan.family, batch_size=batch)
        SettingAttendance.objects.bulk_create(plan.attendances, batch_size=batch)
        ProfessionalLink.objects.bulk_create(plan.links, batch_size=batch)
        _say(stdout, f"Saved {len(plan.children):,} children with their families and settings")
        case_lines: list[str] = []
        if cases:
            case_lines = load_cases(
                seed=seed,
                today=plan.today,
                home=plan.home,
                children=plan.children,
                organisations=plan.organisations,
                attendances=plan.attendances,
                family=plan.family,
                password=DEMO_PASSWORD,
                stdout=stdout,
            ).lines()
        case_lines += load_local_offer(
            seed=seed, today=plan.today, organisations=plan.organisations, stdout=stdout
        ).lines()
        case_lines += load_support(seed=seed, today=plan.today, home=plan.home).lines()
        if cases:  # disagreements are about statutory cases' decisions
            case_lines += load_disputes(today=plan.today, home=plan.home).lines()
        case_lines += load_portal(today=plan.today)
        case_lines += load_budgets(today=plan.today, home=plan.home)
        case_lines += load_complaints(today=plan.today, home=plan.home)
        if cases:  # the quality audit samples issued plans
            case_lines += load_quality(today=plan.today, home=plan.home)
        if cases:  # destinations are for young people with plans; the smallest load has none
            case_lines += load_provision(today=plan.today, home=plan.home)
    summary = summarise(plan, seconds=time.perf_counter() - started)
    summary.notes += case_lines
    return summary


def accounts_table() -> list[str]:
    width = max(len(u) for u, _, _ in DEMO_ACCOUNTS) + 2
    role_width = max(len(r) for _, r, _ in DEMO_ACCOUNTS) + 2
    lines = [
        f"Demo sign-ins: every account's password is {DEMO_PASSWORD}",
        f"{'Username':<{width}}{'Role':<{role_width}}What they can see",
    ]
    lines += [f"{u:<{width}}{r:<{role_width}}{s}" for u, r, s in DEMO_ACCOUNTS]
    return lines
