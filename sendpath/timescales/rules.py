"""The rule table: every deadline key, its due rule in words, what completes it, its source.

This is the single place the engine, the CLI ``rules`` command and any web view read rule
metadata from.  Each rule's periods (:class:`~.periods.Period`) give both the engine's date
arithmetic and the words shown for the rule, so the two cannot disagree.  Keys with a ``<id>``
or ``<kind>`` part are *families*: one deadline per advice id, consulted setting or tribunal
order kind (``advice:ep``, ``comply_with_order:assess``).

Sources are cited in one form throughout: "reg" is the Special Educational Needs and Disability
Regulations 2014 (SI 2014/1530), "CFA" the Children and Families Act 2014, "CoP" the SEND Code of
Practice 0-25 (January 2015) and "HESC r" the Tribunal Procedure (First-tier Tribunal) (Health,
Education and Social Care Chamber) Rules 2008.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from string import Formatter
from types import MappingProxyType

from .periods import Period

__all__ = [
    "ADVICE_SOURCES",
    "EXCEPTION_REASONS",
    "ORDER_PERIODS",
    "PERIOD_FAMILIES",
    "RULES",
    "RULES_BY_FAMILY",
    "Rule",
    "family_of",
    "rule_for",
]


@dataclass(frozen=True, slots=True)
class Rule:
    """One statutory (or local practice) deadline.

    Its periods are the one source of both the engine's arithmetic and the words:
    ``wording`` is a template naming each period, ``{name:anchor}`` for the period counted
    from (or before) an anchor and ``{name}`` for its length alone, so

    >>> Rule("x", {"period": Period.weeks(6)}, "{period:request_received}", "y", "z").due
    '6 weeks from request_received'
    """

    key: str
    """The deadline key; ``<id>``/``<kind>`` marks a family with one deadline per value."""
    periods: Mapping[str, Period] = field(hash=False)
    """The rule's periods by name: ``period`` when it has one, else one per limb or kind."""
    wording: str
    """When it falls due, as a template over ``periods`` (see the class docstring)."""
    completed_by: str
    """The event that completes it (or that it is a period end with no completing event)."""
    source: str
    """Legal source, e.g. ``reg 5(1)``."""
    due: str = field(init=False, compare=False)
    """When it falls due, in words (``wording`` filled in from ``periods``)."""
    counting: str = field(init=False, compare=False)
    """The counting conventions of TIMESCALES.md that its periods use (`` / `` between)."""

    def __post_init__(self) -> None:
        periods = MappingProxyType(dict(self.periods))
        named = {name for _, name, _, _ in Formatter().parse(self.wording) if name is not None}
        if named != set(periods):
            raise ValueError(
                f"{self.key}: the words name periods {sorted(named)}, the rule has "
                f"{sorted(periods)}; every period must be in the words and only those"
            )
        kinds = dict.fromkeys(period.kind.value for period in periods.values())
        object.__setattr__(self, "periods", periods)
        object.__setattr__(self, "due", self.wording.format_map(periods))
        object.__setattr__(self, "counting", " / ".join(kinds))

    @property
    def family(self) -> str:
        return family_of(self.key)

    @property
    def period(self) -> Period:
        """The rule's period, for a rule with one only (``KeyError`` otherwise)."""
        return self.periods["period"]


def _rule(key: str, wording: str, completed_by: str, source: str, **periods: Period) -> Rule:
    return Rule(key, periods, wording, completed_by, source)


ORDER_PERIODS: MappingProxyType[str, Period] = MappingProxyType(
    {
        "assess": Period.weeks(2),
        "assess_no_plan": Period.weeks(10),
        "assess_then_plan": Period.weeks(14),
        "make_plan_draft": Period.weeks(5),
        "make_plan_final": Period.weeks(11),
        "amend_plan": Period.weeks(5),
        "name_school": Period.weeks(2),
    }
)
"""Time allowed to comply with a First-tier Tribunal order, by ``kind`` (reg 44(2))."""

ADVICE_SOURCES = frozenset(
    {
        "parent",
        "young_person",
        "educational",
        "medical",
        "psychological",
        "social_care",
        "other",
        "preparing_for_adulthood",
        "requested_by_family",
        "virtual_school",
    }
)
"""Advice sought in an EHC needs assessment (reg 6(1)); ``young_person`` stands in for
``parent`` when the young person is the applicant; ``virtual_school`` is reg 6(1)(f) advice
named for a cared-for child."""

EXCEPTION_REASONS = frozenset(
    {
        "school_closure",
        "exceptional_personal_circumstances",
        "absence_from_area",
        "missed_appointment",
    }
)
"""The exceptions of reg 5(4), 8(2), 10(4) and 13(3).  Other reasons are recorded as given."""

_ORDERS = "; ".join(f"{kind} {{{kind}}}" for kind in ORDER_PERIODS)
_REPRESENTATIONS = Period.days_beginning_with(15)  # on a draft plan (and on an amendment)
_CONSULTATION = Period.days(15)  # a setting's time to respond

