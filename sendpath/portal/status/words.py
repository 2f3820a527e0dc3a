"""The plain words a family reads about their case (reading age about 9 to 11).

Every date comes from the stored ``Deadline`` rows (the timescales engine, as the caseworker's
pages show them); this module only says, in plain words, what each one is, who does it and
what the law says. Periods are read from the rules themselves (``ehc.presenters.period_of``),
so a page never states a period the engine does not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sendpath.ehc.models import Stage
from sendpath.ehc.presenters import period_of
from sendpath.timescales import rule_for

# Who does a step, in the family's words.
COUNCIL = "The council's SEND team"
SCHOOL = "The school or college"
PROFESSIONAL = "A health or care professional"
FAMILY = "You (the family)"
TRIBUNAL = "The council, as the tribunal said"


@dataclass(frozen=True)
class Words:
    """How a family reads one kind of deadline: what it is, who does it, what the law says."""

    what: str
    who: str
    law: str


def _law(key: str, words: str) -> str:
    return words.format(period=period_of(key)) if "{period}" in words else words


# ``{whose}`` is "your child's" or "your" (a young person reading their own); ``{who}`` is
# "your child" or "you".
DEADLINE_WORDS: dict[str, Words] = {
    "decide_whether_to_assess": Words(
        "Decide whether to do an assessment",
        COUNCIL,
        "The law says within {period} of getting the request.",
    ),
    "advice": Words(
        "Send advice about {who} for the assessment",
        PROFESSIONAL,
        "The law says within {period} of being asked.",
    ),
    "draft_representations_close": Words(
        "Tell us what you think of the draft plan",
        FAMILY,
        "The law gives you at least {period} from the day the draft plan was sent.",
    ),
    "setting_response": Words(
        "Tell us if the school or college can meet {whose} needs",
        SCHOOL,
        "The law says within {period} of being asked.",
    ),
    "decide_whether_to_issue_plan": Words(
        "Decide whether to make a plan",
        COUNCIL,
        "The law says within {period} of getting the request.",
    ),
    "issue_final_plan": Words(
        "Send you the final plan",
        COUNCIL,
        "The law says within {period} of getting the request.",
    ),
    "annual_review": Words(
        "Hold the review meeting for the plan",
        SCHOOL,
        "The law says the plan must be reviewed at least every {period}.",
    ),
    "early_years_review": Words(
        "Hold the review meeting for the plan",
        SCHOOL,
        "For a child under 5, the plan should be reviewed every {period}.",
    ),
    "review_invitations": Words(
        "Invite you to the review meeting",
        SCHOOL,
        "The law says at least 2 weeks before the meeting.",
    ),
    "review_report": Words(
        "Send everyone the report of the review meeting",
        SCHOOL,
        "The law says within {period} of the meeting.",
    ),
    "review_decision": Words(
        "Tell you what the council decided after the review",
        COUNCIL,
        "The law says within {period} of the meeting.",
    ),
    "amendment_representations_close": Words(
        "Tell us what you think of the changes to the plan",
        FAMILY,
        "The law gives you at least {period} from the day the changes were sent.",
    ),
    "issue_amended_plan": Words(
        "Send you the changed plan",
        COUNCIL,
        "The law says within {period} of sending you the changes.",
    ),
    "phase_transfer_review": Words(
        "Change the plan for the move to a new school or college",
        COUNCIL,
        "The law says by 15 February of the year of the move (31 March for a move to college).",
    ),
    "transfer_plan_out": Words(
        "Pass the plan to your new council", COUNCIL, "The law says by the day you move."
    ),
    "transfer_notice": Words(
        "Tell you how the plan will carry on after your move",
        COUNCIL,
        "The law says within {period} of getting the plan.",
    ),
    "transfer_review": Words(
        "Review the plan after your move", COUNCIL, "The law sets a latest date for this."
    ),
    "contact_mediation_adviser": Words(
        "Last day to speak to a mediation adviser, if you want to appeal",
        FAMILY,
        "The law gives you {period} from the date of the decision letter.",
    ),
    "mediation_certificate": Words(
        "Send you a mediation certificate",
        COUNCIL,
        "The law says within {period} of you contacting the adviser.",
    ),
    "arrange_mediation": Words(
        "Hold the mediation meeting", COUNCIL, "The law says within {period} of you asking."
    ),
    "mediation_notice": Words(
        "Tell you when the mediation meeting is",
        COUNCIL,
        "The law says at least {period} before the meeting.",
    ),
    "appeal_deadline": Words(
        "Last day to appeal to the tribunal",
        FAMILY,
        "The law gives you 2 months from the decision letter (or 1 month from the mediation "
        "certificate, if that is later).",
    ),
    "comply_with_order": Words(
        "Do what the tribunal ordered", TRIBUNAL, "The tribunal's rules set this time."
    ),
}

# Not statutory (a local target only): the family sees the dates the law sets.
NOT_SHOWN = frozenset({"draft_plan_target"})

# Who gives each kind of advice (reg 6(1)), in plain words.
ADVICE_GIVERS = {
    "parent": (FAMILY, "advice from you"),
    "young_person": (FAMILY, "advice from you"),
    "educational": (SCHOOL, "advice from the school or college"),
    "medical": (PROFESSIONAL, "health advice"),
    "psychological": (PROFESSIONAL, "advice from an educational psychologist"),
    "social_care": (PROFESSIONAL, "social care advice"),
    "virtual_school": (COUNCIL, "advice from the Virtual School"),
    "preparing_for_adulthood": (PROFESSIONAL, "advice about growing up and adult life"),
    "requested_by_family": (PROFESSIONAL, "advice you asked us to get"),
    "other": (PROFESSIONAL, "other advice"),
}

_ACTS = (
    (r"\breg (\d+)", r"SEND Regulations 2014, regulation \1"),
    (r"\bCFA s\.", "Children and Families Act 2014, section "),
    (r"\bCoP ch\. ", "SEND Code of Practice, chapter "),
    (r"\bCoP ", "SEND Code of Practice, paragraph "),
    (r"\bHESC r\.", "Tribunal Procedure Rules 2008, rule "),
)


def plain_source(source: str) -> str:
    """A rule's source ("reg 5(1)") in words a family can look up."""
    text = source
    for pattern, words in _ACTS:
        text = re.sub(pattern, words, text)
    return text.replace("; local practice", "")


