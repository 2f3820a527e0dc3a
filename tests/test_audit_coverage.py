"""Every page that shows a child's data leaves an audit entry for that child (issue 14, point 1).

The test walks every URL pattern of the project (``get_resolver``, recursively) against the
demo's data at a small size (every stage of the pathway, plans in force at every point of the
review cycle, the Local Offer) plus a few records the demo does not make. Each pattern's
parameters are filled from real records; each URL is fetched (GET) as the roles in
``ROLES`` in turn until one may see it. A page that answers 200 must have written an audit
entry for the child its URL is about and for every child whose full name it shows.

Patterns are never passed over silently: those with no GET to make (a POST-only action, a
public page, a one-time link) are in ``SKIPPED`` with the reason, and those no role reaches with
the test's records are in ``UNREACHED`` with the reason. A new pattern in neither that no role
reaches, or a listed one that is now reached, fails the test, so the tables stay true.
"""

from __future__ import annotations

import datetime as dt
import html
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, RequestFactory, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.demo.generator import load_demo
from sendpath.disputes.models import Disagreement
from sendpath.ehc.models import (
    Case,
    CaseEvent,
    Document,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanProvision,
)
from sendpath.jointworking.models import AgendaItem, Escalation, Meeting, PersonalEducationPlan
from sendpath.localoffer.models import Comment, Provider, Service
from sendpath.people.models import (
    Child,
    FamilyMember,
    Organisation,
    ProfessionalLink,
    SettingAttendance,
    User,
)
from sendpath.registers.models import KeyContact, PlanCopy
from sendpath.support.models import EvidenceOfNeed, ProvisionEntry, PupilVoice

# The demo's accounts, tried in this order until one may see the page.
ROLES = (
    "manager",
    "virtualschool",
    "admin",
    "parent",
    "youngperson",
    "senco",
    "professional",
    "localoffer",
    "provider",
    "leader",
)
PASSWORD = "sendpath-demo"
READS = (AuditAction.VIEWED, AuditAction.SEARCHED)

# Patterns with no GET to make, or public pages: never fetched, each for the reason given.
SKIPPED: dict[str, str] = {
    "logout": "POST only (signing out)",
    "signin:password_reset_confirm": "public one-time link (no child's data)",
    "signin:invitation_confirm": "public one-time link (no child's data)",
    "sso:start": "single sign-on redirect to the council's provider (off in the tests)",
    "sso:callback": "single sign-on callback from the provider (off in the tests)",
    "people:family_unlink": "POST only (removing a family member's access)",
    "people:family_stop": "POST only (a family member stops their own access)",
    "people:staff_deactivate": "POST only",
    "people:staff_reactivate": "POST only",
    "people:staff_reset_second_factor": "POST only",
    "people:staff_resend_invitation": "POST only",
    "portal:use_family_words": "POST only (the family's words put into section A of the plan)",
    "ehc:plan_pdf": "the plan as a PDF: same lookup and audit as ehc:plan_print, which is walked",
    "support:plan_pdf": "the Individual Support Plan as a PDF: same lookup and audit as "
    "support:plan, which is walked",
    "portal:timeline_pdf": "the family's timeline as a PDF: same lookup and audit as "
    "portal:timeline, which is walked",
    "portal:plan_pdf": "the family's plan as a PDF: same lookup and audit as portal:plan, "
    "which is walked",
    "jointworking:rebuild": "POST only (rebuilding the agenda)",
    "jointworking:action_done": "POST only (marking an action done)",
    "localoffer:comment_publish": "POST only",
    "localoffer:comment_decline": "POST only",
    "twofactor:turn_off": "POST only",
    "twofactor:recovery_codes_new": "POST only",
    "people:sen_support_import_confirm": "POST only (the checked file is posted back)",
    "people:professional_end": "POST only (ending a professional's link)",
    "registers:contact_confirm": "POST only (confirming a key contact is up to date)",
    "localoffer:service_confirm": "POST only (confirming an entry is up to date)",
    "localoffer:api_service": "public Open Referral UK API (Local Offer services, no child)",
    "localoffer:api_taxonomy": "public Open Referral UK API (no child)",
    "localoffer:api_taxonomy_term": "public Open Referral UK API (no child)",
    "localoffer:api_organization": "public Open Referral UK API (no child)",
    "localoffer:api_service_at_location": "public Open Referral UK API (no child)",
    "localoffer:api_unknown": "public Open Referral UK API: the 404 for unknown paths",
    "portal:family_message_send_again": "POST only (sending a failed message to the family again)",
    "portal:family_letter_posted": "POST only (marking a letter to the family posted)",
}

# Patterns no role reaches with the test's records, each for the reason given.
UNREACHED: dict[str, str] = {
    "login": "the sign-in page sends a signed-in user on",
    "twofactor:verify": "only while a second factor is owed (off in the tests)",
    "twofactor:recovery": "only while a second factor is owed (off in the tests)",
    "twofactor:codes": "only straight after setting up a second factor",
    "people:family_link": "a parent with an open invitation to link (the demo makes none)",
    "ehc:carer_plan": "the carer's copy needs a carer account linked to a cared-for child",
    "ehc:caseload_import": "the demo makes no SEN2 caseload import",
    "localoffer:import_detail": "the demo runs no Local Offer feed imports",
    "portal:ask_assessment_sent": "the confirmation of a family's own request: the demo's "
    "family accounts have sent none (portal/tests/test_asking_assessment.py reads it)",
}
# At most this many GETs per pattern (candidates x roles), to keep the walk quick.
MAX_TRIES = 24


