"""Checking every row of a SEN Support file against the same rules as the child's form, and
working out what the import would do to each pupil (reads only: nothing is written here).

Each problem names the row as in the spreadsheet (the header is row 1) and the column, for
example "Row 7, Date of birth: must be today or in the past".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from sendpath.core import identifiers

from ..ages import too_old_for_a_record
from ..models import Child, Organisation, SettingAttendance, User
from .columns import COLUMNS, NEED_CODES
from .reading import Row, RowError, read_rows

HEADERS = {c.key: c.header for c in COLUMNS}
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$")
_NEEDS = {code for code, _ in NEED_CODES}

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
HAS_PLAN = "has_plan"
OUTCOMES = {
    CREATE: "new record",
    UPDATE: "record updated",
    UNCHANGED: "already up to date",
    HAS_PLAN: "has an EHC plan: left as it is",
}


@dataclass
class Planned:
    """One pupil and what importing them does."""

    row: int
    data: dict[str, Any]
    child: Child | None
    outcome: str

    @property
    def outcome_label(self) -> str:
        return OUTCOMES[self.outcome]

    @property
    def name(self) -> str:
        return f"{self.data['first_name']} {self.data['last_name']}"


@dataclass
class Checked:
    planned: list[Planned] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for p in self.planned if p.outcome == outcome)

    @property
    def to_write(self) -> int:
        """How many records the import creates or changes."""
        return self.count(CREATE) + self.count(UPDATE)


def parse_date(text: str) -> dt.date | None:
    """14/06/2016, 14/6/2016, 14-06-2016 or 2016-06-14; None if it is none of those."""
    text = text.strip()
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).replace(tzinfo=dt.UTC).date()
        except ValueError:
            continue
    return None


def _postcode(text: str) -> str:
    compact = "".join(text.upper().split())
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) >= 5 else compact


class _RowChecker:
    def __init__(self, row: Row, errors: list[RowError]) -> None:
        self.row, self.errors, self.bad = row, errors, False

    def fail(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.row.number, HEADERS[key], message))
        self.bad = True

    def value(self, key: str) -> str:
        return self.row.values.get(key, "")

    def date(self, key: str, what: str) -> dt.date | None:
        text = self.value(key)
        if not text:
            return None
        found = parse_date(text)
        if found is None:
            self.fail(key, f"{what} must be a real date, written like 14/06/2016")
        elif found > timezone.localdate():
            self.fail(key, f"{what} must be today or in the past")
            return None
        return found


def _check_row(
    row: Row, schools: dict[str, Organisation], errors: list[RowError]
) -> dict[str, Any] | None:
    c = _RowChecker(row, errors)
    today = timezone.localdate()
    upn = identifiers.normalise(c.value("upn"))
    if upn and (problem := identifiers.check_upn(upn)):
        c.fail("upn", problem)
    names: dict[str, str] = {}
    for key, what in (("first_name", "forename"), ("last_name", "surname")):
        names[key] = " ".join(c.value(key).split())
        if not names[key]:
            c.fail(key, f"Enter the pupil's {what}")
        elif len(names[key]) > 100:
            c.fail(key, f"The {what} must be 100 characters or fewer")
    dob = c.date("date_of_birth", "Date of birth")
    if not c.value("date_of_birth"):
        c.fail("date_of_birth", "Enter the date of birth")
    elif dob is not None and too_old_for_a_record(dob, today):
        c.fail(
            "date_of_birth",
            "Date of birth must be for someone aged 25 or under: records are for children and "
            "young people aged 0 to 25",
        )
    sex = {"F": "F", "FEMALE": "F", "M": "M", "MALE": "M"}.get(c.value("sex").upper())
    if sex is None:
        c.fail("sex", "Enter F (female) or M (male)")
    postcode = _postcode(c.value("postcode"))
    if postcode and not _POSTCODE.match(postcode):
        c.fail("postcode", "Enter a real postcode, like DM1 4AB, or leave it empty")
    urn = identifiers.normalise(c.value("school_urn"))
    school = None
    if not urn:
        c.fail("school_urn", "Enter the URN of the pupil's school or setting")
    elif problem := identifiers.check_urn(urn):
        c.fail("school_urn", problem)
    elif (school := schools.get(urn)) is None:
        c.fail(
            "school_urn",
            f"No school or setting with URN {urn} is on this service: check the URN, or add the "
            "school to the organisations first",
        )
    provision = c.value("sen_provision").upper()
    if provision == "E":
        c.fail(
            "sen_provision",
            "An EHC plan (E) is never imported: it comes only from the plan records",
        )
    elif provision == "N":
        c.fail(
            "sen_provision",
            "Only K (SEN support) is imported: to take a pupil off SEN support, change their "
            "record",
        )
    elif provision != "K":
        c.fail("sen_provision", "Enter K (SEN support)")
    primary, secondary = c.value("primary_need").upper(), c.value("secondary_need").upper()
    if not primary:
        c.fail("primary_need", "Enter the primary type of need, as a census code like SLCN")
    elif primary not in _NEEDS:
        c.fail("primary_need", f"{primary} is not a census type of need code, like SLCN or ASD")
    if secondary and secondary not in _NEEDS:
        c.fail("secondary_need", f"{secondary} is not a census type of need code")
    elif secondary and secondary == primary:
        c.fail("secondary_need", "The secondary type of need must differ from the primary one")
    since = c.date("since", "Date placed on SEN support")
    if since is not None and dob is not None and since < dob:
        c.fail("since", "Date placed on SEN support must be on or after the date of birth")
    if c.bad:
        return None
    return {
        "upn": upn,
        **names,
        "date_of_birth": dob,
        "sex": sex,
        "postcode": postcode,
        "school": school,
        "primary_need": primary,
        "secondary_need": secondary,
        "since": since,
    }


def _dated(child: Child) -> str:
    return f"{child.full_name}, born {child.date_of_birth:%-d %B %Y}"


def _match(
    data: dict[str, Any], by_upn: dict[str, Child], visible: Any, number: int
) -> tuple[Child | None, RowError | None]:
    """The record this pupil is: by UPN anywhere, else by name and date of birth among the
    records the user may see. A UPN held for a child out of reach reveals nothing more."""
    upn = data["upn"]
    if upn and (child := by_upn.get(upn)) is not None:
        if not visible.filter(pk=child.pk).exists():
            return None, RowError(
                number,
                HEADERS["upn"],
                "This UPN is already recorded for a child or young person you do not have "
                "access to. Check it, or ask your SEND team manager for help",
            )
        if child.date_of_birth != data["date_of_birth"]:
            return None, RowError(
                number,
                HEADERS["date_of_birth"],
                f"The record with this UPN ({_dated(child)}) has a different date of birth. "
                "Check the UPN and the date of birth",
            )
        return child, None
    same = list(
        visible.filter(
            first_name__iexact=data["first_name"],
            last_name__iexact=data["last_name"],
            date_of_birth=data["date_of_birth"],
        )[:2]
    )
    if len(same) > 1:
        return None, RowError(
            number,
            HEADERS["upn"],
            "More than one record has this name and date of birth: add the pupil's UPN",
        )
    if same and upn and same[0].upn and same[0].upn != upn:
        return None, RowError(
            number,
            HEADERS["upn"],
            f"The record of {_dated(same[0])} has a different UPN ({same[0].upn}). Check it",
        )
    return (same[0] if same else None), None


def _unchanged(child: Child, data: dict[str, Any], current_at: set[tuple[Any, Any]]) -> bool:
    return (
        child.sen_provision == "K"
        and child.primary_need == data["primary_need"]
        and child.secondary_need == data["secondary_need"]
        and (not data["since"] or child.sen_provision_since == data["since"])
        and (not data["postcode"] or child.postcode == data["postcode"])
        and (not data["upn"] or child.upn == data["upn"])
        and (child.pk, data["school"].pk) in current_at
    )


def _current_settings(children: Iterable[Child]) -> set[tuple[Any, Any]]:
    today = timezone.localdate()
    rows = SettingAttendance.objects.filter(
        child__in=[c.pk for c in children], start_date__lte=today
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    return set(rows.values_list("child_id", "organisation_id"))


def check_file(*, actor: User, raw: bytes) -> Checked:
    """Every row checked; ``planned`` says what importing would do, ``errors`` what is wrong.
    Reads only: the import (``services.import_sen_support``) runs this again before writing."""
    rows, errors = read_rows(raw)
    result = Checked(errors=errors)
    if not rows:
        return result
    urns = {identifiers.normalise(r.values.get("school_urn", "")) for r in rows}
    schools = {o.urn: o for o in Organisation.objects.filter(urn__in=urns - {""}, is_active=True)}
    cleaned: list[tuple[Row, dict[str, Any]]] = []
    seen: dict[Any, int] = {}
    for row in rows:
        data = _check_row(row, schools, result.errors)
        if data is None:
            continue
        key = data["upn"] or (
            data["first_name"].lower(),
            data["last_name"].lower(),
            data["date_of_birth"],
        )
        if key in seen:
            column = "upn" if data["upn"] else "first_name"
            what = "UPN" if data["upn"] else "pupil (name and date of birth)"
            result.errors.append(
                RowError(row.number, HEADERS[column], f"The same {what} is on row {seen[key]}")
            )
            continue
        seen[key] = row.number
        cleaned.append((row, data))
    upns = [d["upn"] for _, d in cleaned if d["upn"]]
    by_upn = {c.upn: c for c in Child.objects.filter(upn__in=upns)}
    visible = Child.objects.visible_to(actor)
    matched_rows: dict[Any, int] = {}
    for row, data in cleaned:
        child, problem = _match(data, by_upn, visible, row.number)
        if problem is not None:
            result.errors.append(problem)
            continue
        if child is not None:
            if child.pk in matched_rows:
                result.errors.append(
                    RowError(
                        row.number,
                        None,
                        f"This is the same record ({_dated(child)}) as row {matched_rows[child.pk]}",
                    )
                )
                continue
            matched_rows[child.pk] = row.number
        result.planned.append(Planned(row.number, data, child, CREATE))
    current_at = _current_settings(p.child for p in result.planned if p.child is not None)
    for planned in result.planned:
        child = planned.child
        if child is None:
            continue
        if child.sen_provision == "E":
            planned.outcome = HAS_PLAN
        elif _unchanged(child, planned.data, current_at):
            planned.outcome = UNCHANGED
        else:
            planned.outcome = UPDATE
    result.errors.sort(key=lambda e: e.row)
    return result
