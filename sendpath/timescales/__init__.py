"""Statutory timescales for EHC needs assessments and plans (England).

A pure-Python deadline engine with no Django import, so it can be tested and reused alone.
The contract is ``../shared/design/TIMESCALES.md``:

>>> from sendpath.timescales import compute
>>> result = compute({
...     "as_of": "2026-02-01",
...     "events": [{"type": "request_received", "date": "2026-01-19", "source": "parent"}],
... })
>>> result["deadlines"][0]["key"], result["deadlines"][0]["due"]
('decide_whether_to_assess', '2026-03-02')

``python -m sendpath.timescales compute [FILE]`` runs it on JSON from FILE or stdin and
``python -m sendpath.timescales rules`` lists every rule with its due rule and source.

Modules: :mod:`.calendar` (counting conventions, working days), :mod:`.periods` (a rule's
period: its arithmetic and its words), :mod:`.rules` (the rule table), :mod:`.validation`
(input parsing), :mod:`.engine` (``compute``), :mod:`.cli`.
"""

from .calendar import WorkingDayCalendar, default_calendar
from .engine import DeadlineRow, Result, Status, compute
from .periods import Kind, Period
from .rules import RULES, RULES_BY_FAMILY, Rule, rule_for
from .validation import EVENT_TYPES, TimescalesInputError

__all__ = [
    "EVENT_TYPES",
    "RULES",
    "RULES_BY_FAMILY",
    "DeadlineRow",
    "Kind",
    "Period",
    "Result",
    "Rule",
    "Status",
    "TimescalesInputError",
    "WorkingDayCalendar",
    "compute",
    "default_calendar",
    "rule_for",
]
