"""Reads for the family's messages: always scoped (a family user's own contact records; a case
already in the staff member's scope)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sendpath.core.models import NotifyMessage
from sendpath.core.notify import FAILED, TO_PRINT
from sendpath.ehc.models import Case
from sendpath.people.models import Child, FamilyMember


@dataclass(frozen=True)
class OwnContacts:
    """The records that hold how one family user wants to hear from us."""

    members: list[FamilyMember]  # as a parent or carer with parental responsibility
    own_record: Child | None  # as the young person

    def __bool__(self) -> bool:
        return bool(self.members or self.own_record)

    @property
    def child_ids(self) -> list[Any]:
        ids = [m.child_id for m in self.members]
        if self.own_record is not None:
            ids.append(self.own_record.pk)
        return ids


def own_contacts(*, user: Any) -> OwnContacts:
    if user is None or not user.is_authenticated or not user.is_active:
        return OwnContacts([], None)
    members = list(
        FamilyMember.objects.filter(
            user=user, parental_responsibility=True, has_account_access=True
        ).order_by("created_at", "id")
    )
    own = Child.objects.filter(young_person_user=user).first()
    return OwnContacts(members, own)


def case_messages(*, case: Case) -> QuerySet[NotifyMessage]:
    """Every message to the family about a case (the case is in the user's scope)."""
    return NotifyMessage.objects.filter(regarding=f"case:{case.pk}")


def letters_to_print(*, case: Case) -> QuerySet[NotifyMessage]:
    return case_messages(case=case).filter(kind="letter", status=TO_PRINT).order_by("created_at")


def failed_messages(*, case: Case) -> QuerySet[NotifyMessage]:
    return case_messages(case=case).filter(status=FAILED).order_by("created_at")
