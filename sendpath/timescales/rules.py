"""The rule table: every deadline key, its due rule in words, what completes it, its source.

This is the single place the engine, the CLI ``rules`` command and any web view read rule
metadata from.  Keys with a ``<id>`` or ``<kind>`` part are *families*: one deadline per advice
id, consulted setting or tribunal order kind (``advice:ep``, ``comply_with_order:assess``).

Sources are cited in one form throughout: "reg" is the Special Educational Needs and Disability
Regulations 2014 (SI 2014/1530), "CFA" the Children and Families Act 2014, "CoP" the SEND Code of
Practice 0-25 (January 2015) and "HESC r" the Tribunal Procedure (First-tier Tribunal) (Health,
Education and Social Care Chamber) Rules 2008.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "ADVICE_SOURCES",
    "EXCEPTION_REASONS",
    "ORDER_WEEKS",
    "PERIOD_FAMILIES",
    "RULES",
    "RULES_BY_FAMILY",
    "Rule",
    "family_of",
    "rule_for",
]


@dataclass(frozen=True, slots=True)
class Rule:
    """One statutory (or local practice) deadline."""

    key: str
    """The deadline key; ``<id>``/``<kind>`` marks a family with one deadline per value."""
    due: str
    """When it falls due, in words."""
    completed_by: str
    """The event that completes it (or that it is a period end with no completing event)."""
    source: str
    """Legal source, e.g. ``reg 5(1)``."""
    counting: str
    """The counting convention of TIMESCALES.md that the due rule uses."""

    @property
    def family(self) -> str:
        return family_of(self.key)


ORDER_WEEKS: MappingProxyType[str, int] = MappingProxyType(
    {
        "assess": 2,
        "assess_no_plan": 10,
        "assess_then_plan": 14,
        "make_plan_draft": 5,
        "make_plan_final": 11,
        "amend_plan": 5,
        "name_school": 2,
    }
)
"""Weeks allowed to comply with a First-tier Tribunal order, by ``kind`` (reg 44(2))."""

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
    }
)
"""Advice sought in an EHC needs assessment (reg 6(1)); ``young_person`` stands in for
``parent`` when the young person is the applicant."""

EXCEPTION_REASONS = frozenset(
    {
        "school_closure",
        "exceptional_personal_circumstances",
        "absence_from_area",
        "missed_appointment",
    }
)
"""The exceptions of reg 5(4), 8(2), 10(4) and 13(3).  Other reasons are recorded as given."""

_orders = "; ".join(f"{kind} {weeks} weeks" for kind, weeks in ORDER_WEEKS.items())

RULES: tuple[Rule, ...] = (
    # Assessment and plan: the 20-week pathway.
    Rule(
        "decide_whether_to_assess",
        "6 weeks from request_received",
        "decision_to_assess",
        "reg 5(1)",
        "within N weeks",
    ),
    Rule(
        "advice:<id>",
        "6 weeks from that advice_requested",
        "advice_received with the same id",
        "reg 8(1)",
        "within N weeks",
    ),
    Rule(
        "draft_plan_target",
        "14 weeks from request_received (local practice target, not statutory: leaves 15 days "
        "for representations and 15 for consultation)",
        "draft_plan_sent",
        "CoP ch. 9 (20-week timeline); local practice",
        "within N weeks",
    ),
    Rule(
        "draft_representations_close",
        "last day of the period of 15 days beginning with draft_plan_sent",
        "(period end: met once the period has ended)",
        "reg 13(1)(a)",
        "a period of N days beginning with X",
    ),
    Rule(
        "setting_response:<id>",
        "15 days from that setting_consulted",
        "setting_responded with the same id",
        "CFA s.39/40; CoP 9.84",
        "within N days",
    ),
    Rule(
        "decide_whether_to_issue_plan",
        "16 weeks from request_received",
        "assessment_outcome",
        "reg 10(1)",
        "within N weeks",
    ),
    Rule(
        "issue_final_plan",
        "20 weeks from request_received (only while the outcome is plan or not yet known)",
        "final_plan_issued",
        "reg 13(2)",
        "within N weeks",
    ),
    # Plans in force.
    Rule(
        "annual_review",
        "12 months from the plan first issued, then from the last review_meeting_held "
        "(current cycle only)",
        "review_meeting_held after the anchor",
        "CFA s.44(1); reg 18",
        "within N months",
    ),
    Rule(
        "early_years_review",
        "6 months from the annual_review anchor, while the child is still under 5 on that "
        "date (replaces annual_review)",
        "review_meeting_held after the anchor",
        "CoP 9.178",
        "within N months",
    ),
    Rule(
        "review_invitations",
        "at least 2 weeks before the latest review_meeting_scheduled date",
        "review_invitations_sent",
        "reg 20(3), 21(3)",
        "at least N weeks before Y",
    ),
    Rule(
        "review_report",
        "2 weeks from the latest review_meeting_held",
        "review_report_received on or after that meeting",
        "reg 20(7), 21(7)",
        "within N weeks",
    ),
    Rule(
        "review_decision",
        "4 weeks from the latest review_meeting_held",
        "review_decision_notified on or after that meeting",
        "reg 20(10), 21",
        "within N weeks",
    ),
    Rule(
        "amendment_representations_close",
        "last day of the period of 15 days beginning with amendment_proposed",
        "(period end: met once the period has ended)",
        "reg 22(2)(c)",
        "a period of N days beginning with X",
    ),
    Rule(
        "issue_amended_plan",
        "8 weeks from amendment_proposed",
        "amended_plan_issued or decided_not_to_amend",
        "reg 22(3)-(4)",
        "within N weeks",
    ),
    Rule(
        "phase_transfer_review",
        "before 15 February of the calendar year of transfer (kind school), before 31 March "
        "(kind post16)",
        "the first amended_plan_issued from 1 September of the year before the transfer",
        "reg 18(1); CoP 9.179",
        "before D",
    ),
    # Moving between authorities.
    Rule(
        "transfer_plan_out",
        "the day of the move (move_notified.move_date); if the old authority learned of it fewer "
        "than 15 working days before, 15 working days beginning with the day it learned",
        "plan_transferred",
        "reg 15(2)",
        "N working days beginning with X",
    ),
    Rule(
        "transfer_notice",
        "6 weeks from transfer_in",
        "transfer_notice_sent",
        "reg 15(4)",
        "within N weeks",
    ),
    Rule(
        "transfer_review",
        "the later of 12 months from plan_last_reviewed_or_issued and the last day of the "
        "period of 3 months beginning with transfer_in",
        "review_meeting_held on or after transfer_in",
        "reg 15(5)",
        "within N months / a period of N months beginning with X",
    ),
    # Disagreements.
    Rule(
        "contact_mediation_adviser",
        "2 months from decision_notice_sent (the family's limit)",
        "mediation_adviser_contacted",
        "reg 33",
        "within N months",
    ),
    Rule(
        "mediation_certificate",
        "3 working days from mediation_adviser_contacted with wants_mediation false",
        "mediation_certificate_issued",
        "reg 34",
        "within N working days of X",
    ),
    Rule(
        "arrange_mediation",
        "30 days from mediation_requested",
        "mediation_held",
        "reg 37",
        "within N days",
    ),
    Rule(
        "mediation_notice",
        "at least 5 working days before the latest mediation_scheduled date, unless agreed "
        "otherwise (record agreement as an exception)",
        "mediation_notice_sent",
        # The contract gives no paragraph for this row; reg 37 governs arranging mediation.
        "reg 37",
        "at least N working days before Y",
    ),
    Rule(
        "appeal_deadline",
        "the later of 2 months from decision_notice_sent and 1 month from "
        "mediation_certificate_issued (the family's limit)",
        "appeal_registered",
        "HESC r.20(1)(c)",
        "within N months",
    ),
    Rule(
        "comply_with_order:<kind>",
        f"from tribunal_order with that kind: {_orders}",
        "order_complied with the same kind",
        "reg 44(2)",
        "within N weeks",
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
