"""JSON Schema errors in plain English, one wording for the plan transfer and the feed import."""

from __future__ import annotations

from jsonschema import Draft202012Validator, FormatChecker

from sendpath.core import schemas

SCHEMA = {
    "type": "object",
    "required": ["name", "items"],
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "status": {"enum": ["active", "inactive"]},
        "email": {"type": "string", "format": "email"},
        "born": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "A date"},
        "age": {"type": "integer", "minimum": 0},
        "items": {"type": "array", "items": {"type": "object", "required": ["id"]}},
    },
}
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FormatChecker())


def test_each_error_names_the_field_by_its_path_and_says_what_is_wrong():
    data = {
        "name": "",
        "status": "open",
        "email": "nobody",
        "born": "yesterday",
        "age": -1,
        "items": [{"id": "a"}, {}],
    }
    assert schemas.messages(VALIDATOR, data) == [
        "age: must be 0 or more",
        "born: must be a date written YYYY-MM-DD",
        "email: 'nobody' is not an email address",
        "items[1].id: is required but missing",
        "name: must not be empty",
        "status: must be one of active, inactive, not 'open'",
    ]


def test_the_whole_document_and_wrong_types():
    assert schemas.messages(VALIDATOR, [1]) == [
        "(the file): must be an object (a group of named fields), not a list"
    ]
    [error] = VALIDATOR.iter_errors({"name": "x", "items": "lots"})
    assert schemas.problem(error) == ("items", "must be a list, not text")
    assert schemas.message(error) == "items: must be a list, not text"
    assert schemas.messages(VALIDATOR, {"name": "x", "items": []}) == []
