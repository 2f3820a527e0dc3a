"""Invitations that link a parent's, carer's or young person's own account to one child.

The invitee proves the link with the child's date of birth and a code sent to them (in the email
and, from the caseworker, in a letter) before seeing anything of the child.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from sendpath.core.models import BaseModel

from .child import Child, FamilyMember
from .user import User


class FamilyInvitation(BaseModel):
    """One invitation to link a family account to a child: for a family member (a parent with
    parental responsibility, or a carer given read access to the plan) or the young person."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="family_invitations")
    family_member = models.ForeignKey(
        FamilyMember,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
        help_text="Who is invited; empty when the young person is invited to their own record",
    )
    email = models.EmailField()
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="family_invitations")
    code_hash = models.CharField(max_length=128)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "used_at"], name="family_invitation_user")]

    def __str__(self) -> str:
        return f"Invitation to {self.email}"

    @property
    def for_young_person(self) -> bool:
        return self.family_member_id is None

    @property
    def audit_child_id(self) -> object:
        return self.child_id

    def status(self, now: object = None) -> str:
        """Open, used, locked, withdrawn or expired (in that order of precedence)."""
        now = now or timezone.now()
        if self.used_at:
            return "used"
        if self.locked_at:
            return "locked"
        if self.withdrawn_at:
            return "withdrawn"
        if self.expires_at <= now:  # type: ignore[operator]
            return "expired"
        return "open"