@dataclass
class Walked:
    name: str
    url: str = ""
    role: str = ""
    status: int = 0
    named: set[uuid.UUID] = field(default_factory=set)
    missing: set[uuid.UUID] = field(default_factory=set)


def patterns(resolver: URLResolver | None = None, ns: str = "") -> Iterator[tuple[str, Any]]:
    """Every URL pattern as (namespaced name, pattern), recursively."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
            yield from patterns(p, inner)
        elif isinstance(p, URLPattern):
            name = f"{ns}:{p.name}" if ns else (p.name or "")
            yield name, p


# ---------------------------------------------------------------------------------------------
# Filling each pattern's parameters from real records


@dataclass
class Candidate:
    kwargs: dict[str, Any]
    child_id: uuid.UUID | None  # the child the URL is about, if any


def _cases() -> list[Case]:
    """One case at each stage, then those with advice asked for and settings consulted."""
    seen: dict[str, Case] = {}
    for case in Case.objects.order_by("stage", "reference"):
        seen.setdefault(case.stage, case)
    picked = list(seen.values())
    for type_ in ("advice_requested", "setting_consulted", "review_decision", "amendment_proposed"):
        event = CaseEvent.objects.filter(type=type_).order_by("case__reference").first()
        if event and event.case not in picked:
            picked.append(event.case)
    return picked


def _case_candidates(extra: Callable[[Case], list[dict[str, Any]]] | None = None):
    def build() -> list[Candidate]:
        out = []
        for case in _cases():
            for more in extra(case) if extra else [{}]:
                out.append(Candidate({"pk": case.pk, **more}, case.child_id))
        return out

    return build


def _children() -> list[Child]:
    picked: list[Child] = []
    for query in (
        Child.objects.filter(family__user__username="parent"),
        Child.objects.filter(young_person_user__username="youngperson"),
        Child.objects.filter(cases__isnull=False, cared_for=False),
        Child.objects.filter(cared_for=True),
        Child.objects.filter(cared_for=True).exclude(responsible_authority__la_code="999"),
    ):
        child = query.order_by("last_name", "pk").first()
        if child is not None and child not in picked:
            picked.append(child)
    return picked


def _child_candidates(extra: Callable[[Child], list[dict[str, Any]]] | None = None):
    def build() -> list[Candidate]:
        out = []
        for child in _children():
            for more in extra(child) if extra else [{}]:
                out.append(Candidate({"pk": child.pk, **more}, child.pk))
        return out

    return build


def _first(model: Any, **filters: Any) -> Callable[[], list[Candidate]]:
    def build() -> list[Candidate]:
        obj = model.objects.filter(**filters).order_by("pk").first()
        return [Candidate({"pk": obj.pk}, None)] if obj is not None else []

    return build


def _events(case: Case, type_: str, key: str = "ident") -> list[dict[str, Any]]:
    return [
        {key: str(e.details.get("id"))}
        for e in case.events.filter(type=type_).order_by("date")[:1]
        if e.details.get("id")
    ]


def _items(model: Any) -> Callable[[Case], list[dict[str, Any]]]:
    def build(case: Case) -> list[dict[str, Any]]:
        plan = Plan.objects.filter(case=case).first()
        item = model.objects.filter(plan=plan).order_by("pk").first() if plan else None
        return [{"item": item.pk}] if item else []

    return build


def _remove(case: Case) -> list[dict[str, Any]]:
    plan = Plan.objects.filter(case=case).first()
    need = PlanNeed.objects.filter(plan=plan).order_by("pk").first() if plan else None
    return [{"kind": "needs", "item": need.pk}] if need else []


def _notice_kinds(case: Case) -> list[dict[str, Any]]:
    from sendpath.ehc.notices import selectors as notice_selectors

    return [{"kind": k} for k in notice_selectors.KINDS]


def _family_members(child: Child) -> list[dict[str, Any]]:
    member = FamilyMember.objects.filter(child=child).order_by("pk").first()
    return [{"member_pk": member.pk}] if member else []


def _attendances(child: Child) -> list[dict[str, Any]]:
    att = SettingAttendance.objects.filter(child=child).order_by("pk").first()
    return [{"attendance_pk": att.pk}] if att else []


def _links(child: Child) -> list[dict[str, Any]]:
    link = ProfessionalLink.objects.filter(child=child).order_by("pk").first()
    return [{"link_pk": link.pk}] if link else []


def _invitations(child: Child) -> list[dict[str, Any]]:
    from sendpath.people.models import FamilyInvitation

    found = FamilyInvitation.objects.filter(child=child).order_by("pk").first()
    return [{"invitation_pk": found.pk}] if found else []


def _linked_children() -> list[Candidate]:
    return [Candidate({"pk": c.pk}, c.pk) for c in _children()]


def _staff() -> list[Candidate]:
    user = User.objects.get(username="caseworker")
    return [Candidate({"pk": user.pk}, None)]


def _virtual_school_staff() -> list[Candidate]:
    user = User.objects.get(username="virtualschool")
    return [Candidate({"pk": user.pk}, None)]


def _pupils_on_support() -> list[Candidate]:
    """Pupils with SEN support cycles: one at an authority school, one cared for if any."""
    with_support = Child.objects.filter(support_cycles__isnull=False).distinct()
    picked = [
        c
        for c in (
            with_support.filter(cared_for=False).order_by("last_name", "pk").first(),
            with_support.filter(cared_for=True).order_by("last_name", "pk").first(),
        )
        if c is not None
    ]
    return [Candidate({"child_id": c.pk}, c.pk) for c in picked]


def _open_advice() -> list[Candidate]:
    """Advice asked for and not yet received, on open cases."""
    out = []
    asked = CaseEvent.objects.filter(type="advice_requested", case__closed_at__isnull=True)
    for event in asked.order_by("case__reference", "pk"):
        ident = str(event.details.get("id", ""))
        received = event.case.events.filter(type="advice_received", details__id=ident)
        if ident and not received.exists():
            out.append(Candidate({"pk": event.case_id, "ident": ident}, event.case.child_id))
    return out[:4]


def _amendments_open() -> list[Candidate]:
    from sendpath.ehc.cases import selectors as case_selectors

    cases = Case.objects.filter(events__type="amendment_proposed").distinct().order_by("pk")
    return [Candidate({"pk": c.pk}, c.child_id) for c in cases if case_selectors.amendment_open(c)]


def _meeting_prints() -> list[Candidate]:
    meeting = Meeting.objects.order_by("pk").first()
    return [Candidate({"pk": meeting.pk, "kind": k}, None) for k in ("agenda", "minutes")]


def _meeting_items() -> list[Candidate]:
    item = AgendaItem.objects.filter(child__isnull=False).order_by("pk").first()
    return [Candidate({"pk": item.meeting_id, "item_pk": item.pk}, item.child_id)]


def _senco_pupils() -> list[Candidate]:
    """A pupil on SEN support on the demo SENCO's roll (one, so the SENCO is tried in turn)."""
    senco = User.objects.get(username="senco")
    mine = Child.objects.visible_to(senco).filter(sen_provision="K").order_by("last_name", "pk")
    return [Candidate({"pk": c.pk}, c.pk) for c in mine[:1]]


