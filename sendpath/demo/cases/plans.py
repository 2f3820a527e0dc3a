"""The content of draft and final plans: needs in section B, outcomes in E, provision in F."""

from __future__ import annotations

from .content import AREA_OF, ASPIRATIONS, INTERESTS, PFA_OUTCOME, PLAN_CONTENT, Content
from .ehc_api import PlanNeed, PlanOutcome, PlanProvision
from .in_force import CaseMaker
from .timeline import DemoCase, age_on


def plan_content(maker: CaseMaker, demo: DemoCase, *, complete: bool) -> None:
    child, plan = demo.child, demo.plan
    name = child.known_as
    areas = [AREA_OF.get(child.primary_need, "Cognition and learning")]
    second = AREA_OF.get(child.secondary_need or "", "")
    if second and second not in areas:
        areas.append(second)
    items: list[tuple[str, Content]] = [(areas[0], item) for item in PLAN_CONTENT[areas[0]]]
    if len(areas) > 1:
        items.append((areas[1], maker.pick(PLAN_CONTENT[areas[1]])))
    plan.section_a = (
        f"{name} enjoys {maker.pick(INTERESTS)}. {name} would like to "
        f"{maker.pick(ASPIRATIONS)}. The family want {name} to be happy and safe at school and "
        f"to make progress with reading and friendships."
    )
    today = maker.today
    july = today.year + (1 if today.month >= 7 else 0)
    for position, (area, (need_text, outcome, measured, provision)) in enumerate(items):
        need = PlanNeed(
            id=maker.uuid(),
            plan=plan,
            area=area,
            description=need_text.format(name=name),
            position=position,
        )
        demo.needs.append(need)
        if not complete and position == len(items) - 1:
            continue  # the draft is still being written: the last need has no outcome yet
        demo.outcomes.append(
            (
                PlanOutcome(
                    id=maker.uuid(),
                    plan=plan,
                    what=outcome.format(name=name),
                    by_when=f"By the end of the school year (July {july})",
                    how_measured=measured,
                ),
                [need],
            )
        )
        if complete:
            what, who, often, long = provision
            demo.provisions.append(
                (
                    PlanProvision(
                        id=maker.uuid(),
                        plan=plan,
                        section="F",
                        what=what,
                        who=who,
                        how_often=often,
                        how_long=long,
                    ),
                    [need],
                )
            )
    if complete and len(demo.needs) > 1:
        demo.provisions.append(
            (
                PlanProvision(
                    id=maker.uuid(),
                    plan=plan,
                    section="F",
                    what="Termly meeting of the family, school and SENCO to review progress "
                    "towards the outcomes",
                    who="SENCO",
                    how_often="Once a term (45 minutes)",
                    how_long="For the life of the plan",
                ),
                list(demo.needs),
            )
        )
    if age_on(child.date_of_birth, today) >= 14:
        demo.outcomes.append(
            (
                PlanOutcome(
                    id=maker.uuid(),
                    plan=plan,
                    what=PFA_OUTCOME[0].format(name=name),
                    by_when=f"By July {july + 1}",
                    how_measured=PFA_OUTCOME[1],
                    preparing_for_adulthood=True,
                ),
                demo.needs[:1],
            )
        )
