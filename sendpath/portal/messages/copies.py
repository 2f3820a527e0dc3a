"""What each message to a family says: copies of the GOV.UK Notify templates, word for word.

Each message has an email (subject and body), a text message (body only: short, no child's full
name) and a letter (the email's text, printed by the caseworker for someone who wants paper).
The templates' ids are in ``settings.NOTIFY_TEMPLATES`` under ``family_<name>_email`` and
``family_<name>_sms`` (environment ``NOTIFY_TEMPLATE_FAMILY_<NAME>_EMAIL`` and ``..._SMS``):
whoever looks after the service's Notify account writes each template there with this text and
these ``((placeholders))``, so the local record shows what the family would read.

Written for a reading age of about 9 to 11: short sentences, everyday words, one idea each. A
term the family will meet in letters (an "EHC needs assessment", an "EHC plan") is said in plain
words first. Each date comes from the case's stored deadlines (the same engine as the
caseworker's page), and each rule names its source.

Placeholders every message gets: ``name`` (the person's name), ``child`` (the child's first
name, or "you" words for a young person: see ``whose``), ``whose`` ("Sam's" or "your"),
``reference`` (the case reference), ``caseworker`` and ``contact`` (who to ask), ``link`` (the
family's pages, ``/my/``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Copy:
    """One message: its email subject and body, and its text message."""

    name: str  # the key of its templates: family_<name>_email, family_<name>_sms
    title: str  # what it is, for the caseworker's lists
    subject: str
    body: str
    sms: str


_SIGN_OFF = """
If you have a question, contact ((caseworker)): ((contact)). Please give the reference \
((reference)).

You can see where things are, and the dates, on your page: ((link))
"""

_ASK_SENDIASS = """
Free, private help is there for you. Your local SEND information, advice and support service \
(SENDIASS) can explain things and help you decide what to do.
"""

# Rights after a decision the family may disagree with (SEND Regulations 2014 reg 32-33:
# the notice gives the mediation adviser's contact; Children and Families Act 2014 s.51 and
# the Tribunal Procedure Rules, HESC r.20: appeal within 2 months of the decision letter, or 1
# month from a mediation certificate if that is later).
_RIGHTS = (
    """
# If you do not agree

1. Talk to a mediation adviser first. Most people must do this before they can appeal. \
((mediation_by))
2. Mediation is a meeting with someone independent, to try to agree. It is free. You can say \
no to it.
3. You can appeal to a court called the SEND Tribunal. ((appeal_by))

Mediation: ((mediation_contact))
Tribunal: ((tribunal_contact))
"""
    + _ASK_SENDIASS
)

COPIES: dict[str, Copy] = {
    # SEND Regulations 2014 reg 5(1): decide within 6 weeks of the request.
    "request_received": Copy(
        "request_received",
        "Request received",
        "We have the request to check the help ((child)) needs",
        """Dear ((name)),

We received a request on ((received_on)) to check what help ((child)) needs with learning. \
This check is called an EHC needs assessment.

# What happens next

We will look at what we know and ask the school or college. Then we decide if we will do the \
assessment.

We will tell you our decision by ((due)). The law says we must decide within 6 weeks \
(SEND Regulations 2014, regulation 5).
"""
        + _SIGN_OFF,
        "We have the request to check the help ((child)) needs (((reference))). We will tell you "
        "by ((due)) if we will do the assessment. ((link))",
    ),
    # Reg 5(1), 10(1), 13(2): decide about a plan within 16 weeks, issue it within 20.
    "assessment_agreed": Copy(
        "assessment_agreed",
        "Decision: we will assess",
        "We will do the assessment for ((child))",
        """Dear ((name)),

We have decided to do the EHC needs assessment for ((child)). This means we will find out \
more about what help ((child)) needs.

# What happens next

We will ask people who know ((child)) to write down their advice. We will ask you too.

* We will tell you by ((plan_decision_by)) if we will write an EHC plan. An EHC plan is a \
document that says what help ((child)) must get.
* If we write a plan, the final plan must be ready by ((final_plan_by)).

These dates come from the law (SEND Regulations 2014, regulations 10 and 13).
"""
        + _SIGN_OFF,
        "We will do the assessment for ((child)) (((reference))). We will tell you by "
        "((plan_decision_by)) if we will write a plan. ((link))",
    ),
    "assessment_refused": Copy(
        "assessment_refused",
        "Decision: we will not assess",
        "We will not do the assessment for ((child))",
        """Dear ((name)),

We have decided not to do the EHC needs assessment for ((child)). We will send you a letter \
that says why.

The school or college should still help ((child)). You can ask them what help they give.
"""
        + _RIGHTS
        + _SIGN_OFF,
        "We will not do the assessment for ((child)) (((reference))). You can disagree. "
        "((appeal_by)) See ((link))",
    ),
    "no_plan": Copy(
        "no_plan",
        "Decision: no plan",
        "We will not write an EHC plan for ((child))",
        """Dear ((name)),

We finished the assessment. We have decided not to write an EHC plan for ((child)). We will \
send you a letter that says why, with what we found out.

The school or college should still help ((child)), using what the assessment found.
"""
        + _RIGHTS
        + _SIGN_OFF,
        "We will not write an EHC plan for ((child)) (((reference))). You can disagree. "
        "((appeal_by)) See ((link))",
    ),
    # Reg 32-33 and HESC r.20: the family's own dates, once the decision letter has gone.
    "rights_dates": Copy(
        "rights_dates",
        "Your dates to disagree",
        "If you disagree with our decision about ((child)): your dates",
        """Dear ((name)),