def _support_cycles(
    extra: Callable[[Any], list[dict[str, Any]]] | None = None, having: str = "targets"
):
    """The SEN support cycle of a pupil on the demo SENCO's roll (see the records below), one
    with ``having`` (targets, or advice)."""
    from sendpath.support.models import Cycle

    def build() -> list[Candidate]:
        senco = User.objects.get(username="senco")
        cycle = (
            Cycle.objects.filter(child__in=Child.objects.visible_to(senco))
            .filter(**{f"{having}__isnull": False})
            .order_by("pk")
            .first()
        )
        if cycle is None:
            return []
        base = {"pk": cycle.child_id, "cycle_pk": cycle.pk}
        return [
            Candidate({**base, **more}, cycle.child_id)
            for more in (extra(cycle) if extra else [{}])
        ]

    return build


def _support_items(model: Any, **filters: Any) -> Callable[[], list[Candidate]]:
    """A record of a pupil's SEN support (voice, provision, evidence) on the demo SENCO's roll
    (the demo makes some at other schools too), by its pupil and key."""

    def build() -> list[Candidate]:
        senco = User.objects.get(username="senco")
        mine = model.objects.filter(child__in=Child.objects.visible_to(senco), **filters)
        obj = mine.order_by("pk").first()
        if obj is None:
            return []
        return [Candidate({"pk": obj.child_id, "item_pk": obj.pk}, obj.child_id)]

    return build


def _cycle_targets(cycle: Any) -> list[dict[str, Any]]:
    return [{"target_pk": t.pk} for t in cycle.targets.order_by("pk")[:1]]


def _cycle_advice(cycle: Any) -> list[dict[str, Any]]:
    return [{"advice_pk": a.pk} for a in cycle.advice.order_by("pk")[:1]]


def _senco_roll() -> list[Child]:
    """Pupils on the roll of the demo SENCO's school today."""
    senco = User.objects.get(username="senco")
    today = timezone.localdate()
    on_roll = SettingAttendance.objects.filter(
        organisation_id=senco.organisation_id, start_date__lte=today
    ).exclude(end_date__lt=today)
    return list(Child.objects.filter(pk__in=on_roll.values("child_id")).order_by("pk"))


def _school_request() -> list[Candidate]:
    return [Candidate({"pk": c.pk}, c.pk) for c in _senco_roll()[:2]]


def _no_to_assess() -> list[Candidate]:
    from sendpath.support.readiness import selectors as readiness

    found = [c for c in _senco_roll() if readiness.no_to_assess(c) is not None]
    return [Candidate({"pk": c.pk}, c.pk) for c in found[:1]]


