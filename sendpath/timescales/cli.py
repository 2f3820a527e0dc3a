"""Command line: ``python -m sendpath.timescales compute [FILE]`` and ``... rules [--json]``.

``compute`` reads a case as JSON from FILE (or stdin when FILE is absent or ``-``) and prints
the result as JSON (exit 0).  Bad input prints one line, ``error: ...``, to stderr and exits 2:
malformed JSON, a bad ``as_of``, or an event problem naming the event's index and type.  No
traceback is ever printed; an unexpected internal failure prints one line and exits 1.

``rules`` prints every rule key with its due rule in words, what completes it and its source
(``--json`` for a machine-readable list).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TextIO

from .engine import compute
from .rules import RULES
from .validation import TimescalesInputError

__all__ = ["main"]

USAGE = "usage: python -m sendpath.timescales {compute [FILE] | rules [--json]}"

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _fail(stderr: TextIO, message: str, code: int = EXIT_BAD_INPUT) -> int:
    stderr.write(f"error: {_one_line(message)}\n")
    return code


def _read(path: str | None) -> bytes:
    if path is None or path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as handle:
        return handle.read()


def _compute(args: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    if len(args) > 1:
        return _fail(stderr, f"compute takes at most one FILE argument; {USAGE}")
    path = args[0] if args else None
    try:
        raw = _read(path)
    except OSError as exc:
        return _fail(stderr, f"cannot read {path}: {exc.strerror or exc}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _fail(stderr, f"input is not UTF-8 text: {exc.reason} at byte {exc.start}")
    try:
        case = json.loads(text)
    except json.JSONDecodeError as exc:
        return _fail(
            stderr, f"input is not valid JSON: {exc.msg} (line {exc.lineno} column {exc.colno})"
        )
    except RecursionError:
        return _fail(stderr, "input is not valid JSON: nested too deeply")
    try:
        result = compute(case)
    except TimescalesInputError as exc:
        return _fail(stderr, str(exc))
    stdout.write(json.dumps(result, indent=2))
    stdout.write("\n")
    return EXIT_OK


def _rules(args: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    if args and list(args) != ["--json"]:
        return _fail(stderr, f"rules takes only --json; {USAGE}")
    if args:
        listing = [
            {
                "key": rule.key,
                "due": rule.due,
                "completed_by": rule.completed_by,
                "source": rule.source,
                "counting": rule.counting,
            }
            for rule in RULES
        ]
        stdout.write(json.dumps(listing, indent=2))
        stdout.write("\n")
        return EXIT_OK
    width = max(len(rule.key) for rule in RULES)
    for rule in RULES:
        stdout.write(
            f"{rule.key:<{width}}  due: {rule.due}; completed by: {rule.completed_by}; "
            f"source: {rule.source}\n"
        )
    return EXIT_OK


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the CLI; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    if not args or args[0] not in {"compute", "rules", "-h", "--help"}:
        return _fail(err, USAGE)
    if args[0] in {"-h", "--help"}:
        out.write(USAGE + "\n")
        return EXIT_OK
    try:
        if args[0] == "compute":
            return _compute(args[1:], out, err)
        return _rules(args[1:], out, err)
    except Exception as exc:  # never a traceback, even for a bug
        return _fail(err, f"internal error: {type(exc).__name__}: {exc}", EXIT_INTERNAL)
