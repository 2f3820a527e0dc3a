"""JSON Schema errors in plain English: one wording for every file sendpath checks.

``jsonschema`` finds what is wrong; this module says it in words a caseworker or an
administrator can act on, naming the field by its path (``plan.needs[2].description``). Used by
the plan transfer file (``sendpath.ehc.interchange``) and the Local Offer feed import
(``sendpath.localoffer.feeds``).

``problem(error)`` gives the field's path and the problem as a phrase that reads after it
("must be a list, not text"); ``message(error)`` joins them ("plan.outcomes: must be a list,
not text"); ``messages(validator, data)`` gives every error, ordered by field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, Final

from jsonschema.exceptions import ValidationError as SchemaError
from jsonschema.protocols import Validator

WHOLE_FILE: Final = "(the file)"

TYPE_WORDS: Final = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "array": "a list",
    "object": "an object (a group of named fields)",
    "boolean": "true or false",
    "null": "empty (null)",
}
FORMAT_WORDS: Final = {
    "uuid": "an id in UUID form, like 3f7b145d-84af-42d7-8fae-eaca714b02b2",
    "email": "an email address",
    "uri": "a web address, like https://example.org/page",
    "date-time": "a date and time, like 2025-03-15T10:30:00Z",
    "date": "a date, like 2025-03-15",
}


def path_text(parts: Iterable[str | int]) -> str:
    """``["service_at_locations", 0, "location"]`` -> ``service_at_locations[0].location``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def kind_of(value: Any) -> str:
    """What a JSON value is, in words: "text", "a list", ..."""
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a group of named fields"


def _shown(value: Any, limit: int = 60) -> str:
    return repr(str(value)[:limit])


def _pattern_words(schema: Any) -> str:
    described = str(schema.get("description", "")) if isinstance(schema, dict) else ""
    if "date" in described.lower():
        return "must be a date written YYYY-MM-DD"
    return "is not in the right form"


def problem(error: SchemaError) -> tuple[str, str]:
    """The field's path ("" for the whole document) and what is wrong with it, in plain English."""
    where = list(error.absolute_path)
    kind, wanted, value = error.validator, error.validator_value, error.instance
    if kind in ("anyOf", "oneOf"):
        if value is None:
            return path_text(where), "must not be empty (null)"
        first = [e for e in error.context or () if e.relative_schema_path[0] == 0]
        return problem(first[0]) if first else (path_text(where), error.message[:200])
    if kind == "required":
        match = re.match(r"^'(.+)' is a required property$", error.message)
        missing = [match.group(1)] if match else []
        return path_text([*where, *missing]), "is required but missing"
    if kind == "type":
        kinds = [wanted] if isinstance(wanted, str) else list(wanted)
        words = " or ".join(TYPE_WORDS.get(str(k), str(k)) for k in kinds)
        return path_text(where), f"must be {words}, not {kind_of(value)}"
    if kind == "const":
        return path_text(where), f"must be {json.dumps(wanted)}"
    if kind == "enum":
        allowed = ", ".join(str(v) for v in wanted)
        return path_text(where), f"must be one of {allowed}, not {_shown(value)}"
    if kind == "format":
        words = FORMAT_WORDS.get(str(wanted), f"in the form {wanted}")
        return path_text(where), f"{_shown(value, 80)} is not {words}"
    if kind == "minLength":
        if wanted == 1:
            return path_text(where), "must not be empty"
        return path_text(where), f"must be at least {wanted} characters long"
    if kind == "maxLength":
        return path_text(where), f"must be {wanted} characters or fewer"
    if kind == "minimum":
        return path_text(where), f"must be {wanted} or more"
    if kind == "maximum":
        return path_text(where), f"must be {wanted} or less"
    if kind == "minItems":
        return path_text(where), "must not be empty" if wanted == 1 else f"needs {wanted} or more"
    if kind == "pattern":
        return path_text(where), _pattern_words(error.schema)
    return path_text(where), error.message[:200]


def message(error: SchemaError, *, whole: str = WHOLE_FILE) -> str:
    """``"field.path: problem"`` (``whole`` names the document when the problem is with all of it)."""
    where, what = problem(error)
    return f"{where or whole}: {what}"


def messages(validator: Validator, data: Any, *, whole: str = WHOLE_FILE) -> list[str]:
    """Every way ``data`` breaks the validator's schema, ordered by field; [] when it fits."""
    found = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [message(error, whole=whole) for error in found]