def _about_me_files(child: Child) -> list[dict[str, Any]]:
    from sendpath.portal.models import AllAboutMeFile

    found = AllAboutMeFile.objects.filter(child=child).order_by("pk").first()
    return [{"file_pk": found.pk}] if found else []


def _about_me_case_files() -> list[Candidate]:
    """A file the family added to All about me, by a case of the child it belongs to."""
    from sendpath.portal.models import AllAboutMeFile

    found = AllAboutMeFile.objects.filter(child__cases__isnull=False).order_by("pk").first()
    if found is None:
        return []
    case = found.child.cases.order_by("reference").first()
    return [Candidate({"pk": case.pk, "file_pk": found.pk}, found.child_id)]


def _complaints(having_action: bool = False) -> Callable[[], list[Candidate]]:
    def build() -> list[Candidate]:
        from sendpath.disputes.models import Complaint

        found = Complaint.objects.order_by("stage", "pk")
        if having_action:
            found = found.filter(actions__isnull=False).distinct()
        out = []
        for c in found[:3]:
            more = {"action_pk": c.actions.order_by("pk").first().pk} if having_action else {}
            out.append(Candidate({"pk": c.pk, **more}, c.child_id))
        return out

    return build


def _budgets(**filters: Any) -> Callable[[], list[Candidate]]:
    """One personal budget of each status the filters allow (the demo makes every status)."""
    from sendpath.budgets.models import PersonalBudget

    def build() -> list[Candidate]:
        seen: dict[str, Any] = {}
        for budget in PersonalBudget.objects.filter(**filters).order_by("pk"):
            seen.setdefault(budget.status, budget)
        return [Candidate({"pk": b.pk}, b.child_id) for b in seen.values()]

    return build


def _disagreements(extra: dict[str, Any] | None = None) -> Callable[[], list[Candidate]]:
    """A disagreement of the demo (mediation and appeals: ``sendpath.demo.disputes``)."""

    def build() -> list[Candidate]:
        found = Disagreement.objects.select_related("case").order_by("pk")[:1]
        return [Candidate({"pk": d.pk, **(extra or {})}, d.case.child_id) for d in found]

    return build


def _budget_parts() -> list[Candidate]:
    from sendpath.budgets.models import BudgetElement

    part = BudgetElement.objects.filter(premises__isnull=False).order_by("pk").first()
    if part is None:
        return []
    return [Candidate({"pk": part.budget_id, "element_pk": part.pk}, part.budget.child_id)]


def _budget_payments() -> list[Candidate]:
    from sendpath.budgets.models import Payment

    payment = (
        Payment.objects.filter(status="scheduled", direct_payment__consent_withdrawn_on=None)
        .select_related("direct_payment__budget")
        .order_by("pk")
        .first()
    )
    if payment is None:
        return []
    budget = payment.direct_payment.budget
    return [Candidate({"pk": budget.pk, "payment_pk": payment.pk}, budget.child_id)]


def _budget_consent() -> list[Candidate]:
    return [
        Candidate({**c.kwargs, "action": action}, c.child_id)
        for c in _budgets(direct_payment__isnull=False)()
        for action in ("give", "withdraw")
    ]


def _ap_placements() -> list[Candidate]:
    from sendpath.insight.models import Placement

    return [Candidate({"pk": p.pk}, p.child_id) for p in Placement.objects.order_by("pk")[:1]]


