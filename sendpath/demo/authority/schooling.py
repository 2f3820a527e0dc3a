"""Where the children go to school: placements weighted by DfE's figures, moves, history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sendpath.demo.people_api import AttendanceKind

from .base import (
    DemoPerson,
    DemoSetting,
    weekday_on_or_after,
    weekday_on_or_before,
    years_before,
)
from .organisations import OrganisationsBuilder
from .specs import MAINSTREAM, SPECIAL


class SchoolingBuilder(OrganisationsBuilder):
    """Adds where each child goes to school or setting, now and before."""

    def term_start(self, year: int) -> dt.date:
        return min(weekday_on_or_after(dt.date(year, 9, 3)), self.today)

    def term_end(self, year: int) -> dt.date:
        return weekday_on_or_before(dt.date(year, 7, 21))

    def entry_year(self, p: DemoPerson, at_acad: int) -> int:
        """The September the child started (or starts) the school year for academic age at_acad."""
        return self.year - (p.acad - at_acad)

    def candidates(self, categories: Sequence[str], acad: int, area: str) -> list[DemoSetting]:
        found = []
        for s in self.settings:
            if s.spec.category not in categories or not s.spec.ages[0] <= acad <= s.spec.ages[1]:
                continue
            if area == "home" and s.spec.la:
                continue
            if area == "out" and not s.spec.la:
                continue
            found.append(s)
        return found

    def choose(
        self, categories: Sequence[str], acad: int, area: str, need: str = ""
    ) -> DemoSetting | None:
        options = self.candidates(categories, acad, "any" if area == "any" else area)
        if not options:
            return None

        def weight(s: DemoSetting) -> float:
            w = s.spec.weight
            if s.spec.needs:
                w *= 4.0 if need in s.spec.needs else 0.5
            if area == "any" and s.spec.la:
                w *= 0.15
            return w

        return self.weighted([(s, weight(s)) for s in options])

    def placement_group(self, p: DemoPerson) -> str:
        """Where a child is educated, by band; for EHC plans weighted by DfE's placements."""
        c, acad = p.child, p.acad
        if acad <= 3:
            band = "early"
        elif acad <= 15:
            band = "school"
        elif acad <= 18:
            band = "post16"
        else:
            band = "adult"
        if c.sen_provision == "E":
            allowed = {
                "early": ("early_years", "mainstream", "special"),
                "school": ("mainstream", "special", "ap", "elsewhere"),
                "post16": ("mainstream", "special", "fe", "elsewhere"),
                "adult": ("fe", "special", "elsewhere"),
            }[band]
            if p.placed_in_by is not None:
                allowed = tuple(g for g in allowed if g != "elsewhere")
            if band == "early" and p.age < 2:
                if p.age < 1 or self.chance(0.5):
                    return "none"
                allowed = ("early_years",)
            weights = {g: float(self.figures.placement[g][c.primary_need]) for g in allowed}
            if band == "school" and acad <= 10:
                weights["ap"] = weights.get("ap", 0) * 0.3
            group = self.weighted(weights)
            if band == "adult" and group == "special" and self.chance(0.5):
                group = "fe"  # supported learning at a general FE college
            return group
        if band == "early":
            if p.age < 1 or (p.age < 2 and self.chance(0.6)) or self.chance(0.2):
                return "none"
            return "early_years" if acad < 3 or self.chance(0.5) else "mainstream"
        if band == "school":
            if c.sen_provision == "K" and acad >= 7 and self.chance(0.04 if acad >= 11 else 0.01):
                return "ap"
            if p.placed_in_by is None and self.chance(0.02):
                return "elsewhere"
            return "mainstream"
        if band == "post16":
            if acad == 18:
                return "fe" if self.chance(0.4) else "none"
            if self.chance(0.1):
                return "none"
            return "fe" if self.chance(0.55) else "mainstream"
        return "fe" if self.chance(0.4) else "none"

    def attend(
        self,
        p: DemoPerson,
        setting: DemoSetting,
        start: dt.date,
        end: dt.date | None = None,
        kind: str = AttendanceKind.FULL_TIME,
    ) -> None:
        start = min(max(start, p.child.date_of_birth), self.today)
        if end is not None:
            end = max(end, start)
        p.settings.append((setting, start, end, kind))

    def current_setting(self, p: DemoPerson, group: str) -> tuple[DemoSetting | None, dt.date]:
        """The setting for the group and the date the child started there."""
        acad, area, need = p.acad, p.area, p.child.primary_need
        # Children another council has placed here go to a Demoshire school.
        special_area = "out" if area == "out" else "home" if p.placed_in_by else "any"
        if group == "early_years":
            current = self.choose(("early_years", "nursery_school"), acad, area)
            start = self.date_between(
                max(p.child.date_of_birth + dt.timedelta(days=180), years_before(self.today, 2)),
                self.today - dt.timedelta(days=14),
            )
            return current, start
        if group == "special":
            current = self.choose(SPECIAL, acad, special_area, need)
            if current is not None:
                low = current.spec.ages[0]
                if current.spec.category == "specialist_post16":
                    low = max(16, acad - 2)
                elif acad >= 11 and low <= 11 and self.chance(0.6):
                    low = 11  # moved to special school at secondary transfer
                else:
                    low = max(low, min(acad, 4))
                return current, self.term_start(self.entry_year(p, low))
        if group == "ap":
            current = self.choose(("ap",), acad, area)
            if current is not None:
                first = self.term_start(self.entry_year(p, max(current.spec.ages[0], acad - 1)))
                return current, self.date_between(first, self.today - dt.timedelta(days=7))
        if group == "fe":
            current = self.choose(("fe",), acad, area) or self.choose(("fe",), acad, "any")
            if current is not None:
                entered = max(16, acad - self.rng.randint(0, 2))
                return current, self.term_start(self.entry_year(p, entered))
        if group in ("mainstream", "special", "ap", "fe") and acad <= 18:
            current = self.choose(MAINSTREAM, acad, area)
            if current is not None:
                low = max(current.spec.ages[0], 16 if acad >= 16 else 11 if acad >= 11 else 0)
                return current, self.term_start(self.entry_year(p, low))
        return None, self.today

    def educate(self, p: DemoPerson) -> None:
        c, acad = p.child, p.acad
        group = self.placement_group(p)
        current, start = (None, self.today)
        if group not in ("none", "elsewhere"):
            current, start = self.current_setting(p, group)
            if current is None:
                group = "none"
            elif current.spec.category == "ap":
                group = "ap"
            elif current.spec.category in MAINSTREAM and group != "early_years":
                group = "mainstream"
        p.group = group
        if current is None:
            if group == "elsewhere" and 5 <= acad <= 15 and c.sen_provision == "E":
                c.eotas = self.chance(0.5)
            self.past_settings(p, None, self.today)
            return
        kind = AttendanceKind.FULL_TIME
        if group == "ap":
            c.alternative_provision = True
            main = self.choose(MAINSTREAM, acad, p.area) if self.chance(0.5) else None
            if main is not None:
                main_start = self.term_start(self.entry_year(p, 11 if acad >= 11 else 4))
                self.attend(p, main, main_start, None, AttendanceKind.DUAL_MAIN)
                kind = AttendanceKind.DUAL_SUBSIDIARY
            elif self.chance(0.3):
                kind = AttendanceKind.PART_TIME
        elif (
            c.primary_need == "SEMH"
            and group == "mainstream"
            and 5 <= acad <= 15
            and self.chance(0.08)
        ):
            kind = AttendanceKind.PART_TIME  # a reduced timetable
        # Some children moved school part way through a phase: into special school from
        # mainstream, between mainstream schools, or when placed out of area in care.
        move_chance = 0.6 if p.area == "out" else 0.3 if group == "special" else 0.06
        if group in ("mainstream", "special") and 5 <= acad <= 15 and self.chance(move_chance):
            phase_start = self.term_start(self.entry_year(p, 11 if acad >= 11 else 4))
            earliest = phase_start + dt.timedelta(days=60)
            move = self.date_between(earliest, self.today - dt.timedelta(days=7))
            before = self.choose(MAINSTREAM, acad, "home")
            if move > earliest and before is not None and before is not current:
                self.attend(p, before, phase_start, move - dt.timedelta(days=3))
                start = move
        self.attend(p, current, start, None, kind)
        self.past_settings(p, current, start)

    def past_settings(self, p: DemoPerson, current: DemoSetting | None, since: dt.date) -> None:
        """A setting the child left at the end of an earlier phase, for some children.

        ``since`` is when the current setting started (today if none): the earlier one ended
        before it.
        """
        acad = p.acad
        if p.child.responsible_authority_id != self.home.pk:
            return  # their history is with the council responsible for them
        if any(end is not None for _, _, end, _ in p.settings):
            return
        before: DemoSetting | None = None
        start_acad = end_acad = 0
        if 5 <= acad <= 10 and self.chance(0.3):
            before = self.choose(("early_years", "nursery_school"), 3, "home")
            start_acad, end_acad = (2 if self.chance(0.5) else 3), 4
        elif 11 <= acad <= 15 and self.chance(0.7):
            before = self.choose(("primary",), 10, "home")
            start_acad, end_acad = 4, 11
        elif acad >= 16 and self.chance(0.55):
            if p.child.sen_provision == "E" and self.chance(0.3):
                categories: tuple[str, ...] = ("special",)
            else:
                categories = ("secondary", "all_through")
            before = self.choose(categories, 15, "home", p.child.primary_need)
            end_acad = 16
            if before is not None and current is None and acad >= 18:
                end_acad = min(before.spec.ages[1], acad - 1) + 1
            if before is not None:
                start_acad = max(
                    before.spec.ages[0], 4 if before.spec.category == "special" else 11
                )
        if before is None or before is current:
            return
        start = self.term_start(self.entry_year(p, start_acad))
        end = self.term_end(self.entry_year(p, end_acad))
        if end < since:
            self.attend(p, before, start, end)
