"""Finding the child a file describes: the one rule every import uses (a plan transfer file,
an SEN2 return), so two imports never disagree about who a child is.

A child is the same child when their UPN matches, or else when their first name, surname and
date of birth match (ignoring case) among the children the authority is responsible for. A
match whose other identifiers disagree is a clash: the caller refuses the file, naming the
identifier, rather than guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from .models import Child, Organisation

# The identifiers compared on a match, with their names in plain English.
IDENTIFIER_LABELS = {"upn": "UPN", "uln": "ULN", "nhs_number": "NHS number"}


@dataclass
class ChildClashError(Exception):
    """The file's identifiers disagree with a child on this service.

    ``kind`` is ``"identifier"`` (the matched child's ``field`` differs), ``"date_of_birth"``
    (the UPN matched a child born on another day) or ``"taken"`` (no match, yet the ``field``
    belongs to another child)."""

    kind: str
    field: str
    child: Child

    @property
    def label(self) -> str:
        return IDENTIFIER_LABELS.get(self.field, self.field)


def match_child(
    *,
    identifiers: Mapping[str, str],
    first_name: str,
    last_name: str,
    date_of_birth: dt.date,
    authority: Organisation,
) -> Child | None:
    """The child on this service the details describe, or None; raises ``ChildClashError``."""
    ids = {name: (identifiers.get(name) or "").strip() for name in IDENTIFIER_LABELS}
    child = Child.objects.filter(upn=ids["upn"]).first() if ids["upn"] else None
    if child is None:
        child = Child.objects.filter(
            responsible_authority=authority,
            first_name__iexact=first_name.strip(),
            last_name__iexact=last_name.strip(),
            date_of_birth=date_of_birth,
        ).first()
    if child is not None:
        for name in IDENTIFIER_LABELS:
            ours = getattr(child, name)
            if ours and ids[name] and ours != ids[name]:
                raise ChildClashError("identifier", name, child)
        if child.date_of_birth != date_of_birth:
            raise ChildClashError("date_of_birth", "date_of_birth", child)
        return child
    for name in IDENTIFIER_LABELS:
        if ids[name]:
            taken = Child.objects.filter(**{name: ids[name]}).first()
            if taken is not None:
                raise ChildClashError("taken", name, taken)
    return None
