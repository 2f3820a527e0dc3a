"""Reading JSON from outside (uploads, feeds, API bodies) with bounded size and depth.

``json.loads`` and jsonschema both recurse: a file nested a few thousand levels deep raises
``RecursionError`` (a server error) before any check can name the problem. ``loads`` measures
the nesting first, on the text, without recursing, and refuses anything deeper than
``MAX_DEPTH`` or larger than the caller's byte limit with a ``ValueError`` in plain English.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

# No real file sendpath reads nests deeper than about a dozen levels (a plan transfer file:
# case > plan > sections > items > fields); 64 leaves room and stays far below Python's limit.
MAX_DEPTH: Final = 64

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def nesting_depth(text: str, *, stop_above: int | None = None) -> int:
    """How deeply arrays and objects nest in JSON text (brackets inside strings do not count).

    Stops counting once the depth passes ``stop_above``. Works on any text, valid JSON or not.
    """
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop_above is not None and deepest > stop_above:
                    break
        else:
            depth = max(depth - 1, 0)
    return deepest


def check_depth(data: Any, *, max_depth: int = MAX_DEPTH) -> None:
    """ValueError if already-parsed data nests deeper than ``max_depth`` (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            if level > max_depth:
                raise ValueError(_too_deep(max_depth))
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)


def loads(
    raw: bytes | str, *, max_bytes: int, max_depth: int = MAX_DEPTH, encoding: str = "utf-8"
) -> Any:
    """Parse JSON text no larger than ``max_bytes`` and nested no deeper than ``max_depth``.

    ValueError says why not: too large, not text, too deeply nested, or not JSON (with where).
    """
    if len(raw) > max_bytes:
        raise ValueError(f"The file is larger than {_size(max_bytes)}")
    if isinstance(raw, bytes | bytearray):
        try:
            text = bytes(raw).decode(encoding)
        except UnicodeDecodeError:
            raise ValueError("The file is not JSON: it is not text (UTF-8)") from None
    else:
        text = raw
    if nesting_depth(text, stop_above=max_depth) > max_depth:
        raise ValueError(_too_deep(max_depth))
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"The file is not JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:  # pragma: no cover - the depth check above comes first
        raise ValueError(_too_deep(max_depth)) from None


def _too_deep(max_depth: int) -> str:
    return f"The file nests lists or objects more than {max_depth} levels deep"


def _size(max_bytes: int) -> str:
    if max_bytes >= 1024 * 1024:
        return f"{max_bytes // (1024 * 1024)} MB"
    return f"{max(max_bytes // 1024, 1)} KB"
