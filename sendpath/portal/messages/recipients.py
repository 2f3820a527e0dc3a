"""Who hears about a child's case, and how each wants to.

The people told are those with parental responsibility for the child (``people.FamilyMember``)
and the young person with their own account. From the end of compulsory school age the rights
pass to the young person (Children and Families Act 2014 s.80; SEND Code of Practice
8.13-8.15): a parent is told only while ``parents_may_see`` lets them see the record (the same
16+ rule as every page, ADR 0014), and a young person with their own account is always told.

A foster or kinship carer of a cared-for child, whose account may read the child's plan and
nothing else (ADR 0014), is told only that a final plan is issued (``plan_readers``), since
the plan is what their account reads.

Each is reached by their preference (``people.ContactPreference``): email; email and a text
message; or letters only (nothing emailed: a letter for the caseworker to print and post). A
person who prefers email but has no email address gets a letter, when we have their address.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from sendpath.people.models import CARER_RELATIONSHIPS, Child, ContactPreference, FamilyMember
from sendpath.people.models.child import parents_may_see


@dataclass(frozen=True)
class Recipient:
    key: str  # stable: "member:<id>" or "young-person:<child id>" (part of each dedupe key)
    name: str
    preference: str
    email: str
    mobile: str
    address: str
    young_person: bool = False

    def channels(self) -> list[str]:
        """How this person is reached: "email", "sms", "letter" (none without any address)."""
        if self.preference == ContactPreference.LETTERS:
            return ["letter"] if self.address else []
        if not self.email:
            return ["letter"] if self.address else []
        out = ["email"]
        if self.preference == ContactPreference.EMAIL_AND_TEXT and self.mobile:
            out.append("sms")
        return out


def _child_address(child: Child) -> str:
    return "\n".join(part for part in (child.address.strip(), child.postcode.strip()) if part)


def _member(child: Child, member: FamilyMember) -> Recipient:
    return Recipient(
        key=f"member:{member.pk}",
        name=member.full_name,
        preference=member.contact_preference,
        email=member.email or (member.user.email if member.user else ""),
        mobile=member.mobile,
        address=member.address.strip() or _child_address(child),
    )


def recipients_for(child: Child, *, plan_readers: bool = False) -> list[Recipient]:
    """Everyone to tell about ``child``'s case, by the 16+ rule, in a stable order; with
    ``plan_readers``, also the carers whose accounts may read the plan."""
    out: list[Recipient] = []
    today = timezone.localdate()
    if Child.objects.filter(pk=child.pk).filter(parents_may_see(today)).exists():
        members = child.family.filter(parental_responsibility=True).select_related("user")
        out.extend(_member(child, m) for m in members.order_by("created_at", "id"))
    if plan_readers and child.cared_for:
        carers = child.family.filter(
            parental_responsibility=False,
            plan_read_access=True,
            relationship__in=CARER_RELATIONSHIPS,
            user__isnull=False,
        ).select_related("user")
        out.extend(_member(child, m) for m in carers.order_by("created_at", "id"))
    account = child.young_person_user
    if account is not None and account.is_active:
        out.append(
            Recipient(
                key=f"young-person:{child.pk}",
                name=account.get_full_name() or child.known_as,
                preference=child.young_person_contact_preference,
                email=account.email,
                mobile=child.young_person_mobile,
                address=_child_address(child),
                young_person=True,
            )
        )
    return out
