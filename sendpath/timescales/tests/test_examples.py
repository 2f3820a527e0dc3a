"""The worked examples of ../shared/examples/timescales must match exactly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sendpath.timescales import compute
from sendpath.timescales.tests import COMPARED, EXAMPLES

_INPUTS = sorted(EXAMPLES.glob("*.input.json"))


def test_examples_folder_is_not_empty() -> None:
    assert EXAMPLES.is_dir(), f"the worked examples are not at {EXAMPLES}"
    assert _INPUTS, f"no *.input.json in {EXAMPLES}"


@pytest.mark.parametrize("input_path", _INPUTS, ids=lambda p: p.name.split(".")[0])
def test_worked_example(input_path: Path) -> None:
    expected_path = input_path.with_name(input_path.name.replace(".input.", ".expected."))
    case = json.loads(input_path.read_text())
    expected = json.loads(expected_path.read_text())["deadlines"]
    got: list[dict[str, Any]] = [dict(row) for row in compute(case)["deadlines"]]
    assert [{name: row[name] for name in COMPARED} for row in got] == [
        {name: row[name] for name in COMPARED} for row in expected
    ]
    assert all(row["source"] for row in got)