FILL: dict[str, Callable[[], list[Candidate]]] = {
    # Alternative provision and preparing for adulthood (insight/provision).
    "insight:ap_placement_add": _child_candidates(),
    "insight:ap_placement_edit": _ap_placements,
    "insight:adulthood_edit": _child_candidates(),
    # Personal budgets (budgets): the demo makes one of each status.
    "budgets:budget": _budgets(),
    "budgets:budget_csv": _budgets(),
    "budgets:element_new": _budgets(status="requested"),
    "budgets:decide": _budgets(status="requested"),
    "budgets:review_request": _budgets(status="refused"),
    "budgets:direct_payment": _budgets(direct_payment__isnull=False),
    "budgets:consent": _budget_consent,
    "budgets:payment_new": _budgets(direct_payment__isnull=False),
    "budgets:monitoring": _budgets(direct_payment__isnull=False),
    "budgets:agreement": _budget_parts,
    "budgets:payment_paid": _budget_payments,
    "budgets:new": lambda: [
        Candidate({"case_pk": c.pk}, c.child_id) for c in _cases() if c.closed_at is None
    ][:3],
    "budgets:family": _child_candidates(),
    "portal:all_about_me": _child_candidates(),
    "portal:all_about_me_change": _child_candidates(),
    "portal:all_about_me_version": _child_candidates(lambda c: [{"number": 1}]),
    "portal:all_about_me_easy": _child_candidates(),
    "portal:all_about_me_easy_step": _child_candidates(lambda c: [{"step": "like"}]),
    "portal:all_about_me_easy_check": _child_candidates(),
    "portal:all_about_me_file_add": _child_candidates(),
    "portal:all_about_me_file": _child_candidates(_about_me_files),
    "portal:all_about_me_file_remove": _child_candidates(_about_me_files),
    "portal:case_all_about_me_file": _about_me_case_files,
    "disputes:complaint_add": _child_candidates(),
    "disputes:complaint": _complaints(),
    "disputes:complaint_respond": _complaints(),
    "disputes:complaint_move": _complaints(),
    "disputes:complaint_arrange": _complaints(),
    "disputes:complaint_close": _complaints(),
    "disputes:complaint_action_add": _complaints(),
    "disputes:complaint_action_done": _complaints(having_action=True),
    "disputes:family_complaint_raise": _child_candidates(),
    "disputes:family_complaints": _child_candidates(),
    "support:pupil": _senco_pupils,
    "support:register": _senco_pupils,
    "support:record": _senco_pupils,
    "support:summary": _senco_pupils,
    "support:plan": _senco_pupils,
    "support:cycle_start": _senco_pupils,
    "support:cycle": _support_cycles(),
    "support:cycle_section": _support_cycles(lambda c: [{"section": "review"}]),
    "support:target_add": _support_cycles(),
    "support:target_edit": _support_cycles(_cycle_targets),
    "support:target_result": _support_cycles(_cycle_targets),
    "support:target_remove": _support_cycles(_cycle_targets),
    "support:advice_add": _support_cycles(),
    "support:advice_edit": _support_cycles(_cycle_advice, having="advice"),
    "support:note_add": _support_cycles(),
    "people:child": _child_candidates(),
    "portal:child": _child_candidates(),
    "portal:timeline": _child_candidates(),
    "portal:plan": _child_candidates(),
    "people:child_edit": _child_candidates(),
    "people:child_access_log": _child_candidates(),
    "people:family_add": _child_candidates(),
    "people:family_edit": _child_candidates(_family_members),
    "people:family_invite": _child_candidates(),
    "people:family_invited": _child_candidates(_invitations),
    "people:family_capacity": _child_candidates(),
    "people:family_link": _linked_children,
    "people:setting_add": _child_candidates(),
    "people:setting_end": _child_candidates(_attendances),
    "people:professional_add": _child_candidates(),
    "people:professional_end": _child_candidates(_links),
    "people:organisation": _first(Organisation, la_code="999"),
    "people:organisation_edit": _first(Organisation, la_code="999"),
    "people:staff": _staff,
    "people:staff_change": _staff,
    "people:staff_adviser": _virtual_school_staff,
    "support:overview": _pupils_on_support,
    "ehc:request_create": _child_candidates(),
    "ehc:existing_plan": _child_candidates(),
    "ehc:carer_plan": _child_candidates(),
    "ehc:decision": _case_candidates(lambda c: [{"kind": "assess"}, {"kind": "issue"}]),
    "ehc:event_correct": _case_candidates(
        lambda c: [{"event_pk": e.pk} for e in c.events.order_by("date", "pk")[:1]]
    ),
    "ehc:advice_received": lambda: _open_advice(),
    "ehc:document_download": lambda: [
        Candidate({"pk": d.case_id, "document_pk": d.pk}, d.case.child_id)
        for d in Document.objects.order_by("pk")[:1]
    ],
    "registers:plan_copy_download": lambda: [
        Candidate({"pk": c.child_id, "copy_pk": c.pk}, c.child_id)
        for c in PlanCopy.objects.order_by("pk")[:1]
    ],
    "ehc:amendment_issue": _amendments_open,
    "ehc:amendment_decline": _amendments_open,
    "ehc:notice": _case_candidates(_notice_kinds),
    "ehc:plan_section": _case_candidates(lambda c: [{"letter": "a"}]),
    "ehc:plan_need": _case_candidates(_items(PlanNeed)),
    "ehc:plan_outcome": _case_candidates(_items(PlanOutcome)),
    "ehc:plan_provision": _case_candidates(_items(PlanProvision)),
    "ehc:plan_item_remove": _case_candidates(_remove),
    "ehc:setting_response": _case_candidates(lambda c: _events(c, "setting_consulted")),
    "registers:belonging_child": _child_candidates(),
    "registers:plan_copy_add": _child_candidates(),
    "jointworking:child": _child_candidates(),
    "jointworking:pep_upload": _child_candidates(),
    "jointworking:pep_download": lambda: [
        Candidate({"pk": p.child_id, "pep_pk": p.pk}, p.child_id)
        for p in PersonalEducationPlan.objects.order_by("pk")[:1]
    ],
    "localoffer:service": _first(Service),
    "localoffer:service_manage": _first(Service),
    "localoffer:service_edit": _first(Service),
    "localoffer:service_confirm": _first(Service),
    "localoffer:service_feedback": _first(Service),
    "localoffer:provider_edit": _first(Provider),
    "localoffer:comment": _first(Comment),
    "jointworking:meeting": _first(Meeting),
    "jointworking:meeting_print": _meeting_prints,
    "jointworking:item_add": _first(Meeting),
    "jointworking:item": _meeting_items,
    "jointworking:action_add": _first(Meeting),
    "jointworking:escalation": _first(Escalation),
    "registers:contact_edit": _first(KeyContact),
    "localoffer:annual_report_year": lambda: [Candidate({"year": timezone.now().year}, None)],
    "registers:sen_export": lambda: [Candidate({"fmt": "csv"}, None)],
    "support:voice": _senco_pupils,
    "support:voice_add": _senco_pupils,
    "support:voice_edit": _support_items(PupilVoice),
    "support:voice_remove": _support_items(PupilVoice),
    "support:voice_file": _support_items(PupilVoice, file__gt=""),
    "support:provision": _senco_pupils,
    "support:provision_add": _senco_pupils,
    "support:provision_edit": _support_items(ProvisionEntry),
    "support:provision_remove": _support_items(ProvisionEntry),
    "support:evidence": _senco_pupils,
    "support:evidence_add": _senco_pupils,
    "support:evidence_edit": _support_items(EvidenceOfNeed),
    "support:evidence_remove": _support_items(EvidenceOfNeed),
    "support:readiness": _child_candidates(),
    "support:request": _school_request,
    "support:follow_up": _no_to_assess,
    "disputes:disagreement_new": lambda: [
        Candidate({"case_pk": d.case_id}, d.case.child_id)
        for d in Disagreement.objects.select_related("case").order_by("pk")[:1]
    ],
    "disputes:disagreement": _disagreements(),
    "disputes:disagreement_step": _disagreements({"step": "adviser"}),
    "disputes:family_disagreements": _child_candidates(),
    # The family's pages for asking and sending (portal/asking): the parent's and the young
    # person's own children.
    **{
        f"portal:{name}": _child_candidates()
        for name in (
            "ask_assessment",
            "draft_plan",
            "draft_representations",
            "draft_meeting",
            "draft_placement",
            "personal_budget",
            "documents",
            "concern",
            "complaints",
            "review_contribution",
        )
    },
    # Insight, who is over- or under-represented: the children behind a group's count.
    "insight:groups_children": lambda: [
        Candidate({"population": "plans", "dimension_key": "sex", "group_key": "M"}, None)
    ],
    # The SEN2 return (insight/sen2): the run built in _records_the_demo_does_not_make.
    "insight:sen2_run": lambda: _sen2_runs(),
    "insight:sen2_download": lambda: _sen2_runs(),
}