def deadline_words(key: str, *, young_person: bool) -> Words | None:
    family = key.split(":", 1)[0]
    if family in NOT_SHOWN or family not in DEADLINE_WORDS:
        return None
    base = DEADLINE_WORDS[family]
    try:
        rule = rule_for(key)
        law = _law(key, base.law) if "period" in rule.periods else base.law
    except KeyError:
        law = base.law
    return Words(_you(base.what, young_person), base.who, law)


def _you(text: str, young_person: bool) -> str:
    if young_person:
        return text.format(who="you", whose="your")
    return text.format(who="your child", whose="your child's")


# The stage, in plain words: where things are, and what happens next.
STAGE_WORDS: dict[str, tuple[str, str]] = {
    Stage.REQUESTED: (
        "We have the request for an assessment",
        "The council is deciding whether to do an assessment of {whose} needs.",
    ),
    Stage.ASSESSING: (
        "Assessment: finding out about {whose} needs",
        "The council is asking people who know {who} for advice. Then it decides whether to "
        "make a plan.",
    ),
    Stage.DRAFTING: (
        "Writing the draft plan",
        "The council has decided to make a plan. It is writing a draft for you to read.",
    ),
    Stage.DRAFT_SENT: (
        "Draft plan sent: tell us what you think",
        "Read the draft plan and tell us what you think. You can say which school or college "
        "you want. Then the council sends the final plan.",
    ),
    Stage.FINAL_ISSUED: (
        "The plan is in place",
        "The plan is reviewed at a meeting at least once a year.",
    ),
    Stage.NOT_ASSESSED: (
        "The council decided not to do an assessment",
        "The decision letter says why, and what you can do if you disagree.",
    ),
    Stage.NO_PLAN: (
        "The council decided not to make a plan",
        "The decision letter says why, and what you can do if you disagree.",
    ),
    Stage.WITHDRAWN: ("The request was stopped", "Nothing more will happen with this request."),
}


def stage_words(stage: str, *, young_person: bool) -> tuple[str, str]:
    title, next_ = STAGE_WORDS.get(stage, ("In progress", ""))
    return _you(title, young_person), _you(next_, young_person)


