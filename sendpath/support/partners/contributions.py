"""What partners add to the pages of the apps below them (``sendpath.core.registry``): the
panel "SEN support in school" on a child's record, for the SEND team and the Virtual School."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sendpath.core import formatting, registry
from sendpath.support.money import pounds

from . import selectors


def child_support_context(child: Any, user: Any) -> dict[str, Any]:
    summary = selectors.support_summary(child=child)
    return {"support": summary, "provision_total": pounds(summary.provision_pence)}


def my_story_rows(case: Any, user: Any) -> list[dict[str, Any]]:
    """Beside a plan's review dates: the child's latest views from school ("My Story"), so the
    annual review starts from what the child has said (CoP 9.166)."""
    from sendpath.support.provision.selectors import my_story

    if not user.has_perm("support.view_overview", case.child):
        return []
    latest = next(iter(my_story(case.child)), None)
    if latest is None:
        value = "None recorded by the school"
    else:
        value = (
            f"{latest.content} ({latest.get_method_display()}, "
            f"{formatting.govuk_date(latest.gathered_on)})"
        )
    return [
        {
            "key": {"text": "The child's views from school (My Story)"},
            "value": {"text": value},
            "actions": {
                "items": [
                    {
                        "href": reverse("support:overview", args=[case.child.pk]),
                        "text": "SEN support",
                        "visuallyHiddenText": "in school, with every view recorded",
                    }
                ]
            },
        }
    ]


def register() -> None:
    registry.add_nav(
        registry.Nav("support:profile", "SEND data profile", perm="support.view_profile", order=45)
    )
    # The child's views wherever they are asked for: the annual review and the advice sought.
    for slot in (registry.CASE_REVIEW, registry.CASE_ADVICE):
        registry.add_rows(registry.Rows(slot=slot, perm="support.view_support", rows=my_story_rows))
    registry.add_panel(
        registry.Panel(
            slot=registry.CHILD_RECORD,
            template="support/partners/child_panel.html",
            perm="support.view_overview",
            order=20,
            context=child_support_context,
        )
    )
