"""Children and young people, their families, the organisations around them, and staff roles.

One module per concern: ``organisation`` and ``user`` know nothing of children, so an app that
needs only organisations and users (the Local Offer) imports those modules, never this package.
"""

from sendpath.core.registry import NavItem
from sendpath.core.roles import (
    AUTHORITY_ROLES,
    EDITOR_ROLES,
    LOCAL_OFFER_ROLES,
    MANAGER_ROLES,
    Role,
)

from .child import (
    CARER_RELATIONSHIPS,
    FLAG_PERIODS,
    AdviserLink,
    AttendanceKind,
    Child,
    ChildQuerySet,
    ContactPreference,
    FamilyMember,
    FlagPeriod,
    ParentsAccess,
    ProfessionalLink,
    Relationship,
    SettingAttendance,
)
from .family import FamilyInvitation
from .organisation import EDUCATION_KINDS, Organisation, OrganisationKind, Phase, SettingType
from .user import User

__all__ = [
    "AUTHORITY_ROLES",
    "CARER_RELATIONSHIPS",
    "EDITOR_ROLES",
    "EDUCATION_KINDS",
    "FLAG_PERIODS",
    "LOCAL_OFFER_ROLES",
    "MANAGER_ROLES",
    "AdviserLink",
    "AttendanceKind",
    "Child",
    "ChildQuerySet",
    "ContactPreference",
    "FamilyInvitation",
    "FamilyMember",
    "FlagPeriod",
    "NavItem",
    "Organisation",
    "OrganisationKind",
    "ParentsAccess",
    "Phase",
    "ProfessionalLink",
    "Relationship",
    "Role",
    "SettingAttendance",
    "SettingType",
    "User",
]
