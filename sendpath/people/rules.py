"""Permission predicates for children, families and organisations (django-rules).

Object-level checks all reduce to ``Child.objects.visible_to(user)``, the one scoping entry
point, so a list, a search and a record page can never disagree about who may see what.
"""

from __future__ import annotations

from typing import Any

import rules
from django.utils import timezone

from sendpath.core.roles import LOCAL_OFFER_ROLES, Role
from sendpath.core.rules import (
    can_see_named_records,
    is_administrator,
    is_editor,
    is_manager,
    is_staff_member,
)

from .accounts.selectors import staff_in_scope
from .ages import over_compulsory_school_age
from .family import selectors as family_selectors
from .models import Child, User


@rules.predicate
def works_on_the_local_offer_only(user: Any) -> bool:
    """The Local Offer team and providers: they never see a child's record."""
    return bool(user.is_authenticated and not user.is_superuser and user.role in LOCAL_OFFER_ROLES)


works_with_records = is_staff_member & can_see_named_records & ~works_on_the_local_offer_only


@rules.predicate
def child_in_scope(user: Any, child: Child | None) -> bool:
    if child is None:
        return False
    return Child.objects.visible_to(user).filter(pk=child.pk).exists()


rules.add_perm("people.search_children", works_with_records)
rules.add_perm("people.view_child", child_in_scope)
rules.add_perm("people.add_child", is_editor)
# Pupils on SEN support from a CSV file (the census or another system): the SEND team.
rules.add_perm("people.import_sen_support", is_editor)
rules.add_perm("people.change_child", is_editor & child_in_scope)
rules.add_perm("people.view_child_access_log", is_manager & child_in_scope)
rules.add_perm("people.view_organisation", works_with_records)
rules.add_perm("people.change_organisation", is_manager)


@rules.predicate
def account_in_scope(user: Any, account: User | None) -> bool:
    """A staff account the user manages (``accounts.selectors.staff_in_scope``): an
    administrator's authority's staff, a SEND team manager's own team of caseworkers."""
    if account is None:
        return False
    return staff_in_scope(actor=user).filter(pk=account.pk).exists()


# Staff accounts: administrators their authority's, SEND team managers their team's caseworkers
# (list, invite, deactivate and reactivate, resend an invitation). Only administrators change a
# role or organisation.
rules.add_perm("people.manage_staff", is_manager)
rules.add_perm("people.manage_account", is_manager & account_in_scope)
rules.add_perm("people.change_staff_role", is_administrator & account_in_scope)
# Resetting someone's second factor hands their account to whoever holds the password next:
# administrators only, never a team manager.
rules.add_perm("people.reset_second_factor", is_administrator & account_in_scope)


# Family accounts (issue 13). Staff who may change the child invite and unlink family accounts
# and record a young person's lack of capacity; see ``family/services.py``.
@rules.predicate
def is_family(user: Any) -> bool:
    return bool(user.is_authenticated and user.role == Role.FAMILY)


@rules.predicate
def carer_may_read_plan(user: Any, child: Child | None) -> bool:
    """A foster or kinship carer of a cared-for child, given read access to the plan by the
    authority: the child's name and plan, nothing else (no parental responsibility needed)."""
    if child is None:
        return False
    return family_selectors.carer_plan_children(user=user).filter(pk=child.pk).exists()


@rules.predicate
def is_young_person_deciding(user: Any) -> bool:
    """A young person with their own account, past compulsory school age: they decide whether
    their parents keep access (CFA 2014 s.80; SEND Code of Practice 8.13-8.15)."""
    record = family_selectors.own_record_of(user=user)
    return bool(record and over_compulsory_school_age(record.date_of_birth, timezone.localdate()))


rules.add_perm("people.invite_family", is_editor & child_in_scope)
rules.add_perm("people.link_family_account", is_family)
rules.add_perm("people.view_plan_as_carer", carer_may_read_plan)
rules.add_perm("people.decide_parents_access", is_young_person_deciding)
