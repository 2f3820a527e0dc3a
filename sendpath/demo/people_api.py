"""Every name the demo takes from ``sendpath.people``, in one place.

The rest of ``sendpath.demo`` imports these from here, so that when ``people`` moves its models
only this file changes.
"""

from __future__ import annotations

from sendpath.people.models import (
    AttendanceKind,
    Child,
    FamilyMember,
    Organisation,
    OrganisationKind,
    ProfessionalLink,
    Relationship,
    Role,
    SettingAttendance,
    User,
)

__all__ = [
    "AttendanceKind",
    "Child",
    "FamilyMember",
    "Organisation",
    "OrganisationKind",
    "ProfessionalLink",
    "Relationship",
    "Role",
    "SettingAttendance",
    "User",
]
