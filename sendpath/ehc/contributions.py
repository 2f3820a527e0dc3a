"""What the EHC app adds to the pages of the apps below it (``sendpath.core.registry``).

Registered from ``EhcConfig.ready``: the menu's worklist, panel and reviews pages, the cases
panel on a child's record, the caseworker's home page and the deadline wording templates use.
"""

from __future__ import annotations

from typing import Any

from sendpath.core import registry
from sendpath.core.roles import Role
from sendpath.ehc.amendments.selectors import turning_25
from sendpath.ehc.cases.stages import Step, step_allowed
from sendpath.ehc.models import Case
from sendpath.ehc.presenters import deadline_label, names_for, period_of
from sendpath.ehc.rules import works_on_cases


def case_deadline_label(case: Any) -> str:
    """The case's next deadline in words, naming the advice source or setting it concerns."""
    return deadline_label(case.next_key, names_for(case)) if case.next_key else ""


def _deadline_label(key: str) -> str:
    return deadline_label(key)


def case_step_allowed(case: Any, step: str) -> bool:
    """For templates: whether the case's stage allows the named step (a ``Step`` value; an
    unknown name fails loudly rather than hiding a button)."""
    return step_allowed(case, Step(step))


def child_cases_context(child: Any, user: Any) -> dict[str, Any]:
    """A child's statutory cases, newest first, for the panel on the record page."""
    cases = list(Case.objects.filter(child=child).order_by("-received_on"))
    open_cases = [c for c in cases if c.closed_at is None]
    can_edit = user.has_perm("people.change_child", child)
    return {
        "cases": cases,
        "can_edit": can_edit,
        "turning_25": next((d for c in open_cases if (d := turning_25(c)) is not None), None),
        # Recording an existing plan by hand: only for a child with no open case (so no plan
        # in force), and only for those who can open cases.
        "can_record_plan": can_edit and not open_cases and user.has_perm("ehc.view_worklist"),
    }


def register() -> None:
    registry.add_nav(
        registry.Nav("ehc:worklist", "Worklist", perm="ehc.view_worklist", order=10),
        registry.Nav("ehc:panel", "Panel", perm="ehc.view_panel", order=20),
        registry.Nav("ehc:reviews", "Reviews", perm="ehc.view_reviews", order=30),
        registry.Nav(
            "ehc:caseload_upload", "Import SEN2 return", perm="ehc.import_caseload", order=85
        ),
        registry.Nav(
            "ehc:disagreement_contacts",
            "Letter contacts",
            perm="ehc.manage_disagreement_contacts",
            order=195,
        ),
    )
    registry.add_panel(
        registry.Panel(
            slot=registry.CHILD_RECORD,
            template="ehc/panels/child_cases.html",
            perm=works_on_cases,
            order=10,
            context=child_cases_context,
        )
    )
    # A foster or kinship carer's link to the plan they may read (people.view_plan_as_carer).
    registry.add_panel(
        registry.Panel(
            slot=registry.FAMILY_HOME,
            template="ehc/panels/carer_plan.html",
            perm="people.view_plan_as_carer",
        )
    )
    registry.add_home_page(
        registry.HomePage(
            roles=(Role.CASEWORKER, Role.MANAGER), url_name="ehc:worklist", perm="ehc.view_worklist"
        )
    )
    registry.add_template_global("case_deadline_label", case_deadline_label)
    registry.add_template_global("step_allowed", case_step_allowed)
    registry.add_template_global("period_of", period_of)
    registry.add_template_global("plan_turning_25", turning_25)
    registry.add_template_filter("deadline_label", _deadline_label)
