"""The demo's data files: the tables of names, places, schools and wording in ``data/``.

Each file is JSON, read once. Lists come back as tuples, as the tables were written, so that
nothing built from them can change them.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    return value


@cache
def read(name: str) -> dict[str, Any]:
    """The data file ``data/<name>.json``, with its lists as tuples."""
    with (DATA / f"{name}.json").open(encoding="utf-8") as handle:
        return _frozen(json.load(handle))
