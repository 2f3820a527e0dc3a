"""The annual review page shows the latest PEP beside the review dates (issue 6)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sendpath.ehc.tests.helpers import client_for, days_ago, open_case, record
from sendpath.jointworking import services
from sendpath.people.models import Role


def test_review_page_shows_the_latest_pep(world):
    child = world.ours_cared_for
    case = open_case(world, child=child, received_days_ago=300)
    record(world, case, "decision_to_assess", 290, outcome="yes")
    record(world, case, "assessment_outcome", 200, outcome="plan")
    record(world, case, "draft_plan_sent", 190)
    record(world, case, "final_plan_issued", 170)
    url = reverse("ehc:review", args=[case.pk])
    body = client_for(world, Role.CASEWORKER).get(url).content.decode()
    assert "Latest Personal Education Plan" in body
    assert "None uploaded" in body
    services.pep_upload(
        actor=world.user(Role.VIRTUAL_SCHOOL),
        child=child,
        upload=SimpleUploadedFile("pep.pdf", b"%PDF-1.4 pep", content_type="application/pdf"),
        pep_date=days_ago(20),
    )
    body = client_for(world, Role.CASEWORKER).get(url).content.decode()
    shown = days_ago(20)
    assert f"{shown.day} {shown:%B %Y}" in body
    # A child who is not cared for has no PEP row.
    other = open_case(world, child=world.linked, received_days_ago=30)
    body = (
        client_for(world, Role.CASEWORKER)
        .get(reverse("ehc:review", args=[other.pk]))
        .content.decode()
    )
    assert "Latest Personal Education Plan" not in body


def test_overdue_escalations_show_on_the_worklist_and_home(world):
    from sendpath.jointworking import services as jw

    worklist = reverse("ehc:worklist")
    assert (
        "past their review-by date"
        not in client_for(world, Role.CASEWORKER).get(worklist).content.decode()
    )
    jw.escalation_raise(
        actor=world.user(Role.VIRTUAL_SCHOOL),
        child=world.ours_cared_for,
        reason="Placement school cannot meet needs",
        level=1,
        raised_on=days_ago(30),
        review_by=days_ago(2),
        owner=world.user(Role.VIRTUAL_SCHOOL),
    )
    body = client_for(world, Role.CASEWORKER).get(worklist).content.decode()
    assert "1 escalation is past their review-by date" in body
    assert reverse("jointworking:escalations") in body
    home = client_for(world, Role.VIRTUAL_SCHOOL).get("/").content.decode()
    assert "1 escalation is past their review-by date" in home
    # A SENCO has no joint working access and sees no such alert.
    assert "review-by date" not in client_for(world, Role.SENCO).get("/").content.decode()


def test_links_in_summary_lists_are_links_not_text(world):
    """The escalation page and the child summary once printed their links as raw HTML text."""
    child = world.ours_cared_for
    case = open_case(world, child=child, received_days_ago=30)
    from sendpath.jointworking import services as jw

    vs = world.user(Role.VIRTUAL_SCHOOL)
    escalation = jw.escalation_raise(
        actor=vs,
        child=child,
        reason="Placement school cannot meet needs",
        level=1,
        raised_on=days_ago(3),
        review_by=days_ago(-7),
        owner=vs,
    )
    client = client_for(world, Role.VIRTUAL_SCHOOL)
    body = client.get(reverse("jointworking:escalation", args=[escalation.pk])).content.decode()
    assert "&lt;a" not in body
    href = reverse("jointworking:child", args=[child.pk])
    assert f'<a class="govuk-link" href="{href}">{child.full_name}</a>' in body
    body = client.get(href).content.decode()
    assert "&lt;a" not in body
    assert f'<a class="govuk-link" href="{case.get_absolute_url()}">{case.reference}</a>' in body


def test_agenda_says_which_advice_is_due(world):
    from sendpath.jointworking import selectors as jw_selectors

    case = open_case(world, child=world.ours_cared_for, received_days_ago=60)
    record(world, case, "decision_to_assess", 50, outcome="yes")
    record(
        world,
        case,
        "advice_requested",
        40,
        id="ep1",
        source="educational",
        source_label="Educational advice",
        author="Dr Ash",
    )
    items = jw_selectors.agenda_generated(user=world.user(Role.VIRTUAL_SCHOOL), since=days_ago(14))
    titles = [i.title for i in items]
    assert any(t.endswith("Advice: Educational advice from Dr Ash") for t in titles), titles
    assert not any(t.endswith(": Advice") for t in titles), titles
