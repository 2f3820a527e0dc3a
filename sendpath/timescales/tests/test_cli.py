"""The command line, run as a real subprocess: ``python -m sendpath.timescales ...``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sendpath.timescales import RULES
from sendpath.timescales.tests import EXAMPLES, PROJECT_ROOT, ev

REQUEST = ev("request_received", "2026-01-05", source="school")


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed interpreter and module, test input only
        [sys.executable, "-m", "sendpath.timescales", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=60,
        check=False,
    )


def case(*events: dict[str, Any], as_of: Any = "2026-06-30") -> str:
    return json.dumps({"as_of": as_of, "events": list(events)})


def assert_bad_input(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, result
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stderr.endswith("\n")
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


# -- success -------------------------------------------------------------------------------


def test_compute_from_stdin() -> None:
    result = cli("compute", stdin=case(REQUEST, as_of="2026-02-01"))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    rows = json.loads(result.stdout)["deadlines"]
    first = rows[0]
    assert (first["key"], first["due"], first["status"]) == (
        "decide_whether_to_assess",
        "2026-02-16",
        "open",
    )


def test_compute_from_file(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(case(REQUEST, ev("decision_to_assess", "2026-02-13", outcome="yes")))
    result = cli("compute", str(path))
    assert result.returncode == 0, result.stderr
    rows = {r["key"]: r for r in json.loads(result.stdout)["deadlines"]}
    assert rows["decide_whether_to_assess"]["status"] == "met"
    assert rows["decide_whether_to_assess"]["source"] == "reg 5(1)"


def test_compute_worked_example_file() -> None:
    path = EXAMPLES / "v03_mediation_and_appeal.input.json"
    result = cli("compute", str(path))
    assert result.returncode == 0, result.stderr
    expected = json.loads(path.with_name("v03_mediation_and_appeal.expected.json").read_text())
    got = json.loads(result.stdout)["deadlines"]
    assert [(r["key"], r["due"], r["status"]) for r in got] == [
        (r["key"], r["due"], r["status"]) for r in expected["deadlines"]
    ]


def test_rules_lists_every_rule_with_words_and_source() -> None:
    result = cli("rules")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(RULES)
    for rule, line in zip(RULES, lines, strict=True):
        assert line.startswith(rule.key)
        assert rule.due in line
        assert rule.source in line
    assert "reg 5(1)" in result.stdout
    assert "CFA s.44(1); reg 18" in result.stdout
    assert "comply_with_order:<kind>" in result.stdout


def test_rules_json() -> None:
    result = cli("rules", "--json")
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    assert [item["key"] for item in listing] == [rule.key for rule in RULES]
    assert all(item["source"] and item["due"] for item in listing)


def test_usage_errors_are_one_line() -> None:
    assert_bad_input(cli(), "usage")
    assert_bad_input(cli("frobnicate"), "usage")
    assert cli("--help").returncode == 0


# -- bad input: exit 2, one line, the event's index and type --------------------------------


@pytest.mark.parametrize(
    ("events", "needles"),
    [
        pytest.param(
            [REQUEST, {"type": "teleported", "date": "2026-01-06"}],
            ["events[1]", "index 1", "teleported", "unknown event type"],
            id="unknown-type",
        ),
        pytest.param(
            [REQUEST, ev("decision_to_assess", "2026-02-30", outcome="yes")],
            ["events[1]", "decision_to_assess", "malformed date", "2026-02-30"],
            id="impossible-date",
        ),
        pytest.param(
            [ev("request_received", "05/01/2026", source="school")],
            ["events[0]", "index 0", "request_received", "malformed date"],
            id="malformed-date",
        ),
        pytest.param(
            [ev("move_notified", "2026-05-01", move_date="soon")],
            ["events[0]", "move_notified", "move_date", "malformed date"],
            id="malformed-field-date",
        ),
        pytest.param(
            [REQUEST, ev("advice_requested", "2026-02-16", source="psychological")],
            ["events[1]", "advice_requested", "missing field 'id'"],
            id="missing-id",
        ),
        pytest.param(
            [REQUEST, {"type": "draft_plan_sent"}],
            ["events[1]", "draft_plan_sent", "missing field 'date'"],
            id="missing-date",
        ),
        pytest.param(
            [REQUEST, {"date": "2026-02-01"}],
            ["events[1]", "index 1", "missing field 'type'"],
            id="missing-type",
        ),
        pytest.param(
            [REQUEST, ev("decision_to_assess", "2026-02-13", outcome="maybe")],
            ["events[1]", "decision_to_assess", "outcome"],
            id="bad-enum",
        ),
        pytest.param(
            [
                REQUEST,
                ev("advice_requested", "2026-02-16", id="ep", source="psychological"),
                ev("advice_received", "2026-03-20", id="salt"),
            ],
            ["events[2]", "index 2", "advice_received", "'salt'", "never"],
            id="advice-never-requested",
        ),
        pytest.param(
            [REQUEST, ev("setting_responded", "2026-04-20", id="urn9")],
            ["events[1]", "setting_responded", "'urn9'", "never"],
            id="setting-never-consulted",
        ),
        pytest.param(
            [ev("decision_to_assess", "2026-01-02", outcome="yes"), REQUEST],
            ["events[0]", "index 0", "decision_to_assess", "before", "request_received"],
            id="decision-before-request",
        ),
        pytest.param(
            [
                REQUEST,
                ev("advice_requested", "2026-02-16", id="ep", source="psychological"),
                ev("advice_received", "2026-02-10", id="ep"),
            ],
            ["events[2]", "advice_received", "before", "advice_requested"],
            id="advice-before-request",
        ),
        pytest.param(
            [
                ev("decision_notice_sent", "2026-03-31"),
                ev("mediation_adviser_contacted", "2026-04-28", wants_mediation=False),
                ev("mediation_certificate_issued", "2026-04-27"),
            ],
            ["events[2]", "mediation_certificate_issued", "before"],
            id="certificate-before-contact",
        ),
        pytest.param(
            [ev("decision_notice_sent", "2026-03-31"), ev("appeal_registered", "2026-03-30")],
            ["events[1]", "appeal_registered", "before", "decision_notice_sent"],
            id="appeal-before-decision",
        ),
        pytest.param(
            [
                ev("tribunal_order", "2026-03-02", kind="assess"),
                ev("order_complied", "2026-03-01", kind="assess"),
            ],
            ["events[1]", "order_complied", "before"],
            id="order-complied-before-order",
        ),
        pytest.param(
            [ev("review_meeting_held", "2026-06-19"), ev("review_report_received", "2026-06-18")],
            ["events[1]", "review_report_received", "before"],
            id="report-before-meeting",
        ),
        pytest.param(
            [ev("exception", applies_to="issue_the_plan", reason="school_closure")],
            ["events[0]", "exception", "applies_to"],
            id="exception-unknown-key",
        ),
        pytest.param(
            [REQUEST, "not an event"],
            ["events[1]", "index 1", "JSON object"],
            id="event-not-object",
        ),
    ],
)
def test_bad_event(events: list[Any], needles: list[str]) -> None:
    assert_bad_input(cli("compute", stdin=case(*events)), *needles)


def test_the_lowest_index_is_reported_first() -> None:
    events = [REQUEST, {"type": "nope", "date": "2026-01-01"}, {"type": "nope2"}]
    assert_bad_input(cli("compute", stdin=case(*events)), "events[1]", "nope")


@pytest.mark.parametrize(
    ("stdin", "needles"),
    [
        pytest.param("{not json", ["not valid JSON"], id="bad-json"),
        pytest.param("", ["not valid JSON"], id="empty"),
        pytest.param("[]", ["JSON object"], id="not-an-object"),
        pytest.param(
            case(REQUEST, as_of="2026-13-01"), ["as_of", "malformed date"], id="bad-as_of"
        ),
        pytest.param(json.dumps({"events": []}), ["as_of", "missing"], id="missing-as_of"),
        pytest.param(json.dumps({"as_of": "2026-01-01"}), ["events", "missing"], id="no-events"),
        pytest.param(
            json.dumps({"as_of": "2026-01-01", "events": {}}),
            ["events", "list"],
            id="events-not-list",
        ),
        pytest.param(
            json.dumps({"as_of": "2026-01-01", "date_of_birth": "yesterday", "events": []}),
            ["date_of_birth"],
            id="bad-date_of_birth",
        ),
        pytest.param("[" * 100000, ["not valid JSON"], id="deep-nesting"),
    ],
)
def test_bad_top_level(stdin: str, needles: list[str]) -> None:
    assert_bad_input(cli("compute", stdin=stdin), *needles)


def test_missing_file() -> None:
    assert_bad_input(cli("compute", "/nonexistent/case.json"), "cannot read")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(b'{"as_of": "\xff"}')
    assert_bad_input(cli("compute", str(path)), "UTF-8")


def test_the_engine_imports_no_django() -> None:
    code = (
        "import io, sys\n"
        "from sendpath.timescales.cli import main\n"
        "from sendpath.timescales import compute\n"
        "compute({'as_of': '2026-01-01', 'events': []})\n"
        "main(['rules'], io.StringIO(), io.StringIO())\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'django')\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(  # noqa: S603 - fixed interpreter, test code only
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
