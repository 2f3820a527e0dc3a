"""View-models of the family's pages: each case in plain words, with the stored dates.

The dates are the ``Deadline`` rows the timescales engine wrote for the case, with their status
as of today from ``ehc.presenters.live_status``: exactly what the caseworker's case page shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from sendpath.core.formatting import govuk_date
from sendpath.ehc.models import OPEN_STAGES, Case, CaseEvent, Deadline, Stage
from sendpath.ehc.presenters import live_status
from sendpath.ehc.reviews.selectors import OUTCOMES as REVIEW_OUTCOMES
from sendpath.people.models import Child
from sendpath.timescales import rule_for

from . import selectors, words


@dataclass(frozen=True)
class Contact:
    """Who to ask: the caseworker, or the SEND team when none is assigned."""

    name: str
    email: str
    telephone: str = ""
    is_caseworker: bool = True

    @property
    def sentence(self) -> str:
        how = f" ({self.email})" if self.email else ""
        if self.is_caseworker:
            return f"Your caseworker is {self.name}{how}."
        return f"Contact {self.name}{how}."


def contact_for(case: Case) -> Contact:
    worker = case.caseworker
    authority = case.authority
    if worker is not None and worker.is_active:
        # The team's address when the caseworker's own is not recorded.
        return Contact(
            worker.get_full_name() or "not named yet",
            worker.email or authority.email,
            authority.telephone,
        )
    return Contact(
        f"the SEND team at {authority.name}",
        authority.email,
        authority.telephone,
        is_caseworker=False,
    )


@dataclass(frozen=True)
class Step:
    """A date the family sees: what, who, by when, the law, and whether it is late."""

    key: str
    what: str
    who: str
    due: dt.date
    status: str  # live_status: open, overdue, met, late
    law: str
    source: str
    completed_on: dt.date | None = None

    @property
    def late(self) -> bool:
        return self.status == "overdue"

    @property
    def due_text(self) -> str:
        return govuk_date(self.due)

    @property
    def tag(self) -> tuple[str, str]:
        return {
            "overdue": ("Late", "govuk-tag--red"),
            "open": ("Coming up", "govuk-tag--blue"),
            "met": ("Done on time", "govuk-tag--green"),
            "late": ("Done late", "govuk-tag--orange"),
        }.get(self.status, (self.status, "govuk-tag--grey"))


@dataclass(frozen=True)
class Happened:
    on: dt.date | None
    what: str
    who: str = ""


# Where the glossary explains a case's stage (``portal:glossary`` anchors).
STAGE_HELP: dict[str, tuple[str, str]] = {
    Stage.REQUESTED: ("assessment", "What is an assessment?"),
    Stage.ASSESSING: ("assessment", "What is an assessment?"),
    Stage.DRAFTING: ("draft-plan", "What is a draft plan?"),
    Stage.DRAFT_SENT: ("representations", "How to tell us what you think of the draft"),
    Stage.FINAL_ISSUED: ("annual-review", "What is an annual review?"),
    Stage.NOT_ASSESSED: ("tribunal", "What you can do if you disagree"),
    Stage.NO_PLAN: ("tribunal", "What you can do if you disagree"),
}


@dataclass
class CaseStatus:
    case: Case
    title: str
    stage_title: str
    next_text: str
    contact: Contact
    next_steps: list[Step] = field(default_factory=list)
    done_steps: list[Step] = field(default_factory=list)
    happened: list[Happened] = field(default_factory=list)
    review_due: dt.date | None = None
    review_decision: str = ""
    review_decision_on: dt.date | None = None

    @property
    def help(self) -> tuple[str, str] | None:
        return STAGE_HELP.get(self.case.stage)

    @property
    def late_steps(self) -> list[Step]:
        return [s for s in self.next_steps if s.late]

    @property
    def one_line(self) -> str:
        late = self.late_steps
        if late:
            return f"{self.stage_title}. Something is late: it should have happened by {late[0].due_text}."
        if self.next_steps:
            first = self.next_steps[0]
            return f"{self.stage_title}. Next: {first.what.lower()}, by {first.due_text}."
        return f"{self.stage_title}."

    @property
    def is_open(self) -> bool:
        return self.case.is_open


def _advice_sources(events: list[CaseEvent]) -> dict[str, str]:
    return {
        f"advice:{e.details.get('id')}": e.details.get("source", "")
        for e in events
        if e.type == "advice_requested" and e.details.get("id")
    }


def step_for(
    d: Deadline,
    *,
    young_person: bool,
    advice: dict[str, str],
    today: dt.date,
    settings: dict[str, str] | None = None,
) -> Step | None:
    settings = settings or {}
    said = words.deadline_words(d.key, young_person=young_person)
    if said is None:
        return None
    what, who = said.what, said.who
    if d.family == "setting_response" and settings.get(d.key):
        whose = "your" if young_person else "your child's"
        what = f"{settings[d.key]} says whether it can meet {whose} needs"
    if d.family == "advice":
        giver, thing = words.ADVICE_GIVERS.get(
            advice.get(d.key, ""), (words.PROFESSIONAL, "advice")
        )
        who = giver
        what = f"{thing[0].upper()}{thing[1:]}" if giver != words.FAMILY else "Send us your advice"
    return Step(
        key=d.key,
        what=what,
        who=who,
        due=d.due,
        status=live_status(d, today),
        law=said.law,
        source=words.plain_source(rule_for(d.key).source),
        completed_on=d.completed_on,
    )


def _settings_consulted(events: list[CaseEvent]) -> dict[str, str]:
    """The schools and colleges asked whether they can meet the needs, by deadline key (an
    organisation's name, never a person's)."""
    return {
        f"setting_response:{e.details.get('id')}": e.details.get("organisation", "")
        for e in events
        if e.type == "setting_consulted" and e.details.get("id")
    }


def _title(case: Case) -> str:
    if case.stage == Stage.FINAL_ISSUED:
        return "Education, health and care plan"
    if case.stage in OPEN_STAGES:
        return "Request for an education, health and care needs assessment"
    return f"Request received {govuk_date(case.received_on)}"


def case_status(case: Case, *, young_person: bool, today: dt.date | None = None) -> CaseStatus:
    today = today or timezone.localdate()
    events = selectors.events_of(case=case)
    deadlines = selectors.deadlines_of(case=case)
    advice = _advice_sources(events)
    consulted = _settings_consulted(events)
    stage_title, next_text = words.stage_words(case.stage, young_person=young_person)
    status = CaseStatus(
        case=case,
        title=_title(case),
        stage_title=stage_title,
        next_text=next_text,
        contact=contact_for(case),
    )
    for d in deadlines:
        step = step_for(
            d, young_person=young_person, advice=advice, today=today, settings=consulted
        )
        if step is None:
            continue
        if d.family_limit and step.status == "overdue":
            continue  # the family's own limit (to appeal, say) has passed: nothing is late
        if step.status in ("open", "overdue") and case.is_open:
            status.next_steps.append(step)
        elif step.status in ("met", "late"):
            status.done_steps.append(step)
    for e in events:
        said = words.event_words(
            e.type,
            e.details,
            young_person=young_person,
            advice_source=advice.get(f"advice:{e.details.get('id')}", ""),
        )
        if e.type == "review_meeting_scheduled" and e.date and e.date > today:
            said = "The review meeting will be on this day"
        if said is not None:
            status.happened.append(Happened(e.date, said, words.EVENT_WHO.get(e.type, "")))
    if case.stage == Stage.FINAL_ISSUED:
        status.review_due = case.review_due
        decision = next((e for e in reversed(events) if e.type == "review_decision_notified"), None)
        if decision is not None:
            status.review_decision = REVIEW_OUTCOMES.get(decision.details.get("outcome", ""), "")
            status.review_decision_on = decision.date
    return status


def is_own_record(child: Child, user: Any) -> bool:
    return child.young_person_user_id == user.pk


def statuses_for(child: Child, user: Any) -> list[CaseStatus]:
    young = is_own_record(child, user)
    return [case_status(c, young_person=young) for c in selectors.cases_of(child=child)]


def one_line(child: Child, user: Any) -> str:
    """The home page's line about a child: the open (or latest) case's stage, and anything late."""
    cases = selectors.cases_of(child=child)
    if not cases:
        return "There is no request for an assessment or plan for now."
    return case_status(cases[0], young_person=is_own_record(child, user)).one_line


def plan_document_context(issued: selectors.IssuedPlan) -> dict[str, Any]:
    """The context ``ehc/plan/_document.html`` renders, from the issued version's snapshot
    (what was issued, never later edits in progress)."""
    from sendpath.ehc.plans import reference as plan_reference

    snap = issued.snapshot or {}
    sections = snap.get("sections", {})
    needs = snap.get("needs", [])
    by_number = {n["number"]: n for n in needs}

    def linked(numbers: list[int]) -> list[str]:
        return [f"Need {n}: {by_number[n]['area']}" for n in numbers if n in by_number]

    plan = {
        f"section_{letter.lower()}": sections.get(letter, "")
        for letter in plan_reference.TEXT_LETTERS
    }
    plan.update({"draft_sent_on": None, "issued_on": issued.issued_on})
    outcomes = snap.get("outcomes", [])
    provisions = snap.get("provisions", [])
    provision_sections = [
        {
            "letter": letter,
            "title": plan_reference.SECTION_TITLES[letter],
            "rows": [
                {"provision": {**p, "pk": p.get("id")}, "needs": linked(p.get("needs", []))}
                for p in provisions
                if p.get("section") == letter
            ],
        }
        for letter in ("F", "G", "H1", "H2")
    ]
    return {
        "plan": plan,
        "needs": [{"need": {**n, "pk": n.get("id")}, "number": n["number"]} for n in needs],
        "outcomes": [
            {"outcome": {**o, "pk": o.get("id")}, "needs": linked(o.get("needs", []))}
            for o in outcomes
        ],
        "provision_sections": provision_sections,
        "titles": plan_reference.SECTION_TITLES,
        "representations_close": None,
        "show_pfa": any(o.get("preparing_for_adulthood") for o in outcomes),
        "is_final": True,
        "version": issued,
    }
