"""People who sign in: staff of any partner, or a parent, carer or young person.

Knows nothing of children: the Local Offer uses users and organisations without the child model.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from sendpath.core import registry
from sendpath.core.roles import Role

from .organisation import Organisation, OrganisationKind


class User(AbstractUser):
    """A person who signs in: staff of any partner, or a parent, carer or young person."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CASEWORKER)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text="Where they work: their authority, school, health body or team",
    )
    job_title = models.CharField(max_length=100, blank=True)
    is_support_teacher_adviser = models.BooleanField(
        "Support Teacher Adviser",
        default=False,
        help_text=(
            "A Virtual School adviser who reads the records of the cared-for children they "
            "support, and changes nothing"
        ),
    )

    objects = UserManager()  # type: ignore[misc]

    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def authority(self) -> Organisation | None:
        """The local authority a member of staff works for or within."""
        org = self.organisation
        if org is None:
            return None
        if org.kind == OrganisationKind.LOCAL_AUTHORITY:
            return org
        return org.local_authority

    def navigation(self) -> list[registry.NavItem]:
        """The pages this user's menu shows: each app contributes its own, gated by rules."""
        return registry.navigation_for(self)
