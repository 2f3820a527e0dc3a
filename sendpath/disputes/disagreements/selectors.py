"""Reads of disagreements, always scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from sendpath.core.roles import Role
from sendpath.ehc.models import Case, CaseEvent, Deadline
from sendpath.people.models import Child, User

from ..models import AgreedAction, Disagreement, TribunalOrder
from ..models.disagreements import DisagreementStatus

# The engine's deadlines that belong to disagreements (TIMESCALES.md, "Disagreements").
DEADLINE_KEYS = (
    "contact_mediation_adviser",
    "mediation_certificate",
    "arrange_mediation",
    "mediation_notice",
    "appeal_deadline",
)
ORDER_FAMILY = "comply_with_order"


LIST = "disputes.list_disagreements"


def cases_for(user: Any) -> QuerySet[Case]:
    return Case.objects.visible_to(user)


def cases_in_reach(user: Any) -> QuerySet[Case]:
    """The cases on which the user may record a disagreement: none outside the SEND team."""
    return cases_for(user) if user.has_perm(LIST) else Case.objects.none()


def disagreements_in_reach(user: Any) -> QuerySet[Disagreement]:
    """The disagreements the user may open: none outside the SEND team (a school, a family),
    so asking for one is a 404 like a missing page."""
    return disagreements_for(user) if user.has_perm(LIST) else Disagreement.objects.none()


def children_for(user: Any) -> QuerySet[Child]:
    """The children a user may see (for a family: their own, the 16+ rule applied)."""
    return Child.objects.visible_to(user)


def caseworkers(user: Any) -> QuerySet[User]:
    """The caseworkers of the cases the user may see (the list's filter)."""
    return User.objects.filter(pk__in=cases_for(user).values("caseworker_id")).order_by(
        "first_name", "last_name"
    )


def last_decision_notice(case: Case) -> CaseEvent | None:
    return case.events.filter(type="decision_notice_sent").order_by("-date", "-id").first()


def disagreements_for(user: Any) -> QuerySet[Disagreement]:
    """The disagreements on the cases the user may see (their own authority's)."""
    return Disagreement.objects.filter(case__in=cases_for(user)).select_related(
        "case", "case__child", "case__caseworker"
    )


def disagreement_list(
    *,
    user: Any,
    kind: str = "",
    status: str = "",
    decision: str = "",
    caseworker: str = "",
    response_owed: bool = False,
) -> QuerySet[Disagreement]:
    found = disagreements_for(user)
    if response_owed:
        return responses_owed(found).order_by("response_due_on", "case__reference", "pk")
    if kind:
        found = found.filter(kind=kind)
    if status:
        found = found.filter(status=status)
    if decision:
        found = found.filter(decision=decision)
    if caseworker:
        found = found.filter(case__caseworker__pk=caseworker)
    return found.order_by("-opened_on", "case__reference", "pk")


def disagreements_of_case(case: Case) -> QuerySet[Disagreement]:
    return Disagreement.objects.filter(case=case).order_by("-opened_on", "-created_at")


def disagreements_of_child(child: Child) -> QuerySet[Disagreement]:
    return (
        Disagreement.objects.filter(case__child=child)
        .select_related("case")
        .order_by("-opened_on", "-created_at")
    )


def deadlines_of(case: Case) -> list[Deadline]:
    """The engine's disagreement deadlines on the case (the stored ``Deadline`` rows)."""
    rows = Deadline.objects.filter(case=case).order_by("due", "key")
    return [r for r in rows if r.key in DEADLINE_KEYS or r.family == ORDER_FAMILY]


def order_deadline(case: Case, kind: str) -> Deadline | None:
    return Deadline.objects.filter(case=case, key=f"{ORDER_FAMILY}:{kind}").first()


def orders_of(disagreement: Disagreement) -> list[tuple[TribunalOrder, Deadline | None]]:
    deadlines = {d.key: d for d in Deadline.objects.filter(case_id=disagreement.case_id)}
    return [
        (order, deadlines.get(f"{ORDER_FAMILY}:{order.kind}"))
        for order in disagreement.orders.order_by("made_on", "created_at")
    ]


def responses_owed(found: QuerySet[Disagreement]) -> QuerySet[Disagreement]:
    """Open appeals whose response to the tribunal is due (the date from its letter) and not
    yet recorded."""
    return found.filter(
        status=DisagreementStatus.OPEN,
        registered_on__isnull=False,
        response_on__isnull=True,
        response_due_on__isnull=False,
    )


def responses_due_counts(user: Any, today: dt.date, within_days: int) -> dict[str, int]:
    """Responses owed to the tribunal: overdue, and due within ``within_days`` (one query)."""
    found = (
        responses_owed(disagreements_for(user))
        .order_by()
        .aggregate(
            overdue=Count("pk", filter=Q(response_due_on__lt=today)),
            soon=Count(
                "pk",
                filter=Q(
                    response_due_on__gte=today,
                    response_due_on__lte=today + dt.timedelta(days=within_days),
                ),
            ),
        )
    )
    return {key: int(value or 0) for key, value in found.items()}


def actions_due(user: Any) -> QuerySet[AgreedAction]:
    """Mediated agreements' actions not yet done, on the user's authority's cases."""
    return (
        AgreedAction.objects.filter(done_on__isnull=True, disagreement__case__in=cases_for(user))
        .select_related("disagreement__case__child")
        .order_by("due", "pk")
    )


def counted_cases(user: Any) -> QuerySet[Case]:
    """The cases whose disagreements a user may count: a leader counts their authority's."""
    if getattr(user, "role", None) == Role.LEADER:
        authority = getattr(user, "authority", None)
        return Case.objects.filter(authority=authority) if authority else Case.objects.none()
    return cases_for(user)


def counts(user: Any) -> dict[str, list[tuple[str, str, int]]]:
    """Counts by type, decision, stage and outcome (for the insight pages): for each grouping a
    list of (value, label, count), every choice listed (zero included)."""
    from ..models.disagreements import (
        AppealOutcome,
        Decision,
        DisagreementKind,
        DisagreementStatus,
        MediationOutcome,
        Stage,
    )

    found = Disagreement.objects.filter(case__in=counted_cases(user))

    def by(field: str, choices: Any) -> list[tuple[str, str, int]]:
        got = {
            row[field]: row["n"] for row in found.values(field).annotate(n=Count("pk")).order_by()
        }
        return [(value, str(label), got.get(value, 0)) for value, label in choices.choices]

    return {
        "kind": by("kind", DisagreementKind),
        "status": by("status", DisagreementStatus),
        "decision": by("decision", Decision),
        "stage": by("stage", Stage),
        "mediation_outcome": by("mediation_outcome", MediationOutcome),
        "appeal_outcome": by("appeal_outcome", AppealOutcome),
    }
