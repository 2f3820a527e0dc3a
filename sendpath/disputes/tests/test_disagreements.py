"""Disagreements: mediation, appeals and the tribunal's orders. Every date shown is the engine's
(the ``Deadline`` rows); each role reaches only what it may; bad input writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.disputes.disagreements import selectors, services
from sendpath.disputes.models import AgreedAction, Disagreement, TribunalOrder
from sendpath.ehc.models import CaseEvent, Deadline
from sendpath.ehc.tests.helpers import client_for, date_fields, days_ago, open_case, record
from sendpath.people.models import FamilyMember, Role

pytestmark = pytest.mark.django_db


def _refusal(world, child=None):
    """A case refused an assessment, the decision letter sent 20 days ago."""
    case = open_case(world, child=child, received_days_ago=60)
    record(world, case, "decision_to_assess", 30, outcome="no")
    record(world, case, "decision_notice_sent", 20)
    return case


def _open(world, case, kind="mediation"):
    return services.disagreement_open(
        actor=world.user(Role.CASEWORKER),
        case=case,
        kind=kind,
        decision="not_to_assess",
        decision_notice_on=days_ago(20),
        opened_on=days_ago(15),
    )


def _step(world, d, step, **data):
    return services.step_record(
        actor=world.user(Role.CASEWORKER), disagreement=d, step=step, data=data
    )


def _due(case, key):
    return Deadline.objects.get(case=case, key=key).due


def test_every_step_is_an_event_and_its_deadlines_are_the_engines(world):
    case = _refusal(world)
    d = _open(world, case)
    _step(world, d, "adviser", date=days_ago(14), wants_mediation="yes")
    _step(world, d, "request", date=days_ago(12), health_element=True)
    _step(world, d, "arrange", date=days_ago(4), venue="Town Hall")
    _step(world, d, "notice", date=days_ago(10))
    _step(
        world,
        d,
        "held",
        date=days_ago(4),
        attendees="Parent, caseworker, mediator",
        child_views_sought="yes",
        outcome="not_agreed",
        health_part="",
        social_care_part="",
    )
    _step(world, d, "certificate", date=days_ago(3))
    _step(world, d, "appeal", date=days_ago(1))
    d.refresh_from_db()
    assert d.kind == "appeal"
    assert d.stage == "appeal_registered"
    types = list(
        CaseEvent.objects.filter(case=case, details__disagreement=str(d.pk))
        .order_by("date", "id")
        .values_list("type", flat=True)
    )
    assert types == [
        "mediation_adviser_contacted",
        "mediation_requested",
        "mediation_notice_sent",
        "mediation_scheduled",
        "mediation_held",
        "mediation_certificate_issued",
        "appeal_registered",
    ]
    keys = {r.key: r for r in Deadline.objects.filter(case=case)}
    assert keys["arrange_mediation"].completed_on == days_ago(4)
    assert keys["appeal_deadline"].completed_on == days_ago(1)
    # The page shows exactly the engine's dates.
    body = client_for(world, Role.CASEWORKER).get(reverse("disputes:disagreement", args=[d.pk]))
    assert body.status_code == 200
    html = body.content.decode()
    for key in selectors.DEADLINE_KEYS:
        if key in keys:
            assert f'data-key="{key}"' in html
            assert f'data-due="{keys[key].due.isoformat()}"' in html


def test_the_tribunals_decision_is_on_the_case_timeline(world):
    case = _refusal(world)
    d = _open(world, case, kind="appeal")
    _step(world, d, "appeal", date=days_ago(3))
    _step(world, d, "decision", date=days_ago(1), outcome="dismissed", recommendations="")
    decided = CaseEvent.objects.get(case=case, type="appeal_decided")
    assert decided.date == days_ago(1)
    assert decided.details == {"disagreement": str(d.pk), "outcome": "dismissed"}
    d.refresh_from_db()
    assert d.appeal_outcome == "dismissed"


def test_an_order_sits_on_the_worklist_until_met(world):
    case = _refusal(world)
    d = _open(world, case, kind="appeal")
    _step(world, d, "appeal", date=days_ago(10))
    _step(world, d, "order", date=days_ago(2), kind="assess")
    row = Deadline.objects.get(case=case, key="comply_with_order:assess")
    assert row.pending
    assert row.source
    assert row.due == days_ago(2) + dt.timedelta(weeks=2)  # reg 44(2)(a): 2 weeks
    caseworker = client_for(world, Role.CASEWORKER)
    html = caseworker.get(reverse("disputes:disagreement", args=[d.pk])).content.decode()
    assert f"{row.due:%-d %B %Y}" in html
    worklist = caseworker.get(reverse("ehc:worklist")).content.decode()
    assert case.reference in worklist
    order = TribunalOrder.objects.get(disagreement=d)
    _step(world, d, "complied", date=days_ago(0), order=str(order.pk))
    row = Deadline.objects.get(case=case, key="comply_with_order:assess")
    assert not row.pending
    assert row.completed_on == days_ago(0)
    order.refresh_from_db()
    assert order.complied_on == days_ago(0)
    # A second order of the same kind while one waits is refused.
    _step(world, d, "order", date=days_ago(0), kind="name_school")
    with pytest.raises(Exception, match="already waiting"):
        _step(world, d, "order", date=days_ago(0), kind="name_school")


def test_the_certificate_deadline_is_the_engines(world):
    case = _refusal(world)
    d = _open(world, case)
    _step(world, d, "adviser", date=days_ago(5), wants_mediation="no")
    due = _due(case, "mediation_certificate")
    html = (
        client_for(world, Role.CASEWORKER)
        .get(reverse("disputes:disagreement", args=[d.pk]))
        .content.decode()
    )
    assert f'data-due="{due.isoformat()}"' in html
    # Only the steps that may come next are offered: no order before an appeal.
    assert reverse("disputes:disagreement_step", args=[d.pk, "certificate"]) in html
    assert reverse("disputes:disagreement_step", args=[d.pk, "order"]) not in html
    assert reverse("disputes:disagreement_step", args=[d.pk, "complied"]) not in html


def test_the_step_form_records_and_keeps_bad_input(world):
    case = _refusal(world)
    d = _open(world, case)
    client = client_for(world, Role.CASEWORKER)
    url = reverse("disputes:disagreement_step", args=[d.pk, "adviser"])
    assert client.get(url).status_code == 200
    events = CaseEvent.objects.count()
    bad = client.post(url, {**date_fields("date", days_ago(3)), "wants_mediation": ""})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Select" in html
    assert "mediation" in html
    assert f'value="{days_ago(3).day}"' in html  # what was typed is kept
    assert CaseEvent.objects.count() == events
    # A date before the decision letter: the engine refuses, nothing written.
    early = client.post(url, {**date_fields("date", days_ago(40)), "wants_mediation": "yes"})
    assert early.status_code == 400
    assert CaseEvent.objects.count() == events
    good = client.post(url, {**date_fields("date", days_ago(3)), "wants_mediation": "yes"})
    assert good.status_code == 302
    assert CaseEvent.objects.filter(type="mediation_adviser_contacted").count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.UPDATED, child_id=case.child_id).exists()


def test_a_stale_step_is_refused(world):
    case = _refusal(world)
    d = _open(world, case)
    client = client_for(world, Role.CASEWORKER)
    url = reverse("disputes:disagreement_step", args=[d.pk, "adviser"])
    page = client.get(url).content.decode()
    based_on = page.split('name="based_on" value="')[1].split('"')[0]
    _step(world, d, "adviser", date=days_ago(5), wants_mediation="no")
    refused = client.post(
        url,
        {**date_fields("date", days_ago(3)), "wants_mediation": "yes", "based_on": based_on},
    )
    assert refused.status_code == 400
    assert "Someone else changed this record" in refused.content.decode()
    assert CaseEvent.objects.filter(type="mediation_adviser_contacted").count() == 1


def test_opening_from_the_case(world):
    case = _refusal(world)
    client = client_for(world, Role.CASEWORKER)
    url = reverse("disputes:disagreement_new", args=[case.pk])
    assert (
        "Record a disagreement" in client.get(reverse("ehc:case", args=[case.pk])).content.decode()
    )
    bad = client.post(url, {"kind": "mediation", **date_fields("opened_on", days_ago(2))})
    assert bad.status_code == 400
    assert not Disagreement.objects.exists()
    ok = client.post(
        url,
        {
            "kind": "mediation",
            "decision": "not_to_assess",
            **date_fields("decision_notice_on", days_ago(20)),
            **date_fields("opened_on", days_ago(2)),
        },
    )
    assert ok.status_code == 302
    d = Disagreement.objects.get()
    assert d.case == case
    assert d.stage == "opened"
    body = client.get(reverse("ehc:case", args=[case.pk])).content.decode()
    assert reverse("disputes:disagreement", args=[d.pk]) in body


def test_list_filters_counts_and_scope(world):
    ours = _open(world, _refusal(world))
    theirs_case = open_case(world, child=world.theirs)
    theirs = Disagreement.objects.create(
        case=theirs_case, kind="appeal", decision="cease", opened_on=days_ago(1)
    )
    client = client_for(world, Role.CASEWORKER)
    html = client.get(reverse("disputes:disagreements")).content.decode()
    assert world.ours.full_name in html
    assert world.theirs.full_name not in html
    assert "1 disagreement" in html
    html = client.get(reverse("disputes:disagreements"), {"kind": "appeal"}).content.decode()
    assert "0 disagreements" in html
    assert client.get(reverse("disputes:disagreements"), {"kind": "nonsense"}).status_code == 400
    counted = selectors.counts(world.user(Role.CASEWORKER))
    assert {v: n for v, _, n in counted["kind"]} == {"mediation": 1, "appeal": 0}
    assert ours.pk != theirs.pk


@pytest.mark.parametrize(
    "role",
    ["other_caseworker", Role.SENCO, Role.FAMILY, Role.VIRTUAL_SCHOOL, Role.PROFESSIONAL],
)
def test_others_get_a_404_or_refusal(world, role):
    d = _open(world, _refusal(world))
    client = client_for(world, role)
    for url in (
        reverse("disputes:disagreement", args=[d.pk]),
        reverse("disputes:disagreement_step", args=[d.pk, "adviser"]),
        reverse("disputes:disagreement_new", args=[d.case_id]),
    ):
        assert client.get(url).status_code == 404
    posted = client.post(
        reverse("disputes:disagreement_step", args=[d.pk, "adviser"]),
        {**date_fields("date", days_ago(3)), "wants_mediation": "yes"},
    )
    assert posted.status_code == 404
    assert not CaseEvent.objects.filter(type="mediation_adviser_contacted").exists()
    assert AuditEntry.objects.filter(action=AuditAction.DENIED, actor=world.user(role)).count() >= 3
    listed = client.get(reverse("disputes:disagreements"))
    assert listed.status_code == 403 or world.ours.full_name not in listed.content.decode()
    if role == Role.FAMILY:  # another family's child (not theirs) on the family page
        other = client.get(reverse("disputes:family_disagreements", args=[world.ours.pk]))
        assert other.status_code == 404


def test_a_leader_sees_counts_only(world):
    _open(world, _refusal(world))
    leader = client_for(world, Role.LEADER)
    home = leader.get("/", follow=True).content.decode()
    assert f'href="{reverse("disputes:disagreement_counts")}"' in home
    html = leader.get(reverse("disputes:disagreement_counts")).content.decode()
    assert world.ours.full_name not in html
    assert "Mediation" in html
    assert leader.get(reverse("disputes:disagreements")).status_code == 403
    counted = selectors.counts(world.user(Role.LEADER))
    assert {v: n for v, _, n in counted["kind"]}["mediation"] == 1


def test_the_family_sees_their_dates_and_no_one_elses(world):
    FamilyMember.objects.filter(child=world.family_child).update(has_account_access=True)
    case = _refusal(world, child=world.family_child)
    _open(world, case)
    family = client_for(world, Role.FAMILY)
    page = family.get(reverse("disputes:family_disagreements", args=[world.family_child.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f"{_due(case, 'contact_mediation_adviser'):%-d %B %Y}" in html
    assert f"{_due(case, 'appeal_deadline'):%-d %B %Y}" in html
    child_page = family.get(reverse("portal:child", args=[world.family_child.pk])).content.decode()
    assert reverse("disputes:family_disagreements", args=[world.family_child.pk]) in child_page
    other = family.get(reverse("disputes:family_disagreements", args=[world.ours.pk]))
    assert other.status_code == 404


def test_agreed_actions(world):
    d = _open(world, _refusal(world))
    _step(world, d, "adviser", date=days_ago(14), wants_mediation="yes")
    _step(world, d, "request", date=days_ago(12))
    with pytest.raises(Exception, match="agreement first"):
        _step(world, d, "action", what="Speech therapy report", who="Council", due=days_ago(-10))
    _step(
        world,
        d,
        "held",
        date=days_ago(4),
        attendees="Parent",
        child_views_sought="no",
        outcome="agreed",
    )
    _step(world, d, "action", what="Speech therapy report", who="Council", due=days_ago(-10))
    action = AgreedAction.objects.get()
    assert list(selectors.actions_due(world.user(Role.CASEWORKER))) == [action]
    caseworker = client_for(world, Role.CASEWORKER)
    worklist = caseworker.get(reverse("ehc:worklist")).content.decode()
    assert "1 action of mediated agreements still to do" in worklist
    assert (
        "Speech therapy report"
        in caseworker.get(reverse("disputes:disagreements")).content.decode()
    )
    assert not list(selectors.actions_due(world.user("other_caseworker")))
    _step(world, d, "action_done", date=days_ago(0), action=str(action.pk))
    assert not list(selectors.actions_due(world.user(Role.CASEWORKER)))
    worklist = caseworker.get(reverse("ehc:worklist")).content.decode()
    assert "mediated agreements still to do" not in worklist


def test_the_steps_are_on_both_timelines(world):
    FamilyMember.objects.filter(child=world.family_child).update(has_account_access=True)
    case = _refusal(world, child=world.family_child)
    d = _open(world, case, kind="appeal")
    _step(world, d, "adviser", date=days_ago(15), wants_mediation="no")
    _step(world, d, "appeal", date=days_ago(10))
    _step(world, d, "order", date=days_ago(2), kind="assess")
    staff = client_for(world, Role.CASEWORKER).get(reverse("ehc:case", args=[case.pk]))
    html = staff.content.decode()
    assert "Appeal registered by the tribunal" in html
    assert "Family contacted the mediation adviser: does not want mediation" in html
    assert "Carry out an EHC needs assessment" in html
    family = client_for(world, Role.FAMILY).get(
        reverse("portal:timeline", args=[world.family_child.pk])
    )
    html = family.content.decode()
    assert "The tribunal started your appeal" in html
    assert "The tribunal told us what to do" in html


def test_shorter_notice_agreed_is_an_exception_to_the_notice_deadline(world):
    case = _refusal(world)
    d = _open(world, case)
    _step(world, d, "adviser", date=days_ago(14), wants_mediation="yes")
    _step(world, d, "request", date=days_ago(12))
    _step(world, d, "arrange", date=days_ago(-2), venue="Town Hall", shorter_notice=True)
    row = Deadline.objects.get(case=case, key="mediation_notice")
    assert row.exception
    assert row.due < days_ago(-2)


def test_the_response_owed_to_the_tribunal_is_on_the_worklist_until_recorded(world):
    case = _refusal(world)
    d = _open(world, case, kind="appeal")
    with pytest.raises(ValidationError) as refused:
        _step(world, d, "appeal", date=days_ago(5), response_due_on=days_ago(6))
    assert "response_due_on" in str(refused.value)
    _step(world, d, "appeal", date=days_ago(5), response_due_on=days_ago(-3))
    d.refresh_from_db()
    assert d.response_due_on == days_ago(-3)
    client = client_for(world, Role.CASEWORKER)
    worklist = client.get(reverse("ehc:worklist")).content.decode()
    assert "1 response to an appeal is due to the tribunal in the next 14 days" in worklist
    listed = client.get(reverse("disputes:disagreements"), {"response_owed": "on"})
    assert reverse("disputes:disagreement", args=[d.pk]) in listed.content.decode()
    _step(world, d, "response", date=days_ago(0))
    worklist = client.get(reverse("ehc:worklist")).content.decode()
    assert "response to an appeal" not in worklist
    listed = client.get(reverse("disputes:disagreements"), {"response_owed": "on"})
    assert reverse("disputes:disagreement", args=[d.pk]) not in listed.content.decode()


def test_the_appeal_page_takes_the_response_date_and_names_it_when_wrong(world):
    case = _refusal(world)
    d = _open(world, case, kind="appeal")
    client = client_for(world, Role.CASEWORKER)
    url = reverse("disputes:disagreement_step", args=[d.pk, "appeal"])
    assert "response_due_on-day" in client.get(url).content.decode()
    bad = client.post(
        url, {**date_fields("date", days_ago(2)), **date_fields("response_due_on", days_ago(4))}
    )
    assert bad.status_code == 400
    assert "The response must be due on or after the appeal" in bad.content.decode()
    d.refresh_from_db()
    assert d.registered_on is None
    assert d.response_due_on is None
    ok = client.post(
        url, {**date_fields("date", days_ago(2)), **date_fields("response_due_on", days_ago(-20))}
    )
    assert ok.status_code == 302
    d.refresh_from_db()
    assert (d.registered_on, d.response_due_on) == (days_ago(2), days_ago(-20))
