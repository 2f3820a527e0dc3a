"""The contacts every decision letter and the family's complaints page give: the mediation
adviser (SEND Regulations 2014, reg 32), SENDIASS and the council's complaints team.

Each authority's administrator keeps them on a page (``DisagreementContacts``). Until that page is
filled in, the settings' contacts (``MEDIATION_ADVISER``, ``SENDIASS``, ``COUNCIL_COMPLAINTS``)
are used, and a letter's preview says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from sendpath.core.audit import audit_record
from sendpath.core.concurrency import StaleEditError, check_version
from sendpath.core.formatting import contact_lines
from sendpath.core.models import AuditAction
from sendpath.ehc.models import DisagreementContacts
from sendpath.people.models import Organisation

FIELDS = (
    "mediation_name",
    "mediation_address",
    "mediation_phone",
    "mediation_email",
    "mediation_web",
    "sendiass",
    "complaints",
)


@dataclass(frozen=True)
class Contacts:
    mediation_adviser: list[str]
    sendiass: list[str]
    complaints: list[str]
    mediation_fallback: bool  # the settings' contact, as the page is not filled in yet
    sendiass_fallback: bool
    complaints_fallback: bool


def contacts_record(authority: Organisation | None) -> DisagreementContacts | None:
    if authority is None:
        return None
    return DisagreementContacts.objects.filter(authority=authority).first()


def mediation_lines(record: DisagreementContacts) -> list[str]:
    lines = [record.mediation_name.strip()]
    lines += contact_lines(record.mediation_address)
    if record.mediation_phone:
        lines.append(f"Telephone: {record.mediation_phone}")
    if record.mediation_email:
        lines.append(f"Email: {record.mediation_email}")
    if record.mediation_web:
        lines.append(f"Website: {record.mediation_web}")
    return [line for line in lines if line]


def contacts_for(authority: Organisation | None) -> Contacts:
    """The authority's contacts, each from its page where filled in, else from the settings."""
    record = contacts_record(authority)
    mediation = mediation_lines(record) if record and record.mediation_name.strip() else []
    sendiass = contact_lines(record.sendiass) if record else []
    complaints = contact_lines(record.complaints) if record else []
    return Contacts(
        mediation_adviser=mediation or contact_lines(str(settings.MEDIATION_ADVISER)),
        sendiass=sendiass or contact_lines(str(settings.SENDIASS)),
        complaints=complaints or contact_lines(str(settings.COUNCIL_COMPLAINTS)),
        mediation_fallback=not mediation,
        sendiass_fallback=not sendiass,
        complaints_fallback=not complaints,
    )


def contacts_initial(record: DisagreementContacts | None) -> dict[str, Any]:
    return {name: getattr(record, name) if record else "" for name in FIELDS}


@transaction.atomic
def contacts_save(
    *,
    actor: Any,
    authority: Organisation,
    data: dict[str, Any],
    based_on: str | None = None,
    opened_new: bool = False,
    request: HttpRequest | None = None,
) -> DisagreementContacts:
    """Save the authority's contacts (version-checked against the page as it was opened)."""
    if not actor.has_perm("ehc.manage_disagreement_contacts"):
        raise ValidationError("Only an administrator can change these contacts")
    values = {name: str(data.get(name) or "").strip() for name in FIELDS}
    errors: dict[str, str] = {}
    if not values["mediation_name"]:
        errors["mediation_name"] = "Enter the name of the mediation adviser or service"
    if not (values["mediation_phone"] or values["mediation_email"] or values["mediation_web"]):
        errors["mediation_phone"] = (
            "Enter a telephone number, email address or website for the mediation adviser, "
            "so families can contact them (SEND Regulations 2014, regulation 32)"
        )
    if values["mediation_phone"] and not any(ch.isdigit() for ch in values["mediation_phone"]):
        errors["mediation_phone"] = "Enter a telephone number, like 01632 960 001"
    if errors:
        raise ValidationError(errors)
    # Lock the authority's row so two first saves cannot both create the contacts.
    Organisation.objects.select_for_update().filter(pk=authority.pk).first()
    record = DisagreementContacts.objects.filter(authority=authority).first()
    if record is not None:
        if not based_on and opened_new:
            # The page was opened before anyone filled it in; someone has since.
            raise StaleEditError(record)
        check_version(record, based_on)
        before = contacts_initial(record)
        action = AuditAction.UPDATED
    else:
        record = DisagreementContacts(authority=authority, created_by=actor)
        before = contacts_initial(None)
        action = AuditAction.CREATED
    for name, value in values.items():
        setattr(record, name, value)
    record.modified_by = actor
    record.save()
    changed = {
        name: [before[name], values[name]] for name in FIELDS if before[name] != values[name]
    }
    audit_record(
        request=request,
        actor=actor,
        action=action,
        obj=record,
        summary=f"Changed the mediation, SENDIASS and complaints contacts of {authority.name}",
        changes=changed,
    )
    return record
