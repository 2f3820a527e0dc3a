"""Writes for staff accounts: each keyword-only, in one transaction, audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from sendpath.core import notify
from sendpath.core.audit import audit_record
from sendpath.core.concurrency import check_version
from sendpath.core.models import AuditAction
from sendpath.core.roles import Role
from sendpath.core.signin.services import INVITATION, set_password_link
from sendpath.core.twofactor import services as twofactor

from ..models import EDUCATION_KINDS, AdviserLink, Child, Organisation, OrganisationKind, User
from . import selectors

INVITATION_SUBJECT = "You have been given a sendpath account"
INVITATION_BODY = (
    "Hello ((name)),\n\n"
    "((inviter)) has given you a sendpath account as ((role)) at ((organisation)). "
    "Your username is ((username)).\n\n"
    "To choose your password, open this link:\n((link))\n\n"
    "The link works once, for ((days)) days. If you were not expecting this email, tell "
    "the council's SEND team."
)

# The kinds of organisation each staff role works for.
_AUTHORITY = (OrganisationKind.LOCAL_AUTHORITY,)
_PARTNERS = (OrganisationKind.HEALTH, OrganisationKind.SOCIAL_CARE, OrganisationKind.VOLUNTARY)
ORGANISATION_KINDS: dict[str, tuple[str, ...]] = {
    Role.CASEWORKER: _AUTHORITY,
    Role.MANAGER: _AUTHORITY,
    Role.ADMINISTRATOR: _AUTHORITY,
    Role.VIRTUAL_SCHOOL: _AUTHORITY,
    Role.LEADER: _AUTHORITY,
    Role.LOCAL_OFFER: _AUTHORITY,
    Role.SENCO: EDUCATION_KINDS,
    Role.PROFESSIONAL: _PARTNERS,
    Role.PROVIDER: (*_PARTNERS, *EDUCATION_KINDS),
}
STAFF_ROLES = [(role.value, role.label) for role in Role if role != Role.FAMILY]

_FITS: dict[tuple[str, ...], str] = {
    _AUTHORITY: "a local authority",
    EDUCATION_KINDS: "a school, early years setting or college",
    _PARTNERS: "a health body, social care team or voluntary organisation",
}


def _check_role_and_organisation(*, actor: Any, role: str, organisation: Organisation) -> None:
    if role not in ORGANISATION_KINDS:
        raise ValidationError({"role": "Select a staff role"})
    if role not in dict(selectors.roles_for_staff(actor=actor)):
        raise ValidationError({"role": "Select a role you manage: a caseworker in your team"})
    if not selectors.organisations_for_staff(actor=actor).filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": "Select an organisation of your authority"})
    kinds = ORGANISATION_KINDS[role]
    if organisation.kind not in kinds:
        fits = _FITS.get(kinds, "a partner organisation")
        raise ValidationError(
            {"organisation": f"{Role(role).label} must belong to {fits}, not {organisation.name}"}
        )


@transaction.atomic
def invite_staff(
    *,
    request: HttpRequest,
    actor: Any,
    first_name: str,
    last_name: str,
    username: str,
    email: str,
    role: str,
    organisation: Organisation,
) -> User:
    """Make an account that cannot sign in until its holder sets a password through the one-time
    link emailed to them (audited)."""
    errors: dict[str, str] = {}
    if selectors.username_taken(username=username):
        errors["username"] = "This username is already taken: choose another"
    if selectors.email_taken(email=email):
        errors["email"] = "Another account already has this email address"
    if errors:
        raise ValidationError(errors)
    _check_role_and_organisation(actor=actor, role=role, organisation=organisation)
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        organisation=organisation,
    )
    user.set_unusable_password()
    user.save()
    _send_invitation(request=request, actor=actor, user=user)
    audit_record(
        request=request,
        action=AuditAction.CREATED,
        obj=user,
        actor=actor,
        summary=f"Invited {user.display_name()} ({username}) as {user.role_label()} "
        f"at {organisation.name}",
    )
    return user


def _send_invitation(*, request: HttpRequest, actor: Any, user: User) -> None:
    organisation = user.organisation
    notify.send_email(
        to=user.email,
        template_id=settings.NOTIFY_TEMPLATES["staff_invitation"],
        personalisation={
            "name": user.display_name(),
            "inviter": actor.display_name(),
            "role": user.role_label(),
            "organisation": organisation.name if organisation else "your council",
            "username": user.username,
            "link": set_password_link(request=request, user=user, kind=INVITATION),
            "days": settings.PASSWORD_RESET_TIMEOUT // (60 * 60 * 24),
        },
        reference=f"staff-invitation-{user.pk}",
        subject=INVITATION_SUBJECT,
        body=INVITATION_BODY,
    )


def _check_in_scope(*, actor: Any, user: User) -> None:
    """The pages find accounts in the actor's scope only; checked again for any other caller."""
    if not selectors.staff_in_scope(actor=actor).filter(pk=user.pk).exists():
        raise ValidationError("You do not manage this account")


