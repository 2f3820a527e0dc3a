"""The whole authority, unsaved: ``build_demo`` makes every row (no database needed)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from sendpath.demo.common import (
    DEFAULT_CHILDREN,
    DEFAULT_SEED,
    HOME_NAME,
    LOCAL_OFFER_PROVIDER,
    NHS_TRUST,
    SENCO_SCHOOL,
)
from sendpath.demo.dfe import NationalFigures, national_figures
from sendpath.demo.people_api import (
    Child,
    FamilyMember,
    Organisation,
    OrganisationKind,
    ProfessionalLink,
    Role,
    SettingAttendance,
    User,
)

from .base import DemoPerson, ascii_fold, years_before
from .families import FamilyBuilder
from .specs import HEALTH_NEEDS, LINK_REASONS, STAFF


@dataclass
class DemoPlan:
    seed: int
    today: dt.date
    figures_source: str
    home: Organisation
    organisations: list[Organisation]
    users: list[User]
    children: list[Child]
    family: list[FamilyMember]
    attendances: list[SettingAttendance]
    links: list[ProfessionalLink]
    senco_school: Organisation
    parent_child: Child
    young_person: Child


@dataclass
class DemoSummary:
    seed: int
    local_authorities: int
    settings: int
    other_organisations: int
    children: int
    responsible: int
    placed_by_other_authorities: int
    ehc_plans: int
    sen_support: int
    no_sen: int
    cared_for: int
    family_members: int
    attendances: int
    professional_links: int
    accounts: int
    seconds: float = 0.0
    figures_source: str = ""
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"Demo data for {HOME_NAME} (seed {self.seed}), loaded in {self.seconds:.1f} seconds",
            f"  Local authorities:                 {self.local_authorities:>6,}",
            f"  Schools, colleges and settings:    {self.settings:>6,}",
            f"  Health, social care and voluntary: {self.other_organisations:>6,}",
            f"  Children and young people:         {self.children:>6,}",
            f"    Demoshire is responsible for:    {self.responsible:>6,}",
            f"      with an EHC plan (E):          {self.ehc_plans:>6,}",
            f"      on SEN support (K):            {self.sen_support:>6,}",
            f"      no SEN recorded (N):           {self.no_sen:>6,}",
            f"    placed here by other councils:   {self.placed_by_other_authorities:>6,}",
            f"    cared for (looked after):        {self.cared_for:>6,}",
            f"  Family members:                    {self.family_members:>6,}",
            f"  School and setting attendances:    {self.attendances:>6,}",
            f"  Professional links:                {self.professional_links:>6,}",
            f"  Demo accounts:                     {self.accounts:>6,}",
            f"  Need and age weights from: {self.figures_source}",
            *self.notes,
        ]


def summarise(plan: DemoPlan, seconds: float = 0.0) -> DemoSummary:
    ours = [c for c in plan.children if c.responsible_authority_id == plan.home.pk]
    parent = next(u.get_full_name() for u in plan.users if u.username == "parent")
    provision = Counter(c.sen_provision for c in ours)
    kinds = Counter(o.kind for o in plan.organisations)
    education = sum(kinds[k] for k in (OrganisationKind.SCHOOL, OrganisationKind.EARLY_YEARS))
    education += kinds[OrganisationKind.COLLEGE]
    las = kinds[OrganisationKind.LOCAL_AUTHORITY]
    return DemoSummary(
        seed=plan.seed,
        local_authorities=las,
        settings=education,
        other_organisations=len(plan.organisations) - las - education,
        children=len(plan.children),
        responsible=len(ours),
        placed_by_other_authorities=len(plan.children) - len(ours),
        ehc_plans=provision["E"],
        sen_support=provision["K"],
        no_sen=provision["N"],
        cared_for=sum(1 for c in plan.children if c.cared_for),
        family_members=len(plan.family),
        attendances=len(plan.attendances),
        professional_links=len(plan.links),
        accounts=len(plan.users),
        seconds=seconds,
        figures_source=plan.figures_source,
        notes=[
            f"  The parent account is {parent}, main contact for {plan.parent_child.full_name}",
            f"  The young person account is {plan.young_person.full_name}, "
            f"born {plan.young_person.date_of_birth:%-d %B %Y}",
        ],
    )


class AuthorityBuilder(FamilyBuilder):
    """Builds the whole authority in order: organisations, children, accounts."""

    def build_children(self) -> None:
        n = self.count
        e_count, k_count = round(n / 3), round(n / 2)
        provisions = ["E"] * e_count + ["K"] * k_count + ["N"] * (n - e_count - k_count)
        self.rng.shuffle(provisions)
        decks = {prov: self.systematic(self.cells(prov), provisions.count(prov)) for prov in "EKN"}
        ours = [self.person(prov, decks[prov].pop(), responsible=self.home) for prov in provisions]

        # Cared-for children (looked after), about 3 in 100 of ours: some placed out of area by
        # Demoshire, some placed in Demoshire by other councils with Demoshire responsible for
        # their SEN, the rest looked after by Demoshire at home.
        eligible = [q for q in ours if 0 <= q.age <= 17]
        weights = {"E": 3.0, "K": 2.0, "N": 1.0}
        cared = self.sample_weighted(
            eligible, lambda q: weights[q.child.sen_provision], round(n * 0.03)
        )
        out_count, in_count = round(len(cared) / 3), round(len(cared) * 2 / 9)
        for i, q in enumerate(cared):
            q.child.cared_for = True
            if i < out_count:
                q.area = "out"
                q.child.looked_after_by = self.home
            elif i < out_count + in_count:
                authority = self.pick(self.neighbours)
                q.placed_in_by = authority
                q.child.looked_after_by = self.authorities[authority.la_code]
            else:
                q.child.looked_after_by = self.home

        # Children whose SEN another council is responsible for: looked after by that council
        # and living in Demoshire, at a Demoshire school. The Virtual School sees them.
        visitors = []
        for _ in range(round(n / 100)):
            authority = self.pick(self.neighbours)
            other = self.authorities[authority.la_code]
            provision = "E" if self.chance(0.8) else "K"
            cell = self.weighted(self.cells(provision, low=5, high=15))
            q = self.person(provision, cell, responsible=other, low=5, high=15)
            q.child.cared_for = True
            q.child.looked_after_by = other
            q.placed_in_by = authority
            visitors.append(q)

        self.people = ours + visitors
        for q in self.people:
            self.language(q)
            self.educate(q)
            c = q.child
            if q.area == "out":
                placed = [s for s, _, end, _ in q.settings if end is None and s.spec.la]
                la = placed[0].spec.la if placed else self.pick(self.neighbours).la_code
                c.resident_authority = self.authorities[la]
                c.address, c.postcode, _ = self.address(la)
            else:
                c.address, c.postcode, _ = self.address()
            self.upn(q)
            self.uln(q)
            self.nhs_number(q)
            self.census_facts(q)
            if q.age >= 10:
                p = 0.1 if c.primary_need == "SEMH" else 0.015 if c.sen_provision != "N" else 0.005
                c.youth_justice = q.age <= 18 and self.chance(p)
            self.build_family(q)
            for setting, start, end, kind in q.settings:
                self.attendances.append(
                    SettingAttendance(
                        id=self.uuid(),
                        child=c,
                        organisation=setting.org,
                        start_date=start,
                        end_date=end,
                        attendance=kind,
                    )
                )

    def build_accounts(self) -> None:
        orgs = {
            "home": self.home,
            "senco": next(s.org for s in self.settings if s.spec.name == SENCO_SCHOOL),
            "trust": self.others[NHS_TRUST],
            "charity": self.others[LOCAL_OFFER_PROVIDER],
        }
        self.senco_school = orgs["senco"]
        where: dict[str, str] = {
            Role.SENCO: "senco",
            Role.PROFESSIONAL: "trust",
            Role.PROVIDER: "charity",
        }
        staff = {}
        for username, role, first, last, title in STAFF:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{ascii_fold(first)}.{ascii_fold(last)}@demoshire.example.com",
                role=role,
                organisation=orgs[where.get(role, "home")],
                job_title=title,
            )
            staff[username] = user

        ours = [q for q in self.people if q.child.responsible_authority_id == self.home.pk]
        family_of: dict[uuid.UUID, list[FamilyMember]] = {}
        for m in self.family:
            family_of.setdefault(m.child_id, []).append(m)

        def main_contact(q: DemoPerson) -> FamilyMember | None:
            return next(
                (
                    m
                    for m in family_of.get(q.child.pk, [])
                    if m.main_contact and m.parental_responsibility
                ),
                None,
            )

        def at_senco_school(q: DemoPerson) -> bool:
            return any(s.org is self.senco_school and end is None for s, _, end, _ in q.settings)

        candidates = [q for q in ours if not q.child.cared_for and main_contact(q) is not None]
        # A pupil on SEN support at the SENCO's school, of school age: the demo's cases give
        # them a request at the draft plan stage, so the family's pages (/my/) show the
        # 15 days for comments running (sendpath.demo.cases.build).
        ranked = sorted(
            candidates,
            key=lambda q: (
                not at_senco_school(q),
                q.child.sen_provision != "K",
                not 5 <= q.age <= 15,
            ),
        )
        self.parent_child = ranked[0].child
        contact = main_contact(ranked[0])
        if contact is None:  # pragma: no cover (candidates all have one)
            raise RuntimeError("No main contact for the parent account")
        first, _, last = contact.full_name.partition(" ")
        parent = User(
            username="parent",
            first_name=first,
            last_name=last,
            email=contact.email or self.email(first, last),
            role=Role.FAMILY,
        )
        contact.user = parent
        contact.has_account_access = True

        older = [q for q in ours if q.age >= 17 and not q.child.cared_for]
        older.sort(key=lambda q: (q.child.sen_provision != "E", q.group != "fe", q.age > 20))
        young = older[0] if older else max(ours, key=lambda q: q.age)
        self.young_person = young.child
        young_user = User(
            username="youngperson",
            first_name=young.child.known_as,
            last_name=young.child.last_name,
            email=self.email(young.child.known_as, young.child.last_name),
            role=Role.FAMILY,
        )
        young.child.young_person_user = young_user

        order = ("caseworker", "manager", "virtualschool", "senco", "professional")
        self.users = [staff[u] for u in order] + [parent, young_user]
        self.users += [staff["leader"], staff["admin"], staff["localoffer"], staff["provider"]]

        # The paediatrician's caseload: 25 open links, and 3 that have ended.
        professional = staff["professional"]
        needing = [
            q
            for q in ours
            if q.age <= 18
            and q.child.sen_provision in ("E", "K")
            and {q.child.primary_need, q.child.secondary_need} & set(HEALTH_NEEDS)
        ]
        self.rng.shuffle(needing)
        for i, q in enumerate(needing[:28]):
            c = q.child
            need = next(n for n in (c.primary_need, c.secondary_need) if n in HEALTH_NEEDS)
            ended = i >= 25
            started = self.date_between(
                max(c.date_of_birth, self.today - dt.timedelta(days=900 if not ended else 1500)),
                self.today - dt.timedelta(days=30 if not ended else 400),
            )
            self.links.append(
                ProfessionalLink(
                    id=self.uuid(),
                    child=c,
                    user=professional,
                    reason=LINK_REASONS[need],
                    started_on=started,
                    ended_on=self.date_between(started, self.today - dt.timedelta(days=60))
                    if ended
                    else None,
                )
            )

    def date_flags(self) -> None:
        """Dates for the youth justice and EOTAS flags, and a few young people on the Dynamic
        Support Register. Its own draws, so the rest of the demo stays as it was."""
        rng = random.Random(f"{self.seed}-flags")

        def between(start: dt.date, end: dt.date) -> dt.date:
            return start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0)))

        for q in self.people:
            c = q.child
            if c.youth_justice:
                c.youth_justice_from = between(
                    max(years_before(c.date_of_birth, -10), years_before(self.today, 3)),
                    self.today - dt.timedelta(days=30),
                )
                if rng.random() < 0.25:
                    c.youth_justice_to = between(c.youth_justice_from, self.today)
            if c.eotas:
                c.eotas_from = between(
                    max(years_before(c.date_of_birth, -5), years_before(self.today, 4)),
                    self.today - dt.timedelta(days=60),
                )
            at_risk = {c.primary_need, c.secondary_need} & {"ASD", "SLD", "PMLD"}
            if 10 <= q.age <= 24 and c.sen_provision == "E" and at_risk and rng.random() < 0.04:
                c.dynamic_support_register = True
                c.dynamic_support_register_from = between(
                    years_before(self.today, 2), self.today - dt.timedelta(days=14)
                )

    def build(self) -> DemoPlan:
        self.build_organisations()
        self.build_children()
        self.build_accounts()
        self.date_flags()
        return DemoPlan(
            seed=self.seed,
            today=self.today,
            figures_source=self.figures.source,
            home=self.home,
            organisations=self.organisations,
            users=self.users,
            children=[q.child for q in self.people],
            family=self.family,
            attendances=self.attendances,
            links=self.links,
            senco_school=self.senco_school,
            parent_child=self.parent_child,
            young_person=self.young_person,
        )


def build_demo(
    *,
    seed: int = DEFAULT_SEED,
    children: int = DEFAULT_CHILDREN,
    today: dt.date | None = None,
    figures: NationalFigures | None = None,
) -> DemoPlan:
    """The demo's rows, unsaved. Touches no database: the same arguments give the same rows."""
    builder = AuthorityBuilder(
        seed=seed,
        children=children,
        today=today or timezone.localdate(),
        figures=figures or national_figures(),
    )
    return builder.build()