def _sen2_runs() -> list[Candidate]:
    from sendpath.insight.models import Sen2Run

    return _first(Sen2Run)()


# The quality audit of EHC plans (insight): the demo's finished audit round.
def _quality(kind: str) -> Callable[[], list[Candidate]]:
    def build() -> list[Candidate]:
        from sendpath.insight.models import Criterion, PlanAudit, Sample, SampledPlan

        if kind == "criterion":
            return [Candidate({"pk": c.pk}, None) for c in Criterion.objects.order_by("pk")[:1]]
        if kind == "sample":
            return [Candidate({"pk": s.pk}, None) for s in Sample.objects.order_by("pk")[:1]]
        if kind == "audit":
            found = PlanAudit.objects.filter(auditor__username="professional").order_by("pk")
            return [Candidate({"pk": a.pk}, a.plan.child_id) for a in found[:1]]
        more = {"section": "F"} if kind == "moderate" else {}
        plans = SampledPlan.objects.order_by("sample", "position")[:1]
        return [Candidate({"pk": p.pk, **more}, p.child_id) for p in plans]

    return build


FILL.update(
    {
        "insight:quality_criterion": _quality("criterion"),
        "insight:quality_sample": _quality("sample"),
        "insight:quality_plan": _quality("plan"),
        "insight:quality_assign": _quality("plan"),
        "insight:quality_findings": _quality("plan"),
        "insight:quality_action_new": _quality("plan"),
        "insight:quality_moderate": _quality("moderate"),
        "insight:quality_audit": _quality("audit"),
    }
)
SKIPPED["insight:quality_action_done"] = "POST only (marking an action from an audit done)"


def candidates_for(name: str, pattern: Any) -> list[Candidate]:
    if name in FILL:
        return FILL[name]()
    keys = set(pattern.pattern.regex.groupindex)
    if not keys:
        return [Candidate({}, None)]
    if keys == {"pk"} and str(pattern.pattern).startswith("cases/"):
        return _case_candidates()()
    return []


# ---------------------------------------------------------------------------------------------
# The walk


