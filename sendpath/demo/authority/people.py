"""Who the children are: age, need, sex and ethnicity by DfE's figures; names, language and
identifiers."""

from __future__ import annotations

import datetime as dt
import random
from typing import TypeVar

from sendpath.core import identifiers
from sendpath.demo import names
from sendpath.demo.dfe import NEED_CODES
from sendpath.demo.people_api import Child, Organisation

from .base import DemoPerson, years_before
from .schooling import SchoolingBuilder
from .specs import COMMUNICATION_NOTES, STATE_SCHOOLS

T = TypeVar("T")

# Free school meals eligibility by SEN provision, for pupils of school age: about a quarter of
# the demo's children, more often with SEN support or a plan (as in DfE's "Special educational
# needs in England", where pupils with SEN are eligible more often than those without).
FSM_RATES = {"E": 0.30, "K": 0.27, "N": 0.18}
# Of the children from a family that may speak another language at home whose first language
# the demo first made English, the share who first heard that other language.
BILINGUAL = 0.85


class PeopleBuilder(SchoolingBuilder):
    """Adds who each child is: age, need, sex, ethnicity, names, language, identifiers."""

    def cells(
        self, provision: str, low: int = 0, high: int = 25
    ) -> list[tuple[tuple[str, int, int], float]]:
        """(primary need, lowest age, highest age), weighted by DfE's count of plans.

        Ordered need by need, so that systematic sampling gets each need's share right to
        within one child. SEN support (K) is for children of school age and under.
        """
        rows = [
            (lo, hi, count, dict(needs))
            for lo, hi, count, needs in self.figures.ages
            if lo <= high and hi >= low and not (provision == "K" and lo > 18)
        ]
        if provision == "N":
            return [(("", lo, hi), float(count)) for lo, hi, count, _ in rows]
        return [
            ((code, lo, hi), float(needs[code]))
            for code in NEED_CODES
            for lo, hi, _, needs in rows
            if needs[code] > 0
        ]

    def systematic(self, cells: list[tuple[T, float]], n: int) -> list[T]:
        """n draws spread evenly over the weights (one random start), in random order."""
        total = sum(w for _, w in cells)
        step = total / n
        point = self.rng.random() * step
        drawn: list[T] = []
        index, passed = 0, 0.0
        for _ in range(n):
            while index < len(cells) - 1 and passed + cells[index][1] <= point:
                passed += cells[index][1]
                index += 1
            drawn.append(cells[index][0])
            point += step
        self.rng.shuffle(drawn)
        return drawn

    def date_of_birth(self, age: int) -> dt.date:
        latest = years_before(self.today, age)
        earliest = years_before(self.today, age + 1) + dt.timedelta(days=1)
        return self.date_between(earliest, latest)

    def academic_age(self, dob: dt.date) -> int:
        return self.year - dob.year - (1 if (dob.month, dob.day) > (8, 31) else 0)

    def need(self, age: int, exclude: str = "") -> str:
        weights = {k: v for k, v in self.figures.age_needs(age).items() if k != exclude}
        return self.weighted(weights)

    def sex(self, need: str) -> str:
        if need:
            return self.weighted({s: self.figures.sex[s][need] for s in ("F", "M")})
        return self.weighted({s: sum(self.figures.sex[s].values()) for s in ("F", "M")})

    def ethnicity(self) -> str:
        row = self.weighted(self.figures.ethnicity)
        return self.weighted(names.ETHNICITY_CODES[row])

    def first_name(self, pool: str, sex: str) -> str:
        p = names.POOLS[pool]
        return self.pick(p.girls if sex == "F" else p.boys)

    def person(
        self,
        provision: str,
        cell: tuple[str, int, int],
        *,
        responsible: Organisation,
        low: int = 0,
        high: int = 25,
    ) -> DemoPerson:
        need, lo, hi = cell
        age = self.rng.randint(max(lo, low), min(hi, high))
        primary, secondary = need, ""
        if provision in ("E", "K") and self.chance(0.35 if provision == "E" else 0.2):
            secondary = self.need(age, exclude=primary)
        sex = self.sex(primary)
        dob = self.date_of_birth(age)
        ethnicity = self.ethnicity()
        pool, surname_pool = names.ETHNICITY_POOLS[ethnicity]
        surname_pool = surname_pool or pool
        first = self.first_name(pool, sex)
        middle = ""
        if self.chance(0.45):
            middle = self.first_name(pool, sex)
            if middle == first:
                middle = ""
        preferred = ""
        if first in names.PREFERRED_NAMES and self.chance(0.4):
            preferred = names.PREFERRED_NAMES[first]
        child = Child(
            id=self.uuid(),
            first_name=first,
            middle_names=middle,
            last_name=self.pick(names.POOLS[surname_pool].surnames),
            preferred_name=preferred,
            date_of_birth=dob,
            sex=sex,
            ethnicity=ethnicity,
            responsible_authority=responsible,
            resident_authority=self.home,
            sen_provision=provision,
            sen_provision_since=_since(dob, provision, self.today),
            primary_need=primary,
            secondary_need=secondary,
        )
        return DemoPerson(child, age, self.academic_age(dob), pool, surname_pool)

    def language(self, p: DemoPerson) -> None:
        c = p.child
        mixed = p.pool != p.surname_pool
        pool = names.POOLS[p.surname_pool if mixed and p.pool == "british" else p.pool]
        english = max(pool.english, 0.85) if mixed else pool.english
        if not pool.languages or self.chance(english):
            c.first_language = "English"
        else:
            c.first_language = self.weighted(pool.languages)
            if self.chance(0.4):
                c.interpreter_needed = True
                c.interpreter_language = c.first_language
        needs = {c.primary_need, c.secondary_need}
        if "HI" in needs and self.chance(0.3):
            c.first_language = names.BSL
            c.preferred_format = names.BSL
            c.communication_notes = "Signs in BSL: book a BSL interpreter for meetings and reviews."
        elif "VI" in needs:
            c.preferred_format = "Braille" if p.age >= 7 and self.chance(0.3) else "Large print"
        elif needs & {"SLD", "PMLD", "MLD"} and p.age >= 14 and self.chance(0.4):
            c.preferred_format = "Easy read"
        elif c.interpreter_needed and self.chance(0.5):
            c.preferred_format = f"Letters translated into {c.first_language}"
        if (
            not c.communication_notes
            and c.primary_need in COMMUNICATION_NOTES
            and self.chance(0.5 if c.sen_provision == "E" else 0.2)
        ):
            c.communication_notes = self.pick(COMMUNICATION_NOTES[c.primary_need])

    def census_facts(self, p: DemoPerson) -> None:
        """Free school meals eligibility and the census's first-language code. Drawn from a
        generator of the child's own (seeded by their id), so the demo's other draws are
        unchanged; called once the UPN is made (a temporary UPN depends on the language)."""
        c = p.child
        draw = random.Random(c.pk.int)
        if 4 <= p.acad <= 18:
            c.fsm_eligible = "Y" if draw.random() < FSM_RATES[c.sen_provision] else "N"
            if c.fsm_eligible == "Y":
                latest = self.today.year if self.today.month >= 9 else self.today.year - 1
                first = max(c.date_of_birth.year + 4, latest - 6)
                c.fsm_eligible_from = dt.date(draw.randint(min(first, latest), latest), 9, 1)
        # Many children who speak English well first heard another language at home, which
        # the census counts as "other than English" (about one pupil in five in England).
        mixed = p.pool != p.surname_pool
        pool = names.POOLS[p.surname_pool if mixed and p.pool == "british" else p.pool]
        if c.first_language == "English" and pool.languages and draw.random() < BILINGUAL:
            languages = [name for name, _ in pool.languages]
            c.first_language = draw.choices(languages, [w for _, w in pool.languages])[0]
        english = c.first_language == "English"
        roll = draw.random()
        if roll < 0.015:
            c.first_language_code = "NOT"
        elif roll < 0.02:
            c.first_language_code = "REF"
        elif roll < 0.05:
            c.first_language_code = "ENB" if english else "OTB"
        else:
            c.first_language_code = "ENG" if english else "OTH"

    # -- identifiers -------------------------------------------------------------------------

    def upn(self, p: DemoPerson) -> None:
        c = p.child
        if p.acad < 4:
            c.upn_unknown_reason = "UN1" if p.age < 6 else "UN8"
            return
        if self.chance(0.015):
            c.upn_unknown_reason = "UN8"
            return
        state = sorted(
            (start, s.spec.name, s)
            for s, start, *_ in p.settings
            if s.spec.category in STATE_SCHOOLS
        )
        if not state and p.acad >= 19 and c.sen_provision == "N" and self.chance(0.3):
            c.upn_unknown_reason = "UN9"
            return
        demoshire = [s for _, _, s in state if s.estab]
        first = (
            demoshire[0]
            if demoshire
            else self.pick([s for s in self.settings if s.spec.category == "primary" and s.estab])
        )
        year = self.entry_year(p, 4) % 100
        serial = self._upn_serials.get((first.estab, year))
        if serial is None:
            serial = self.rng.randrange(1, 300)
        self._upn_serials[(first.estab, year)] = serial + 1
        base = f"{int(self.home_code):03d}{first.estab:04d}{year:02d}"
        temporary = c.first_language not in ("English", names.BSL) and self.chance(0.05)
        if temporary:
            body = f"{base}{serial % 100:02d}{self.pick(identifiers.UPN_LETTERS)}"
        else:
            body = f"{base}{serial:03d}"
        upn = identifiers.upn_check_letter(body) + body
        if upn in self._upns:  # a temporary UPN can repeat; fall back to a permanent one
            body = f"{base}{serial:03d}"
            upn = identifiers.upn_check_letter(body) + body
        self._upns.add(upn)
        c.upn = upn

    def uln(self, p: DemoPerson) -> None:
        if p.acad < 14 or self.chance(0.05):
            return
        while True:
            body = f"{self.rng.randrange(1, 10)}{self.rng.randrange(10**8):08d}"
            check = identifiers.uln_check_digit(body)
            if check is not None and f"{body}{check}" not in self._ulns:
                break
        p.child.uln = f"{body}{check}"
        self._ulns.add(p.child.uln)

    def nhs_number(self, p: DemoPerson) -> None:
        if self.chance(0.02):
            return
        while True:
            body = f"999{self.rng.randrange(10**6):06d}"
            check = identifiers.nhs_check_digit(body)
            if check is not None and f"{body}{check}" not in self._nhs:
                break
        p.child.nhs_number = f"{body}{check}"
        self._nhs.add(p.child.nhs_number)


def _since(dob: dt.date, provision: str, today: dt.date) -> dt.date | None:
    """When a demo child's SEN support or plan began: a spread of dates after their fourth
    birthday, worked out from the date of birth alone so the random stream is untouched."""
    if provision not in ("K", "E"):
        return None
    start = dob + dt.timedelta(days=4 * 365)
    if start >= today:
        return dob + dt.timedelta(days=max(180, (today - dob).days // 2))
    span = (today - start).days
    return start + dt.timedelta(days=(dob.toordinal() * 37) % max(span, 1))