We have sent you our decision letter about ((child)).
"""
        + _RIGHTS
        + _SIGN_OFF,
        "If you disagree with our decision about ((child)) (((reference))): ((mediation_by)) "
        "((appeal_by))",
    ),
    # Reg 6(1)(a) and 8(1): the parent's or young person's own advice, within 6 weeks.
    "advice_from_you": Copy(
        "advice_from_you",
        "Your advice asked for",
        "Tell us about ((child)): please send your views by ((due))",
        """Dear ((name)),

As part of the assessment, we want to hear from you. You know ((child)) best.

Please tell us:

* what ((child)) is good at and enjoys
* what ((child)) finds hard
* what help works, and what does not
* what you hope for in the future

You can write it on your page, or send it to us another way: ((link))

Please send it by ((due)). This helps us keep to the dates in the law (SEND Regulations 2014, \
regulation 8).
"""
        + _SIGN_OFF,
        "Please tell us about ((child)) by ((due)) (((reference))). You can do it on your page: "
        "((link))",
    ),
    # Reg 13(1)(a): at least 15 days, beginning with the day the draft was sent.
    "draft_plan": Copy(
        "draft_plan",
        "Draft plan sent",
        "The draft EHC plan for ((child)) is ready: tell us what you think by ((due))",
        """Dear ((name)),

We have sent you the draft EHC plan for ((child)). A draft is not final. You can ask us to \
change it.

# What you can do

* Read the draft plan. Tell us if anything is wrong or missing.
* Tell us which school or college you want in the plan.
* Ask to meet us to talk about it.

Tell us by ((due)). You have 15 days, starting on the day we sent it (SEND Regulations 2014, \
regulation 13).
"""
        + _SIGN_OFF,
        "The draft plan for ((child)) is ready (((reference))). Tell us what you think by "
        "((due)): ((link))",
    ),
    # Reg 13(2) and 14: the final plan, with the right to appeal (reg 14, HESC r.20).
    "final_plan": Copy(
        "final_plan",
        "Final plan issued",
        "The final EHC plan for ((child)) is ready",
        """Dear ((name)),

The final EHC plan for ((child)) is ready. It says what help ((child)) must get, and who \
gives it. You can read it on your page: ((link))

We will look at the plan again with you at a review meeting. The next review must be by \
((review_by)) (Children and Families Act 2014, section 44).
"""
        + _RIGHTS
        + _SIGN_OFF,
        "The final EHC plan for ((child)) is ready (((reference))). Read it on your page: ((link))",
    ),
    # Reg 20(3), 21(3): invitations at least 2 weeks before the meeting; views asked for.
    "review_invitation": Copy(
        "review_invitation",
        "Review invitation",
        "Please come to ((whose)) review meeting on ((meeting_on))",
        """Dear ((name)),

Once a year, we meet to check if the EHC plan still works for ((child)). This is called an \
annual review.

The meeting is on ((meeting_on)). Please come. The school or college will tell you the time \
and place.

# Before the meeting

Tell us what is going well and what is not. You can write it on your page: ((link))

Please do it before the meeting, so everyone can read it.
"""
        + _SIGN_OFF,
        "Please come to ((whose)) review meeting on ((meeting_on)) (((reference))). Tell us "
        "your views first: ((link))",
    ),
    # Reg 20(10), 21: the decision within 4 weeks of the meeting, with the right to appeal.
    "review_decision": Copy(
        "review_decision",
        "Review decision",
        "Our decision after ((whose)) review",
        """Dear ((name)),

We looked at what everyone said at the review. Our decision: ((outcome)).

((amend??We will send you a draft of the new plan. You can tell us what you think of it.))

((cease??We will send you a letter that says why.))
"""
        + _RIGHTS
        + _SIGN_OFF,
        "Our decision after ((whose)) review (((reference))): ((outcome)). See ((link))",
    ),
    # Any statutory step the authority has not taken by its date (the nightly refresh).
    "step_late": Copy(
        "step_late",
        "A step is late",
        "Sorry: something about ((child)) is late",
        """Dear ((name)),

We are sorry. This should have happened by ((due)), and it has not happened yet:

^ ((what))

((caseworker)) is working on it. You can ask them what is happening: ((contact)).

This date comes from ((source)). If you are not happy, you can complain to us.
"""
        + _ASK_SENDIASS
        + _SIGN_OFF,
        "Sorry: ((what)) should have happened by ((due)) (((reference))). Contact "
        "((caseworker)): ((contact))",
    ),
}

REVIEW_OUTCOMES = {
    "maintain": "we will keep the plan as it is",
    "amend": "we will change the plan",
    "cease": "we will stop the plan",
}

# What a late step was, said to the family (the deadline's family: the engine's key before ":").
LATE_STEPS = {
    "decide_whether_to_assess": "our decision on whether to do the assessment",
    "advice": "advice from someone we asked for the assessment",
    "setting_response": "an answer from the school or college we asked",
    "decide_whether_to_issue_plan": "our decision on whether to write a plan",
    "issue_final_plan": "sending you the final plan",
    "annual_review": "the yearly review meeting",
    "early_years_review": "the review meeting",
    "review_invitations": "inviting you to the review meeting",
    "review_report": "the report from the review meeting",
    "review_decision": "our decision after the review",
    "issue_amended_plan": "sending you the changed plan",
    "phase_transfer_review": "updating the plan before the move to a new school or college",
    "transfer_plan_out": "passing the plan to the new council",
    "transfer_notice": "telling you about the plan after your move",
    "transfer_review": "the review after your move",
    "mediation_certificate": "the mediation certificate",
    "arrange_mediation": "the mediation meeting",
    "mediation_notice": "telling you about the mediation meeting",
    "comply_with_order": "doing what the tribunal ordered",
}
