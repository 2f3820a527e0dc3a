"""``LocalOfferBuilder``: the Local Offer's entries and comments, unsaved (no database needed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, TypeVar

from django.utils import timezone

from sendpath.demo import names

from .catalogue import (
    ALERTS,
    COMMENTS,
    COUNTY,
    DAYS,
    GENERAL_SENTENCES,
    HOW,
    KINDS,
    LANGUAGE_SETS,
    NEED_SENTENCES,
    NEED_WORDS,
    SHARE_CLOSED,
    SHARE_HIDDEN,
    SHARE_INACTIVE,
    SHARE_OVERDUE,
    TIMES,
    TITLES,
    TOWN_WEIGHTS,
    VENUE_KINDS,
    Kind,
)
from .localoffer_api import (
    Comment,
    CommentStatus,
    Location,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    ServiceVersion,
    reference,
    services,
)
from .places import LocalOfferRows, PlacesBuilder, Venue

T = TypeVar("T")


class LocalOfferBuilder(PlacesBuilder):
    """Makes a Local Offer of ``services`` entries from the catalogue, without a database."""

    def allocate(self) -> list[tuple[Kind, str, int]]:
        """(kind, town, variant) for every entry.

        A county-wide kind gives one entry per variant (each of its names or providers), at
        any size; the rest share what is left by weight, each in a town chosen by size.
        """
        chosen: list[tuple[Kind, str, int]] = []
        for kind in KINDS:
            if kind.county:
                variants = max(len(kind.names), len(kind.providers))
                chosen.extend((kind, "", i) for i in range(variants))
        local = [k for k in KINDS if not k.county]
        remaining = max(0, self.count - len(chosen))
        total = sum(k.weight for k in local)
        shares = [(k, remaining * k.weight / total) for k in local]
        counts = {k.key: int(share) for k, share in shares}
        left = remaining - sum(counts.values())
        for k, _ in sorted(shares, key=lambda ks: ks[1] - int(ks[1]), reverse=True)[:left]:
            counts[k.key] += 1
        for kind in local:
            for _ in range(counts[kind.key]):
                town = self.weighted(TOWN_WEIGHTS)
                width = max(len(kind.names), len(kind.providers))
                if not self.variants[(kind.key, town)]:  # start each town somewhere different
                    self.variants[(kind.key, town)] = self.rng.randrange(width)
                variant = self.variants[(kind.key, town)] % width
                self.variants[(kind.key, town)] += 1
                chosen.append((kind, town, variant))
        return chosen[: self.count]

    @staticmethod
    def nth(items: Sequence[T], variant: int, width: int) -> T | None:
        """The variant's item where the list runs alongside the names, else None (pick one)."""
        if len(items) == width or len(items) == 1:
            return items[variant % len(items)]
        return None

    def provider_for(self, kind: Kind, town: str, variant: int) -> tuple[str, str]:
        """A provider key for an entry of this kind, and the town it then runs in."""
        width = max(len(kind.names), len(kind.providers))
        key = self.nth(kind.providers, variant, width)
        if key is None:
            key = (
                kind.providers[variant % len(kind.providers)]
                if kind.county
                else self.pick(kind.providers)
            )
        if key.startswith("local:"):
            key = self.local_provider(key[6:], town or self.weighted(TOWN_WEIGHTS))
            return key, town or self.provider_town[key]
        return key, town

    def need_codes(self, kind: Kind) -> list[str]:
        low, high = kind.needs_n
        if not kind.needs or high == 0:
            return []
        count = min(len(kind.needs), self.rng.randint(low, high))
        return sorted(self.rng.sample(list(kind.needs), count))

    def describe(
        self,
        kind: Kind,
        fields: dict[str, str],
        needs: list[str],
        ages: tuple[int, int],
        about: str,
    ) -> str:
        sentences = [about.format(**fields)]
        for code in needs[:2]:
            if code in NEED_SENTENCES and self.chance(0.7):
                sentences.append(self.pick(NEED_SENTENCES[code]))
        if kind.more and self.chance(0.7):
            sentences.append(self.pick(kind.more))
        if kind.venue not in ("office", "none") and self.chance(0.6):
            sentences.append(self.pick(GENERAL_SENTENCES))
        if ages[1] <= 5 and self.chance(0.5):
            sentences.append("Babies and toddlers come with a parent or carer.")
        elif ages[0] >= 14 and self.chance(0.5):
            sentences.append("Young people can come on their own or with a friend or carer.")
        return " ".join(sentences)

    def eligibility(
        self, kind: Kind, needs: list[str], ages: tuple[int, int], area: str, variant: int
    ) -> str:
        who = kind.name_who[variant % len(kind.name_who)] if kind.name_who else kind.who
        low, high = ages
        span = f"aged {low} to {high}" if low else f"up to the age of {high}"
        if low == 0 and high >= 25:
            span = "from birth to 25"
        children = who.startswith(("Children", "Young people", "Pupils", "Babies"))
        if who.startswith(("Parents", "Families")):
            text = f"{who} of children and young people {span}"
        else:
            text = f"{who} {span}"
        if needs:
            words = [NEED_WORDS[c] for c in needs]
            joined = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
            text += f" with {joined}"
        elif children:
            text += ", with or without special educational needs or disabilities"
        text += "." if area == COUNTY else f", living in or near {area}."
        if needs and not kind.requires and self.chance(0.6):
            text += " No diagnosis is needed."
        parts = [text, *kind.requires]
        return " ".join(parts)

    def states(self, count: int) -> list[str]:
        """Each entry's state, in exact shares: current, overdue, hidden, closed or inactive."""
        shares = {
            "hidden": SHARE_HIDDEN,
            "overdue": SHARE_OVERDUE,
            "closed": SHARE_CLOSED,
            "inactive": SHARE_INACTIVE,
        }
        states = [state for state, share in shares.items() for _ in range(round(count * share))]
        states += ["current"] * (count - len(states))
        self.rng.shuffle(states)
        return states

    def review_dates(self, state: str) -> tuple[dt.date, dt.date]:
        """(last checked, review by): current, overdue (shown, flagged) or long overdue."""
        if state == "hidden":
            review_by = self.today - dt.timedelta(
                days=self.rng.randint(reference.GRACE_DAYS + 5, 300)
            )
        elif state == "overdue":
            review_by = self.today - dt.timedelta(
                days=self.rng.randint(1, reference.GRACE_DAYS - 10)
            )
        else:
            checked = self.today - dt.timedelta(days=self.rng.randint(0, 355))
            return checked, services.review_due(checked)
        checked = services.add_months(review_by, -reference.REVIEW_MONTHS)
        return checked, services.review_due(checked)

    def locations_for(self, kind: Kind, provider_key: str, town: str) -> list[Venue]:
        spot = kind.venue
        if spot == "none":
            return []
        if spot == "office":
            found = [self.office()]
        elif spot == "school" or (
            spot == "base" and (not town or self.provider_town[provider_key] == town)
        ):
            found = [self.base(provider_key)]
        elif spot == "base":  # a session away from the provider's own premises
            found = [self.venue(self.pick(("hall", "community")), town)]
        else:
            if spot in ("hub", "community") and self.chance(0.25):
                spot = "hall"
            found = [self.venue(spot, town or "Demchester")]
        if town and spot in VENUE_KINDS and self.chance(0.12):
            other = self.weighted({t: w for t, w in TOWN_WEIGHTS.items() if t != town})
            found.append(self.venue(spot, other))
        return found

    def unique_name(self, name: str, ages: tuple[int, int], venue: str, day: str) -> str:
        """The name, told apart from an entry of the same name by its venue, ages or day."""
        low, high = ages
        for candidate in (
            name,
            f"{name} at {venue}" if venue and venue not in name else name,
            f"{name} ({low} to {high} year olds)",
            f"{name} ({low} to {high} year olds, {day}s)" if day else name,
        ):
            if candidate not in self.names_used:
                self.names_used.add(candidate)
                return candidate
        return name

    def service(self, kind: Kind, town: str, variant: int, state: str = "current") -> None:
        provider_key, town = self.provider_for(kind, town, variant)
        provider = self.providers[provider_key]
        self.entries[provider_key] += 1
        area = town or COUNTY
        width = max(len(kind.names), len(kind.providers))
        name_pattern = kind.names[variant % len(kind.names)]
        about = self.nth(kind.about, variant, width) or self.pick(kind.about)
        venues = self.locations_for(kind, provider_key, town)
        focus = {
            "kingsway": "Speech and language",
            "demacademy": "Autism",
            "hollinschool": "Deaf pupils'",
        }.get(provider_key, "Specialist")
        fields = {
            "town": town or "Demoshire",
            "provider": provider.name,
            "venue": venues[0].location.name if venues else provider.name,
            "focus": focus,
            "day": self.pick(DAYS),
        }
        ages = self.nth(kind.ages, variant, width) or self.pick(kind.ages)
        needs = self.need_codes(kind)
        if kind.name_needs:
            needs = list(kind.name_needs[variant % len(kind.name_needs)])
        elif kind.key == "resource-base":
            needs = {"kingsway": ["SLCN"], "demacademy": ["ASD"], "hollinschool": ["HI"]}[
                provider_key
            ]
        categories = [kind.category] + [c for c in kind.also if self.chance(0.5)]
        free = self.chance(kind.free)
        access = self.pick(kind.access)
        status = ServiceStatus.ACTIVE
        alert = ""
        if state == "closed":
            status, alert = ServiceStatus.TEMPORARILY_CLOSED, self.pick(ALERTS)
        elif state == "inactive":
            status = ServiceStatus.INACTIVE
        languages: list[str] = []
        if "HI" in needs:
            languages = ["English", "British Sign Language"]
        elif self.chance(0.18):
            languages = list(self.pick(LANGUAGE_SETS))
        checked, review_by = self.review_dates(state)
        contact_name = ""
        if self.chance(0.35):
            pool = names.POOLS[
                self.pick(
                    (
                        "british",
                        "british",
                        "british",
                        "pakistani",
                        "polish",
                        "irish",
                        "indian",
                        "caribbean",
                    )
                )
            ]
            first = self.pick(pool.girls if self.chance(0.7) else pool.boys)
            contact_name = f"{first} {self.pick(pool.surnames)}"
        slug = self.slug(provider.name)
        service = Service(
            id=self.uuid(),
            provider=provider,
            name=self.unique_name(
                name_pattern.format(**fields),
                ages,
                fields["venue"],
                fields["day"] if kind.times in ("weekly", "course") else "",
            )[:200],
            description=self.describe(kind, fields, needs, ages, about),
            url=f"https://www.{slug}.example.com/{self.slug(kind.key)}/"
            if self.chance(0.7)
            else "",
            email=provider.email
            if self.chance(0.6)
            else f"{self.pick(('bookings', 'enquiries', 'info', 'referrals'))}@{slug}.example.com",
            telephone=self.phone(),
            status=status,
            alert=alert,
            minimum_age=ages[0],
            maximum_age=ages[1],
            eligibility=self.eligibility(kind, needs, ages, area, variant),
            is_free=free,
            cost_description="" if free else self.pick(kind.costs or ("Please ask about costs",)),
            access=access,
            how_to_access=self.pick(HOW[access]),
            opening_times=self.pick(TIMES[kind.times]).format(day=fields["day"]),
            languages=languages,
            area=area,
            contact_name=contact_name,
            contact_title=kind.title or self.pick(TITLES[self.provider_kind[provider_key]]),
            last_reviewed=checked,
            review_by=review_by,
        )
        rows = self.rows
        rows.services.append(service)
        self.kind_of[service.id] = kind.key
        for venue in venues:
            rows.links.append(
                ServiceAtLocation(id=self.uuid(), service=service, location=venue.location)
            )
        for code in categories:
            rows.categories.append((service.id, self.term_ids["category"][code]))
        for code in needs:
            rows.needs.append((service.id, self.term_ids["need"][code]))
        rows.versions.append(
            ServiceVersion(
                service=service,
                number=1,
                summary="Added to the Local Offer",
                changed_fields=[],
                snapshot=self.snapshot(service, categories, needs, [v.location for v in venues]),
            )
        )

    def snapshot(
        self, service: Service, categories: list[str], needs: list[str], places: list[Location]
    ) -> dict[str, Any]:
        """What ``services.service_snapshot`` would record, from the unsaved rows."""
        snap: dict[str, Any] = {name: getattr(service, name) for name in services.SCALAR_FIELDS}
        snap["provider"] = service.provider.name
        snap["categories"] = sorted(self.term_names["category"][c] for c in categories)
        snap["needs"] = sorted(self.term_names["need"][c] for c in needs)
        snap["locations"] = [
            f"{p.name}, {p.address_1}, {p.city} {p.postcode}".strip()
            for p in sorted(places, key=lambda p: p.name)
        ]
        snap["review_by"] = service.review_by.isoformat()
        snap["last_reviewed"] = service.last_reviewed.isoformat()
        return snap

    # -- comments ----------------------------------------------------------------------------

    def comment_time(self, year: int, status: str) -> dt.datetime:
        start = dt.date(year, 1, 1)
        end = min(dt.date(year, 12, 31), self.today)
        if status == CommentStatus.NEW:
            start = max(start, self.today - dt.timedelta(days=40))
        else:
            end = min(end, self.today - dt.timedelta(days=25))
        start = min(start, end)
        day = start + dt.timedelta(days=self.rng.randint(0, (end - start).days))
        moment = dt.datetime.combine(day, dt.time(self.rng.randint(7, 22), self.rng.randint(0, 59)))
        # Never later than now (a comment "sent" this evening while it is still morning).
        return min(timezone.make_aware(moment), timezone.now() - dt.timedelta(minutes=5))

    def build_comments(self) -> None:
        listed = [s for s in self.rows.services if s.status == ServiceStatus.ACTIVE]
        for n in range(self.comment_count):
            topic, status, body, you_said, we_did, last, about = COMMENTS[n % len(COMMENTS)]
            # A comment about an entry hangs on an entry of the kind it is about, never on an
            # unrelated one; a comment about the Local Offer as a whole on none.
            matching = [s for s in listed if about and self.kind_of.get(s.id) == about]
            year = self.today.year - (0 if status == CommentStatus.NEW or n % 2 else 1)
            created = self.comment_time(year, status)
            comment = Comment(
                id=self.uuid(),
                service=self.pick(matching) if matching else None,
                topic=topic,
                body=body,
                status=status,
            )
            if self.chance(0.4):
                pool = names.POOLS["british"]
                first, last_name = self.pick(pool.girls), self.pick(pool.surnames)
                comment.name = f"{first} {last_name}"
                comment.email = f"{first.lower()}.{last_name.lower()}@example.com"
            if status != CommentStatus.NEW:
                comment.decided_at = min(
                    created + dt.timedelta(days=self.rng.randint(3, 20)), timezone.now()
                )
                comment.decided_by = self.staff
                comment.modified_by = self.staff
                if status == CommentStatus.PUBLISHED:
                    comment.you_said, comment.we_did, comment.action_taken = you_said, we_did, last
                else:
                    comment.decline_reason = last
            self.rows.comments.append((comment, created))

    def build(self) -> LocalOfferRows:
        self.build_providers()
        entries = self.allocate()
        for (kind, town, variant), state in zip(entries, self.states(len(entries)), strict=True):
            self.service(kind, town, variant, state)
        self.build_comments()
        return self.rows
