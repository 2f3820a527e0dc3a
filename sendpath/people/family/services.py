"""Writes for family accounts: each keyword-only, in one transaction, audited.

A caseworker invites a parent or carer (or the young person) for one child; the invitee, signed
in, proves the link with the child's date of birth and the code before seeing anything; either
side may unlink at any time; from the end of compulsory school age the young person decides
whether their parents keep access (the 16+ rule: ``Child.objects.visible_to``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from sendpath.core import notify
from sendpath.core.audit import audit_record
from sendpath.core.concurrency import check_version
from sendpath.core.formatting import govuk_date
from sendpath.core.models import AuditAction
from sendpath.core.signin.services import INVITATION, set_password_link

from ..ages import over_compulsory_school_age
from ..models import (
    CARER_RELATIONSHIPS,
    Child,
    FamilyInvitation,
    FamilyMember,
    ParentsAccess,
    Role,
    User,
)
from . import selectors

# Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 8
INVITATION_DAYS = 28
MAX_ATTEMPTS = 5
YOUNG_PERSON = "young_person"

INVITATION_SUBJECT = "Link your sendpath account to ((whose)) record"
INVITATION_BODY = (
    "Hello ((name)),\n\n"
    "((authority)) has invited you to see ((whose)) record on sendpath.\n\n"
    "((account_step))\n\n"
    "Then, to link your account, enter ((dob_whose)) date of birth and this link code:\n\n"
    "((code))\n\n"
    "The code works once, until ((expires)). Keep it private. If you were not expecting this "
    "email, tell the council's SEND team."
)


# ---------------------------------------------------------------------------------------------
# The link code


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def display_code(code: str) -> str:
    """The code as people read it: two groups of four (ABCD-EFGH)."""
    return f"{code[:4]}-{code[4:]}"


def normalise_code(typed: str) -> str:
    """What was typed, without spaces or hyphens, in capitals."""
    return "".join(c for c in (typed or "").upper() if c.isalnum())


def hash_code(invitation_pk: Any, code: str) -> str:
    """The code is stored only as a keyed hash, bound to its invitation."""
    return salted_hmac("sendpath.people.family.code", f"{invitation_pk}:{code}").hexdigest()


# ---------------------------------------------------------------------------------------------
# Inviting


def _whose(member: FamilyMember | None) -> tuple[str, str]:
    """How the email names the record without naming the child (nothing before the link)."""
    if member is None:
        return "your own", "your"
    if member.relationship in CARER_RELATIONSHIPS and not member.parental_responsibility:
        return "the plan of a child you care for: a child's", "the child's"
    return "your child's", "your child's"


def _may_have_account(child: Child, member: FamilyMember) -> str:
    """Why this family member may not have an account for the child, or '' if they may."""
    if member.parental_responsibility:
        return ""
    carer = member.relationship in CARER_RELATIONSHIPS and child.cared_for
    if carer and member.plan_read_access:
        return ""
    if carer:
        return (
            f"{member.full_name} does not have parental responsibility. A foster or kinship "
            "carer can be given read access to the plan: change their details first"
        )
    return (
        f"{member.full_name} does not have parental responsibility, so cannot see "
        f"{child.known_as}'s record. Only a parent or carer with parental responsibility can "
        "be invited"
    )


def _account_for(email: str, *, first_name: str, last_name: str) -> tuple[User, bool]:
    """The family account with this email, or a new one with no password yet; and whether it
    still needs a password chosen."""
    account = selectors.family_account_for(email=email)
    if account is not None:
        if account.role != Role.FAMILY:
            raise ValidationError(
                {
                    "email": "This email address belongs to a staff account: a family account "
                    "needs its own email address"
                }
            )
        if not account.is_active:
            raise ValidationError(
                {"email": "The family account with this email address is deactivated"}
            )
        # Invited before but never chose a password: send the link to choose one again.
        return account, not account.has_usable_password()
    if selectors.username_taken(username=email):
        raise ValidationError(
            {
                "email": "An account already uses this email address as its "
                "username: use another email address"
            }
        )
    account = User(
        username=email, email=email, first_name=first_name, last_name=last_name, role=Role.FAMILY
    )
    account.set_unusable_password()
    account.save()
    return account, True


@transaction.atomic
def invite_family(
    *, request: HttpRequest, actor: Any, child: Child, invitee: str, email: str = ""
) -> tuple[FamilyInvitation, str]:
    """Invite a family member with parental responsibility (or a carer given read access to
    the plan), or the young person from the end of compulsory school age, to link an account.

    Emails a link to make the account (or to sign in) and the link code; returns the invitation
    and the code, to be shown once to the caseworker for a letter. The code is kept hashed.
    Older open invitations for the same person are withdrawn.
    """
    if not actor.has_perm("people.invite_family", child):
        raise PermissionDenied
    today = timezone.localdate()
    member: FamilyMember | None = None
    if invitee == YOUNG_PERSON:
        # Decisions pass to the young person at the end of compulsory school age (CFA 2014
        # s.80, s.83(2)); before that the parent is invited.
        if not over_compulsory_school_age(child.date_of_birth, today):
            raise ValidationError(
                {
                    "invitee": f"{child.known_as} is not over compulsory school age yet: invite "
                    "a parent with parental responsibility until then"
                }
            )
        if child.young_person_user_id:
            raise ValidationError({"invitee": f"{child.known_as}'s own account is already linked"})
    else:
        member = selectors.members_who_may_be_invited(child=child).filter(pk=invitee).first()
        if member is None:
            member = FamilyMember.objects.filter(child=child, pk=invitee).first()
            if member is None:
                raise ValidationError({"invitee": "Select who to invite"})
            raise ValidationError({"invitee": _may_have_account(child, member)})
        if member.user_id:
            raise ValidationError({"invitee": f"{member.full_name}'s account is already linked"})
    address = (email or (member.email if member else "")).strip().lower()
    if not address:
        raise ValidationError({"email": "Enter the email address to send the invitation to"})
    names = (member.full_name if member else f"{child.first_name} {child.last_name}").split()
    account, new_account = _account_for(
        address, first_name=names[0] if names else "", last_name=" ".join(names[1:])
    )
    if member is None and Child.objects.filter(young_person_user=account).exists():
        raise ValidationError(
            {"email": "This account is already linked to another young person's own record"}
        )
    if member is not None and not member.email:
        member.email = address
        member.save(update_fields=["email", "modified_at"])

    now = timezone.now()
    FamilyInvitation.objects.filter(
        child=child,
        family_member=member,
        used_at__isnull=True,
        locked_at__isnull=True,
        withdrawn_at__isnull=True,
    ).update(withdrawn_at=now)
    code = new_code()
    invitation = FamilyInvitation(
        child=child,
        family_member=member,
        email=address,
        user=account,
        expires_at=now + dt.timedelta(days=INVITATION_DAYS),
        created_by=actor,
    )
    invitation.code_hash = hash_code(invitation.pk, code)
    invitation.save()

    link_page = request.build_absolute_uri(reverse("people:family_link", args=[invitation.pk]))
    if new_account:
        days = settings.PASSWORD_RESET_TIMEOUT // (60 * 60 * 24)
        account_step = (
            f"First make your account. Your username is {account.username}. Choose your "
            f"password with this link (it works once, for {days} days):\n"
            f"{set_password_link(request=request, user=account, kind=INVITATION)}\n\n"
            "Then sign in."
        )
    else:
        account_step = (
            f"Sign in to your account ({account.username}) and open this page:\n{link_page}"
        )
    whose, dob_whose = _whose(member)
    authority = child.responsible_authority.name
    notify.send_email(
        to=address,
        template_id=settings.NOTIFY_TEMPLATES["family_invitation"],
        personalisation={
            "name": " ".join(names) or address,
            "authority": authority,
            "whose": whose,
            "dob_whose": dob_whose,
            "account_step": account_step,
            "code": display_code(code),
            "expires": govuk_date(timezone.localtime(invitation.expires_at).date()),
        },
        reference=f"family-invitation-{invitation.pk}",
        subject=INVITATION_SUBJECT,
        body=INVITATION_BODY,
    )
    who = (
        f"{member.full_name} ({member.get_relationship_display()})"
        if member
        else "the young person"
    )
    audit_record(
        request=request,
        action=AuditAction.CREATED,
        obj=invitation,
        child_id=child.pk,
        actor=actor,
        summary=f"Invited {who} to link a family account ({address}); the link code works "
        f"until {govuk_date(timezone.localtime(invitation.expires_at).date())}",
    )
    return invitation, display_code(code)


# ---------------------------------------------------------------------------------------------
# Linking


_CLOSED = {
    "used": "This invitation has already been used",
    "locked": "This invitation is locked after too many wrong tries: ask the SEND team for a "
    "new one",
    "withdrawn": "This invitation has been replaced by a newer one: use the code in the newest "
    "email or letter",
    "expired": "This invitation has expired: ask the SEND team for a new one",
}


def closed_message(invitation: FamilyInvitation) -> str:
    """Why an invitation can no longer be used ('' while it can)."""
    return _CLOSED.get(invitation.status(), "")


def link_account(
    *,
    request: HttpRequest,
    user: Any,
    invitation: FamilyInvitation,
    date_of_birth: dt.date,
    code: str,
) -> Child:
    """Link the invitee's account once both the child's date of birth and the code match.

    Every attempt is audited; wrong ones are counted (and kept, though the page then shows an
    error), and the invitation is locked after ``MAX_ATTEMPTS``.
    """
    error = ""
    child: Child | None = None
    with transaction.atomic():
        inv = (
            FamilyInvitation.objects.select_for_update(of=("self",))
            .select_related("child", "family_member")
            .get(pk=invitation.pk)
        )
        if inv.user_id != user.pk:
            raise PermissionDenied
        status = inv.status()
        if status != "open":
            error = _CLOSED[status]
            audit_record(
                request=request,
                action=AuditAction.DENIED,
                obj=inv,
                child_id=inv.child_id,
                summary=f"Tried to link a family account with an invitation that is {status}",
            )
        elif inv.child.date_of_birth != date_of_birth or not constant_time_compare(
            inv.code_hash, hash_code(inv.pk, normalise_code(code))
        ):
            inv.attempts += 1
            left = MAX_ATTEMPTS - inv.attempts
            if left <= 0:
                inv.locked_at = timezone.now()
                error = _CLOSED["locked"]
            else:
                error = (
                    "The date of birth or the link code is not right: check both "
                    f"({left} {'try' if left == 1 else 'tries'} left)"
                )
            inv.save(update_fields=["attempts", "locked_at", "modified_at"])
            audit_record(
                request=request,
                action=AuditAction.DENIED,
                obj=inv,
                child_id=inv.child_id,
                summary=f"Wrong date of birth or link code for a family invitation (attempt "
                f"{inv.attempts} of {MAX_ATTEMPTS}){'; invitation locked' if left <= 0 else ''}",
            )
        else:
            child = _make_link(request=request, user=user, inv=inv)
    if error or child is None:
        raise ValidationError({"code": error})
    return child


def _make_link(*, request: HttpRequest, user: Any, inv: FamilyInvitation) -> Child:
    child = Child.objects.select_for_update().get(pk=inv.child_id)
    member = inv.family_member
    if member is None:
        if child.young_person_user_id not in (None, user.pk):
            raise ValidationError({"code": "Another account is already linked to this record"})
        if Child.objects.filter(young_person_user=user).exclude(pk=child.pk).exists():
            raise ValidationError(
                {"code": "Your account is already linked to another young person's own record"}
            )
        child.young_person_user = user
        child.save(update_fields=["young_person_user", "modified_at"])
        who = "the young person's own account"
    else:
        member.user = user
        # A parent with parental responsibility sees the record; a carer only the plan.
        member.has_account_access = member.parental_responsibility
        member.save(update_fields=["user", "has_account_access", "modified_at"])
        who = f"the account of {member.full_name} ({member.get_relationship_display()})"
    inv.used_at = timezone.now()
    inv.save(update_fields=["used_at", "modified_at"])
    audit_record(
        request=request,
        action=AuditAction.UPDATED,
        obj=child,
        child_id=child.pk,
        actor=user,
        summary=f"Linked {who} after checking the date of birth and the link code",
    )
    return child


# ---------------------------------------------------------------------------------------------
# Unlinking


def _unlink(child: Child, *, member: FamilyMember | None, user: Any | None) -> str:
    if member is not None:
        name = member.full_name
        member.user = None
        member.has_account_access = False
        member.save(update_fields=["user", "has_account_access", "modified_at"])
        return f"the account of {name}"
    if user is None or child.young_person_user_id == user.pk:
        child.young_person_user = None
        child.save(update_fields=["young_person_user", "modified_at"])
        return "the young person's own account"
    raise ValidationError("This account is not linked to this record")


@transaction.atomic
def stop_my_access(*, request: HttpRequest, user: Any, child: Child) -> Child:
    """The family member (or young person) ends their own account's link to the child."""
    member = FamilyMember.objects.filter(child=child, user=user).first()
    if member is None and child.young_person_user_id != user.pk:
        raise ValidationError("Your account is not linked to this record")
    who = _unlink(child, member=member, user=user)
    audit_record(
        request=request,
        action=AuditAction.UPDATED,
        obj=child,
        child_id=child.pk,
        actor=user,
        summary=f"Stopped {who}'s access to the record (their own choice)",
    )
    return child


