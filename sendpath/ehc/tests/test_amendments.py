"""Plans in force: versions, amendments (reg 22) and ceasing a plan."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sendpath.ehc.amendments import compare as amendment_compare
from sendpath.ehc.amendments import selectors as amendment_selectors
from sendpath.ehc.amendments import services as amendment_services
from sendpath.ehc.cases import selectors as case_selectors
from sendpath.ehc.models import CaseEvent, Deadline, Document, PlanNeed, PlanVersion, Stage
from sendpath.ehc.plans import issuing as plan_issuing
from sendpath.ehc.plans import selectors as plan_selectors
from sendpath.ehc.plans import services as plan_services
from sendpath.people.models import Role

from .test_final import name_placement
from .test_plan import date_fields, days_ago, draft_sent_case, error_summary, signed_in


@pytest.fixture
def case(world):
    """A final plan issued 20 days ago."""
    case = draft_sent_case(world, sent_ago=40)
    name_placement(world, case)
    plan_issuing.final_issue(actor=world.user(Role.CASEWORKER), case=case, issued_on=days_ago(20))
    case.refresh_from_db()
    return case


def propose(world, case, on: int = 15) -> CaseEvent:
    return amendment_services.amendment_propose(
        actor=world.user(Role.CASEWORKER),
        case=case,
        proposed_on=days_ago(on),
        reasons="The annual review found new needs",
        changes="Add a need in section B and provision in section F",
    )


def pdf(name: str = "evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


# ---------------------------------------------------------------------------------------------
# Services


def test_issuing_the_final_plan_keeps_version_1(world, case):
    version = PlanVersion.objects.get(plan=case.plan)
    assert (version.number, version.kind, version.issued_on) == (1, "final", days_ago(20))
    assert version.event is not None
    assert version.event.type == "final_plan_issued"
    snap = version.snapshot
    assert set(snap["sections"]) == {"A", "C", "D", "I", "J", "K"}
    assert "Ourshire Primary" in snap["sections"]["I"]
    assert snap["needs"][0]["number"] == 1
    assert snap["outcomes"][0]["needs"] == [1]
    assert snap["provisions"][0]["section"] == "F"
    assert snap["provisions"][0]["needs"] == [1]


def test_the_plan_is_editable_only_while_an_amendment_is_open(world, case):
    actor = world.user(Role.CASEWORKER)
    plan = case.plan
    assert not plan_selectors.is_editable(case, plan)
    with pytest.raises(ValidationError):
        plan_services.need_save(
            actor=actor, plan=plan, area="Cognition and learning", description="x"
        )
    event = propose(world, case)
    assert event.details["reasons"] == "The annual review found new needs"
    assert plan_selectors.is_editable(case, plan)
    plan_services.need_save(
        actor=actor, plan=plan, area="Cognition and learning", description="Memory"
    )
    keys = {d.key: d for d in Deadline.objects.filter(case=case)}
    assert keys["amendment_representations_close"].due == days_ago(1)
    assert keys["issue_amended_plan"].pending
    version = amendment_services.amendment_issue(actor=actor, case=case, issued_on=days_ago(0))
    assert (version.number, version.kind) == (2, "amended")
    assert len(version.snapshot["needs"]) == 2
    assert not Deadline.objects.get(case=case, key="issue_amended_plan").pending
    assert case_selectors.amendment_open(case) is None
    assert not plan_selectors.is_editable(case, plan)
    with pytest.raises(ValidationError):
        plan_services.need_save(
            actor=actor, plan=plan, area="Cognition and learning", description="y"
        )
    case.refresh_from_db()
    assert case.stage == Stage.FINAL_ISSUED


def test_compare_says_what_was_added_removed_and_changed(world, case):
    actor = world.user(Role.CASEWORKER)
    propose(world, case)
    plan = case.plan
    plan_services.plan_section_update(actor=actor, plan=plan, section="a", text="Loves football")
    need = plan.needs.get()
    new = plan_services.need_save(
        actor=actor, plan=plan, area="Cognition and learning", description="M"
    )
    provision = plan.provisions.get()
    plan_services.provision_save(
        actor=actor,
        plan=plan,
        section="F",
        what=provision.what,
        who=provision.who,
        how_often="4 sessions per week",
        how_long=provision.how_long,
        needs=[need, new],
        provision=provision,
    )
    amendment_services.amendment_issue(actor=actor, case=case, issued_on=days_ago(0))
    v1, v2 = amendment_selectors.versions(plan)
    sections = {s.letter: s for s in amendment_compare.compare(v1, v2)}
    assert [c.kind for c in sections["A"].changes] == ["Added"]
    assert sections["A"].changes[0].after == "Loves football"
    assert [(c.kind, c.item) for c in sections["B"].changes] == [
        ("Added", "Need 2 (Cognition and learning)")
    ]
    (change,) = sections["F"].changes
    assert change.kind == "Changed"
    assert "3 sessions per week" in change.before
    assert "4 sessions per week" in change.after
    assert "Needs 1, 2" in change.after
    assert sections["C"].changes == []
    assert sections["E"].changes == []
    back = {s.letter: s for s in amendment_compare.compare(v2, v1)}
    assert [c.kind for c in back["B"].changes] == ["Removed"]


def test_propose_checks_input_and_attaches_evidence(world, case):
    actor = world.user(Role.CASEWORKER)
    with pytest.raises(ValidationError) as error:
        amendment_services.amendment_propose(
            actor=actor, case=case, proposed_on=days_ago(30), reasons=" ", changes=""
        )
    assert set(error.value.error_dict) == {"reasons", "changes", "date"}
    with pytest.raises(ValidationError) as error:
        amendment_services.amendment_propose(
            actor=actor,
            case=case,
            proposed_on=days_ago(5),
            reasons="r",
            changes="c",
            evidence=SimpleUploadedFile("x.exe", b"MZ"),
        )
    assert "evidence" in error.value.error_dict
    assert not CaseEvent.objects.filter(case=case, type="amendment_proposed").exists()
    assert not Document.objects.filter(case=case).exists()
    event = amendment_services.amendment_propose(
        actor=actor, case=case, proposed_on=days_ago(5), reasons="r", changes="c", evidence=pdf()
    )
    assert Document.objects.get(case=case).event == event
    with pytest.raises(ValidationError):
        propose(world, case, on=4)


def test_issue_within_the_15_days_needs_confirming(world, case):
    actor = world.user(Role.CASEWORKER)
    propose(world, case, on=5)
    with pytest.raises(ValidationError) as error:
        amendment_services.amendment_issue(actor=actor, case=case, issued_on=days_ago(1))
    assert "early_confirmed" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        amendment_services.amendment_issue(actor=actor, case=case, issued_on=days_ago(6))
    assert "date" in error.value.error_dict
    assert PlanVersion.objects.filter(plan=case.plan).count() == 1
    amendment_services.amendment_issue(
        actor=actor, case=case, issued_on=days_ago(1), early_confirmed=True
    )
    assert PlanVersion.objects.filter(plan=case.plan).count() == 2


def test_decline_closes_the_amendment(world, case):
    actor = world.user(Role.CASEWORKER)
    with pytest.raises(ValidationError):
        amendment_services.amendment_decline(
            actor=actor, case=case, decided_on=days_ago(1), reasons="r"
        )
    propose(world, case)
    with pytest.raises(ValidationError) as error:
        amendment_services.amendment_decline(
            actor=actor, case=case, decided_on=days_ago(1), reasons=""
        )
    assert "reasons" in error.value.error_dict
    amendment_services.amendment_decline(
        actor=actor, case=case, decided_on=days_ago(1), reasons="Needs are met"
    )
    assert case_selectors.amendment_open(case) is None
    assert not Deadline.objects.get(case=case, key="issue_amended_plan").pending
    assert PlanVersion.objects.filter(plan=case.plan).count() == 1


def test_cease_records_the_reason_and_keeps_the_plan_until_the_appeal_deadline(world, case):
    actor = world.user(Role.CASEWORKER)
    with pytest.raises(ValidationError) as error:
        amendment_services.cease_plan(
            actor=actor,
            case=case,
            decided_on=days_ago(3),
            reason="99",
            consultation=" ",
            notice_sent_on=days_ago(4),
        )
    assert set(error.value.error_dict) == {"reason", "consultation", "notice_sent_on"}
    assert not CaseEvent.objects.filter(case=case, type="plan_ceased").exists()
    event = amendment_services.cease_plan(
        actor=actor,
        case=case,
        decided_on=days_ago(3),
        reason="4",
        consultation="Met the young person and the college on 1 March",
        notice_sent_on=days_ago(2),
    )
    assert event.type == "plan_ceased"
    assert event.details["reason_label"].startswith("Moved on to paid employment")
    info = amendment_selectors.ceased_info(case)
    assert info is not None
    appeal = Deadline.objects.get(case=case, key="appeal_deadline")
    assert info.maintained_until == appeal.due > days_ago(0)
    case.refresh_from_db()
    assert case.closed_at is None
    with pytest.raises(ValidationError):
        propose(world, case, on=1)


# ---------------------------------------------------------------------------------------------
# Pages


def test_the_pages_propose_issue_and_compare(world, case):
    client = signed_in(world, Role.CASEWORKER)
    page = client.get(reverse("ehc:amendments", args=[case.pk])).content.decode()
    assert "Version 1" in page
    assert "Propose amendments" in page
    response = client.post(
        reverse("ehc:amendment_propose", args=[case.pk]),
        {
            **date_fields("proposed_on", days_ago(15)),
            "reasons": "New needs",
            "changes": "Add a need",
            "evidence": pdf(),
        },
    )
    assert response.status_code == 302
    assert Document.objects.filter(case=case).count() == 1
    page = client.get(reverse("ehc:amendments", args=[case.pk])).content.decode()
    assert "Family&#39;s 15 days to comment on amendments" in page or "15 days" in page
    assert "reg 22(2)(c)" in page
    assert "reg 22(3)-(4)" in page
    issue = client.get(reverse("ehc:amendment_issue", args=[case.pk])).content.decode()
    assert "reg 22(3)-(4)" in issue
    response = client.post(
        reverse("ehc:plan_need_add", args=[case.pk]),
        {"area": "Cognition and learning", "description": "Working memory"},
    )
    assert response.status_code == 302
    assert PlanNeed.objects.filter(plan=case.plan).count() == 2
    response = client.post(
        reverse("ehc:amendment_issue", args=[case.pk]), date_fields("issued_on", days_ago(0))
    )
    assert response.status_code == 302
    response = client.get(reverse("ehc:plan_compare", args=[case.pk]), {"first": 1, "second": 2})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Need 2 (Cognition and learning)" in body
    assert "Added" in body
    assert '<th scope="col"' in body


def test_decline_and_cease_pages(world, case):
    client = signed_in(world, Role.CASEWORKER)
    propose(world, case)
    response = client.post(
        reverse("ehc:amendment_decline", args=[case.pk]),
        {**date_fields("decided_on", days_ago(1)), "reasons": "Needs are met"},
    )
    assert response.status_code == 302
    assert CaseEvent.objects.filter(case=case, type="decided_not_to_amend").exists()
    response = client.post(
        reverse("ehc:cease", args=[case.pk]),
        {
            **date_fields("decided_on", days_ago(3)),
            "reason": "2",
            "consultation": "Spoke to the family and the school",
            **date_fields("notice_sent_on", days_ago(2)),
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("ehc:amendments", args=[case.pk])).content.decode()
    due = Deadline.objects.get(case=case, key="appeal_deadline").due
    assert f"maintained until {due.day} " in page
    assert client.get(reverse("ehc:cease", args=[case.pk])).status_code == 302
    timeline = client.get(reverse("ehc:case", args=[case.pk])).content.decode()
    assert "Decision to cease the plan" in timeline


def test_bad_input_on_every_form_names_the_field_and_saves_nothing(world, case):
    client = signed_in(world, Role.CASEWORKER)
    response = client.post(
        reverse("ehc:amendment_propose", args=[case.pk]),
        {
            **date_fields("proposed_on", days_ago(-3)),
            "reasons": "",
            "changes": "Kept",
            "evidence": SimpleUploadedFile("x.txt", b"hello"),
        },
    )
    assert response.status_code == 400
    summary = error_summary(response.content.decode())
    assert "#proposed_on" in summary or "proposed_on" in summary
    assert "reasons" in summary
    assert "Kept" in response.content.decode()
    response = client.post(
        reverse("ehc:amendment_propose", args=[case.pk]),
        {
            **date_fields("proposed_on", days_ago(5)),
            "reasons": "r",
            "changes": "c",
            "evidence": SimpleUploadedFile("x.pdf", b"not a pdf"),
        },
    )
    assert response.status_code == 400
    assert "evidence" in error_summary(response.content.decode())
    assert not CaseEvent.objects.filter(case=case, type="amendment_proposed").exists()
    assert not Document.objects.filter(case=case).exists()
    response = client.post(
        reverse("ehc:cease", args=[case.pk]),
        {**date_fields("decided_on", days_ago(3)), "reason": "", "consultation": ""},
    )
    assert response.status_code == 400
    summary = error_summary(response.content.decode())
    for name in ("reason", "consultation", "notice_sent_on"):
        assert name in summary
    response = client.post(
        reverse("ehc:cease", args=[case.pk]),
        {
            **date_fields("decided_on", days_ago(3)),
            "reason": "2",
            "consultation": "c",
            **date_fields("notice_sent_on", days_ago(4)),
        },
    )
    assert response.status_code == 400
    assert "notice_sent_on" in error_summary(response.content.decode())
    assert not CaseEvent.objects.filter(case=case, type="plan_ceased").exists()
    propose(world, case, on=5)
    response = client.post(
        reverse("ehc:amendment_issue", args=[case.pk]), date_fields("issued_on", days_ago(1))
    )
    assert response.status_code == 400
    assert "early_confirmed" in error_summary(response.content.decode())
    response = client.post(reverse("ehc:amendment_issue", args=[case.pk]), {"issued_on-day": "40"})
    assert response.status_code == 400
    assert "issued_on" in error_summary(response.content.decode())
    response = client.post(
        reverse("ehc:amendment_decline", args=[case.pk]),
        {**date_fields("decided_on", days_ago(1)), "reasons": ""},
    )
    assert response.status_code == 400
    assert "reasons" in error_summary(response.content.decode())
    assert PlanVersion.objects.filter(plan=case.plan).count() == 1
    assert not CaseEvent.objects.filter(
        case=case, type__in=["amended_plan_issued", "decided_not_to_amend"]
    ).exists()
    response = client.get(reverse("ehc:plan_compare", args=[case.pk]), {"first": 1, "second": 1})
    assert response.status_code == 400


def _urls(case) -> list[str]:
    return [
        reverse(name, args=[case.pk])
        for name in (
            "ehc:amendments",
            "ehc:plan_compare",
            "ehc:amendment_propose",
            "ehc:amendment_issue",
            "ehc:amendment_decline",
            "ehc:cease",
        )
    ]


@pytest.mark.parametrize("role", ["other_caseworker", Role.FAMILY, Role.LEADER])
def test_roles_outside_the_case_cannot_reach_the_pages(world, case, role):
    client = signed_in(world, role)
    for url in _urls(case):
        response = client.get(url)
        expected = (404,) if role == "other_caseworker" else (403, 404)
        assert response.status_code in expected, (role, url)
        assert case.child.last_name not in response.content.decode()
    response = client.post(
        reverse("ehc:amendment_propose", args=[case.pk]),
        {**date_fields("proposed_on", days_ago(5)), "reasons": "r", "changes": "c"},
    )
    assert response.status_code in ((404,) if role == "other_caseworker" else (403, 404))
    assert not CaseEvent.objects.filter(case=case, type="amendment_proposed").exists()


def test_a_senco_cannot_reach_the_pages(world, case):
    client = signed_in(world, Role.SENCO)
    for url in _urls(case):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("ehc:cease", args=[case.pk]),
        {
            **date_fields("decided_on", days_ago(3)),
            "reason": "2",
            "consultation": "c",
            **date_fields("notice_sent_on", days_ago(2)),
        },
    )
    assert response.status_code == 403
    assert not CaseEvent.objects.filter(case=case, type="plan_ceased").exists()


def test_reads_are_audited(world, case):
    from sendpath.core.models import AuditAction, AuditEntry

    client = signed_in(world, Role.CASEWORKER)
    client.get(reverse("ehc:amendments", args=[case.pk]))
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEWED, child_id=case.child_id, summary__contains="versions"
    ).exists()
