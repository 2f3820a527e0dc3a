"""How many cases, at which stages, and the words the caseworkers wrote (``data/cases.json``,
``data/plan_content.json``)."""

from __future__ import annotations

from sendpath.demo.datafiles import read

from .ehc_api import Stage

_CASES = read("cases")
_PLANS = read("plan_content")

# Cases for the default 1,500 children; other sizes scale in proportion.
CASES_PER_1500 = 400
# The demo caseworker's open cases for the default size (scaled likewise).
CASEWORKER_OPEN_PER_1500 = 40

# How the cases are spread over the stages (shares of 400).
STAGE_SHARES: tuple[tuple[str, int], ...] = (
    (Stage.REQUESTED, 48),
    (Stage.ASSESSING, 112),
    (Stage.DRAFTING, 34),
    (Stage.DRAFT_SENT, 40),
    (Stage.FINAL_ISSUED, 96),
    (Stage.NOT_ASSESSED, 50),
    (Stage.NO_PLAN, 20),
)


# The rest of the SEND team: username, first name, last name (same password as the demo).
TEAM: tuple[tuple[str, str, str], ...] = _CASES["team"]

CWD_TEAM = "Demoshire Children with Disabilities Team"
SENSORY_SERVICE = "Demoshire Sensory Support Service"
# (These and the other services giving advice are named in data/cases.json too.)

# Advice sources of reg 6(1): label, organisation ("" for the family, None for the school),
# authors.
ADVICE: dict[str, tuple[str, str | None, tuple[str, ...]]] = _CASES["advice"]
REQUEST_SUMMARIES: tuple[str, ...] = _CASES["request_summaries"]
REASONS: dict[str, tuple[str, ...]] = _CASES["reasons"]
CASE_NOTES: tuple[str, ...] = _CASES["case_notes"]
EXCEPTION_NOTES: dict[str, str] = _CASES["exception_notes"]

# Deadlines an exception can excuse (reg 5(4), 8(2), 10(4), 13(3)).
EXCUSABLE = frozenset(
    {"decide_whether_to_assess", "advice", "decide_whether_to_issue_plan", "issue_final_plan"}
)


# Areas of need (SEND Code of Practice 6.28) by primary need, and the plan's content for each:
# (need in B, outcome in E, how measured, provision in F: what, who, how often, how long).
AREA_OF: dict[str, str] = _PLANS["area_of"]
Content = tuple[str, str, str, tuple[str, str, str, str]]
PLAN_CONTENT: dict[str, tuple[Content, ...]] = _PLANS["plan_content"]
PFA_OUTCOME: tuple[str, str] = _PLANS["pfa_outcome"]
INTERESTS: tuple[str, ...] = _PLANS["interests"]
ASPIRATIONS: tuple[str, ...] = _PLANS["aspirations"]

# Plans in force: where each final plan stands in its review cycle, with its share of the 96
# final plans (the rest were issued in the last few months and have no review yet).
POINTS: dict[str, tuple[int, str]] = _CASES["points"]
RECENT = "recent"
# Which points go first to children at the SENCO demo account's school (its SENCO hosts them).
SENCO_POINTS: dict[str, int] = _CASES["senco_points"]
RECOMMENDATIONS: tuple[str, ...] = _CASES["recommendations"]
DISAGREEMENTS: tuple[str, ...] = _CASES["disagreements"]
PFA_FINDINGS: dict[str, str] = _CASES["pfa_findings"]
AMEND_CHANGES: tuple[str, ...] = _CASES["amend_changes"]
AMENDED_OFTEN = "40 minutes, four times a week"
HOW_LEARNED: tuple[str, ...] = _CASES["how_learned"]
CEASE_REASON = "2"  # needs met without a plan (SEN2 cease reason)
