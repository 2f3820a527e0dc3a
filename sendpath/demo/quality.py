"""A finished round of the multi-agency quality audit of EHC plans in the demo: the default
framework, a sample of a few issued plans drawn with a fixed seed, each graded by an education
auditor (the caseworker) and a health auditor (the community paediatrician), one section
moderated where they disagreed, themes and actions. Made through the quality audit's own
services, inside ``load_demo``'s transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sendpath.insight.quality import selectors, services
from sendpath.people.models import Organisation, User

SEED = 2026
PLANS = 4


def _points(section: str, agency: str, n: int) -> int:
    """Grades that make a plausible round: outcomes and provision weakest, health harsher on
    section F of the first plan (so it is moderated)."""
    if section == "F" and agency == "health" and n == 0:
        return 1
    if section in "EF":
        return 2 if n % 2 else 3
    return 3 if (n + len(section)) % 3 else 4


def load_quality(*, today: dt.date, home: Organisation) -> list[str]:
    manager = User.objects.filter(username="manager").first()
    education = User.objects.filter(username="caseworker").first()
    health = User.objects.filter(username="professional").first()
    if manager is None or education is None or health is None:
        return []
    if not selectors.issued_plans(home).exists():
        return []
    services.ensure_framework(authority=home, actor=manager)
    sample = services.draw_sample(
        actor=manager, authority=home, title="Autumn multi-agency audit", size=PLANS,
        seed=SEED, today=today - dt.timedelta(days=30),
    )  # fmt: skip
    criteria = list(sample.criteria.all())
    for n, plan in enumerate(sample.plans.order_by("position")):
        for auditor, agency in ((education, "education"), (health, "health")):
            audit = services.assign(actor=manager, plan=plan, auditor=auditor, agency=agency)
            grades: dict[int, tuple[Any, str]] = {
                c.pk: (_points(c.section, agency, n), "") for c in criteria
            }
            services.save_grades(
                actor=auditor, audit=audit, grades=grades,
                comment="Outcomes need dates and measures." if n % 2 else "A clear plan.",
            )  # fmt: skip
        if n == 0:
            services.moderate(
                actor=manager, plan=plan, section="F", points=2,
                note="Provision names who delivers it but not how often: requires improvement.",
            )  # fmt: skip
        services.findings_save(
            actor=manager, plan=plan,
            themes=["outcomes not measurable"] if n % 2 else ["strong child's voice"],
            summary="Findings shared with the caseworker.",
        )  # fmt: skip
        if n % 2:
            services.action_add(
                actor=manager, plan=plan, description="Rewrite the outcomes in section E",
                owner=education, due_on=today + dt.timedelta(days=28),
            )  # fmt: skip
    return [f"Quality audit: {sample.plans.count()} plans audited by education and health"]
