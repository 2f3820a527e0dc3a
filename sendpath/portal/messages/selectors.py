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

    def shown(self) -> dict[str, Any]:
        """What the preferences page shows: the preference they hear by (their first record's:
        the page saves the same on every record)."""
        if self.members:
            first = self.members[0]
            return {"contact_preference": first.contact_preference, "mobile": first.mobile}
        if self.own_record is not None:
            own = self.own_record
            return {
                "contact_preference": own.young_person_contact_preference,
                "mobile": own.young_person_mobile,
            }
        return {}

    def version(self) -> list[Any]:
        """Every record's preference, for the stale-save check (staff may change a parent's
        preference on the family member's page meanwhile)."""
        rows: list[Any] = [[str(m.pk), m.contact_preference, m.mobile] for m in self.members]
        if self.own_record is not None:
            own = self.own_record
            rows.append([str(own.pk), own.young_person_contact_preference, own.young_person_mobile])
        return rows

    @property
    def child_ids(self) -> list[Any]:
        ids = [m.child_id for m in self.members]
        if self.own_record is not None:
            ids.append(self.own_record.pk)
        return ids


def own_contacts(*, user: Any, lock: bool = False) -> OwnContacts:
    """The records holding a family user's preference (locked for a change with ``lock``)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return OwnContacts([], None)
    members = FamilyMember.objects.filter(
        user=user, parental_responsibility=True, has_account_access=True
    ).select_related("child")
    own = Child.objects.filter(young_person_user=user)
    if lock:
        members, own = members.select_for_update(of=("self",)), own.select_for_update()
    return OwnContacts(list(members.order_by("created_at", "id")), own.first())


def case_messages(*, case: Case) -> QuerySet[NotifyMessage]:
    """Every message to the family about a case (the case is in the user's scope)."""
    return NotifyMessage.objects.filter(regarding=f"case:{case.pk}")


def letters_to_print(*, case: Case) -> QuerySet[NotifyMessage]:
    return case_messages(case=case).filter(kind="letter", status=TO_PRINT).order_by("created_at")


def failed_messages(*, case: Case) -> QuerySet[NotifyMessage]:
    return case_messages(case=case).filter(status=FAILED).order_by("created_at")
