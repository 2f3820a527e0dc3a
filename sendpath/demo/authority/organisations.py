"""Demoshire Council, its neighbours, its schools and settings, and the other services."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sendpath.demo.common import HOME_NAME, HOME_ONS_CODE
from sendpath.demo.people_api import Organisation, OrganisationKind

from .base import BuilderBase, DemoSetting, ascii_fold
from .specs import DEMOSHIRE_SETTINGS, OTHER_ORGANISATIONS, OUT_OF_AREA_SETTINGS


class OrganisationsBuilder(BuilderBase):
    """Adds the organisations: the council, its neighbours, schools and settings, services."""

    def organisation(self, **fields: Any) -> Organisation:
        org = Organisation(id=self.uuid(), **fields)
        self.organisations.append(org)
        return org

    def urn(self) -> str:
        while True:
            urn = f"9{self.rng.randrange(10000, 100000)}"
            if urn not in self._urns:
                self._urns.add(urn)
                return urn

    def build_organisations(self) -> None:
        home = self.organisation(
            kind=OrganisationKind.LOCAL_AUTHORITY,
            name=HOME_NAME,
            la_code=self.home_code,
            ons_code=HOME_ONS_CODE,
            address="Town Hall\nMarket Street\nDemchester",
            postcode="DM1 1AB",
            email="send.team@demoshire.example.com",
            telephone=self.phone(mobile=False),
        )
        self.home = home
        self.authorities[self.home_code] = home
        for authority in self.neighbours:
            self.authorities[authority.la_code] = self.organisation(
                kind=OrganisationKind.LOCAL_AUTHORITY,
                name=authority.name,
                la_code=authority.la_code,
                ons_code=authority.ons_code,
            )
        estabs: Counter[str] = Counter()
        first_estab = {
            "nursery_school": 1000,
            "primary": 2000,
            "all_through": 4100,
            "secondary": 4000,
            "ap": 1100,
            "special": 7000,
        }
        ukprn = 19990000 + self.rng.randrange(100, 500)
        for spec in (*DEMOSHIRE_SETTINGS, *OUT_OF_AREA_SETTINGS):
            area = self.authorities.get(spec.la or self.home_code, home)
            if spec.la:
                address, postcode, _ = self.address(spec.la)
            else:
                address, postcode, _ = self.address(town=spec.town)
            slug = "-".join(ascii_fold(w) for w in spec.name.split() if ascii_fold(w))
            fields: dict[str, Any] = {}
            if spec.kind == OrganisationKind.COLLEGE:
                ukprn += self.rng.randrange(1, 40)
                fields["ukprn"] = str(ukprn)
            if spec.category != "early_years" or self.chance(0.9):
                fields["urn"] = self.urn()
            org = self.organisation(
                kind=spec.kind,
                name=spec.name,
                phase=spec.phase,
                setting_type=spec.setting_type,
                local_authority=area,
                address=address,
                postcode=postcode,
                email=f"office@{slug}.example.com",
                telephone=self.phone(mobile=False),
                **fields,
            )
            estab = 0
            if not spec.la and spec.category in first_estab:
                estabs[spec.category] += 1
                estab = first_estab[spec.category] + estabs[spec.category]
            self.settings.append(DemoSetting(spec, org, estab))
        for name, kind in OTHER_ORGANISATIONS:
            address, postcode, _ = self.address()
            self.others[name] = self.organisation(
                kind=kind,
                name=name,
                local_authority=home,
                address=address,
                postcode=postcode,
                email=f"enquiries@{'-'.join(ascii_fold(w) for w in name.split())}.example.com",
                telephone=self.phone(mobile=False),
            )