@transaction.atomic
def unlink_by_staff(
    *, request: HttpRequest, actor: Any, child: Child, link: str, reason: str
) -> str:
    """Staff end a family account's link to the child, with the reason (audited)."""
    if not actor.has_perm("people.invite_family", child):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why you are removing this account's access"})
    if link == YOUNG_PERSON:
        if not child.young_person_user_id:
            raise ValidationError({"link": "No young person's account is linked"})
        who = _unlink(child, member=None, user=None)
    else:
        member = selectors.linked_members_for(child=child).filter(pk=link).first()
        if member is None:
            raise ValidationError({"link": "Select a linked account"})
        who = _unlink(child, member=member, user=None)
    audit_record(
        request=request,
        action=AuditAction.UPDATED,
        obj=child,
        child_id=child.pk,
        actor=actor,
        summary=f"Removed {who}'s access to the record: {reason}",
    )
    return who


# ---------------------------------------------------------------------------------------------
# The 16+ rule


@transaction.atomic
def decide_parents_access(*, request: HttpRequest, user: Any, child: Child, decision: str) -> Child:
    """The young person keeps or stops their parents' access to their record (CFA 2014 s.80;
    Code of Practice 8.13-8.15)."""
    if child.young_person_user_id != user.pk:
        raise PermissionDenied
    if not over_compulsory_school_age(child.date_of_birth, timezone.localdate()):
        raise ValidationError(
            {"decision": "You can decide this once you are over compulsory school age"}
        )
    if decision not in (ParentsAccess.KEEP, ParentsAccess.STOP):
        raise ValidationError({"decision": "Select whether your parents keep access"})
    child.parents_access = decision
    child.parents_access_decided_at = timezone.now()
    child.save(update_fields=["parents_access", "parents_access_decided_at", "modified_at"])
    audit_record(
        request=request,
        action=AuditAction.UPDATED,
        obj=child,
        child_id=child.pk,
        actor=user,
        summary="The young person decided that their parents "
        + (
            "keep access to their record"
            if decision == ParentsAccess.KEEP
            else "no longer see their record"
        ),
    )
    return child


