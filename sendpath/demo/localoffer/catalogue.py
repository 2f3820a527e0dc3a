"""What the Demoshire Local Offer is made of: places, providers, the catalogue of kinds of
service, the wording of entries and the comments (the tables are in ``data/localoffer_*.json``)."""

from __future__ import annotations

from dataclasses import dataclass

from sendpath.demo import names
from sendpath.demo.common import LOCAL_OFFER_PROVIDER
from sendpath.demo.datafiles import read

_PLACES = read("localoffer_places")
_PROVIDERS = read("localoffer_providers")
_WORDING = read("localoffer_wording")

DEFAULT_SERVICES = 600
DEFAULT_COMMENTS = 25
COUNTY = "All of Demoshire"
# The voluntary organisation whose staff sign in as the demo ``provider`` account.
PROVIDER_ORGANISATION = LOCAL_OFFER_PROVIDER

SHARE_OVERDUE = 0.05  # past their review date, still shown with a flag
SHARE_HIDDEN = 0.02  # past the 90-day grace period: hidden from the public
SHARE_CLOSED = 0.03  # temporarily closed, with a notice
SHARE_INACTIVE = 0.005  # not running at the moment (hidden)
LOCAL_ENTRIES = 8  # entries a local club or group has before another opens in the town

# ---------------------------------------------------------------------------------------------
# Places

TOWNS: tuple[str, ...] = tuple(t for t, _, _ in names.DEMOSHIRE_TOWNS)
TOWN_WEIGHTS: dict[str, float] = {t: w for t, _, w in names.DEMOSHIRE_TOWNS}
TOWN_DISTRICTS: dict[str, tuple[str, ...]] = {t: d for t, d, _ in names.DEMOSHIRE_TOWNS}
# Neighbourhoods, for the names of local clubs and groups.
PLACES: dict[str, tuple[str, ...]] = _PLACES["places"]
ACCESSIBILITY: tuple[str, ...] = _PLACES["accessibility"]
# Shared venues: (name, how many in Demchester, how many in each other town).
VENUE_KINDS: dict[str, tuple[str, int, int]] = _PLACES["venue_kinds"]
HALLS: tuple[str, ...] = _PLACES["halls"]
OFFICE: tuple[str, str, str, str] = _PLACES["office"]

# ---------------------------------------------------------------------------------------------
# Providers


@dataclass(frozen=True)
class ProviderSpec:
    key: str
    name: str
    kind: str  # council, nhs, school, charity, club, private
    description: str
    town: str = "Demchester"
    organisation: str = ""  # the demo Organisation of the same name, where there is one


PROVIDERS: tuple[ProviderSpec, ...] = tuple(ProviderSpec(**row) for row in _PROVIDERS["providers"])
# Local clubs and groups, named after where they are: (name pattern, kind, activities).
LOCAL_TYPES: tuple[tuple[str, str, tuple[str, ...]], ...] = _PROVIDERS["local_types"]

# ---------------------------------------------------------------------------------------------
# The catalogue of kinds of service

ALL = (0, 25)  # the ages a kind of service is for unless it says
NEED_WORDS: dict[str, str] = _WORDING["need_words"]
NEED_SENTENCES: dict[str, tuple[str, ...]] = _WORDING["need_sentences"]
GENERAL_SENTENCES: tuple[str, ...] = _WORDING["general_sentences"]
LANGUAGE_SETS: tuple[tuple[str, ...], ...] = _WORDING["language_sets"]
ALERTS: tuple[str, ...] = _WORDING["alerts"]
TIMES: dict[str, tuple[str, ...]] = _WORDING["times"]
TITLES: dict[str, tuple[str, ...]] = _WORDING["titles"]
DAYS: tuple[str, ...] = _WORDING["days"]
HOW: dict[str, tuple[str, ...]] = _WORDING["how"]


@dataclass(frozen=True)
class Kind:
    """One kind of service in the catalogue, and how entries of that kind vary."""

    key: str
    category: str
    names: tuple[str, ...]
    about: tuple[str, ...]
    # Provider keys, or "local:<activity>" for a local club or group. Where there are as many
    # as names (or abouts, or age bands), the n-th name goes with the n-th provider (and about,
    # and ages); otherwise each entry picks one.
    providers: tuple[str, ...]
    ages: tuple[tuple[int, int], ...] = (ALL,)
    needs: tuple[str, ...] = ()  # the pool its needs are drawn from
    needs_n: tuple[int, int] = (0, 0)  # how many (0: open to all)
    name_needs: tuple[tuple[str, ...], ...] = ()  # the needs of each name, where they differ
    name_who: tuple[str, ...] = ()  # who each name is for, where it differs
    also: tuple[str, ...] = ()  # other categories, each listed half the time
    more: tuple[str, ...] = ()
    venue: str = "hub"  # hub, leisure, library, clinic, community, base, school, office, none
    times: str = "weekly"
    access: tuple[str, ...] = ("self",)
    free: float = 1.0
    costs: tuple[str, ...] = ()
    who: str = "Children and young people"
    requires: tuple[str, ...] = ()
    weight: float = 1.0  # share of the town-based entries
    county: bool = False  # one entry for all of Demoshire
    title: str = ""


KINDS: tuple[Kind, ...] = tuple(Kind(**row) for row in read("localoffer_kinds")["kinds"])

# ---------------------------------------------------------------------------------------------
# Comments on the Local Offer (reg 56)

# (topic, status, what they wrote, you said, we did, action taken or decline reason, and the
# kind of entry the comment is about: "" for one about the Local Offer as a whole). Published
# answers say only what the product does.
COMMENTS: tuple[tuple[str, str, str, str, str, str, str], ...] = tuple(
    (
        c["topic"],
        c["status"],
        c["body"],
        c["you_said"],
        c["we_did"],
        c["action_or_reason"],
        c.get("service_kind", ""),
    )
    for c in read("localoffer_comments")["comments"]
)
