"""What "All about me" adds to the pages below it (``sendpath.core.registry``): the family's
own words wherever they are needed, so a family tells us once.

- the case's page (the request): what the family told us (Children and Families Act 2014
  section 19: regard to their views, wishes and feelings);
- the advice page: the family's own advice and information for the assessment (SEND
  Regulations 2014 regulation 6(1)(a) and 7; SEND Code of Practice 9.49), dated;
- the page where section A of the plan is changed, with a button that puts the family's words
  into section A (Code of Practice 9.69: section A records their views, interests and
  aspirations, in their own words where possible);
- the review page: their latest views, for every review (SEND Regulations 2014 regulation
  20(1)(a); Code of Practice 9.166).

Every page that shows them writes an audit entry: a read of the child's record.
"""

from __future__ import annotations

from typing import Any

from sendpath.core import registry
from sendpath.core.audit import audit_record
from sendpath.core.concurrency import stamp
from sendpath.core.models import AuditAction
from sendpath.ehc.plans import selectors as plan_selectors
from sendpath.ehc.plans.reference import TEXT_SECTIONS
from sendpath.portal.status.actions import Action, add_action

from . import pictures, presenters, rules, selectors

PAGES = {
    registry.CASE_OVERVIEW: "the case's page",
    registry.CASE_ADVICE: "the advice page",
    registry.PLAN_SECTION_A: "section A of the plan",
    registry.CASE_REVIEW: "the review page",
}


def family_voice(request: Any, case: Any, slot: str) -> dict[str, Any]:
    """The family's latest "All about me" for a case's page, its read audited."""
    child = case.child
    latest = selectors.latest(child)
    files = list(selectors.files(child))
    audit_record(
        request=request,
        action=AuditAction.VIEWED,
        obj=latest or case,
        child_id=child.pk,
        summary=(
            f"Viewed the family's All about me on {PAGES.get(slot, 'a case page')} "
            f"(case {case.reference})"
        ),
    )
    found: dict[str, Any] = {
        "latest": latest,
        "answers": [a for a in presenters.answers(latest) if a.text],
        "written": presenters.written(latest) if latest else "",
        "files": files,
        "staff_pages": request.user.has_perm("ehc.view_case", case),
        "slot": slot,
    }
    if slot == registry.PLAN_SECTION_A and latest is not None:
        plan = plan_selectors.plan_for(case, request.user)
        spec = TEXT_SECTIONS["a"]
        found["plan"] = plan
        found["based_on"] = stamp(plan, {"text": plan.section_a}, version=spec.version)
        found["in_use"] = plan.section_a.strip() == presenters.section_a_text(latest).strip()
        found["can_use"] = request.user.has_perm(rules.USE, case) and plan_selectors.is_editable(
            case, plan
        )
    return found


# What each slot's panel is told (made once, so registering twice adds nothing new).
_CONTEXT = {slot: (lambda case, user, slot=slot: {"slot": slot}) for slot in PAGES}


def picture_cards(group: str) -> tuple[pictures.Card, ...]:
    """For templates: the picture cards of a group (likes, hard_things, helpers)."""
    return pictures.GROUPS[group]


def register() -> None:
    rules.register()
    add_action(
        Action(
            "All about me: tell us once",
            "portal:all_about_me",
            gate=rules.TELL,
            hint=(
                "What they like, what they find hard, what helps and their hopes. We use it in "
                "the request, the assessment, the plan and every review, so you only tell us once."
            ),
            order=20,
        )
    )
    for slot in PAGES:
        registry.add_panel(
            registry.Panel(
                slot=slot,
                template="portal/voice/_case_panel.html",
                perm=rules.READ,
                order=5,
                context=_CONTEXT[slot],
            )
        )
    registry.add_template_global("portal_family_voice", family_voice)
    registry.add_template_global("portal_cards", picture_cards)