# What has happened: only the steps a family should see, in plain words. Anything not listed
# here (notes, exceptions, corrections' reasons, panel papers) is never shown.
EVENT_WORDS: dict[str, str] = {
    "request_received": "We got the request for an assessment",
    "decision_to_assess:yes": "We decided to do an assessment",
    "decision_to_assess:no": "We decided not to do an assessment",
    "advice_requested": "We asked for {advice}",
    "advice_received": "We got {advice}",
    "existing_advice_agreed": "We agreed to use advice we already had",
    "draft_plan_sent": "We sent you the draft plan",
    "setting_consulted": "We asked a school or college if it can meet {whose} needs",
    "setting_responded": "A school or college replied",
    "placement_named": "We named the school or college in the plan",
    "assessment_outcome:plan": "We decided to make a plan",
    "assessment_outcome:no_plan": "We decided not to make a plan",
    "final_plan_issued": "We sent you the final plan",
    "decision_notice_sent": "We sent you a letter about our decision",
    "caseworker_assigned": "A caseworker was given the case",
    "request_withdrawn": "The request was stopped",
    "review_meeting_scheduled": "A review meeting was arranged",
    "review_invitations_sent": "Invitations to the review meeting were sent",
    "review_meeting_held": "The review meeting took place",
    "review_report_received": "We got the report of the review meeting",
    "review_decision_notified:maintain": "We decided after the review: keep the plan as it is",
    "review_decision_notified:amend": "We decided after the review: change the plan",
    "review_decision_notified:cease": "We decided after the review: stop the plan",
    "phase_transfer": "The move to a new school or college was planned",
    "amendment_proposed": "We sent you changes to the plan",
    "amended_plan_issued": "We sent you the changed plan",
    "decided_not_to_amend": "We decided not to change the plan",
    "move_notified": "We were told about your move to another council area",
    "plan_transferred": "The plan was passed to your new council",
    "transfer_in": "The plan came to us from your old council",
    "plan_ceased": "We decided to stop the plan",
    "mediation_adviser_contacted": "You spoke to a mediation adviser",
    "mediation_certificate_issued": "A mediation certificate was sent to you",
    "mediation_requested": "You asked for mediation",
    "mediation_scheduled": "A mediation meeting was arranged",
    "mediation_notice_sent": "We told you the date and place of the mediation meeting",
    "mediation_held": "The mediation meeting took place",
    "appeal_registered": "The tribunal started your appeal",
    "appeal_decided": "The tribunal decided the appeal",
    "tribunal_order": "The tribunal told us what to do",
    "order_complied": "We did what the tribunal told us to do",
    # Complaints and disagreement resolution: by kind, stage or outcome (never what was said).
    "complaint_received:complaint": "We got your complaint",
    "complaint_received:resolution": "We got your request for disagreement resolution",
    "complaint_stage_started:stage_2": "Your complaint moved to stage 2",
    "complaint_stage_started:ombudsman": "Your complaint went to the Ombudsman",
    "complaint_stage_started:passed_on": (
        "Your complaint was passed to the school or health service that deals with it"
    ),
    "complaint_stage_started:arranged": "A disagreement resolution meeting was arranged",
    "complaint_responded:ombudsman": "We answered the Ombudsman about your complaint",
    "complaint_responded": "We replied to your complaint",
    "complaint_closed:upheld": "Your complaint was closed: we agreed with it",
    "complaint_closed:partly_upheld": "Your complaint was closed: we agreed with part of it",
    "complaint_closed:not_upheld": "Your complaint was closed: we did not agree with it",
    "complaint_closed:resolved": "Disagreement resolution ended: everyone agreed",
    "complaint_closed:not_resolved": "Disagreement resolution ended: there was no agreement",
    "complaint_closed:complaint:withdrawn": "Your complaint was withdrawn",
    "complaint_closed:resolution:withdrawn": "Your request for disagreement resolution was withdrawn",
    "complaint_closed:complaint": "Your complaint was closed",
    "complaint_closed:resolution": "Disagreement resolution ended",
    # Personal budgets and direct payments (never the reasons for a refusal: the letter has them).
    "personal_budget_requested": "We noted your request for a personal budget",
    "personal_budget_agreed": "We agreed a personal budget",
    "personal_budget_refused": "We decided not to give a personal budget: our letter says why",
    "personal_budget_review_requested": "You asked us to look again at the personal budget",
    "direct_payments_set_up": "Direct payments were set up",
    "direct_payment_consent_withdrawn": "Direct payments stopped, as consent was withdrawn",
}

# Who did a step that happened (for the timeline's "who" column).
EVENT_WHO: dict[str, str] = {
    "advice_received": PROFESSIONAL,
    "setting_responded": SCHOOL,
    "review_meeting_held": SCHOOL,
    "review_report_received": SCHOOL,
    "review_invitations_sent": SCHOOL,
}


def event_words(
    type_: str, details: dict, *, young_person: bool, advice_source: str = ""
) -> str | None:
    outcome = details.get("outcome")
    kind = details.get("kind")
    # The most particular words there are: by kind and outcome, outcome, kind, stage, or type.
    keys = [f"{type_}:{kind}:{outcome}", f"{type_}:{outcome}", f"{type_}:{kind}"]
    keys += [f"{type_}:{details.get('stage')}", type_]
    key = next((k for k in keys if k in EVENT_WORDS), type_)
    text = EVENT_WORDS.get(key)
    if text is None:
        if type_ == "assessment_outcome" and outcome:
            text = EVENT_WORDS["assessment_outcome:no_plan"]
        else:
            return None
    if "{advice}" in text:
        source = details.get("source") or advice_source
        advice = ADVICE_GIVERS.get(source, (PROFESSIONAL, "advice"))[1]
        text = text.replace("{advice}", advice)
    return _you(text, young_person)
