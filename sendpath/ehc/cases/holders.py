"""Who has an EHC plan: derived from the plan records, never set by hand.

A child "has an EHC plan" (SEN provision E on the record, the SEN Register and the leader's counts)
exactly when one of their cases carries a final plan and is still open: the plan is in force until
the case is closed (after a cease takes effect, or after the plan is transferred to another
authority). The column ``Child.sen_provision`` keeps the answer so that lists and counts can filter
on it, but only this module writes "E" or takes it away, in the same transaction as the plan record
that changes it, and ``reconcile`` (run with the nightly refresh and by ``check_plan_holders``)
finds and mends any record that disagrees. See ADR 0013.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from sendpath.core.audit import audit_record
from sendpath.core.models import AuditAction
from sendpath.ehc.models import Case, Stage
from sendpath.people.models import Child, User

# What a child's SEN provision becomes when their last plan stops being maintained: the plan was
# ceased or transferred, and the school records SEN support or no SEN from then on (census
# guidance: a pupil whose plan ends usually stays on SEN support until the school reviews it).
AFTER_PLAN = "K"


def in_force() -> QuerySet[Case]:
    """Cases that carry a plan in force: a final plan issued and the case still open."""
    return Case.objects.filter(stage=Stage.FINAL_ISSUED, closed_at__isnull=True)


def _holding() -> Exists:
    return Exists(in_force().filter(child=OuterRef("pk")))


def has_plan(child: Child) -> bool:
    return in_force().filter(child=child).exists()


def sync(
    *,
    actor: User | None,
    child: Child,
    since: dt.date | None = None,
    why: str,
    request: HttpRequest | None = None,
) -> bool:
    """Make the child's SEN provision agree with their plans; True if it changed.

    Called inside the transaction that issues, records, imports or ends a plan.
    """
    child = Child.objects.select_for_update().get(pk=child.pk)
    holds = has_plan(child)
    previous = child.sen_provision
    if holds and previous != "E":
        child.sen_provision = "E"
        child.sen_provision_since = since or timezone.localdate()
    elif not holds and previous == "E":
        child.sen_provision = AFTER_PLAN
        child.sen_provision_since = timezone.localdate()
    else:
        return False
    if actor is not None:
        child.modified_by = actor
    child.save(update_fields=["sen_provision", "sen_provision_since", "modified_by", "modified_at"])
    label = "E (EHC plan)" if holds else f"{AFTER_PLAN} (SEN support): no plan in force"
    audit_record(
        request=request,
        actor=actor,
        action=AuditAction.UPDATED,
        obj=child,
        child_id=child.pk,
        summary=f"SEN provision set to {label}: {why}",
        changes={"sen_provision": [previous, child.sen_provision]},
    )
    return True


def ours() -> QuerySet[Child]:
    """The children whose plans this installation's authority maintains (``HOME_LA_CODE``).

    A child another authority is responsible for (placed or cared for here) may have a plan
    that authority maintains, which is recorded there, not here: their record is left as it is.
    """
    return Child.objects.filter(responsible_authority__la_code=settings.HOME_LA_CODE)


def disagreeing() -> tuple[QuerySet[Child], QuerySet[Child]]:
    """Children shown with a plan who have none, and children with a plan not shown with one."""
    marked_without = ours().filter(sen_provision="E").exclude(_holding())
    holding_unmarked = ours().exclude(sen_provision="E").filter(_holding())
    return marked_without, holding_unmarked


def reconcile(*, actor: User | None = None) -> tuple[int, int]:
    """Mend every child whose SEN provision disagrees with their plans (nightly, and on demand).

    Returns (taken off E, put on E). Each change is audited like any other.
    """
    marked_without, holding_unmarked = disagreeing()
    off = on = 0
    for child in list(marked_without) + list(holding_unmarked):
        if sync(actor=actor, child=child, why="mended to agree with the plan records"):
            if child.sen_provision == "E":
                off += 1
            else:
                on += 1
    return off, on
