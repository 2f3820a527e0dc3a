"""Disagreements about an EHC needs assessment or plan: mediation (Children and Families Act
2014 s.52-57; SEND Regulations 2014 regs 32-42) and appeals to the First-tier Tribunal (SEND)
(s.51; HESC Rules 2008 r.20), with the tribunal's orders (regs 44 and 45).

The statutory steps are events on the case's timeline (``ehc.cases.services.event_record``), so
their deadlines come from the timescales engine as ``Deadline`` rows; this record keeps the
facts around them (who attended, the venue, the outcome, what the tribunal decided).
"""

from __future__ import annotations

from django.db import models

from sendpath.core.models import BaseModel
from sendpath.ehc.models import Case


class DisagreementKind(models.TextChoices):
    MEDIATION = "mediation", "Mediation"
    APPEAL = "appeal", "Appeal to the tribunal"


class Decision(models.TextChoices):
    """The appealable decisions (Code of Practice 11.45; SEND Regulations 2014 reg 32)."""

    NOT_TO_ASSESS = "not_to_assess", "Not to carry out an EHC needs assessment"
    NOT_TO_ISSUE = "not_to_issue", "Not to issue an EHC plan"
    PLAN_CONTENT = "plan_content", "The plan's content: sections B, F or I"
    PLACEMENT = "placement", "The school or college named in the plan (section I)"
    AMENDMENT = "amendment", "The content of an amended plan"
    NOT_TO_AMEND = "not_to_amend", "Not to amend the plan after a review"
    CEASE = "cease", "To cease the plan"


class DisagreementStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Stage(models.TextChoices):
    """How far a disagreement has gone, set by each step recorded."""

    OPENED = "opened", "Opened"
    ADVISER_CONTACTED = "adviser_contacted", "Mediation adviser contacted"
    CERTIFICATE_ISSUED = "certificate_issued", "Mediation certificate issued"
    MEDIATION_REQUESTED = "mediation_requested", "Mediation requested"
    MEDIATION_ARRANGED = "mediation_arranged", "Mediation arranged"
    MEDIATION_HELD = "mediation_held", "Mediation held"
    APPEAL_REGISTERED = "appeal_registered", "Appeal registered"
    RESPONSE_SENT = "response_sent", "Response sent to the tribunal"
    HEARING_ARRANGED = "hearing_arranged", "Hearing arranged"
    DECIDED = "decided", "Tribunal decided"
    CLOSED = "closed", "Closed"


class MediationOutcome(models.TextChoices):
    AGREED = "agreed", "Agreement reached"
    PARTLY = "partly", "Partly agreed"
    NOT_AGREED = "not_agreed", "No agreement"


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", "Appeal upheld (the family's case succeeded)"
    PARTLY = "partly", "Partly upheld"
    DISMISSED = "dismissed", "Appeal dismissed"
    CONCEDED = "conceded", "Conceded by the authority (unopposed)"
    WITHDRAWN = "withdrawn", "Withdrawn by the family"


class OrderKind(models.TextChoices):
    """The tribunal's orders and the time to comply (SEND Regulations 2014 reg 44(2))."""

    ASSESS = "assess", "Carry out an EHC needs assessment"
    ASSESS_NO_PLAN = "assess_no_plan", "Assess, then decide whether to issue a plan"
    ASSESS_THEN_PLAN = "assess_then_plan", "Assess, then issue a plan"
    MAKE_PLAN_DRAFT = "make_plan_draft", "Issue a draft EHC plan"
    MAKE_PLAN_FINAL = "make_plan_final", "Issue a final EHC plan"
    AMEND_PLAN = "amend_plan", "Amend the plan"
    NAME_SCHOOL = "name_school", "Name the school or college"


class Disagreement(BaseModel):
    """One dispute about one decision on a case: mediation, going on (or straight) to appeal."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="disagreements")
    kind = models.CharField(max_length=12, choices=DisagreementKind.choices)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    decision_notice_on = models.DateField("Date of the decision letter", null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=DisagreementStatus.choices, default=DisagreementStatus.OPEN
    )
    stage = models.CharField(max_length=24, choices=Stage.choices, default=Stage.OPENED)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    # Mediation (regs 33-42).
    adviser_contacted_on = models.DateField(null=True, blank=True)
    wants_mediation = models.BooleanField(null=True, blank=True)
    certificate_on = models.DateField(null=True, blank=True)
    requested_on = models.DateField(null=True, blank=True)
    mediation_on = models.DateField(null=True, blank=True)
    venue = models.CharField(max_length=200, blank=True)
    notice_sent_on = models.DateField(null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    attendees = models.TextField(blank=True)
    child_views_sought = models.BooleanField(null=True, blank=True)
    mediation_outcome = models.CharField(
        max_length=12, choices=MediationOutcome.choices, blank=True
    )
    health_element = models.BooleanField(default=False)
    health_part = models.TextField(blank=True)
    social_care_element = models.BooleanField(default=False)
    social_care_part = models.TextField(blank=True)
    # Appeal (HESC Rules 2008 r.20-21).
    registered_on = models.DateField(null=True, blank=True)
    # The date the tribunal's letter gives for the authority's response (HESC Rules 2008 r.21,
    # set by the tribunal's directions): on the worklist until the response is recorded.
    response_due_on = models.DateField(null=True, blank=True)
    response_on = models.DateField(null=True, blank=True)
    hearing_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    appeal_outcome = models.CharField(max_length=12, choices=AppealOutcome.choices, blank=True)
    unopposed = models.BooleanField(default=False)
    national_trial = models.BooleanField(default=False)
    recommendations = models.TextField(blank=True)

    class Meta:
        ordering = ["-opened_on", "-created_at"]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.case.reference}"

    @property
    def audit_child_id(self) -> object:
        return self.case.child_id


class TribunalOrder(BaseModel):
    """An order of the tribunal; its compliance deadline is the engine's
    ``comply_with_order:<kind>`` (reg 44(2)), on the worklist until ``order_complied``."""

    disagreement = models.ForeignKey(Disagreement, on_delete=models.CASCADE, related_name="orders")
    kind = models.CharField(max_length=20, choices=OrderKind.choices)
    made_on = models.DateField()
    complied_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["made_on", "created_at"]


class AgreedAction(BaseModel):
    """An action of a mediated agreement, with the date the agreement sets for it (on the
    worklist until it is done)."""

    disagreement = models.ForeignKey(Disagreement, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(max_length=300)
    who = models.CharField(max_length=200)
    due = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due", "created_at"]
