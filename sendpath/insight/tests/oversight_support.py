"""Hand-built histories for the oversight tests and journey, with their counts worked out by
hand in the tests that read them."""

from __future__ import annotations

import datetime as dt

from sendpath.disputes.models import Complaint, ComplaintStage, Disagreement, TribunalOrder
from sendpath.ehc.cases import services

D = dt.date


def oversight_history(world, child, actor):
    """A plan issued 10 March 2023; review meetings 10 March 2024 (its due date: on time) and
    11 March 2025 (a day late); the third review, due 11 March 2026, not held (late). Two
    decision letters sent in 2024 (appealable)."""
    case = services.case_open(actor=actor, child=child, source="parent", received_on=D(2022, 10, 1))
    for type_, day, details in (
        ("decision_notice_sent", D(2022, 11, 10), {}),
        ("final_plan_issued", D(2023, 3, 10), {}),
        ("decision_notice_sent", D(2024, 2, 1), {}),
        ("review_meeting_held", D(2024, 3, 10), {}),
        ("review_decision_notified", D(2024, 4, 7), {"outcome": "maintain"}),
        ("decision_notice_sent", D(2024, 5, 1), {}),
        ("review_meeting_held", D(2025, 3, 11), {}),
        ("review_decision_notified", D(2025, 4, 9), {"outcome": "amend"}),
    ):
        services.event_record(actor=actor, case=case, type=type_, date=day, details=details)
    return case


def oversight_disputes(world, case, authority):
    complaint = Complaint.objects.create(
        child=case.child, authority=authority, kind="complaint", about="school",
        summary="Transport", received_on=D(2025, 5, 1), stage="closed", outcome="upheld",
        outcome_on=D(2025, 6, 1),
    )  # fmt: skip
    ComplaintStage.objects.create(
        complaint=complaint, stage="stage_1", started_on=D(2025, 5, 1), due_on=D(2025, 5, 15),
        responded_on=D(2025, 5, 15),
    )  # fmt: skip
    owed = Complaint.objects.create(
        child=case.child, authority=authority, kind="complaint", about="send_service",
        summary="Slow", received_on=D(2025, 7, 1), stage="stage_1",
    )  # fmt: skip
    ComplaintStage.objects.create(
        complaint=owed, stage="stage_1", started_on=D(2025, 7, 1), due_on=D(2025, 7, 15)
    )
    appeal = Disagreement.objects.create(
        case=case, kind="appeal", decision="plan_content", status="open", stage="decided",
        opened_on=D(2024, 5, 2), adviser_contacted_on=D(2024, 5, 3), wants_mediation=False,
        certificate_on=D(2024, 5, 8), registered_on=D(2024, 6, 1), decided_on=D(2025, 1, 10),
        appeal_outcome="upheld",
    )  # fmt: skip
    # Made 10 January 2025, to amend the plan within 5 weeks (reg 44(2)(e)): met on the day.
    TribunalOrder.objects.create(
        disagreement=appeal, kind="amend_plan", made_on=D(2025, 1, 10), complied_on=D(2025, 2, 14)
    )
