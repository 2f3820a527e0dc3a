"""Two caseworkers change the same part of a draft plan: the second save, based on an older
page, is refused with what changed, keeps what was typed and writes nothing; a fresh save works.
A change to another section is not refused."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from sendpath.ehc.models import Plan, PlanNeed, PlanOutcome, PlanProvision
from sendpath.people.models import Role

from .test_plan import drafting_case, fill_plan, signed_in


def based_on(page: str) -> str:
    found = re.search(r'name="based_on" value="([^"]*)"', page)
    assert found, "the form carries the version it was read at"
    return html.unescape(found.group(1))


def _need_data(need, **changes):
    return {"area": need.area, "description": need.description, **changes}


def _outcome_data(outcome, need, **changes):
    return {
        "what": outcome.what,
        "by_when": outcome.by_when,
        "how_measured": outcome.how_measured,
        "needs": [str(need.pk)],
        **changes,
    }


def _provision_data(provision, need, **changes):
    return {
        "section": provision.section,
        "what": provision.what,
        "who": provision.who,
        "how_often": provision.how_often,
        "how_long": provision.how_long,
        "needs": [str(need.pk)],
        **changes,
    }


KINDS = {
    "section": {
        "url": lambda case, items: reverse("ehc:plan_section", args=[case.pk, "a"]),
        "data": lambda items, **c: {"text": "", **c},
        "first": {"text": "Loves drawing and trains"},
        "second": {"text": "Enjoys music"},
        "kept": "Enjoys music",
        "shown": "they changed it to “Loves drawing and trains”",
        "now": lambda items, case: Plan.objects.get(pk=case.plan.pk).section_a,
        "expected": "Loves drawing and trains",
    },
    "need": {
        "url": lambda case, items: reverse("ehc:plan_need", args=[case.pk, items[0].pk]),
        "data": lambda items, **c: _need_data(items[0], **c),
        "first": {"description": "Needs visual prompts to follow instructions"},
        "second": {"description": "Struggles in noisy rooms"},
        "kept": "Struggles in noisy rooms",
        "shown": "Description of the need: they changed it to “Needs visual prompts",
        "now": lambda items, case: PlanNeed.objects.get(pk=items[0].pk).description,
        "expected": "Needs visual prompts to follow instructions",
    },
    "outcome": {
        "url": lambda case, items: reverse("ehc:plan_outcome", args=[case.pk, items[1].pk]),
        "data": lambda items, **c: _outcome_data(items[1], items[0], **c),
        "first": {"by_when": "End of Year 5"},
        "second": {"by_when": "Christmas", "how_measured": "Teacher's notes"},
        "kept": "Teacher&#39;s notes",
        "shown": "By when: they changed it to “End of Year 5”",
        "now": lambda items, case: PlanOutcome.objects.get(pk=items[1].pk).by_when,
        "expected": "End of Year 5",
    },
    "provision": {
        "url": lambda case, items: reverse("ehc:plan_provision", args=[case.pk, items[2].pk]),
        "data": lambda items, **c: _provision_data(items[2], items[0], **c),
        "first": {"how_often": "4 sessions per week"},
        "second": {"how_often": "daily", "who": "Teaching assistant"},
        "kept": "Teaching assistant",
        "shown": "How often: they changed it to “4 sessions per week”",
        "now": lambda items, case: PlanProvision.objects.get(pk=items[2].pk).how_often,
        "expected": "4 sessions per week",
    },
}


@pytest.mark.parametrize("kind", KINDS)
def test_a_stale_change_to_the_plan_is_refused(world, kind):
    spec = KINDS[kind]
    case = drafting_case(world)
    items = fill_plan(world, case)
    first, second = signed_in(world, Role.CASEWORKER), signed_in(world, Role.CASEWORKER)
    url = spec["url"](case, items)
    first_opened = based_on(first.get(url).content.decode())
    second_opened = based_on(second.get(url).content.decode())

    saved = first.post(url, {**spec["data"](items, **spec["first"]), "based_on": first_opened})
    assert saved.status_code == 302

    typed = {**spec["data"](items, **spec["second"]), "based_on": second_opened}
    refused = second.post(url, typed)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "govuk-error-summary" in page
    assert "Someone else changed this record after you opened this page" in page
    assert spec["shown"] in page
    assert spec["kept"] in page
    assert spec["now"](items, case) == spec["expected"]

    fresh = based_on(second.get(url).content.decode())
    again = second.post(url, {**typed, "based_on": fresh})
    assert again.status_code == 302
    assert spec["now"](items, case) != spec["expected"]


def test_changes_to_different_sections_of_one_plan_are_both_kept(world):
    case = drafting_case(world)
    need, _, _ = fill_plan(world, case)
    first, second = signed_in(world, Role.CASEWORKER), signed_in(world, Role.CASEWORKER)
    section_a = reverse("ehc:plan_section", args=[case.pk, "a"])
    section_k = reverse("ehc:plan_section", args=[case.pk, "k"])
    need_url = reverse("ehc:plan_need", args=[case.pk, need.pk])
    a_opened = based_on(first.get(section_a).content.decode())
    k_opened = based_on(second.get(section_k).content.decode())
    need_opened = based_on(second.get(need_url).content.decode())

    assert first.post(section_a, {"text": "Likes art", "based_on": a_opened}).status_code == 302
    assert second.post(section_k, {"text": "Advice list", "based_on": k_opened}).status_code == 302
    changed = second.post(
        need_url, {**_need_data(need, description="Changed need"), "based_on": need_opened}
    )
    assert changed.status_code == 302
    plan = Plan.objects.get(pk=case.plan.pk)
    assert (plan.section_a, plan.section_k) == ("Likes art", "Advice list")
