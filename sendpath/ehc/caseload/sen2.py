"""Reading an SEN2 return: the person-level XML every English authority sends DfE each January.

``read(raw)`` parses the file safely (no network, no entities resolved, no DTD, no huge trees),
chooses the schema by ``Header/CollectionDetails/Year`` (``schema/sen2_schema_2025.xsd`` for
2025; ``schema/sen2_schema_2026.xsd`` otherwise, whose element order the 2024 returns already
used) and checks the file against it. Every problem names the element the way XPath does,
1-based, from below ``Message`` (``Person[3]/Requests[1]/ReceivedDate``), and the schema's
complaints also give the line.

The schemas are the community XSDs corrected for every English authority (see
``schema/LICENSE`` and the shared ``spec/sen2/CORRECTIONS.md``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

SCHEMA_DIR = Path(__file__).parent / "schema"
MAX_ERRORS = 50
# Elements that may repeat: always given their position in a path, as in Person[3].
REPEATING = frozenset({"Person", "Requests", "PlanDetail", "PlacementDetail", "SENneed", "Source"})
# Wrappers left out of paths: every path starts below them.
WRAPPERS = frozenset({"Message", "Persons"})


class Sen2Error(Exception):
    """The return cannot be imported: ``errors`` lists every reason, each naming its element."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


@cache
def schema(year: int) -> etree.XMLSchema:
    name = "sen2_schema_2025.xsd" if year == 2025 else "sen2_schema_2026.xsd"
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / name), _parser()))


def path_of(element: etree._Element) -> str:
    """``Person[3]/Requests[1]/ReceivedDate``: the element's place, 1-based as in XPath."""
    parts: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        name = etree.QName(node).localname
        if name in WRAPPERS:
            break
        if name in REPEATING:
            parent = node.getparent()
            same = [n for n in parent if n.tag == node.tag] if parent is not None else [node]
            parts.append(f"{name}[{same.index(node) + 1}]")
        else:
            parts.append(name)
        node = node.getparent()
    return "/".join(reversed(parts)) or "Message"


def child_path(parent: etree._Element, name: str) -> str:
    """The path an element would have under ``parent`` (for one that is missing)."""
    return f"{path_of(parent)}/{name}"


def text(parent: etree._Element, name: str) -> str:
    """The trimmed text of ``parent``'s child ``name``, or "" when it is missing."""
    found = parent.find(name)
    return (found.text or "").strip() if found is not None else ""


def date(parent: etree._Element, name: str, errors: list[str]) -> dt.date | None:
    """The date in ``parent``'s child ``name`` (None when missing); a bad one is an error."""
    value = text(parent, name)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        errors.append(f"{child_path(parent, name)}: {value!r} is not a real date")
        return None


@dataclass
class Sen2Return:
    year: int
    reference_date: dt.date | None
    lea: str
    persons: list[etree._Element]


def _schema_message(error: etree._LogEntry, tree: etree._ElementTree) -> str:
    where = ""
    if error.path:
        try:
            found = tree.xpath(error.path)
        except etree.XPathError:
            found = []
        if found and isinstance(found[0], etree._Element):
            where = path_of(found[0])
    message = error.message
    # lxml words errors "Element 'UPN': [facet 'pattern'] The value ...": keep the reason.
    if message.startswith("Element '") and "': " in message:
        message = message.split("': ", 1)[1]
    return f"{where or 'Message'} (line {error.line}): {message}"


def read(raw: bytes, *, lea: str | None = None) -> Sen2Return:
    """Parse and check a return against its year's schema; ``Sen2Error`` if it is not one, or
    (given ``lea``) if it is another authority's return, which is refused before anything else."""
    if not raw.strip():
        raise Sen2Error(["The file is empty"])
    try:
        root = etree.fromstring(raw, _parser())
    except etree.XMLSyntaxError as error:
        raise Sen2Error(
            [
                f"The file is not XML (line {error.lineno}): {error.msg}. Choose the SEN2 return "
                "exported for DfE's COLLECT"
            ]
        ) from None
    if etree.QName(root).localname != "Message" or root.find("Header") is None:
        raise Sen2Error(["The file is XML but not an SEN2 return: it has no Message/Header"])
    details = root.find("Header/CollectionDetails")
    year_text = text(details, "Year") if details is not None else ""
    if not year_text.isdigit():
        raise Sen2Error(["Header/CollectionDetails/Year: the return's year is missing"])
    year = int(year_text)
    theirs = (root.findtext("Header/Source/LEA") or "").strip()
    if lea is not None and theirs and theirs != lea:
        raise Sen2Error([f"This return is for LA {theirs}; this installation serves LA {lea}"])
    tree = root.getroottree()
    checker = schema(year)
    if not checker.validate(tree):
        raise Sen2Error([_schema_message(e, tree) for e in list(checker.error_log)[:MAX_ERRORS]])
    errors: list[str] = []
    collection = text(details, "Collection") if details is not None else ""
    if collection != "SEN2":
        errors.append("Header/CollectionDetails/Collection: must be SEN2")
    reference = date(details, "ReferenceDate", errors) if details is not None else None
    source = root.find("Header/Source")
    lea = text(source, "LEA") if source is not None else ""
    if not lea:
        errors.append("Header/Source[1]/LEA: the authority's LA code is missing")
    if errors:
        raise Sen2Error(errors)
    return Sen2Return(
        year=year,
        reference_date=reference,
        lea=lea,
        persons=list(root.iterfind("Persons/Person")),
    )


@cache
def la_names() -> dict[str, str]:
    """DfE LA codes and names, from the schema's list of codes (CBDS N00216)."""
    xs = "{http://www.w3.org/2001/XMLSchema}"
    tree = etree.parse(str(SCHEMA_DIR / "sen2_schema_2026.xsd"), _parser())
    names: dict[str, str] = {}
    for simple in tree.iter(f"{xs}simpleType"):
        if simple.get("name") != "exportedandleatype":
            continue
        for option in simple.iter(f"{xs}enumeration"):
            doc = option.find(f"{xs}annotation/{xs}documentation")
            if doc is not None and doc.text:
                names[option.get("value", "")] = doc.text.strip()
    return names