def _records_the_demo_does_not_make() -> None:
    """A joint meeting with an item and an action, an escalation and a key contact."""
    from sendpath.jointworking import services as joint
    from sendpath.people.family import selectors as family_selectors
    from sendpath.people.family import services as family_services
    from sendpath.registers import services as registers

    today = timezone.localdate()
    vs = User.objects.get(username="virtualschool")
    child = Child.objects.filter(cared_for=True, responsible_authority=vs.authority).first()
    assert child is not None
    meeting = joint.meeting_create(actor=vs, held_on=today)
    item = joint.item_add(actor=vs, meeting=meeting, title="Placement", child=child)
    joint.action_add(
        actor=vs, meeting=meeting, description="Call", due_on=today, item=item, owner=vs
    )
    joint.escalation_raise(
        actor=vs,
        child=child,
        reason="No school place",
        level=1,
        raised_on=today,
        review_by=today,
        owner=vs,
    )
    parent_child = Child.objects.get(family__user__username="parent")
    invitable = family_selectors.members_who_may_be_invited(child=parent_child)
    member = invitable.filter(user__isnull=True).first()
    assert member is not None
    request = RequestFactory().get("/")
    request.user = manager = User.objects.get(username="manager")
    family_services.invite_family(
        request=request,
        actor=manager,
        child=parent_child,
        invitee=str(member.pk),
        email="invited.parent@example.org",
    )
    # Uploads: a document on a case, and a copy of a plan another authority holds.
    from sendpath.ehc.documents import services as documents

    def pdf(name: str) -> SimpleUploadedFile:
        return SimpleUploadedFile(name, b"%PDF-1.7 a letter", "application/pdf")

    case = Case.objects.filter(closed_at__isnull=True).order_by("reference").first()
    assert case is not None
    documents.document_attach(actor=manager, case=case, upload=pdf("letter.pdf"), title="Letter")
    placed = Child.objects.filter(cared_for=True).exclude(responsible_authority=vs.authority)
    placed_child = placed.order_by("pk").first()
    assert placed_child is not None
    registers.plan_copy_store(
        actor=vs,
        child=placed_child,
        holding_authority=placed_child.responsible_authority,
        received_on=today,
        upload=pdf("plan.pdf"),
    )
    # A Personal Education Plan kept by the Virtual School for a cared-for child.
    from sendpath.jointworking import services as jointworking

    jointworking.pep_upload(actor=vs, child=placed_child, upload=pdf("pep.pdf"), pep_date=today)
    # A cycle of SEN support, with a target and outside advice, for a pupil on the SENCO's roll.
    from sendpath.support.cycles import services as support
    from sendpath.support.models import Cycle

    senco = User.objects.get(username="senco")
    pupils = Child.objects.visible_to(senco).filter(sen_provision="K").order_by("last_name", "pk")
    pupil = pupils.exclude(support_cycles__isnull=False).first()
    if pupil is not None and not Cycle.objects.filter(child__in=pupils, targets__isnull=False):
        cycle = support.cycle_start(
            actor=senco,
            child=pupil,
            started_on=today - dt.timedelta(days=30),
            review_due=today + dt.timedelta(days=19),
        )
        support.target_save(actor=senco, cycle=cycle, data={"outcome": "Read 20 words"})
        support.advice_save(
            actor=senco,
            cycle=cycle,
            data={"source": "salt", "received_on": today, "summary": "Use symbols"},
        )
    # A pupil's SEN support records at the demo SENCO's school: views (with a picture),
    # provision on the costed provision map and evidence of need.
    from sendpath.support.models import CostBasis, EvidenceKind, VoiceMethod, Wave, term_of
    from sendpath.support.provision import services as provision

    senco = User.objects.get(username="senco")
    pupil = Child.objects.visible_to(senco).order_by("last_name", "pk").first()
    assert pupil is not None
    provision.voice_save(
        actor=senco,
        child=pupil,
        data={
            "method": VoiceMethod.THREE_WISHES,
            "gathered_on": today,
            "gathered_by": "Teaching assistant",
            "content": "To read on my own",
        },
        upload=SimpleUploadedFile("wishes.png", b"\x89PNG\r\n\x1a\n picture", "image/png"),
    )
    year, term = term_of(today)
    provision.provision_save(
        actor=senco,
        child=pupil,
        school=senco.organisation,
        data={
            "school_year": year,
            "term": term,
            "description": "Reading group",
            "wave": Wave.TARGETED,
            "staff": "",
            "cost_basis": CostBasis.HOUR,
            "rate_pence": 2000,
            "minutes_per_week": 60,
            "sessions_per_week": 0,
            "weeks": 12,
            "group_size": 4,
        },
    )
    provision.evidence_save(
        actor=senco,
        child=pupil,
        data={"kind": EvidenceKind.READING_AGE, "recorded_on": today, "summary": "Reading age 7"},
    )
    # A decision not to assess for a pupil of the SENCO's school (the follow-up meeting).
    from sendpath.ehc.cases import services as case_services
    from sendpath.support.readiness import selectors as readiness

    roll = _senco_roll()
    if not any(readiness.no_to_assess(c) for c in roll):
        pupil = next(c for c in roll if not c.cases.filter(closed_at__isnull=True).exists())
        case = case_services.case_open(
            actor=manager,
            child=pupil,
            source="school",
            received_on=today - dt.timedelta(weeks=6),
        )
        case_services.event_record(
            actor=manager,
            case=case,
            type="decision_to_assess",
            date=today - dt.timedelta(days=2),
            details={"outcome": "no", "reasons": "Needs can be met through SEN support"},
        )
    # What a parent told us (All about me), with a picture, for their child and for a child
    # with a case (whose case pages show it).
    from sendpath.portal.voice import services as voice

    parent = User.objects.get(username="parent")
    with_case = Child.objects.filter(cases__isnull=False).order_by("pk").first()
    for told in (parent_child, with_case):
        voice.all_about_me_save(actor=parent, child=told, data={"hopes": "To ride a bike"})
        voice.all_about_me_file_add(
            actor=parent,
            child=told,
            upload=SimpleUploadedFile("me.png", b"\x89PNG\r\n\x1a\n picture", "image/png"),
            description="Me at the park",
        )
    # A disagreement, where the demo's small load has no refused case to put one on.
    if not Disagreement.objects.exists():
        from sendpath.disputes.disagreements import services as disagreements

        manager = User.objects.get(username="manager")
        case = Case.objects.visible_to(manager).filter(closed_at__isnull=True).order_by("pk")[0]
        disagreements.disagreement_open(
            actor=manager,
            case=case,
            kind="mediation",
            decision="not_to_assess",
            decision_notice_on=None,
            opened_on=today,
        )
    registers.contact_save(
        actor=User.objects.get(username="manager"),
        data={
            "name": "Sam Contact",
            "role": "sen",
            "job_title": "",
            "organisation": Organisation.objects.filter(urn__gt="").order_by("pk").first(),
            "email": "",
            "telephone": "",
            "last_confirmed": today,
        },
    )
    # A built SEN2 return (insight), so its problems page and its download are walked.
    from sendpath.insight.sen2 import services as sen2_return
    from sendpath.insight.sen2.export import Officers

    built = sen2_return.queue_build(
        actor=manager, authority=manager.authority, year=today.year, officers=Officers(*"YYR")
    )
    sen2_return.build(str(built.pk))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        load_demo(children=100, cases=True)
        _records_the_demo_does_not_make()
        # A child is named by "First Last" or, in lists, "Last, First".
        names = {c.pk: (c.full_name, f"{c.last_name}, {c.first_name}") for c in Child.objects.all()}
        yield names
        transaction.set_rollback(True)


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", "replace")


