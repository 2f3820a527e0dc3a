"""SEN support pages: the school's pupils, the SEN Register, the support record and the
assess-plan-do-review cycles, through the test client, for each role's reach."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendpath.core.concurrency import STALE
from sendpath.core.models import AuditAction, AuditEntry
from sendpath.people.models import SettingAttendance
from sendpath.people.tests.factories import PASSWORD, ChildFactory
from sendpath.support.cycles import services
from sendpath.support.models import (
    Cycle,
    CycleAdvice,
    CycleNote,
    RegisterChange,
    SupportRecord,
    Target,
)

pytestmark = pytest.mark.django_db

HOME = reverse("support:home")
BASED_ON = re.compile(r'name="based_on" value="([^"]*)"')


def signed_in(world, role: str) -> Client:
    client = Client()
    assert client.login(username=world.user(role).username, password=PASSWORD)
    return client


def body(response) -> str:
    return response.content.decode()


def based_on(response) -> str:
    found = BASED_ON.search(body(response))
    assert found, "the form carries the version it was opened at"
    return html.unescape(found.group(1))


def date(name: str, day: dt.date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def pupil_url(child) -> str:
    return reverse("support:pupil", args=[child.pk])


def read_audited(child, username: str) -> bool:
    return AuditEntry.objects.filter(
        child_id=child.pk, action=AuditAction.VIEWED, actor__username=username
    ).exists()


def start_cycle(world, child, started: dt.date | None = None) -> Cycle:
    started = started or timezone.localdate() - dt.timedelta(days=60)
    return services.cycle_start(
        actor=world.user("senco"),
        child=child,
        started_on=started,
        review_due=started + dt.timedelta(weeks=7),
    )


# ---------------------------------------------------------------------------------------------
# The school's pupils


def test_home_lists_the_schools_pupils_on_support_with_reviews_due(world):
    cycle = start_cycle(world, world.ours)
    response = signed_in(world, "senco").get(HOME)
    assert response.status_code == 200
    text = body(response)
    assert "Aurelia Quokka" in text
    assert "Casimir Marmot" in text
    assert "Thaddeus Ocelot" not in text  # another school's pupil
    assert "Reviews due and overdue" in text
    assert "Overdue" in text
    assert f"Cycle {cycle.number}" in text
    assert read_audited(world.ours, "senco")


def test_home_pages_the_reviews_due_with_their_count(world, settings):
    settings.PAGE_SIZE = 1
    start_cycle(world, world.ours)
    other = ChildFactory(responsible_authority=world.la, sen_provision="K", last_name="Zebra")
    SettingAttendance.objects.create(
        child=other, organisation=world.school, start_date="2022-09-01"
    )
    start_cycle(world, other, timezone.localdate() - dt.timedelta(days=50))
    client = signed_in(world, "senco")
    first = body(client.get(HOME))
    assert "2 reviews, showing 1 to 1" in first
    assert "?due_page=2" in first
    second = body(client.get(HOME + "?due_page=2"))
    assert "2 reviews, showing 2 to 2" in second
    assert f'{other.full_name}</a></td>\n      <td class="govuk-table__cell">Cycle 1' in second


def test_home_empty_state_and_search(world):
    client = signed_in(world, "other_senco")
    world.theirs.sen_provision = "N"
    world.theirs.save()
    text = body(client.get(HOME))
    assert "No pupils are on SEN support" in text
    assert "No reviews are due" in text
    # A search finds a pupil not on SEN support, so they can be put on it.
    found = client.get(HOME, {"q": "ocelot"})
    assert "Thaddeus Ocelot" in body(found)
    assert "No pupil you can see" in body(client.get(HOME, {"q": "nobody"}))


def test_home_is_in_the_senco_menu_only(world):
    assert 'href="/support/"' in body(signed_in(world, "senco").get(HOME))
    assert signed_in(world, "family").get(HOME).status_code == 403


# ---------------------------------------------------------------------------------------------
# The pupil's page and each role's reach


def test_pupil_page_shows_status_cycles_and_audits_the_read(world):
    start_cycle(world, world.ours)
    response = signed_in(world, "senco").get(pupil_url(world.ours))
    assert response.status_code == 200
    text = body(response)
    assert "SEN support" in text
    assert "Cycle 1" in text
    assert reverse("support:register", args=[world.ours.pk]) in text
    assert read_audited(world.ours, "senco")


def test_other_school_senco_gets_404_and_the_refusal_is_audited(world):
    client = signed_in(world, "other_senco")
    assert client.get(pupil_url(world.ours)).status_code == 404
    cycle = start_cycle(world, world.ours)
    assert client.get(reverse("support:cycle", args=[world.ours.pk, cycle.pk])).status_code == 404
    register = reverse("support:register", args=[world.ours.pk])
    assert client.post(register, {"status": "N"}).status_code == 404
    assert AuditEntry.objects.filter(
        child_id=world.ours.pk, action=AuditAction.DENIED, actor__username="other_senco"
    ).exists()


def test_family_is_refused(world):
    client = signed_in(world, "family")
    assert client.get(pupil_url(world.family_child)).status_code == 403
    assert client.get(pupil_url(world.ours)).status_code == 403


def test_caseworker_reads_without_change_links_and_cannot_post(world):
    cycle = start_cycle(world, world.ours)
    client = signed_in(world, "caseworker")
    text = body(client.get(pupil_url(world.ours)))
    assert "Cycle 1" in text
    assert reverse("support:register", args=[world.ours.pk]) not in text
    cycle_page = client.get(reverse("support:cycle", args=[world.ours.pk, cycle.pk]))
    assert cycle_page.status_code == 200
    assert reverse("support:target_add", args=[world.ours.pk, cycle.pk]) not in body(cycle_page)
    assert read_audited(world.ours, "caseworker")
    register = reverse("support:register", args=[world.ours.pk])
    response = client.post(
        register, {"status": "N", "reason": "x", **date("effective_on", timezone.localdate())}
    )
    assert response.status_code == 403
    assert client.get(reverse("support:cycle_start", args=[world.ours.pk])).status_code == 403
    # Another authority's caseworker does not see the child at all.
    assert signed_in(world, "other_caseworker").get(pupil_url(world.ours)).status_code == 404


def test_virtual_school_reads_cared_for_pupils_only(world):
    client = signed_in(world, "virtual_school")
    assert client.get(pupil_url(world.ours_cared_for)).status_code == 200
    assert client.get(pupil_url(world.ours)).status_code == 404


def test_child_record_links_to_support(world):
    text = body(signed_in(world, "caseworker").get(world.ours.get_absolute_url()))
    assert pupil_url(world.ours) in text


# ---------------------------------------------------------------------------------------------
# The SEN Register


def test_put_on_sen_support_then_take_off_keeps_the_history(world):
    child = ChildFactory(sen_provision="N", primary_need="", responsible_authority=world.la)
    SettingAttendance.objects.create(
        child=child, organisation=world.school, start_date=dt.date(2022, 9, 1)
    )
    client = signed_in(world, "senco")
    url = reverse("support:register", args=[child.pk])
    page = client.get(url)
    assert page.status_code == 200
    placed = timezone.localdate() - dt.timedelta(days=10)
    response = client.post(
        url,
        {
            "status": "K",
            "primary_need": "SPLD",
            "secondary_need": "SLCN",
            "based_on": based_on(page),
            **date("effective_on", placed),
        },
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.sen_provision, child.sen_provision_since) == ("K", placed)
    assert (child.primary_need, child.secondary_need) == ("SPLD", "SLCN")
    assert AuditEntry.objects.filter(child_id=child.pk, action=AuditAction.UPDATED).exists()
    # A change of need while on SEN support keeps the date placed (the readiness clock).
    services.register_change(
        actor=world.user("senco"),
        child=child,
        status="K",
        effective_on=timezone.localdate(),
        primary_need="MLD",
    )
    child.refresh_from_db()
    assert (child.sen_provision_since, child.primary_need, child.secondary_need) == (
        placed,
        "MLD",
        "",
    )

    # Taking off needs a reason: 400 naming the field, the input kept.
    page = client.get(url)
    off = {"status": "N", "based_on": based_on(page), **date("effective_on", timezone.localdate())}
    refused = client.post(url, off)
    assert refused.status_code == 400
    assert 'href="#reason"' in body(refused)
    assert 'value="N" checked' in body(refused)
    response = client.post(url, {**off, "reason": "Making good progress without extra help"})
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.sen_provision, child.sen_provision_since, child.primary_need) == ("N", None, "")
    assert list(RegisterChange.objects.filter(child=child).values_list("status", flat=True)) == [
        "N",
        "K",
        "K",
    ]
    history = body(client.get(pupil_url(child)))
    assert "Making good progress without extra help" in history
    assert "Specific learning difficulty" in history


def test_register_refuses_k_without_a_primary_need(world):
    client = signed_in(world, "senco")
    url = reverse("support:register", args=[world.ours.pk])
    response = client.post(url, {"status": "K", **date("effective_on", timezone.localdate())})
    # The primary need is checked by the service: named on its field.
    assert response.status_code == 400
    assert 'href="#primary_need"' in body(response)
    assert not RegisterChange.objects.exists()


def test_register_refuses_a_child_with_a_plan(world):
    child = world.ours
    child.sen_provision = "E"
    child.save()
    client = signed_in(world, "senco")
    url = reverse("support:register", args=[child.pk])
    assert "only with the plan itself" in body(client.get(url))
    client.post(url, {"status": "N", "reason": "x", **date("effective_on", timezone.localdate())})
    child.refresh_from_db()
    assert child.sen_provision == "E"
    with pytest.raises(ValidationError, match="EHC plan"):
        services.register_change(
            actor=world.user("senco"),
            child=child,
            status="N",
            effective_on=timezone.localdate(),
            reason="x",
        )
    assert not RegisterChange.objects.exists()


def test_register_change_is_refused_when_stale(world):
    client = signed_in(world, "senco")
    url = reverse("support:register", args=[world.ours.pk])
    opened = based_on(client.get(url))
    services.register_change(
        actor=world.user("senco"),
        child=world.ours,
        status="K",
        effective_on=timezone.localdate(),
        primary_need="MLD",
    )
    response = client.post(
        url,
        {
            "status": "K",
            "primary_need": "SPLD",
            "based_on": opened,
            **date("effective_on", timezone.localdate()),
        },
    )
    assert response.status_code == 400
    assert STALE in html.unescape(body(response))
    world.ours.refresh_from_db()
    assert world.ours.primary_need == "MLD"


# ---------------------------------------------------------------------------------------------
# Tier and about me


def test_record_created_then_a_stale_save_is_refused(world):
    client = signed_in(world, "senco")
    url = reverse("support:record", args=[world.ours.pk])
    assert client.get(url).status_code == 200
    invalid = client.post(url, {"about_me": "Kind"})
    assert invalid.status_code == 400
    assert 'href="#tier"' in body(invalid)
    assert "Kind" in body(invalid)
    assert client.post(url, {"tier": "targeted", "about_me": "Kind and funny"}).status_code == 302
    opened = based_on(client.get(url))
    assert (
        client.post(
            url, {"tier": "targeted_plus", "about_me": "Kind", "based_on": opened}
        ).status_code
        == 302
    )
    stale = client.post(url, {"tier": "specialist", "about_me": "Mine", "based_on": opened})
    assert stale.status_code == 400
    assert STALE in html.unescape(body(stale))
    assert "Mine" in body(stale)
    assert SupportRecord.objects.get(child=world.ours).tier == "targeted_plus"


# ---------------------------------------------------------------------------------------------
# Cycles


def test_cycle_through_pages_and_targets_carried_into_the_next(world):
    client = signed_in(world, "senco")
    child = world.ours
    start = reverse("support:cycle_start", args=[child.pk])
    page = client.get(start)
    assert page.status_code == 200
    assert "first cycle" in body(page)
    today = timezone.localdate()
    assert f'value="{(today + dt.timedelta(weeks=7)).day}"' in body(page)  # suggested review
    begun = today - dt.timedelta(days=50)
    bad = client.post(start, {**date("started_on", begun), **date("review_due", begun)})
    assert bad.status_code == 400
    assert 'href="#review_due-day"' in body(bad)
    response = client.post(
        start, {**date("started_on", begun), **date("review_due", begun + dt.timedelta(weeks=7))}
    )
    assert response.status_code == 302
    first = Cycle.objects.get(child=child)
    assert (first.number, first.previous) == (1, None)
    cycle_url = reverse("support:cycle", args=[child.pk, first.pk])
    assert response.url.startswith(cycle_url)

    add = reverse("support:target_add", args=[child.pk, first.pk])
    assert client.post(add, {"provision": "x"}).status_code == 400
    for outcome in ("Read 20 words", "Join in at playtime", "Write a sentence"):
        assert (
            client.post(add, {"outcome": outcome, "provision": "Daily, with the TA"}).status_code
            == 302
        )
    targets = list(first.targets.order_by("position"))
    assert [t.position for t in targets] == [1, 2, 3]

    # Each target's result at the review.
    for target, result in zip(targets, ("met", "partly", "not_met"), strict=True):
        url = reverse("support:target_result", args=[child.pk, first.pk, target.pk])
        opened = based_on(client.get(url))
        assert (
            client.post(
                url, {"result": result, "evidence": "Seen in class", "based_on": opened}
            ).status_code
            == 302
        )
    # Each stage of the cycle through its page.
    for section, data in (
        ("assess", {"child_views": "I like maths"}),
        (
            "plan",
            {
                "adjustments": "Visual timetable",
                **date("started_on", begun),
                **date("review_due", begun + dt.timedelta(weeks=7)),
            },
        ),
        (
            "family",
            {"family_contribution": "Going well at home", **date("family_invited_on", today)},
        ),
        (
            "review",
            {"impact": "Good progress", "next_step": "another_cycle", **date("reviewed_on", today)},
        ),
        ("learn", {"learning": "Short sessions work best"}),
    ):
        url = reverse("support:cycle_section", args=[child.pk, first.pk, section])
        page = client.get(url)
        assert page.status_code == 200
        assert client.post(url, {**data, "based_on": based_on(page)}).status_code == 302, section
    first.refresh_from_db()
    assert first.is_reviewed
    assert first.learning == "Short sessions work best"

    # Outside advice and a note.
    advice = reverse("support:advice_add", args=[child.pk, first.pk])
    assert client.post(advice, {"source": "salt"}).status_code == 400
    assert (
        client.post(
            advice,
            {
                "source": "salt",
                "summary": "Use symbols",
                "targets_set_from_it": "on",
                **date("received_on", today),
            },
        ).status_code
        == 302
    )
    found = CycleAdvice.objects.get(cycle=first)
    edit = reverse("support:advice_edit", args=[child.pk, first.pk, found.pk])
    assert (
        client.post(
            edit,
            {
                "source": "salt",
                "summary": "Use symbols daily",
                "based_on": based_on(client.get(edit)),
                **date("received_on", today),
            },
        ).status_code
        == 302
    )
    note = reverse("support:note_add", args=[child.pk, first.pk])
    assert (
        client.post(
            note, {"kind": "absence", "text": "Ill for a week", **date("on", today)}
        ).status_code
        == 302
    )
    assert CycleNote.objects.get(cycle=first).kind == "absence"

    # The next cycle starts from the last one: the targets not met or partly met, its learning.
    page = client.get(start)
    assert "Short sessions work best" in body(page)
    assert "Join in at playtime" in body(page)
    response = client.post(
        start, {**date("started_on", today), **date("review_due", today + dt.timedelta(weeks=7))}
    )
    assert response.status_code == 302
    second = Cycle.objects.get(child=child, number=2)
    assert second.previous == first
    carried = list(second.targets.order_by("position"))
    assert [t.outcome for t in carried] == ["Join in at playtime", "Write a sentence"]
    assert [t.carried_from for t in carried] == targets[1:]
    assert all(t.result == "" for t in carried)
    text = body(client.get(reverse("support:cycle", args=[child.pk, second.pk])))
    assert "a clear thread, not a fresh start" in text
    assert "Short sessions work best" in text
    assert "carried from cycle 1" in text

    # Removing a target.
    remove = reverse("support:target_remove", args=[child.pk, second.pk, carried[0].pk])
    assert client.get(remove).status_code == 200
    assert client.post(remove, {}).status_code == 400
    assert client.post(remove, {"confirm": "on"}).status_code == 302
    assert not Target.objects.filter(pk=carried[0].pk).exists()


def test_next_cycle_refused_before_the_review(world):
    start_cycle(world, world.ours)
    client = signed_in(world, "senco")
    today = timezone.localdate()
    response = client.post(
        reverse("support:cycle_start", args=[world.ours.pk]),
        {**date("started_on", today), **date("review_due", today + dt.timedelta(weeks=7))},
    )
    assert response.status_code == 400
    assert "Review cycle 1 before starting the next one" in body(response)
    assert Cycle.objects.filter(child=world.ours).count() == 1


def test_cycle_section_stale_save_is_refused_and_unknown_section_is_404(world):
    cycle = start_cycle(world, world.ours)
    client = signed_in(world, "senco")
    url = reverse("support:cycle_section", args=[world.ours.pk, cycle.pk, "learn"])
    opened = based_on(client.get(url))
    assert client.post(url, {"learning": "First", "based_on": opened}).status_code == 302
    stale = client.post(url, {"learning": "Second", "based_on": opened})
    assert stale.status_code == 400
    assert "Second" in body(stale)
    # Another stage of the same cycle is not stale because of it.
    assess = reverse("support:cycle_section", args=[world.ours.pk, cycle.pk, "assess"])
    assert (
        client.post(assess, {"child_views": "x", "based_on": opened}).status_code == 400
    )  # wrong stamp
    assert (
        client.post(
            assess, {"child_views": "x", "based_on": based_on(client.get(assess))}
        ).status_code
        == 302
    )
    nowhere = reverse("support:cycle_section", args=[world.ours.pk, cycle.pk, "nowhere"])
    assert client.get(nowhere).status_code == 404


def test_cycle_pages_audit_reads(world):
    cycle = start_cycle(world, world.ours)
    client = signed_in(world, "senco")
    for url in (
        reverse("support:cycle", args=[world.ours.pk, cycle.pk]),
        reverse("support:summary", args=[world.ours.pk]),
        reverse("support:plan", args=[world.ours.pk]),
    ):
        AuditEntry.objects.all().delete()
        assert client.get(url).status_code == 200, url
        assert read_audited(world.ours, "senco"), url


def test_summary_and_plan_documents(world):
    cycle = start_cycle(world, world.ours)
    services.target_save(actor=world.user("senco"), cycle=cycle, data={"outcome": "Read 20 words"})
    client = signed_in(world, "senco")
    summary = body(client.get(reverse("support:summary", args=[world.ours.pk])))
    assert "How school is helping Aurelia" in summary
    assert "Read 20 words" in summary
    plan = client.get(reverse("support:plan", args=[world.ours.pk]))
    assert "Individual Support Plan" in body(plan)
    assert "Read 20 words" in body(plan)
    pdf = client.get(reverse("support:plan_pdf", args=[world.ours.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


GARBAGE = (
    {},
    {"based_on": "not-a-stamp"},
    {"started_on-day": "31", "started_on-month": "2", "started_on-year": "2026"},
    {"result": "<script>", "source": "\x00", "kind": "A" * 5000, "on-year": "99999"},
    {"outcome": "A" * 30000, "summary": "' OR 1=1 --", "reviewed_on-day": "x"},
)


def test_garbage_posted_to_every_cycle_form_is_refused_without_a_server_error(world):
    cycle = start_cycle(world, world.ours)
    target = services.target_save(actor=world.user("senco"), cycle=cycle, data={"outcome": "Read"})
    advice = services.advice_save(
        actor=world.user("senco"),
        cycle=cycle,
        data={"source": "ep", "received_on": timezone.localdate(), "summary": "Advice"},
    )
    args = [world.ours.pk, cycle.pk]
    urls = [
        reverse("support:register", args=[world.ours.pk]),
        reverse("support:record", args=[world.ours.pk]),
        reverse("support:cycle_start", args=[world.ours.pk]),
        reverse("support:target_add", args=args),
        reverse("support:target_edit", args=[*args, target.pk]),
        reverse("support:target_result", args=[*args, target.pk]),
        reverse("support:target_remove", args=[*args, target.pk]),
        reverse("support:advice_add", args=args),
        reverse("support:advice_edit", args=[*args, advice.pk]),
        reverse("support:note_add", args=args),
        *(
            reverse("support:cycle_section", args=[*args, s])
            for s in ("assess", "plan", "family", "review", "learn")
        ),
    ]
    client = Client(raise_request_exception=False)
    client.force_login(world.user("senco"))
    for url in urls:
        for data in GARBAGE:
            response = client.post(url, data)
            assert response.status_code in (302, 400), (url, data, response.status_code)
            if response.status_code == 400:
                assert "govuk-error-summary" in body(response), (url, data)
