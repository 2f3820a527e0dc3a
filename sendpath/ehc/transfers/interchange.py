"""Moving between authorities: the "sendpath-plan-transfer" file, version 1.0.

When a child with a plan moves, the old authority must transfer the plan (reg 15). ``export_case``
writes the child, the plan (sections A-K, needs, outcomes and provision with their links, the
placement), the whole timeline (superseded events included, corrections pointing at what they
correct by position), the documents list (not the files), the advice and the deadlines as
computed. ``import_case`` reads such a file into the importing authority, all or nothing.

The format is described by ``schema/plan-transfer-1.0.schema.json`` (JSON Schema 2020-12) and
in ``docs/plan-transfer-format.md``. Files are checked against the schema with ``jsonschema``;
``sendpath.core.schemas`` words each error, naming the field's path
(``plan.needs[2].description``).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from jsonschema import Draft202012Validator

from sendpath.core import jsonsafe, schemas

FORMAT = "sendpath-plan-transfer"
VERSION = "1.0"
# The largest plan transfer file read, here or from the command line (the import page says 5 MB).
MAX_BYTES = 5 * 1024 * 1024
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


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def schema_errors(data: Any) -> list[str]:
    """Every way the data breaks the schema, each naming the field's path; [] when it fits."""
    if isinstance(data, dict) and data.get("format") == FORMAT and data.get("version") != VERSION:
        return [f"version: this service reads version {VERSION} files, not {data.get('version')!r}"]
    return schemas.messages(_validator(), data)


def parse(raw: bytes) -> dict[str, Any]:
    """Read and check an uploaded file; ValidationError naming the first bad field."""
    try:
        data = jsonsafe.loads(raw, max_bytes=MAX_BYTES)
    except ValueError as error:
        message = str(error)
        if message.startswith("The file is not JSON"):
            message = "The file must be a plan transfer file in JSON"
        raise ValidationError({"file": message}) from None
    errors = schema_errors(data)
    if errors:
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise ValidationError({"file": f"The file is not a valid plan transfer: {errors[0]}{more}"})
    result: dict[str, Any] = data
    return result