def _named(body: str, names: dict[uuid.UUID, tuple[str, ...]]) -> set[uuid.UUID]:
    return {
        pk
        for pk, forms in names.items()
        if any(name in body or html.escape(name) in body for name in forms)
    }


@pytest.mark.django_db
def test_every_page_that_shows_a_child_audits_the_read(
    demo: dict[uuid.UUID, tuple[str, ...]],
) -> None:
    started = time.perf_counter()
    clients: dict[str, Client] = {}

    def client(role: str) -> Client:
        if role not in clients:
            clients[role] = Client()
            assert clients[role].login(username=role, password=PASSWORD), role
        return clients[role]

    walked: list[Walked] = []
    all_patterns = list(patterns())
    for name, pattern in all_patterns:
        if name in SKIPPED:
            continue
        found = Walked(name)
        cands = candidates_for(name, pattern)
        # Each role in turn over every candidate (the manager reaches most pages at once).
        attempts = [(role, cand) for role in ROLES for cand in cands][:MAX_TRIES]
        for role, cand in attempts:
            url = reverse(name, kwargs=cand.kwargs)
            since = timezone.now() - dt.timedelta(microseconds=1)
            response = client(role).get(url)
            if response.status_code != 200:
                found.status = found.status or response.status_code
                continue
            named = _named(_body(response), demo)
            if cand.child_id is not None:
                named.add(cand.child_id)
            reads = AuditEntry.objects.filter(
                at__gte=since, child_id__in=named, action__in=READS, actor__username=role
            )
            audited = set(reads.values_list("child_id", flat=True))
            found = Walked(name, url, role, 200, named, named - audited)
            break
        walked.append(found)

    seconds = time.perf_counter() - started
    reached = [w for w in walked if w.status == 200]
    naming = [w for w in reached if w.named]
    print(
        f"\nURL patterns: {len(all_patterns)}; walked {len(walked)}, skipped {len(SKIPPED)}; "
        f"answered 200: {len(reached)}, of which naming a child: {len(naming)}; "
        f"{seconds:.1f} s"
    )
    for w in walked:
        print(f"  {w.status} {w.name} {w.url} as {w.role or '-'}: {len(w.named)} named")

    unaudited = {w.name: (w.url, w.role, sorted(map(str, w.missing))) for w in reached if w.missing}
    assert not unaudited, f"Pages that showed a child and wrote no audit entry: {unaudited}"
    not_reached = {w.name: w.status for w in walked if w.status != 200}
    unexplained = {n: s for n, s in not_reached.items() if n not in UNREACHED}
    assert not unexplained, (
        f"Patterns no role reached (fill them, or list in UNREACHED): {unexplained}"
    )
    stale = [n for n in UNREACHED if n not in not_reached]
    assert not stale, f"Listed in UNREACHED but reached now: {stale}"
    assert not (set(SKIPPED) - {n for n, _ in all_patterns}), "SKIPPED names a pattern that is gone"
    # The walk is one test among 2,000: it must stay a small part of the suite's time budget
    # (CI under 30 minutes on 2 cores). Generous, because other work may share the cores.
    assert seconds < 150, f"The walk took {seconds:.0f} s"
