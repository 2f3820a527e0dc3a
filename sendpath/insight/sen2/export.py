"""Writing the SEN2 return of collection year Y for one authority, streamed.

The file is written element by element with lxml's incremental writer (``etree.xmlfile``): the
header, then each Person as its chunk of children is read (``selectors.people``), so memory
holds one chunk at a time whatever the authority's size. Each chunk is checked against the
year's schema (the one the SEN2 import uses: ``sen2_schema_2025.xsd`` for 2025, the 2026 schema
otherwise) as a small return of its own before it is written, and against the business rules
(``checks``); every problem is collected with the child and the element.

The LA code: a file for DfE must carry a real English LA code (CBDS N00216), and the schema's
list rightly lacks made-up ones such as the demonstration's 999. The return is still built and
can be downloaded, with one clear error saying so (rule SP-H2), and every other check runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.utils import timezone
from lxml import etree

from sendpath.ehc.caseload import sen2 as reader
from sendpath.people.models import Organisation

from . import checks, selectors
from .build import Built, Period, person
from .checks import Problem

Progress = Callable[[int, int], None]
SOFTWARE = "sendpath"
MAX_SCHEMA_PROBLEMS = 5000


@dataclass(frozen=True)
class Officers:
    """Header items DMO, DCO, DSCO (Y in post, N not, R being recruited)."""

    dmo: str
    dco: str
    dsco: str


@dataclass
class Result:
    year: int
    census: dt.date
    lea: str
    persons: int = 0
    child_ids: list[Any] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for p in self.problems if p.severity == severity)


def header(period: Period, lea: str, serial: int, officers: Officers) -> etree._Element:
    head = etree.Element("Header")
    details = etree.SubElement(head, "CollectionDetails")
    etree.SubElement(details, "Collection").text = "SEN2"
    etree.SubElement(details, "Year").text = str(period.year)
    etree.SubElement(details, "ReferenceDate").text = period.census.isoformat()
    source = etree.SubElement(head, "Source")
    now = timezone.localtime().replace(microsecond=0, tzinfo=None)
    for name, value in (
        ("SourceLevel", "L"),
        ("LEA", lea),
        ("SoftwareCode", SOFTWARE),
        ("Release", getattr(settings, "SENDPATH_VERSION", "0.1.0")),
        ("SerialNo", f"{serial % 1000:03d}"),
        ("DateTime", now.isoformat()),
        ("DMO", officers.dmo),
        ("DCO", officers.dco),
        ("DSCO", officers.dsco),
    ):
        etree.SubElement(source, name).text = value
    return head


def header_problems(lea: str, officers: Officers, year: int) -> list[Problem]:
    found = []
    if lea not in reader.la_names():
        found.append(
            Problem(
                "E",
                "SP-H2",
                "Header/Source/LEA",
                f"The LA code {lea or '(none)'} is not a real English authority code (DfE's list, "
                "CBDS N00216), so DfE will refuse the file. Set the authority's LA code "
                "(HOME_LA_CODE) before submitting; every other check has still been run",
            )
        )
    for name, value in (("DMO", officers.dmo), ("DCO", officers.dco), ("DSCO", officers.dsco)):
        if value not in ("Y", "N", "R") and (name != "DSCO" or year >= 2026):
            found.append(
                Problem("E", "SP-H3", f"Header/Source/{name}", f"{name} must be Y, N or R")
            )
    return found


def _schema_problems(
    chunk: list[Built], first: int, period: Period, lea: str, officers: Officers
) -> list[Problem]:
    """The chunk as a return of its own against the year's schema; each error is put on the
    Person (and the case of the Requests) it is in. Header errors are reported once, apart."""
    message = etree.Element("Message")
    message.append(header(period, lea if lea in reader.la_names() else "XXX", 1, officers))
    persons = etree.SubElement(message, "Persons")
    for built in chunk:
        persons.append(built.element)
    schema = reader.schema(period.year)
    found: list[Problem] = []
    if not schema.validate(message):
        for error in schema.error_log:
            path = error.path or ""
            node = message.xpath(path) if path.startswith("/") else []
            element = node[0] if node and isinstance(node[0], etree._Element) else None
            place = _place(element, message, chunk, first)
            if place is None:
                continue
            where, built, case = place
            text = error.message.split("': ", 1)[-1]
            found.append(Problem("E", "schema", where, text, built.child_id, case))
    for built in chunk:
        persons.remove(built.element)
    return found


def _place(
    element: etree._Element | None, message: etree._Element, chunk: list[Built], first: int
) -> tuple[str, Built, Any] | None:
    if element is None:
        return None
    trail = []
    node: etree._Element | None = element
    person_el = None
    request_no = 0
    while node is not None and node is not message:
        if node.tag == "Person":
            person_el = node
            break
        if node.tag in reader.REPEATING:
            parent = node.getparent()
            same = [n for n in parent if n.tag == node.tag] if parent is not None else [node]
            number = same.index(node) + 1
            if node.tag == "Requests":
                request_no = number
            trail.append(f"{node.tag}[{number}]")
        else:
            trail.append(str(node.tag))
        node = node.getparent()
    if person_el is None:
        return None
    index = next(i for i, b in enumerate(chunk) if b.element is person_el)
    built = chunk[index]
    case = built.case_ids[request_no - 1] if 0 < request_no <= len(built.case_ids) else None
    where = "/".join([f"Person[{first + index}]", *reversed(trail)])
    return where, built, case


def write_return(
    out: IO[bytes],
    *,
    authority: Organisation,
    year: int,
    officers: Officers,
    serial: int = 1,
    progress: Progress | None = None,
) -> Result:
    """Write the authority's return of collection ``year`` to ``out``; the persons written, the
    children in it and every problem found."""
    period = Period.of(year)
    lea = authority.la_code or ""
    result = Result(year, period.census, lea)
    result.problems.extend(header_problems(lea, officers, year))
    ids = selectors.child_ids(authority)
    seen: dict[str, int] = {}
    schema_count = 0
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("Message"):
            xf.write(header(period, lea, serial, officers), pretty_print=True)
            with xf.element("Persons"):
                for start in range(0, len(ids), selectors.CHUNK):
                    chunk_ids = ids[start : start + selectors.CHUNK]
                    chunk = [
                        b
                        for data in selectors.people(authority, chunk_ids, period)
                        if (b := person(data, period)) is not None
                    ]
                    first = result.persons + 1
                    if schema_count < MAX_SCHEMA_PROBLEMS:
                        found = _schema_problems(chunk, first, period, lea, officers)
                        schema_count += len(found)
                        result.problems.extend(found)
                    for offset, built in enumerate(chunk):
                        index = first + offset
                        result.problems.extend(checks.person_problems(built, index, period))
                        result.problems.extend(checks.duplicate_problems(seen, built, index))
                        result.child_ids.append(built.child_id)
                        xf.write(built.element, pretty_print=True)
                    result.persons += len(chunk)
                    if progress is not None:
                        progress(min(start + selectors.CHUNK, len(ids)), len(ids))
    if result.persons == 0:
        result.problems.append(
            Problem(
                "E",
                "schema",
                "Persons",
                "No one is in the return: no case of the authority falls in this collection year",
            )
        )
    return result