@transaction.atomic
def resend_invitation(*, request: HttpRequest, actor: Any, user: User) -> User:
    """Email a new one-time link to an invited account that has never set a password (audited).

    The account is given a new unusable password, so the link sent before stops working (the
    link's token is made from it)."""
    _check_in_scope(actor=actor, user=user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.has_usable_password():
        raise ValidationError(
            "This account's password is already set. If they have forgotten it, they can reset "
            "it from the sign-in page"
        )
    if not user.is_active:
        raise ValidationError("This account is deactivated: reactivate it first")
    if not user.email:
        raise ValidationError("This account has no email address to send the invitation to")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    _send_invitation(request=request, actor=actor, user=user)
    audit_record(
        request=request,
        action=AuditAction.UPDATED,
        obj=user,
        actor=actor,
        summary=f"Sent {user.display_name()} a new invitation link (the earlier one no longer "
        "works)",
    )
    return user


def staff_version(user: User) -> str:
    """What a change form is based on: the account's role and organisation as the page showed."""
    return f"{user.role}|{user.organisation_id or ''}"


@transaction.atomic
def change_staff(
    *,
    request: HttpRequest,
    actor: Any,
    user: User,
    role: str,
    organisation: Organisation,
    based_on: str = "",
) -> User:
    """Change an account's role and organisation (audited with the old and new values).

    ``based_on`` (the page's version, ``sendpath.core.concurrency``, of ``staff_version``)
    refuses a save made from a page older than someone else's change to the same account."""
    _check_in_scope(actor=actor, user=user)
    user = User.objects.select_for_update().get(pk=user.pk)
    check_version(user, based_on, version=staff_version)
    _check_role_and_organisation(actor=actor, role=role, organisation=organisation)
    if user.pk == actor.pk and role != user.role:
        raise ValidationError({"role": "You cannot change your own role"})
    changes: dict[str, Any] = {}
    if user.role != role:
        changes["role"] = [user.role, role]
    if user.organisation_id != organisation.pk:
        changes["organisation"] = [str(user.organisation or ""), organisation.name]
    user.role = role
    user.organisation = organisation
    user.save(update_fields=["role", "organisation"])
    if role != Role.VIRTUAL_SCHOOL and user.is_support_teacher_adviser:
        # Out of the Virtual School: no longer an adviser, and the children's links end.
        set_adviser(request=request, actor=actor, user=user, is_adviser=False, children=[])
    audit_record(
        request=request,
        action=AuditAction.UPDATED,
        obj=user,
        actor=actor,
        summary=f"Changed the role or organisation of {user.display_name()}",
        changes=changes,
    )
    return user


@transaction.atomic
def set_staff_active(*, request: HttpRequest, actor: Any, user: User, active: bool) -> User:
    """Deactivate an account (it can no longer sign in; it is kept, as the audit names it), or
    reactivate it (audited)."""
    _check_in_scope(actor=actor, user=user)
    if not active and user.pk == actor.pk:
        raise ValidationError("You cannot deactivate your own account")
    if user.is_active == active:
        state = "active" if active else "deactivated"
        raise ValidationError(f"This account is already {state}")
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(
        request=request,
        action=AuditAction.UPDATED,
        obj=user,
        actor=actor,
        summary=f"{'Reactivated' if active else 'Deactivated'} the account of "
        f"{user.display_name()}",
    )
    return user


def reset_second_factor(*, request: HttpRequest, actor: Any, user: User) -> User:
    """Remove a member of staff's authenticator app and recovery codes, for a lost phone
    (audited). They set up a new one at their next page or sign-in."""
    if not actor.has_perm("people.reset_second_factor", user) and user.pk != actor.pk:
        raise PermissionDenied("Only an administrator can reset two-factor sign-in")
    if user.pk == actor.pk:
        raise ValidationError(
            "You cannot reset your own two-factor sign-in: replace your authenticator app from "
            "Account security, or ask another administrator"
        )
    twofactor.second_factor_reset(
        request=request,
        actor=actor,
        user=user,
        summary=f"Reset the two-factor sign-in of {user.display_name()} ({user.username})",
    )
    return user


def adviser_version(user: User) -> str:
    """What the adviser form is based on: the flag and the children linked, as the page showed."""
    linked = sorted(str(pk) for pk in user.adviser_links.values_list("child_id", flat=True))
    return f"{user.is_support_teacher_adviser}|{','.join(linked)}"


@transaction.atomic
def set_adviser(
    *,
    request: HttpRequest | None,
    actor: Any,
    user: User,
    is_adviser: bool,
    children: list[Child],
    based_on: str = "",
) -> User:
    """Make a Virtual School account a Support Teacher Adviser, linked to the cared-for
    children they support (they then read only those children's records, and change nothing),
    or make it ordinary Virtual School staff again. Each link made or ended is audited on the
    child; the flag on the account."""
    _check_in_scope(actor=actor, user=user)
    user = User.objects.select_for_update().get(pk=user.pk)
    check_version(user, based_on, version=adviser_version)
    if is_adviser and user.role != Role.VIRTUAL_SCHOOL:
        raise ValidationError("Only Virtual School staff can be Support Teacher Advisers")
    allowed = set(
        selectors.children_an_adviser_may_support(adviser=user).values_list("pk", flat=True)
    )
    wanted = {c.pk for c in children} if is_adviser else set()
    if wanted - allowed:
        raise ValidationError({"children": "Select cared-for children the Virtual School supports"})
    if is_adviser and not wanted:
        raise ValidationError({"children": "Select the children this adviser supports"})
    current = set(user.adviser_links.values_list("child_id", flat=True))
    for child_id in sorted(wanted - current, key=str):
        link = AdviserLink.objects.create(adviser=user, child_id=child_id, created_by=actor)
        audit_record(
            request=request,
            action=AuditAction.CREATED,
            obj=link,
            child_id=child_id,
            actor=actor,
            summary=f"Linked to Support Teacher Adviser {user.display_name()}",
        )
    for link in user.adviser_links.filter(child_id__in=current - wanted):
        audit_record(
            request=request,
            action=AuditAction.UPDATED,
            obj=link,
            child_id=link.child_id,
            actor=actor,
            summary=f"Link to Support Teacher Adviser {user.display_name()} ended",
        )
        link.delete()
    if user.is_support_teacher_adviser != is_adviser:
        audit_record(
            request=request,
            action=AuditAction.UPDATED,
            obj=user,
            actor=actor,
            summary=f"{'Made' if is_adviser else 'No longer'} a Support Teacher Adviser: "
            f"{user.display_name()}",
            changes={"is_support_teacher_adviser": [user.is_support_teacher_adviser, is_adviser]},
        )
        user.is_support_teacher_adviser = is_adviser
        user.save(update_fields=["is_support_teacher_adviser"])
    return user
