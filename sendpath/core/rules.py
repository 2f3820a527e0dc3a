"""Role predicates every app's ``rules.py`` builds on (django-rules).

Each takes the user only; object checks (is this child in scope?) stay in the app that owns the
object. A superuser passes every role predicate.
"""

from __future__ import annotations

from typing import Any

import rules

from .roles import AUTHORITY_ROLES, EDITOR_ROLES, MANAGER_ROLES, Role


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


def _has_role(user: Any, roles: tuple[str, ...]) -> bool:
    return _signed_in(user) and bool(user.is_superuser or user.role in roles)


@rules.predicate
def is_staff_member(user: Any) -> bool:
    """Anyone signed in but a parent, carer or young person."""
    return _signed_in(user) and user.role != Role.FAMILY


@rules.predicate
def can_see_named_records(user: Any) -> bool:
    """Everyone but leaders, who see aggregates only."""
    return _signed_in(user) and bool(user.is_superuser or user.role != Role.LEADER)


@rules.predicate
def is_editor(user: Any) -> bool:
    """SEND team staff who create and change records: caseworkers, managers, administrators."""
    return _has_role(user, EDITOR_ROLES)


@rules.predicate
def works_for_authority(user: Any) -> bool:
    """SEND team staff whose scope is their own authority's children."""
    return _has_role(user, AUTHORITY_ROLES)


@rules.predicate
def is_manager(user: Any) -> bool:
    """SEND team managers and administrators."""
    return _has_role(user, MANAGER_ROLES)


@rules.predicate
def is_administrator(user: Any) -> bool:
    return _has_role(user, (Role.ADMINISTRATOR,))


def _is_adviser(user: Any) -> bool:
    return bool(getattr(user, "is_support_teacher_adviser", False))


@rules.predicate
def is_virtual_school(user: Any) -> bool:
    """Virtual School staff, but not its Support Teacher Advisers, who only read the records of
    the children they support (``is_support_teacher_adviser``)."""
    return _has_role(user, (Role.VIRTUAL_SCHOOL,)) and not (
        not user.is_superuser and _is_adviser(user)
    )


@rules.predicate
def is_support_teacher_adviser(user: Any) -> bool:
    """A Virtual School Support Teacher Adviser: reads the records of the cared-for children
    they are linked to (``people.AdviserLink``), and changes nothing."""
    return (
        _signed_in(user)
        and user.role == Role.VIRTUAL_SCHOOL
        and not user.is_superuser
        and _is_adviser(user)
    )


@rules.predicate
def is_senco(user: Any) -> bool:
    """A school SENCO (not a superuser: a superuser passes the team's predicates instead)."""
    return _signed_in(user) and user.role == Role.SENCO


@rules.predicate
def is_leader(user: Any) -> bool:
    return _signed_in(user) and user.role == Role.LEADER


@rules.predicate
def is_local_offer_team(user: Any) -> bool:
    """The Local Offer team, SEND team managers and administrators."""
    return _has_role(user, (Role.LOCAL_OFFER, *MANAGER_ROLES))


@rules.predicate
def is_provider(user: Any) -> bool:
    """A service provider's staff, tied to their organisation."""
    return _signed_in(user) and user.role == Role.PROVIDER and bool(user.organisation_id)


# Core's own pages: the locked accounts list and its unlock button.
rules.add_perm("core.unlock_accounts", is_administrator)
