"""The children's families: parents, carers, grandparents and social workers."""

from __future__ import annotations

from sendpath.demo import names
from sendpath.demo.people_api import FamilyMember, Relationship

from .base import DemoPerson
from .people import PeopleBuilder


class FamilyBuilder(PeopleBuilder):
    """Adds each child's family: parents, carers, grandparents, social workers."""

    def adult_name(self, pool: str, role: str) -> str:
        p = names.POOLS[pool]
        if pool == "british":
            first = self.pick(
                {
                    "mother": names.BRITISH_MOTHERS,
                    "father": names.BRITISH_FATHERS,
                    "grandmother": names.BRITISH_GRANDMOTHERS,
                    "grandfather": names.BRITISH_GRANDFATHERS,
                }[role]
            )
        else:
            first = self.pick(p.girls if role in ("mother", "grandmother") else p.boys)
        return first

    def member(
        self,
        p: DemoPerson,
        *,
        first: str,
        last: str,
        relationship: str,
        responsibility: bool,
        lives_with: bool,
        main: bool,
        email_chance: float,
        mobile: bool = True,
    ) -> FamilyMember:
        address = ""
        if not lives_with and relationship != Relationship.SOCIAL_WORKER:
            line, postcode, _ = self.address()
            address = f"{line}\n{postcode}"
        member = FamilyMember(
            id=self.uuid(),
            child=p.child,
            full_name=f"{first} {last}",
            relationship=relationship,
            parental_responsibility=responsibility,
            lives_with_child=lives_with,
            main_contact=main,
            telephone=self.phone(mobile) if main or self.chance(0.7) else "",
            email=self.email(first, last) if self.chance(email_chance) else "",
            address=address,
            has_account_access=responsibility,
        )
        self.family.append(member)
        return member

    def build_family(self, p: DemoPerson) -> None:
        c = p.child
        surname = c.last_name
        pool = p.pool if p.pool == p.surname_pool else self.pick((p.pool, p.surname_pool))
        if c.cared_for:
            carer_pool = self.pick(("british", "british", "british", p.pool))
            carer_last = self.pick(names.POOLS[carer_pool].surnames)
            kinship = self.chance(0.2)
            self.member(
                p,
                first=self.adult_name(carer_pool, self.pick(("mother", "mother", "father"))),
                last=surname if kinship else carer_last,
                relationship=Relationship.KINSHIP_CARER if kinship else Relationship.FOSTER_CARER,
                responsibility=False,
                lives_with=True,
                main=True,
                email_chance=0.9,
            )
            second = self.weighted({"social_worker": 7, "mother": 2, "none": 1})
            if second == "social_worker":
                self.member(
                    p,
                    first=self.adult_name("british", self.pick(("mother", "father"))),
                    last=self.pick(names.POOLS["british"].surnames),
                    relationship=Relationship.SOCIAL_WORKER,
                    responsibility=True,
                    lives_with=False,
                    main=False,
                    email_chance=1.0,
                    mobile=False,
                )
            elif second == "mother":
                self.member(
                    p,
                    first=self.adult_name(pool, "mother"),
                    last=surname,
                    relationship=Relationship.MOTHER,
                    responsibility=True,
                    lives_with=False,
                    main=False,
                    email_chance=0.3,
                )
            return
        shape = self.weighted(
            {"two": 50, "separated": 25, "lone": 12, "step": 6, "grand": 4, "guardian": 3}
        )
        mother = self.adult_name(pool, "mother")
        father = self.adult_name(pool, "father")
        mother_last = surname if self.chance(0.8) else self.pick(names.POOLS[pool].surnames)
        if shape == "two":
            mum_main = self.chance(0.75)
            self.member(
                p,
                first=mother,
                last=mother_last,
                relationship=Relationship.MOTHER,
                responsibility=True,
                lives_with=True,
                main=mum_main,
                email_chance=0.85 if mum_main else 0.5,
            )
            self.member(
                p,
                first=father,
                last=surname,
                relationship=Relationship.FATHER,
                responsibility=True,
                lives_with=True,
                main=not mum_main,
                email_chance=0.85 if not mum_main else 0.5,
            )
        elif shape in ("separated", "lone"):
            mum_lives = self.chance(0.85)
            self.member(
                p,
                first=mother if mum_lives else father,
                last=mother_last if mum_lives else surname,
                relationship=Relationship.MOTHER if mum_lives else Relationship.FATHER,
                responsibility=True,
                lives_with=True,
                main=True,
                email_chance=0.8,
            )
            if shape == "separated" and self.chance(0.6):
                self.member(
                    p,
                    first=father if mum_lives else mother,
                    last=surname if mum_lives else mother_last,
                    relationship=Relationship.FATHER if mum_lives else Relationship.MOTHER,
                    responsibility=self.chance(0.9),
                    lives_with=False,
                    main=False,
                    email_chance=0.4,
                )
        elif shape == "step":
            self.member(
                p,
                first=mother,
                last=mother_last,
                relationship=Relationship.MOTHER,
                responsibility=True,
                lives_with=True,
                main=True,
                email_chance=0.8,
            )
            self.member(
                p,
                first=father,
                last=self.pick(names.POOLS[pool].surnames),
                relationship=Relationship.STEP_PARENT,
                responsibility=False,
                lives_with=True,
                main=False,
                email_chance=0.3,
            )
        else:
            grandmother = self.adult_name(pool, "grandmother")
            guardian = shape == "guardian"
            self.member(
                p,
                first=grandmother,
                last=surname,
                relationship=Relationship.SPECIAL_GUARDIAN
                if guardian
                else Relationship.GRANDPARENT,
                responsibility=guardian,
                lives_with=True,
                main=True,
                email_chance=0.5,
            )
            if self.chance(0.3):
                self.member(
                    p,
                    first=mother,
                    last=mother_last,
                    relationship=Relationship.MOTHER,
                    responsibility=True,
                    lives_with=False,
                    main=False,
                    email_chance=0.3,
                )
