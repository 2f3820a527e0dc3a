"""Staff roles and the groups of them that permissions are built on.

The role is a property of a user (``people``), but every app's ``rules.py`` reasons about it, and
``core`` may import no domain app: so the choices and their groups live here, with the shared
predicates in ``core/rules.py``, and ``people.models`` re-exports them for existing imports.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    CASEWORKER = "caseworker", "SEND caseworker"
    MANAGER = "manager", "SEND team manager"
    VIRTUAL_SCHOOL = "virtual_school", "Virtual School staff"
    SENCO = "senco", "School SENCO"
    PROFESSIONAL = "professional", "Health or social care professional"
    FAMILY = "family", "Parent, carer or young person"
    LEADER = "leader", "Leader"
    ADMINISTRATOR = "administrator", "Administrator"
    LOCAL_OFFER = "local_offer", "Local Offer team"
    PROVIDER = "provider", "Service provider"


# Roles whose scope is their own local authority's children.
AUTHORITY_ROLES = (Role.CASEWORKER, Role.MANAGER, Role.ADMINISTRATOR)
# Roles that may create and change children's records.
EDITOR_ROLES = (Role.CASEWORKER, Role.MANAGER, Role.ADMINISTRATOR)
# SEND team managers and administrators.
MANAGER_ROLES = (Role.MANAGER, Role.ADMINISTRATOR)
# Roles that work on the public Local Offer only and never see a child's record.
LOCAL_OFFER_ROLES = (Role.LOCAL_OFFER, Role.PROVIDER)
