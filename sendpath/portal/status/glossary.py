"""Words we use, in plain English (reading age about 9 to 11), for the glossary page.

Each term has an anchor (``#slug``) so a page can link straight to it:
``url('portal:glossary') ~ '#ehc-plan'``.
"""

from __future__ import annotations

TERMS: tuple[tuple[str, str, str], ...] = (
    (
        "EHC plan (education, health and care plan)",
        "ehc-plan",
        "A document from the council. It says what a child or young person needs, what they "
        "want to achieve, and the help they must get at school or college, from health "
        "services and from social care. The law says the council must make sure the help in "
        "the plan is given.",
    ),
    (
        "EHC needs assessment",
        "assessment",
        "The council finds out about a child or young person's needs. It asks people who know "
        "them for advice: the family, the school, a doctor, an educational psychologist and "
        "others. Then it decides whether to make a plan.",
    ),
    (
        "SENCO",
        "senco",
        "The teacher at a school who makes sure children with special educational needs get "
        "the right help. SENCO is short for special educational needs coordinator.",
    ),
    (
        "SEN support",
        "sen-support",
        "Extra help a school or college gives a child who needs it, without an EHC plan. The "
        "school plans it, does it and checks how it is going.",
    ),
    (
        "Annual review",
        "annual-review",
        "A meeting at least once a year to check the plan is still right. You are invited and "
        "can say what you think before the meeting. After it, the council decides whether to "
        "keep the plan as it is, change it or stop it.",
    ),
    (
        "Draft plan",
        "draft-plan",
        "The first version of the plan, before it is final. You get it to read and can tell "
        "the council what you think. It does not name a school or college yet.",
    ),
    (
        "Representations",
        "representations",
        "What you tell the council about the draft plan: what you agree with, what you think "
        "is wrong or missing, and which school or college you want. You have at least 15 days "
        "to do this. You can also ask to meet someone from the council.",
    ),
    (
        "Personal budget",
        "personal-budget",
        "An amount of money for some of the help in the plan. You can ask for one. You may "
        "then have a say in how the help is arranged.",
    ),
    (
        "Mediation",
        "mediation",
        "A meeting with someone who does not take sides, to try to sort out a disagreement "
        "with the council. Before you appeal to the tribunal, you must speak to a mediation "
        "adviser (for most decisions).",
    ),
    (
        "Tribunal",
        "tribunal",
        "An independent court that listens to both sides when a family disagrees with some "
        "council decisions about assessments and plans. It can tell the council to change its "
        "decision. This is called an appeal.",
    ),
    (
        "SENDIASS",
        "sendiass",
        "A free service that gives families and young people advice about special educational "
        "needs, separate from the council's SEND team. It can help you read a plan, write to "
        "the council or get ready for a meeting. SENDIASS is short for Special Educational "
        "Needs and Disabilities Information, Advice and Support Service.",
    ),
    (
        "UPN (unique pupil number)",
        "upn",
        "A number every pupil in England gets from their school. It helps schools and the "
        "council know they are talking about the same child.",
    ),
    (
        "EOTAS (education other than at school)",
        "eotas",
        "When the plan says a child or young person should learn somewhere other than a "
        "school or college, for example at home with tutors.",
    ),
    (
        'Looked after child (sometimes called "cared for")',
        "looked-after",
        "A child the council looks after, for example living with foster carers. The Virtual "
        "School helps make sure they get a good education.",
    ),
    (
        "Special educational provision",
        "special-educational-provision",
        "The extra help at school or college that a child or young person needs because of "
        "their special educational needs. It is written in section F of the plan.",
    ),
    (
        "Working day",
        "working-day",
        "Any day except Saturday, Sunday and bank holidays. Some time limits count only "
        "working days.",
    ),
    (
        "SEND",
        "send",
        "Short for special educational needs and disabilities.",
    ),
    (
        "Caseworker",
        "caseworker",
        "The person at the council's SEND team who looks after your case. You can ask them "
        "anything about it.",
    ),
    (
        "Young person",
        "young-person",
        "Someone over the age when school is compulsory (the end of the school year they turn "
        "16) and under 25. From then on, they make the decisions about their own plan.",
    ),
    (
        "Virtual School",
        "virtual-school",
        "A team at the council that helps the education of children it looks after. It is not "
        "a real school building.",
    ),
)
