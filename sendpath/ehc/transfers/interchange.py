"""Moving between authorities: the "sendpath-plan-transfer" file, version 1.0.

When a child with a plan moves, the old authority must transfer the plan (reg 15). ``export_case``
writes the child, the plan (sections A-K, needs, outcomes and provision with their links, the
placement), the whole timeline (superseded events included, corrections pointing at what they
correct by position), the documents list (not the files), the advice and the deadlines as
computed. ``import_case`` reads such a file into the importing authority, all or nothing.

The format is described by ``schema/plan-transfer-1.0.schema.json`` (JSON Schema 2020-12) and
in ``docs/plan-transfer-format.md``. Files are checked against the schema with ``jsonschema``
when it is installed, otherwise with the small checker below, which understands the keywords the
schema uses; either way every error names the field's path (``plan.needs[2].description``).
"""

from __future__ import annotations

import importlib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

FORMAT = "sendpath-plan-transfer"
VERSION = "1.0"
SCHEMA_PATH = Path(__file__).parent / "schema" / "plan-transfer-1.0.schema.json"
SECTION_FIELDS = {"A": "section_a", "C": "section_c", "D": "section_d"}
SECTION_FIELDS |= {"I": "section_i", "J": "section_j", "K": "section_k"}
CHILD_TEXT = (
    "middle_names",
    "preferred_name",
    "ethnicity",
    "address",
    "postcode",
    "sen_provision",
    "primary_need",
    "secondary_need",
    "first_language",
    "interpreter_language",
    "preferred_format",
    "communication_notes",
)
IDENTIFIERS = {"upn": "UPN", "uln": "ULN", "nhs_number": "NHS number"}
# The step a plan's review clock runs from, for the incoming authority's review limb.
REVIEW_BASES = ("review_meeting_held", "final_plan_issued")


@cache
def schema() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return result


def schema_text() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Checking a file against the schema


def _path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(the file)"


_TYPES: dict[str, Any] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
_TYPE_WORDS = {
    "object": "an object",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


def _check(node: dict[str, Any], value: Any, path: list[Any], errors: list[str]) -> None:
    """A checker for the keywords the transfer schema uses (when jsonschema is not installed)."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        _check(schema()["$defs"][name], value, path, errors)
        return
    if "anyOf" in node:
        for option in node["anyOf"]:
            trial: list[str] = []
            _check(option, value, path, trial)
            if not trial:
                return
        first: list[str] = []
        _check(node["anyOf"][0], value, path, first)
        errors.append(first[0] if value is not None else f"{_path(path)}: must not be null")
        return
    if "const" in node and value != node["const"]:
        errors.append(f"{_path(path)}: must be {json.dumps(node['const'])}")
        return
    if "enum" in node and value not in node["enum"]:
        errors.append(f"{_path(path)}: must be one of {', '.join(map(str, node['enum']))}")
        return
    kinds = node.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not any(_TYPES[k](value) for k in kinds):
            errors.append(f"{_path(path)}: must be {' or '.join(_TYPE_WORDS[k] for k in kinds)}")
            return
    if isinstance(value, str):
        if len(value) < node.get("minLength", 0):
            errors.append(f"{_path(path)}: must not be empty")
        if "pattern" in node and not re.search(node["pattern"], value):
            errors.append(f"{_path(path)}: {_pattern_words(node)}")
    if _TYPES["number"](value) and "minimum" in node and value < node["minimum"]:
        errors.append(f"{_path(path)}: must be {node['minimum']} or more")
    if isinstance(value, dict):
        for name in node.get("required", ()):
            if name not in value:
                errors.append(f"{_path([*path, name])}: is required")
        for name, sub in node.get("properties", {}).items():
            if name in value:
                _check(sub, value[name], [*path, name], errors)
    if isinstance(value, list) and "items" in node:
        for index, item in enumerate(value):
            _check(node["items"], item, [*path, index], errors)


def _pattern_words(node: dict[str, Any]) -> str:
    return (
        "must be a date written YYYY-MM-DD"
        if "date" in str(node.get("description", "")).lower()
        else "is not in the right form"
    )


def _jsonschema_errors(data: Any) -> list[str] | None:
    try:
        jsonschema = importlib.import_module("jsonschema")
    except ImportError:
        return None
    validator = jsonschema.Draft202012Validator(schema())
    ordered = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    return [_describe(error) for error in ordered]


def _describe(error: Any) -> str:
    """One jsonschema error in the same words as the built-in checker's."""
    path = list(error.absolute_path)
    kind = error.validator
    if kind == "anyOf":
        if error.instance is None:
            return f"{_path(path)}: must not be null"
        first = [e for e in error.context if e.relative_schema_path[0] == 0]
        return _describe(first[0]) if first else f"{_path(path)}: {error.message}"
    if kind == "required":
        name = re.match(r"'([^']*)'", error.message)
        return f"{_path([*path, name.group(1) if name else '?'])}: is required"
    if kind == "type":
        kinds = error.validator_value
        kinds = [kinds] if isinstance(kinds, str) else kinds
        return f"{_path(path)}: must be {' or '.join(_TYPE_WORDS[k] for k in kinds)}"
    if kind == "const":
        return f"{_path(path)}: must be {json.dumps(error.validator_value)}"
    if kind == "enum":
        return f"{_path(path)}: must be one of {', '.join(map(str, error.validator_value))}"
    if kind == "minLength":
        return f"{_path(path)}: must not be empty"
    if kind == "minimum":
        return f"{_path(path)}: must be {error.validator_value} or more"
    if kind == "pattern":
        return f"{_path(path)}: {_pattern_words(error.schema)}"
    return f"{_path(path)}: {error.message}"


def schema_errors(data: Any) -> list[str]:
    """Every way the data breaks the schema, each naming the field's path; [] when it fits."""
    if isinstance(data, dict) and data.get("format") == FORMAT and data.get("version") != VERSION:
        return [f"version: this service reads version {VERSION} files, not {data.get('version')!r}"]
    found = _jsonschema_errors(data)
    if found is None:
        found = []
        _check(schema(), data, [], found)
    return found


def parse(raw: bytes) -> dict[str, Any]:
    """Read and check an uploaded file; ValidationError naming the first bad field."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationError({"file": "The file must be a plan transfer file in JSON"}) from None
    errors = schema_errors(data)
    if errors:
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise ValidationError({"file": f"The file is not a valid plan transfer: {errors[0]}{more}"})
    result: dict[str, Any] = data
    return result