def capacity_version(child: Child) -> tuple[Any, ...]:
    """What a capacity page is based on: the record of capacity itself, so that other changes
    to the child's record do not make an open capacity page stale."""
    return (child.lacks_capacity_recorded_on, child.lacks_capacity_note)


def capacity_initial(child: Child) -> dict[str, Any]:
    """The capacity page's values for a record."""
    if not child.lacks_capacity_recorded_on:
        return {}
    return {
        "lacks_capacity": "yes",
        "assessed_on": child.lacks_capacity_recorded_on,
        "note": child.lacks_capacity_note,
    }


@transaction.atomic
def record_capacity(
    *,
    request: HttpRequest,
    actor: Any,
    child: Child,
    lacks_capacity: bool,
    assessed_on: dt.date | None = None,
    note: str = "",
    based_on: str | None = None,
) -> Child:
    """Record (or clear) that the young person lacks the mental capacity to decide about their
    parents' access (Mental Capacity Act 2005 ss.2-3): the parent then keeps access."""
    if not actor.has_perm("people.change_child", child):
        raise PermissionDenied
    child = Child.objects.select_for_update().get(pk=child.pk)
    check_version(child, based_on, version=capacity_version)
    if lacks_capacity:
        errors = {}
        if assessed_on is None:
            errors["assessed_on"] = "Enter the date the capacity assessment was made"
        elif assessed_on > timezone.localdate():
            errors["assessed_on"] = (
                "The date the capacity assessment was made must be today or in the past"
            )
        if not note.strip():
            errors["note"] = "Enter who assessed capacity and how"
        if errors:
            raise ValidationError(errors)
    child.lacks_capacity_recorded_on = assessed_on if lacks_capacity else None
    child.lacks_capacity_recorded_by = actor if lacks_capacity else None
    child.lacks_capacity_note = note.strip() if lacks_capacity else ""
    child.modified_by = actor
    child.save(
        update_fields=[
            "lacks_capacity_recorded_on",
            "lacks_capacity_recorded_by",
            "lacks_capacity_note",
            "modified_by",
            "modified_at",
        ]
    )
    audit_record(
        request=request,
        action=AuditAction.UPDATED,
        obj=child,
        child_id=child.pk,
        actor=actor,
        summary=(
            f"Recorded that the young person lacks capacity to decide about their parents' "
            f"access (assessed {govuk_date(assessed_on)})"
            if lacks_capacity
            else "Recorded that the young person can decide about their parents' access"
        ),
    )
    return child