RULES: tuple[Rule, ...] = (
    # Assessment and plan: the 20-week pathway.
    _rule(
        "decide_whether_to_assess",
        "{period:request_received}",
        "decision_to_assess",
        "reg 5(1)",
        period=Period.weeks(6),
    ),
    _rule(
        "advice:<id>",
        "{period:that advice_requested}",
        "advice_received with the same id",
        "reg 8(1)",
        period=Period.weeks(6),
    ),
    _rule(
        "draft_plan_target",
        "{period:request_received} (local practice target, not statutory: leaves "
        f"{_REPRESENTATIONS} for representations and {_CONSULTATION.count} for consultation)",
        "draft_plan_sent",
        "CoP ch. 9 (20-week timeline); local practice",
        period=Period.weeks(14),
    ),
    _rule(
        "draft_representations_close",
        "{period:draft_plan_sent}",
        "(period end: met once the period has ended)",
        "reg 13(1)(a)",
        period=_REPRESENTATIONS,
    ),
    _rule(
        "setting_response:<id>",
        "{period:that setting_consulted}",
        "setting_responded with the same id",
        "CFA s.39/40; CoP 9.84",
        period=_CONSULTATION,
    ),
    _rule(
        "decide_whether_to_issue_plan",
        "{period:request_received}",
        "assessment_outcome",
        "reg 10(1)",
        period=Period.weeks(16),
    ),
    _rule(
        "issue_final_plan",
        "{period:request_received} (only while the outcome is plan or not yet known)",
        "final_plan_issued",
        "reg 13(2)",
        period=Period.weeks(20),
    ),
    # Plans in force.
    _rule(
        "annual_review",
        "{period:the plan first issued}, then from the last review_meeting_held "
        "(current cycle only)",
        "review_meeting_held after the anchor",
        "CFA s.44(1); reg 18",
        period=Period.months(12),
    ),
    _rule(
        "early_years_review",
        "{period:the annual_review anchor}, while the child is still under 5 on that "
        "date (replaces annual_review)",
        "review_meeting_held after the anchor",
        "CoP 9.178",
        period=Period.months(6),
    ),
    _rule(
        "review_invitations",
        "{period:the latest review_meeting_scheduled date}",
        "review_invitations_sent",
        "reg 20(3), 21(3)",
        period=Period.weeks_before(2),
    ),
    _rule(
        "review_report",
        "{period:the latest review_meeting_held}",
        "review_report_received on or after that meeting",
        "reg 20(7), 21(7)",
        period=Period.weeks(2),
    ),
    _rule(
        "review_decision",
        "{period:the latest review_meeting_held}",
        "review_decision_notified on or after that meeting",
        "reg 20(10), 21",
        period=Period.weeks(4),
    ),
    _rule(
        "amendment_representations_close",
        "{period:amendment_proposed}",
        "(period end: met once the period has ended)",
        "reg 22(2)(c)",
        period=Period.days_beginning_with(15),
    ),
    _rule(
        "issue_amended_plan",
        "{period:amendment_proposed}",
        "amended_plan_issued or decided_not_to_amend",
        "reg 22(3)-(4)",
        period=Period.weeks(8),
    ),
    _rule(
        "phase_transfer_review",
        "{school:the calendar year of transfer} (kind school), before {post16} (kind post16)",
        "the first amended_plan_issued from 1 September of the year before the transfer",
        "reg 18(1); CoP 9.179",
        school=Period.before(15, 2),
        post16=Period.before(31, 3),
    ),
    # Moving between authorities.
    _rule(
        "transfer_plan_out",
        "the day of the move (move_notified.move_date); if the old authority learned of it "
        "fewer than {period} before, {period:the day it learned}",
        "plan_transferred",
        "reg 15(2)",
        period=Period.working_days_beginning_with(15),
    ),
    _rule(
        "transfer_notice",
        "{period:transfer_in}",
        "transfer_notice_sent",
        "reg 15(4)",
        period=Period.weeks(6),
    ),
    _rule(
        "transfer_review",
        "the later of {review:plan_last_reviewed_or_issued} and the {arrival:transfer_in}",
        "review_meeting_held on or after transfer_in",
        "reg 15(5)",
        review=Period.months(12),
        arrival=Period.months_beginning_with(3),
    ),
    # Disagreements.
    _rule(
        "contact_mediation_adviser",
        "{period:decision_notice_sent} (the family's limit)",
        "mediation_adviser_contacted",
        "reg 33",
        period=Period.months(2),
    ),
    _rule(
        "mediation_certificate",
        "{period:mediation_adviser_contacted} with wants_mediation false",
        "mediation_certificate_issued",
        "reg 34",
        period=Period.working_days(3),
    ),
    _rule(
        "arrange_mediation",
        "{period:mediation_requested}",
        "mediation_held",
        "reg 37",
        period=Period.days(30),
    ),
    _rule(
        "mediation_notice",
        "{period:the latest mediation_scheduled date}, unless agreed otherwise (record "
        "agreement as an exception)",
        "mediation_notice_sent",
        # The contract gives no paragraph for this row; reg 37 governs arranging mediation.
        "reg 37",
        period=Period.working_days_before(5),
    ),
    _rule(
        "appeal_deadline",
        "the later of {decision:decision_notice_sent} and "
        "{certificate:mediation_certificate_issued} (the family's limit)",
        "appeal_registered",
        "HESC r.20(1)(c)",
        decision=Period.months(2),
        certificate=Period.months(1),
    ),
    _rule(
        "comply_with_order:<kind>",
        f"from tribunal_order with that kind: {_ORDERS}",
        "order_complied with the same kind",
        "reg 44(2)",
        **ORDER_PERIODS,
    ),
)
"""Every rule, in the order of the contract's tables."""


def family_of(key: str) -> str:
    """``advice:ep`` -> ``advice``; ``annual_review`` -> ``annual_review``."""
    cut = key.find(":")
    return key if cut < 0 else key[:cut]


RULES_BY_FAMILY: MappingProxyType[str, Rule] = MappingProxyType(
    {rule.family: rule for rule in RULES}
)
"""Rules looked up by family (the key up to any ``:``)."""

PERIOD_FAMILIES = frozenset({"draft_representations_close", "amendment_representations_close"})
"""Period ends: no completing event; ``open`` until the last day, ``met`` after it."""


def rule_for(key: str) -> Rule:
    """The rule behind a deadline key (``KeyError`` if there is none)."""
    return RULES_BY_FAMILY[family_of(key)]
