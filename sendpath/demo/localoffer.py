"""The Demoshire Local Offer: about 600 invented services, their providers and places, comments.

Everything is made from one ``random.Random`` seeded from the demo's seed, so the same seed
gives the same entries, ids and addresses. Services come from a catalogue of kinds (a speech
and language therapy clinic, a sensory swim, a short-breaks holiday club, how to ask for an EHC
needs assessment...), each with its category, the ages and needs it is for, where it runs and
how families get in touch; descriptions are put together from the kind's sentences and
sentences about the needs and ages it serves. Kinds that describe the whole county (the SEND
information, advice and support service, how to appeal) appear once; the rest are spread over
the towns by size. Locations are shared venues (family hubs, leisure centres, libraries, health
centres), the provider's own base, or a school, with postcodes in the bundled sectors so that
searching by distance works.

About 5% of entries are overdue for their yearly check (shown, flagged) and about 2% are past
the 90-day grace period (hidden); a few are temporarily closed with a notice.

``LocalOfferBuilder`` makes unsaved rows (the benchmark uses it at 10,000 services);
``load_local_offer`` saves them with bulk inserts and loads the bundled postcodes.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import time
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.utils import timezone

from sendpath.demo.draws import Draws
from sendpath.localoffer import reference, services
from sendpath.localoffer.management.commands.load_postcodes import BUNDLED
from sendpath.localoffer.models import (
    Comment,
    CommentStatus,
    Location,
    Provider,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    ServiceVersion,
)
from sendpath.people.models import Organisation, User

from . import names
from .generator import LOCAL_OFFER_PROVIDER, NOT_EMPTY_MESSAGE, DatabaseNotEmpty

T = TypeVar("T")

DEFAULT_SERVICES = 600
DEFAULT_COMMENTS = 25
COUNTY = "All of Demoshire"
COUNCIL = "Demoshire Council"
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
PLACES: dict[str, tuple[str, ...]] = {
    "Demchester": ("Demchester", "Kingsway", "Ashgrove", "Meadowbank", "Highfield", "Parkside"),
    "Brindlemoor": ("Brindlemoor", "Moorside", "Willowbrook"),
    "Hollin Cross": ("Hollin Cross", "Hollin Green"),
    "Oxley Bridge": ("Oxley Bridge", "Riverside"),
    "Sallowfield": ("Sallowfield", "Fernhill", "Greenacres"),
    "Tarnbury": ("Tarnbury", "Castle Hill"),
}
ACCESSIBILITY: tuple[str, ...] = (
    "Step-free entrance and an accessible toilet.",
    "Step-free throughout, with a lift to the first floor and an accessible toilet.",
    "Step-free entrance, accessible toilet and a Changing Places toilet with a hoist.",
    "Ramp at the side entrance; accessible toilet on the ground floor; hearing loop at reception.",
    "Blue Badge parking by the door; step-free entrance; quiet room available on request.",
    "The main hall is on the ground floor; the upstairs rooms have no lift.",
)
# Shared venues: (name, how many in Demchester, how many in each other town).
VENUE_KINDS: dict[str, tuple[str, int, int]] = {
    "hub": ("{place} Family Hub", 4, 1),
    "leisure": ("{place} Leisure Centre", 2, 1),
    "library": ("{place} Library", 2, 1),
    "clinic": ("{place} Health Centre", 3, 1),
    "community": ("{place} Community Centre", 3, 1),
    "hall": ("{hall}", 6, 3),
}
HALLS: tuple[str, ...] = (
    "St Aidan's Church Hall",
    "{place} Methodist Hall",
    "{place} Village Hall",
    "{place} Sports Hall",
    "{place} Scout and Guide Hut",
    "St Mary's Parish Centre",
    "{place} Cricket Club Pavilion",
    "{place} Youth and Community Hall",
    "Quaker Meeting House",
    "{place} Bowling Club",
)
OFFICE = ("Demoshire Council, Town Hall", "Town Hall, Market Street", "Demchester", "DM1 1AB")

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


P = ProviderSpec
PROVIDERS: tuple[ProviderSpec, ...] = (
    # The council's own teams
    P(
        "send",
        "Demoshire Council SEND Team",
        "council",
        "The council's special educational needs and disabilities team: EHC needs assessments, EHC "
        "plans and annual reviews.",
        organisation=COUNCIL,
    ),
    P(
        "iass",
        "Demoshire SEND Information, Advice and Support Service",
        "council",
        "Free, confidential and impartial advice about special educational needs and disabilities "
        "for children, young people and parents. Run at arm's length from the council.",
    ),
    P(
        "ep",
        "Demoshire Educational Psychology Service",
        "council",
        "Educational psychologists who work with schools, settings and families.",
    ),
    P(
        "sensory",
        "Demoshire Sensory Support Service",
        "council",
        "Qualified teachers of deaf children and of children with vision impairment, and "
        "habilitation specialists.",
    ),
    P(
        "inclusion",
        "Demoshire Inclusion and Outreach Team",
        "council",
        "Specialist teachers who help schools include children with autism and learning "
        "difficulties.",
    ),
    P(
        "earlyyears",
        "Demoshire Early Years SEND Team",
        "council",
        "Portage home visitors and early years inclusion officers for children from birth to five.",
    ),
    P(
        "cwd",
        "Demoshire Children with Disabilities Team",
        "council",
        "Social workers for disabled children and their families.",
        organisation="Demoshire Children with Disabilities Team",
    ),
    P(
        "shortbreaks",
        "Demoshire Short Breaks Service",
        "council",
        "Short breaks for disabled children and young people, and a break for the people who care "
        "for them.",
    ),
    P(
        "hubs",
        "Demoshire Family Hubs",
        "council",
        "Family hubs in every town: help for families with children from birth to 19, or 25 with "
        "special educational needs.",
    ),
    P(
        "earlyhelp",
        "Demoshire Early Help Service",
        "council",
        "Family support workers who help families early, before problems grow.",
    ),
    P(
        "travel",
        "Demoshire Travel Assistance Team",
        "council",
        "Home to school and college travel assistance, and travel training.",
    ),
    P(
        "pfa",
        "Demoshire Preparing for Adulthood Team",
        "council",
        "Help for young people with SEND from 14 to 25 to plan for work, independent living, "
        "friends and good health.",
    ),
    P(
        "youth",
        "Demoshire Youth Service",
        "council",
        "Youth clubs, activities and youth workers across Demoshire.",
    ),
    P("libraries", "Demoshire Libraries", "council", "Public libraries in every town."),
    P(
        "employment",
        "Demoshire Supported Employment Service",
        "council",
        "Job coaches who help young people and adults with learning disabilities or autism into "
        "paid work.",
    ),
    P(
        "adultcare",
        "Demoshire Adult Social Care Transitions Team",
        "council",
        "Social workers who help young people with care needs move to adult social care.",
    ),
    P(
        "complaints",
        "Demoshire Council Complaints Team",
        "council",
        "How to complain about a council service.",
        organisation=COUNCIL,
    ),
    P(
        "leisure",
        "Demoshire Leisure Trust",
        "charity",
        "The not-for-profit trust that runs Demoshire's leisure centres and swimming pools.",
    ),
    # Health
    P(
        "community",
        "Demoshire Community Health NHS Trust",
        "nhs",
        "Community health services for children and young people: therapies, community paediatrics "
        "and nursing.",
        organisation="Demoshire Community Health NHS Trust",
    ),
    P(
        "hospital",
        "Demchester and Tarnbury Hospitals NHS Foundation Trust",
        "nhs",
        "Hospital services at Demchester General and Tarnbury Community Hospital.",
    ),
    P(
        "mental",
        "Demoshire Mental Health NHS Foundation Trust",
        "nhs",
        "Mental health services for children, young people and adults.",
    ),
    P(
        "icb",
        "NHS Demoshire Integrated Care Board",
        "nhs",
        "Plans and pays for NHS services in Demoshire.",
        organisation="NHS Demoshire Integrated Care Board",
    ),
    P(
        "hospice",
        "Meadowlark Children's Hospice",
        "charity",
        "Care and short breaks for children and young people with life-limiting conditions, and "
        "their families.",
        town="Tarnbury",
    ),
    # Schools and colleges (the demo's own settings)
    P(
        "brookfield",
        "Brookfield School",
        "school",
        "A special school for pupils aged 2 to 19 with severe, profound and multiple learning "
        "difficulties.",
        organisation="Brookfield School",
    ),
    P(
        "rowan",
        "Rowan Park School",
        "school",
        "A special school for autistic pupils and pupils with communication needs.",
        town="Brindlemoor",
        organisation="Rowan Park School",
    ),
    P(
        "lantern",
        "The Lantern Academy",
        "school",
        "A special academy for pupils with social, emotional and mental health needs.",
        town="Hollin Cross",
        organisation="The Lantern Academy",
    ),
    P(
        "hazelwood",
        "Hazelwood School",
        "school",
        "A special school for pupils with moderate learning difficulties and additional needs.",
        town="Oxley Bridge",
        organisation="Hazelwood School",
    ),
    P(
        "kingsway",
        "Kingsway Primary School",
        "school",
        "A primary school with a speech and language resource base.",
        organisation="Kingsway Primary School",
    ),
    P(
        "demacademy",
        "Demchester Academy",
        "school",
        "A secondary school and sixth form with an autism resource base.",
        organisation="Demchester Academy",
    ),
    P(
        "hollinschool",
        "Hollin Cross School",
        "school",
        "A secondary school with a resource base for deaf pupils.",
        town="Hollin Cross",
        organisation="Hollin Cross School",
    ),
    P(
        "college",
        "Demoshire College",
        "school",
        "Further education college with foundation learning and supported internships.",
        organisation="Demoshire College",
    ),
    P(
        "sixthform",
        "Demchester Sixth Form College",
        "school",
        "A sixth form college.",
        organisation="Demchester Sixth Form College",
    ),
    P(
        "prs",
        "Demoshire Pupil Referral Service",
        "school",
        "Education for pupils who cannot attend school for a time.",
        organisation="Demoshire Pupil Referral Service",
    ),
    P(
        "nursery",
        "Demchester Nursery School",
        "school",
        "A maintained nursery school.",
        organisation="Demchester Nursery School",
    ),
    # Charities and community groups
    P(
        "forum",
        "Demoshire Parent Carer Forum",
        "charity",
        "Parents and carers of disabled children working with the council and the NHS to improve "
        "services.",
        organisation="Demoshire Parent Carer Forum",
    ),
    P(
        "autism",
        PROVIDER_ORGANISATION,
        "charity",
        "Support groups, courses and activities for autistic children and young people and their "
        "families.",
        organisation=PROVIDER_ORGANISATION,
    ),
    P(
        "deaf",
        "Demoshire Deaf Children's Society",
        "charity",
        "Support and activities for deaf children and their families, run by parents and deaf "
        "adults.",
    ),
    P(
        "sight",
        "Demoshire Sight Loss Family Network",
        "charity",
        "A network for families of blind and partially sighted children.",
        town="Oxley Bridge",
    ),
    P(
        "ds",
        "Demoshire Down Syndrome Family Group",
        "charity",
        "A parent-led group for families of children and young people with Down syndrome.",
        town="Brindlemoor",
    ),
    P(
        "carers",
        "Demoshire Carers Centre",
        "charity",
        "Support for unpaid carers of all ages, including young carers.",
    ),
    P(
        "siblings",
        "Sibling Space Demoshire",
        "charity",
        "Groups and days out for brothers and sisters of disabled children.",
        town="Sallowfield",
    ),
    P(
        "dyslexia",
        "Demoshire Dyslexia Association",
        "charity",
        "Advice, assessments and support for children and adults with dyslexia.",
    ),
    P(
        "advocacy",
        "Demoshire Young People's Advocacy",
        "charity",
        "Independent advocates who help children and young people have their say.",
    ),
    P(
        "independent",
        "Demoshire Independent Supporters",
        "charity",
        "Independent supporters who help families through EHC needs assessments and plans.",
    ),
    P(
        "mediation",
        "Castlegate Mediation",
        "private",
        "Independent SEND mediation and disagreement resolution, commissioned by Demoshire "
        "Council.",
        town="Tarnbury",
    ),
    P(
        "law",
        "Demoshire Education Law Advice Centre",
        "charity",
        "Free legal advice about education, SEND appeals and disability discrimination.",
    ),
    P(
        "money",
        "Demoshire Money and Benefits Advice",
        "charity",
        "Free advice on benefits, debt and money for families.",
    ),
    P(
        "counselling",
        "Harbour Light Counselling for Young People",
        "charity",
        "Free counselling for young people aged 11 to 25.",
        town="Oxley Bridge",
    ),
    P(
        "riding",
        "Moorland Therapeutic Riding Centre",
        "charity",
        "Riding and carriage driving for disabled children and adults.",
        town="Hollin Cross",
    ),
    P(
        "farm",
        "Tarnbury Community Farm",
        "charity",
        "A working farm with volunteering and day placements for young people.",
        town="Tarnbury",
    ),
    P(
        "play",
        "Playworks Demoshire",
        "charity",
        "Adventure playgrounds and holiday play schemes, including inclusive and specialist "
        "sessions.",
    ),
    P(
        "theatre",
        "Oxley Bridge Inclusive Theatre Company",
        "charity",
        "Drama, dance and performance for disabled and non-disabled young people together.",
        town="Oxley Bridge",
    ),
    P(
        "sport",
        "Demoshire Disability Sport Network",
        "charity",
        "Sports clubs and competitions for disabled children and young people.",
    ),
    P(
        "transport",
        "Demoshire Community Transport",
        "charity",
        "Door-to-door minibus and car schemes for people who cannot use buses.",
    ),
    # Private providers
    P(
        "homecare",
        "Homestead Children's Care Ltd",
        "private",
        "Care at home and sitting for disabled children, paid privately or with a direct payment.",
        town="Brindlemoor",
    ),
    P(
        "living",
        "Pathways Supported Living",
        "private",
        "Supported living for young adults with learning disabilities and autism.",
        town="Sallowfield",
    ),
    P(
        "dayops",
        "Oakwood Day Opportunities",
        "private",
        "Day opportunities for young adults with learning disabilities.",
        town="Hollin Cross",
    ),
    P(
        "slt",
        "Brightsteps Speech and Language Therapy",
        "private",
        "Independent speech and language therapists (registered with the HCPC).",
    ),
    P(
        "ot",
        "Demchester Children's Occupational Therapy",
        "private",
        "Independent occupational therapists for children.",
    ),
    P(
        "tutoring",
        "Harbour Tutoring Dyslexia Centre",
        "private",
        "Specialist tuition for children with dyslexia and dyscalculia.",
        town="Tarnbury",
    ),
)
del P

# Local clubs and groups, named after where they are: (name pattern, kind, activities).
LOCAL_TYPES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("{place} Inclusive Football Club", "club", ("football",)),
    ("{place} Dolphins Swimming Club", "club", ("swimming",)),
    ("{place} Youth Project", "charity", ("youth",)),
    ("{place} Arts Collective", "charity", ("arts",)),
    ("{place} Forest School", "private", ("forest",)),
    ("{place} Trampoline Club", "club", ("trampoline",)),
    ("{place} Little Theatre", "charity", ("drama",)),
    ("{place} Music Workshop", "charity", ("music",)),
    ("{place} Martial Arts Academy", "private", ("martial",)),
    ("{place} Dance Studio", "private", ("dance",)),
    ("{place} Adapted Cycling Project", "charity", ("cycling",)),
    ("{place} Climbing Wall", "private", ("climbing",)),
    ("{place} Stay and Play Group", "charity", ("stayplay",)),
)

# ---------------------------------------------------------------------------------------------
# The catalogue of kinds of service

EARLY, PRIMARY, SECONDARY, POST16, ALL = (0, 5), (4, 11), (11, 16), (16, 25), (0, 25)
PFA = (14, 25)
NEED_CODES = tuple(code for code, _ in reference.NEEDS)
NEED_WORDS: dict[str, str] = {
    "SPLD": "dyslexia or another specific learning difficulty",
    "MLD": "moderate learning difficulties",
    "SLD": "severe learning difficulties",
    "PMLD": "profound and multiple learning difficulties",
    "SEMH": "social, emotional or mental health needs",
    "SLCN": "speech, language or communication needs",
    "HI": "hearing loss or deafness",
    "VI": "sight loss",
    "MSI": "multi-sensory impairment (deafblindness)",
    "PD": "a physical disability",
    "ASD": "autism",
    "DS": "Down syndrome",
    "OTH": "other needs or long-term health conditions",
}
NEED_SENTENCES: dict[str, tuple[str, ...]] = {
    "ASD": (
        "Sessions follow the same pattern each week, with a visual timetable, and there is a quiet "
        "space for anyone who needs a break.",
        "Staff have autism training and will ask what helps your child before the first visit.",
        "Ear defenders and fidget toys are available, and the lights can be dimmed.",
    ),
    "SLCN": (
        "Staff use Makaton signs and symbols alongside speech.",
        "Visual supports and picture symbols are used throughout.",
    ),
    "HI": (
        "Staff sign, and a British Sign Language interpreter can be booked for any session.",
        "Rooms have a hearing loop, and radio aids are welcome.",
    ),
    "VI": (
        "Information is available in large print, braille and audio on request.",
        "Staff will describe the space and show your child round before the first session.",
    ),
    "MSI": ("Staff work with your child's intervenor or a familiar adult.",),
    "PD": (
        "The building is step-free, with a hoist and a Changing Places toilet.",
        "Adapted equipment is available; tell us what your child uses.",
    ),
    "PMLD": (
        "Staff are trained in moving and handling, tube feeding and giving emergency medicine.",
        "There is a sensory room and space for wheelchairs and specialist seating.",
    ),
    "SLD": ("Activities are broken into small steps and staff use Makaton.",),
    "MLD": ("Staff go at your child's pace, with plenty of practice and praise.",),
    "SEMH": (
        "Groups are small and staff are trained in helping young people manage worry and anger.",
        "Young people can bring a trusted adult to their first session.",
    ),
    "SPLD": ("Handouts use a dyslexia-friendly font on cream paper.",),
    "DS": ("Parents of children with Down syndrome help run the sessions.",),
    "OTH": ("Tell us about any medical needs and we will plan for them with you.",),
}
GENERAL_SENTENCES: tuple[str, ...] = (
    "Brothers and sisters are welcome.",
    "Parents and carers are welcome to stay.",
    "A personal assistant or support worker can come along free of charge.",
    "You can visit first to see if it suits your child.",
    "There is free parking outside.",
    "The venue is on the 22 and 35 bus routes.",
    "Places are limited, so please book ahead.",
    "Staff have enhanced DBS checks and safeguarding training.",
    "We welcome families from every background and can arrange an interpreter.",
    "Refreshments are provided.",
)
LANGUAGE_SETS: tuple[tuple[str, ...], ...] = (
    ("English", "Urdu"),
    ("English", "Polish"),
    ("English", "Urdu", "Punjabi"),
    ("English", "Romanian"),
    ("English", "Arabic"),
    ("English", "Bengali"),
    ("English", "Polish", "Romanian"),
    ("English", "British Sign Language"),
)
ALERTS: tuple[str, ...] = (
    "Closed until the end of the month while the pool is refurbished.",
    "No sessions this term while we recruit new volunteers. Please phone to join the waiting list.",
    "Paused over the summer holidays; sessions start again in September.",
    "Our usual venue is closed for repairs. Sessions will restart as soon as it reopens.",
    "The waiting list is closed for new referrals until staffing improves. Urgent referrals are "
    "still accepted.",
)
TIMES: dict[str, tuple[str, ...]] = {
    "office": (
        "Monday to Friday, 9am to 5pm",
        "Monday to Thursday, 9am to 5pm; Friday, 9am to 4:30pm",
        "Monday to Friday, 8:30am to 5pm",
    ),
    "clinic": (
        "Appointments Monday to Friday, 8:30am to 4:30pm",
        "Clinics on Tuesday and Thursday mornings, by appointment",
        "Appointments Monday to Friday, 9am to 5pm; some evening appointments",
    ),
    "weekly": (
        "{day}s, 4pm to 5:30pm, in term time",
        "{day}s, 10am to 11:30am",
        "{day} evenings, 6pm to 8pm",
        "{day}s, 1pm to 3pm, in term time",
        "Every other {day}, 10am to 12 noon",
    ),
    "weekend": ("Saturdays, 10am to 12 noon", "Sundays, 2pm to 4pm", "Saturdays, 1pm to 3pm"),
    "holiday": (
        "School holidays (not bank holidays), 10am to 3pm",
        "Easter and summer holidays, Monday to Thursday, 10am to 2pm",
        "Every school holiday, 9:30am to 3:30pm",
    ),
    "course": (
        "Six weekly sessions each term, on {day} mornings, 10am to 12 noon",
        "A four-week course each term, on {day} evenings, 6:30pm to 8:30pm",
    ),
    "helpline": (
        "Helpline Monday to Friday, 9:30am to 4pm; emails answered within 2 working days",
        "Helpline Monday, Wednesday and Friday, 10am to 3pm",
    ),
    "anytime": (
        "You can read this information at any time; the team answers calls Monday to Friday, 9am "
        "to 5pm",
    ),
    "school": ("School days, 8:45am to 3:15pm", "College days, 9am to 4pm"),
}
TITLES: dict[str, tuple[str, ...]] = {
    "council": ("Team manager", "Service coordinator", "Duty officer", "Team administrator"),
    "nhs": ("Clinical lead", "Team administrator", "Service manager", "Team leader"),
    "school": ("SENCO", "School business manager", "Head of inclusion"),
    "charity": ("Volunteer coordinator", "Project worker", "Group leader", "Family support worker"),
    "club": ("Club secretary", "Head coach", "Welfare officer"),
    "private": ("Practice manager", "Owner", "Bookings manager"),
}
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
HOW: dict[str, tuple[str, ...]] = {
    "self": (
        "Phone or email to book a place. You can come to a taster session first.",
        "Just turn up: there is no need to book. Please fill in a short form on your first visit.",
        "Book online or by phone. Tell us about your child's needs when you book so we can plan "
        "for them.",
    ),
    "referral": (
        "A professional must refer: ask your GP, health visitor, school SENCO or social worker. "
        "You can phone us to check whether a referral has arrived.",
        "Referrals come from schools, GPs and other health professionals, using the form on our "
        "website.",
    ),
    "either": (
        "You can contact us yourself, or a professional can refer with your agreement.",
        "Phone or email us, or ask your child's school or health visitor to get in touch.",
    ),
}


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


K = Kind
SENSORY = ("HI", "VI", "MSI")
LEARNING = ("MLD", "SLD", "PMLD", "DS")
EVERY = NEED_CODES
KINDS: tuple[Kind, ...] = (
    # -- Education ---------------------------------------------------------------------------
    K(
        "special-school",
        "education",
        ("Places at {provider}",),
        (
            "{provider} is a special school for pupils whose needs are best met in a specialist "
            "setting. Places are named in EHC plans after the council consults the school.",
        ),
        ("brookfield", "rowan", "lantern", "hazelwood"),
        ages=((2, 19), (4, 19), (7, 16), (4, 16)),
        needs=("PMLD", "SLD", "ASD", "SLCN", "SEMH", "MLD"),
        needs_n=(1, 3),
        venue="school",
        times="school",
        access=("referral",),
        requires=("An EHC plan naming the school.",),
        who="Pupils",
        county=True,
        title="School SENCO",
        more=(
            "Parents are welcome to visit before expressing a preference: phone the school office "
            "to arrange a tour.",
        ),
    ),
    K(
        "resource-base",
        "education",
        ("{focus} resource base at {provider}",),
        (
            "A resource base is a small class inside a mainstream school, where pupils get "
            "specialist teaching for part of the day and join their classmates for the rest.",
        ),
        ("kingsway", "demacademy", "hollinschool"),
        ages=(PRIMARY, (11, 18), (11, 18)),
        needs=("SLCN", "ASD", "HI"),
        needs_n=(1, 1),
        venue="school",
        times="school",
        access=("referral",),
        requires=("An EHC plan: places are agreed by the council's SEND panel.",),
        who="Pupils",
        county=True,
    ),
    K(
        "sensory-teachers",
        "education",
        (
            "Teachers of deaf children",
            "Vision support teachers",
            "Multi-sensory impairment support",
        ),
        (
            "Qualified teachers of the deaf and of children with vision impairment visit babies at "
            "home and children at nursery, school and college. They advise staff, check equipment "
            "such as radio aids, and teach skills such as braille and touch typing.",
        ),
        ("sensory",),
        ages=(ALL, (0, 19)),
        needs=SENSORY,
        needs_n=(1, 2),
        venue="office",
        name_needs=(("HI",), ("VI",), ("MSI", "HI", "VI")),
        times="office",
        access=("either",),
        county=True,
        title="Team leader",
    ),
    K(
        "outreach",
        "education",
        (
            "Autism outreach for schools",
            "Learning support outreach",
        ),
        (
            "Specialist teachers visit schools and settings to advise staff on teaching and "
            "including children with autism, learning difficulties or speech and language needs.",
            "Our specialist teachers work alongside school staff: observing, modelling strategies "
            "and training whole staff teams.",
        ),
        ("inclusion",),
        ages=((4, 16), PRIMARY),
        needs=("ASD", "MLD", "SLCN", "SPLD"),
        needs_n=(1, 3),
        name_needs=(("ASD", "SLCN"), ("MLD", "SPLD")),
        venue="office",
        times="office",
        access=("referral",),
        county=True,
        requires=("Schools refer with the parent's agreement.",),
    ),
    K(
        "ep-consult",
        "education",
        (
            "Educational psychology consultation line",
            "Educational psychology for schools",
        ),
        (
            "Parents and school staff can talk through a child's learning, behaviour or wellbeing "
            "with an educational psychologist.",
        ),
        ("ep",),
        ages=(ALL,),
        venue="office",
        times="office",
        access=("either",),
        county=True,
    ),
    K(
        "portage",
        "education",
        ("Portage home visiting", "Early years inclusion support"),
        (
            "A trained Portage home visitor comes to your home every one or two weeks to play and "
            "learn with your child and help you plan small next steps together.",
            "Early years inclusion officers help nurseries, pre-schools and childminders welcome "
            "children with SEND, and can apply for extra funding for support.",
        ),
        ("earlyyears",),
        ages=((0, 5), (0, 4)),
        needs=EVERY,
        needs_n=(0, 2),
        venue="office",
        times="office",
        access=("either",),
        county=True,
        who="Babies and young children",
    ),
    K(
        "nursery-send",
        "education",
        ("Specialist nursery places at {provider}",),
        (
            "Nursery places for three and four year olds with SEND, with extra staff and a sensory "
            "room, alongside the nursery's other children.",
        ),
        ("nursery",),
        ages=((2, 5),),
        needs=("ASD", "SLCN", "DS", "PD", "SLD"),
        needs_n=(1, 3),
        venue="school",
        times="school",
        access=("either",),
        county=True,
        who="Young children",
    ),
    K(
        "prs",
        "education",
        ("Education for pupils out of school", "Home and hospital tuition"),
        (
            "Teaching for pupils who cannot attend school for a time because of illness, anxiety "
            "or exclusion, in small groups or at home, with a plan to return to school.",
        ),
        ("prs",),
        ages=((5, 16),),
        needs=("SEMH", "OTH"),
        needs_n=(1, 2),
        venue="school",
        times="school",
        access=("referral",),
        county=True,
        requires=("Schools or a doctor refer.",),
    ),
    K(
        "college",
        "education",
        (
            "Foundation learning at {provider}",
            "Supported study programme at {provider}",
        ),
        (
            "Full-time courses for young people with learning difficulties that build English, "
            "maths, work skills and independence, with a personal tutor and learning support.",
        ),
        ("college", "sixthform"),
        ages=(POST16, (16, 19)),
        needs=("MLD", "SLD", "ASD", "DS"),
        needs_n=(1, 3),
        venue="school",
        times="school",
        access=("self",),
        county=True,
        also=("preparing-for-adulthood",),
        who="Young people",
    ),
    K(
        "homework",
        "education",
        ("Homework club at {venue}", "Reading buddies at {venue}"),
        (
            "A calm after-school space to do homework with help from volunteers.",
            "Volunteers listen to children read and help them choose books they will enjoy, with "
            "dyslexia-friendly and large print books.",
        ),
        ("libraries",),
        ages=((6, 13), (5, 11)),
        needs=("SPLD", "MLD", "VI"),
        needs_n=(0, 2),
        venue="library",
        times="weekly",
        weight=1.3,
        who="Children",
    ),
    K(
        "dyslexia",
        "education",
        ("Dyslexia tuition in {town}", "Dyslexia screening and advice"),
        (
            "One-to-one lessons with a specialist dyslexia teacher, using a structured, "
            "multisensory approach to reading, spelling and writing.",
            "A screening appointment and advice for parents on how to help at home and what to ask "
            "school for.",
        ),
        ("tutoring", "dyslexia"),
        ages=((6, 16), (7, 18)),
        needs=("SPLD",),
        needs_n=(1, 1),
        venue="base",
        times="weekly",
        access=("self",),
        free=0.3,
        costs=(
            "£30 an hour; help with fees is available for families on a low income",
            "£45 for a screening appointment",
            "£28 a lesson, paid termly",
        ),
        weight=0.9,
        who="Children and young people",
    ),
    K(
        "senco-drop-in",
        "education",
        ("SEND coffee morning at {venue}",),
        (
            "An informal drop-in for parents to meet the SENCO and other parents and ask questions "
            "about SEN support in school.",
        ),
        ("hubs",),
        ages=((4, 16),),
        venue="hub",
        times="weekly",
        weight=0.8,
        who="Parents",
    ),
    # -- Health --------------------------------------------------------------------------------
    K(
        "slt",
        "health",
        (
            "Children's speech and language therapy: {town} clinic",
            "Speech and language therapy drop-in, {town}",
        ),
        (
            "Speech and language therapists assess and help children who find it hard to "
            "understand, talk, or eat and drink safely.",
            "A drop-in for parents worried about their child's talking, with advice from a speech "
            "and language therapist and referral if needed.",
        ),
        ("community",),
        ages=((0, 18), EARLY, (0, 16)),
        needs=("SLCN", "ASD", "DS", "HI"),
        needs_n=(1, 2),
        venue="clinic",
        times="clinic",
        access=("either", "referral"),
        weight=1.2,
        title="Clinical lead",
    ),
    K(
        "ot",
        "health",
        ("Children's occupational therapy, {town}",),
        (
            "Occupational therapists help children do everyday things: dressing, eating, writing, "
            "playing and managing at school, and advise on equipment and adaptations at home.",
        ),
        ("community",),
        ages=((0, 18),),
        needs=("PD", "ASD", "SPLD", "OTH"),
        needs_n=(1, 2),
        venue="clinic",
        times="clinic",
        access=("referral",),
        weight=0.8,
    ),
    K(
        "physio",
        "health",
        ("Children's physiotherapy, {town}",),
        (
            "Physiotherapists help children with movement difficulties to be as mobile and "
            "independent as possible, with exercises, equipment and advice for home and school.",
        ),
        ("community",),
        ages=((0, 18),),
        needs=("PD", "PMLD"),
        needs_n=(1, 2),
        venue="clinic",
        times="clinic",
        access=("referral",),
        weight=0.6,
    ),
    K(
        "paediatrics",
        "health",
        ("Community paediatric clinic, {town}",),
        (
            "Community paediatricians are children's doctors who assess development, diagnose "
            "conditions, and give medical advice for EHC needs assessments.",
        ),
        ("community",),
        ages=((0, 18),),
        venue="clinic",
        times="clinic",
        access=("referral",),
        weight=0.6,
        requires=("A referral from a GP, health visitor or school nurse.",),
    ),
    K(
        "audiology",
        "health",
        ("Children's hearing clinic (audiology), {town}",),
        (
            "Hearing tests for babies and children, hearing aid fitting and repairs, and support "
            "from the paediatric audiology team.",
        ),
        ("hospital",),
        ages=((0, 18),),
        needs=("HI",),
        needs_n=(1, 1),
        venue="clinic",
        times="clinic",
        access=("referral", "either"),
        weight=0.3,
    ),
    K(
        "orthoptics",
        "health",
        ("Children's eye clinic, {town}",),
        (
            "Orthoptists and eye doctors check children's eyesight and eye movements and treat "
            "problems such as squints and lazy eye.",
        ),
        ("hospital",),
        ages=((0, 16),),
        needs=("VI",),
        needs_n=(1, 1),
        venue="clinic",
        times="clinic",
        access=("referral",),
        weight=0.3,
    ),
    K(
        "camhs",
        "health",
        (
            "Child and adolescent mental health service (CAMHS)",
            "CAMHS learning disability team",
            "Eating disorder service for young people",
        ),
        (
            "Assessment and treatment for children and young people with significant mental health "
            "difficulties, such as anxiety, depression, self-harm or eating disorders.",
        ),
        ("mental",),
        ages=((5, 18), (5, 18), (11, 18)),
        needs=("SEMH", "SLD", "ASD"),
        needs_n=(1, 2),
        name_needs=(("SEMH",), ("SLD", "SEMH"), ("SEMH",)),
        venue="clinic",
        times="clinic",
        access=("referral",),
        county=True,
        more=(
            "If you are worried about a young person's safety right now, call NHS 111 and choose "
            "the mental health option.",
        ),
    ),
    K(
        "autism-assessment",
        "health",
        ("Autism and ADHD assessment (neurodevelopmental pathway)",),
        (
            "Assessment for autism and ADHD by a team of paediatricians, psychologists and speech "
            "and language therapists. Support does not wait for a diagnosis: ask your school and "
            "family hub what help is available now.",
        ),
        ("community",),
        ages=((2, 18),),
        needs=("ASD", "SEMH"),
        needs_n=(1, 2),
        venue="clinic",
        times="clinic",
        access=("referral",),
        county=True,
    ),
    K(
        "nursing",
        "health",
        (
            "Children's community nursing",
            "Continence service for children",
            "Special school nursing",
        ),
        (
            "Nurses who care for children with complex health needs at home and at school, "
            "including tube feeding, ventilation and end of life care.",
            "Help for children who are not yet dry or clean, or who have bladder and bowel "
            "conditions, including advice on continence products.",
        ),
        ("community",),
        ages=((0, 18), (4, 19)),
        needs=("PMLD", "PD", "OTH", "SLD"),
        needs_n=(1, 3),
        venue="clinic",
        times="clinic",
        access=("referral",),
        county=True,
    ),
    K(
        "wheelchair",
        "health",
        ("Wheelchair service for children and young people",),
        ("Assessment for manual and powered wheelchairs and specialist seating, and repairs.",),
        ("community",),
        ages=(ALL,),
        needs=("PD", "PMLD"),
        needs_n=(1, 2),
        venue="clinic",
        times="clinic",
        access=("referral",),
        county=True,
    ),
    K(
        "sleep",
        "health",
        ("Sleep support for families, {town}",),
        (
            "Sleep practitioners help families whose disabled child sleeps badly, with a sleep "
            "diary, a plan that suits your family and follow-up calls.",
        ),
        ("community", "earlyhelp"),
        ages=((2, 18),),
        needs=("ASD", "SEMH", "SLD", "DS"),
        needs_n=(1, 2),
        venue="hub",
        times="course",
        access=("either",),
        weight=0.4,
    ),
    K(
        "mhst",
        "health",
        ("Mental health support in schools, {town}",),
        (
            "Mental health practitioners work in schools to help pupils with mild to moderate "
            "anxiety and low mood, and give advice to staff and parents.",
        ),
        ("mental",),
        ages=((5, 18),),
        needs=("SEMH",),
        needs_n=(1, 1),
        venue="none",
        times="school",
        access=("referral",),
        weight=0.3,
        requires=("Pupils at schools in the programme; ask your school.",),
    ),
    K(
        "ld-nursing",
        "health",
        (
            "Learning disability nursing for children",
            "Annual health checks for young people with learning disabilities",
        ),
        (
            "Specialist nurses help children and young people with learning disabilities stay "
            "healthy, and help families with behaviour, sleep and health appointments.",
            "From 14, young people with a learning disability can have a free yearly health check "
            "with their GP, and a health action plan.",
        ),
        ("community", "icb"),
        ages=((5, 19), (14, 25)),
        needs=("SLD", "PMLD", "DS", "MLD"),
        needs_n=(1, 3),
        venue="clinic",
        times="clinic",
        access=("either",),
        county=True,
        also=("preparing-for-adulthood",),
    ),
    K(
        "health-visiting",
        "health",
        ("Health visiting and development checks, {town}",),
        (
            "Health visitors check every child's development at one year and two years and help "
            "families with feeding, sleep, speech and behaviour.",
        ),
        ("community",),
        ages=((0, 5),),
        venue="hub",
        times="clinic",
        access=("self",),
        weight=0.4,
        who="Babies and young children",
    ),
    K(
        "dental",
        "health",
        ("Special care dentistry for children",),
        (
            "Dental care for children who cannot be treated at a high street dentist because of "
            "their disability, anxiety or medical condition.",
        ),
        ("community",),
        ages=((0, 18),),
        needs=("PMLD", "ASD", "SLD", "PD"),
        needs_n=(1, 3),
        venue="clinic",
        times="clinic",
        access=("referral",),
        county=True,
    ),
    K(
        "hospice",
        "health",
        ("Care and short breaks at {provider}",),
        (
            "Nursing care, short breaks and end of life care for children and young people with "
            "life-limiting conditions, with support for brothers, sisters and parents.",
        ),
        ("hospice",),
        ages=(ALL,),
        needs=("PMLD", "PD", "OTH"),
        needs_n=(1, 2),
        venue="base",
        times="office",
        access=("either",),
        county=True,
        also=("social-care",),
    ),
    K(
        "private-therapy",
        "health",
        (
            "Independent speech and language therapy, {town}",
            "Independent occupational therapy, {town}",
        ),
        (
            "Assessments and therapy from independent, HCPC-registered therapists, at home, in "
            "clinic or at school, and reports for EHC needs assessments and tribunals.",
        ),
        ("slt", "ot"),
        ages=((0, 18),),
        needs=("SLCN", "ASD", "PD", "SPLD"),
        needs_n=(1, 2),
        venue="base",
        times="clinic",
        access=("self",),
        free=0.0,
        costs=(
            "£95 an hour; reports are priced separately",
            "£120 for an initial assessment, then £85 a session",
        ),
        weight=0.4,
    ),
    K(
        "counselling",
        "health",
        ("Free counselling for young people, {town}", "Young people's wellbeing drop-in, {town}"),
        (
            "Confidential counselling for young people, face to face, by phone or online, with a "
            "trained counsellor.",
        ),
        ("counselling",),
        ages=((11, 25), (11, 18)),
        needs=("SEMH",),
        needs_n=(0, 1),
        venue="base",
        times="weekly",
        access=("self", "either"),
        weight=0.5,
        who="Young people",
    ),
    K(
        "health-budget",
        "health",
        ("Personal health budgets and continuing care",),
        (
            "Children with complex health needs may be eligible for continuing care, and families "
            "can ask for a personal health budget to arrange care in a way that suits them.",
        ),
        ("icb",),
        ages=(ALL,),
        needs=("PMLD", "PD", "OTH"),
        needs_n=(1, 2),
        venue="office",
        times="office",
        access=("either",),
        county=True,
        also=("social-care",),
    ),
    # -- Social care ---------------------------------------------------------------------------
    K(
        "after-school",
        "social-care",
        ("After-school club for disabled children, {town}", "{day} club at {venue}"),
        (
            "A specialist club with a high ratio of trained staff, offering play, crafts, cooking "
            "and outdoor activities, so children have fun with friends and parents get a break.",
        ),
        ("shortbreaks", "play"),
        ages=((5, 18), (5, 13), (11, 18)),
        needs=("SLD", "PMLD", "ASD", "PD", "DS", "MSI"),
        needs_n=(1, 3),
        venue="hub",
        times="weekly",
        access=("either",),
        free=0.6,
        costs=("£5 a session", "£3 a session; free for children with a short breaks plan"),
        weight=1.6,
        title="Short breaks coordinator",
    ),
    K(
        "holiday-club",
        "social-care",
        ("Holiday playscheme, {town}", "Summer holiday club at {venue}"),
        (
            "Days out, games, arts and crafts and sport in the school holidays, with staff trained "
            "to support children with SEND, including personal care.",
        ),
        ("shortbreaks", "play"),
        ages=((5, 18), (5, 11), (8, 16)),
        needs=("ASD", "SLD", "PD", "DS", "SEMH", "MLD"),
        needs_n=(0, 3),
        venue="leisure",
        times="holiday",
        access=("self", "either"),
        free=0.4,
        costs=("£12 a day", "£15 a day; help with costs for families on a low income"),
        weight=1.6,
    ),
    K(
        "overnight",
        "social-care",
        ("Overnight short breaks at {venue}",),
        (
            "Planned overnight stays in a homely short breaks house, with activities and trips, "
            "for children whose needs mean they need care at night.",
        ),
        ("shortbreaks",),
        ages=((8, 18),),
        needs=("SLD", "PMLD", "ASD", "PD"),
        needs_n=(1, 3),
        venue="community",
        times="office",
        access=("referral",),
        weight=0.3,
        requires=("An assessment by the Children with Disabilities Team.",),
    ),
    K(
        "cwd-assessment",
        "social-care",
        ("Social work assessment for disabled children",),
        (
            "A social worker assesses what support your family needs, which may include short "
            "breaks, help at home or a direct payment.",
        ),
        ("cwd",),
        ages=((0, 18),),
        needs=("PMLD", "SLD", "PD", "MSI", "ASD"),
        needs_n=(1, 3),
        venue="office",
        times="office",
        access=("either",),
        county=True,
    ),
    K(
        "family-support",
        "social-care",
        (
            "Family support worker, {town}",
            "Parenting support for families of children with SEND, {town}",
        ),
        (
            "A family support worker helps with routines, behaviour, sleep and getting to "
            "appointments, for as long as the family needs.",
            "Practical support and a listening ear for parents, at home or at the family hub.",
        ),
        ("earlyhelp", "hubs"),
        ages=((0, 18), ALL),
        needs=EVERY,
        needs_n=(0, 2),
        venue="hub",
        times="office",
        access=("either",),
        weight=0.9,
    ),
    K(
        "direct-payments",
        "social-care",
        ("Direct payments for short breaks and care",),
        (
            "A direct payment is money from the council that you use to arrange your child's short "
            "breaks or care yourself, such as employing a personal assistant.",
        ),
        ("cwd",),
        ages=(ALL,),
        venue="office",
        times="office",
        access=("either",),
        county=True,
        requires=("An assessment of your child's needs.",),
    ),
    K(
        "young-carers",
        "social-care",
        ("Young carers group, {town}",),
        (
            "Time out for young people who help look after someone at home: trips, activities and "
            "someone to talk to.",
        ),
        ("carers",),
        ages=((8, 18), (11, 18)),
        venue="hub",
        times="weekly",
        access=("self",),
        weight=0.5,
        who="Young carers",
    ),
    K(
        "siblings",
        "social-care",
        ("Sibling group, {town}",),
        (
            "A group for brothers and sisters of disabled children to meet others who understand, "
            "have fun and talk about their feelings.",
        ),
        ("siblings",),
        ages=((6, 16),),
        venue="community",
        times="weekly",
        access=("self",),
        weight=0.4,
        who="Brothers and sisters",
    ),
    K(
        "sitting",
        "social-care",
        ("Sitting service and care at home, {town}",),
        (
            "Trained carers look after your child at home so you can have a break, go to "
            "appointments or spend time with your other children.",
        ),
        ("homecare",),
        ages=((0, 18),),
        needs=("PMLD", "SLD", "PD", "ASD"),
        needs_n=(1, 3),
        venue="none",
        times="office",
        access=("self",),
        free=0.0,
        costs=("£24 an hour; you can use a direct payment",),
        weight=0.4,
    ),
    K(
        "parent-wellbeing",
        "social-care",
        ("Parent carer wellbeing group, {town}",),
        (
            "A relaxed group for parents and carers of disabled children to meet, share tips and "
            "look after themselves, with guest speakers each month.",
        ),
        ("forum", "carers"),
        ages=(ALL,),
        venue="community",
        times="weekly",
        access=("self",),
        weight=0.6,
        who="Parents and carers",
    ),
    # -- Travel --------------------------------------------------------------------------------
    K(
        "home-to-school",
        "travel",
        ("Home to school travel assistance", "Post-16 travel support"),
        (
            "Free travel to school for children who live beyond walking distance or cannot walk "
            "there because of their SEND, such as a bus pass, a minibus or a mileage payment.",
            "Help with travel to school or college for students aged 16 to 19, and for young "
            "people up to 25 with an EHC plan.",
        ),
        ("travel",),
        ages=((4, 16), POST16),
        venue="office",
        times="office",
        access=("self",),
        county=True,
        requires=("Apply by 31 May for a September start.",),
    ),
    K(
        "travel-training",
        "travel",
        ("Independent travel training",),
        (
            "A travel trainer teaches young people to travel safely on their own, on foot and by "
            "bus and train, one step at a time, starting with the journey to school or college.",
        ),
        ("travel",),
        ages=((11, 25), PFA),
        needs=("MLD", "SLD", "ASD", "DS"),
        needs_n=(1, 3),
        venue="office",
        times="office",
        access=("either",),
        county=True,
        also=("preparing-for-adulthood",),
    ),
    K(
        "community-transport",
        "travel",
        ("Community transport: door-to-door minibus, {town}",),
        (
            "Accessible minibuses with a tail lift for people who cannot use ordinary buses, for "
            "shopping, appointments and days out.",
        ),
        ("transport",),
        ages=(ALL,),
        needs=("PD", "VI", "PMLD"),
        needs_n=(0, 2),
        venue="none",
        times="office",
        access=("self",),
        free=0.0,
        costs=("£3 a single journey; carers travel free",),
        weight=0.7,
    ),
    K(
        "travel-taster",
        "travel",
        (
            "Travel training taster session, {town}",
            "Getting about safely: a course for young people, {town}",
        ),
        (
            "A first taste of travel training: planning a journey, reading a timetable, paying "
            "the fare and what to do if the bus does not come, in a small group.",
            "Six short sessions on crossing roads, using buses and trains, keeping safe and "
            "asking for help, ending with a real journey together.",
        ),
        ("travel",),
        ages=((11, 25), (14, 25)),
        needs=("MLD", "SLD", "ASD", "DS", "SEMH"),
        needs_n=(0, 2),
        venue="hub",
        times="course",
        access=("either",),
        weight=0.5,
        who="Young people",
        also=("preparing-for-adulthood",),
    ),
    K(
        "blue-badge",
        "travel",
        ("Blue Badges for children and young people", "Free bus pass for disabled young people"),
        (
            "How to apply for a Blue Badge for a child who has difficulty walking or needs to be "
            "near their vehicle for medical treatment.",
            "A free pass for local buses for disabled young people, and a companion pass where "
            "they need someone with them.",
        ),
        ("travel",),
        ages=((0, 25), (5, 25)),
        needs=("PD", "VI", "PMLD", "MSI"),
        needs_n=(0, 2),
        venue="office",
        times="anytime",
        access=("self",),
        county=True,
    ),
    # -- Preparing for adulthood ---------------------------------------------------------------
    K(
        "supported-internship",
        "preparing-for-adulthood",
        (
            "Supported internships at {provider}",
            "Supported internships with local employers",
        ),
        (
            "A year-long study programme based mainly at an employer, with a job coach, for young "
            "people with an EHC plan who want to move into paid work.",
        ),
        ("college", "employment"),
        ages=((16, 24),),
        needs=("MLD", "SLD", "ASD", "DS"),
        needs_n=(1, 3),
        venue="school",
        times="school",
        access=("either",),
        county=True,
        requires=("An EHC plan.",),
        also=("education",),
    ),
    K(
        "job-coaching",
        "preparing-for-adulthood",
        ("Job coaching and supported employment, {town}",),
        (
            "A job coach helps you find work that suits you, learn the job and settle in, and "
            "helps employers make reasonable adjustments.",
        ),
        ("employment",),
        ages=((16, 25),),
        needs=("MLD", "SLD", "ASD", "SEMH", "DS"),
        needs_n=(1, 3),
        venue="hub",
        times="office",
        access=("either",),
        weight=0.5,
        who="Young people",
    ),
    K(
        "independent-living",
        "preparing-for-adulthood",
        (
            "Independent living skills course, {town}",
            "Cooking and money skills for young people, {town}",
        ),
        (
            "Practical sessions on cooking, shopping, budgeting, keeping safe and using public "
            "transport, so young people can do more for themselves.",
        ),
        ("pfa", "youth"),
        ages=(PFA, (16, 25)),
        needs=("MLD", "SLD", "ASD", "DS"),
        needs_n=(1, 3),
        venue="community",
        times="course",
        access=("either",),
        weight=0.7,
        who="Young people",
    ),
    K(
        "transition-care",
        "preparing-for-adulthood",
        ("Moving to adult social care",),
        (
            "From 14, a transitions social worker starts planning with young people who will need "
            "care as adults, so that support carries on at 18.",
        ),
        ("adultcare",),
        ages=(PFA,),
        needs=("PMLD", "SLD", "PD", "ASD"),
        needs_n=(1, 3),
        venue="office",
        times="office",
        access=("referral",),
        county=True,
        also=("social-care",),
    ),
    K(
        "youth-club",
        "preparing-for-adulthood",
        ("Inclusive youth club, {town}", "Social club for young adults, {town}"),
        (
            "A youth club where young people with and without SEND meet friends, play games, cook "
            "and plan trips, with youth workers who know how to help.",
            "An evening out for young adults with learning disabilities: discos, bowling, karaoke "
            "and meals out, with support.",
        ),
        ("youth", "local:youth"),
        ages=((11, 19), (16, 25)),
        needs=("MLD", "SLD", "ASD", "DS", "SEMH"),
        needs_n=(0, 3),
        venue="community",
        times="weekly",
        access=("self",),
        free=0.7,
        costs=("£2 a session", "£3 a session"),
        also=("advice-and-support",),
        weight=1.2,
        who="Young people",
    ),
    K(
        "supported-living",
        "preparing-for-adulthood",
        ("Supported living, {town}",),
        (
            "Shared and single flats with support from staff for young adults who want to live "
            "away from home, with help to learn the skills to manage a home.",
        ),
        ("living",),
        ages=((18, 25),),
        needs=("SLD", "ASD", "MLD", "DS"),
        needs_n=(1, 3),
        venue="base",
        times="office",
        access=("referral",),
        free=0.0,
        costs=("Paid through adult social care and housing benefit",),
        weight=0.3,
        who="Young adults",
        requires=("An adult social care assessment.",),
    ),
    K(
        "day-ops",
        "preparing-for-adulthood",
        ("Day opportunities for young adults, {town}",),
        (
            "Weekday activities for young adults with learning disabilities: gardening, arts, "
            "sport, community trips and work experience.",
        ),
        ("dayops",),
        ages=((18, 25),),
        needs=("SLD", "PMLD", "DS", "MLD"),
        needs_n=(1, 3),
        venue="base",
        times="office",
        access=("either",),
        free=0.2,
        costs=("£45 a day, or through a personal budget",),
        weight=0.3,
        who="Young adults",
    ),
    K(
        "volunteering",
        "preparing-for-adulthood",
        ("Supported volunteering at {provider}",),
        (
            "Volunteer placements with support, looking after animals, growing food and working in "
            "the farm shop, to build confidence and work skills.",
        ),
        ("farm",),
        ages=((14, 25),),
        needs=("MLD", "SEMH", "ASD"),
        needs_n=(0, 2),
        venue="base",
        times="weekly",
        access=("either",),
        weight=0.2,
        who="Young people",
    ),
    K(
        "pfa-info",
        "preparing-for-adulthood",
        (
            "Preparing for adulthood: a guide for young people and families",
            "Benefits at 16: Personal Independence Payment",
        ),
        (
            "What changes as young people with SEND grow up, from the year 9 review onwards: "
            "education and training, work, where to live, friends and health.",
            "At 16, Disability Living Allowance ends and young people can claim Personal "
            "Independence Payment. What to expect and where to get help with the form.",
        ),
        ("pfa", "money"),
        ages=(PFA,),
        venue="office",
        times="anytime",
        access=("self",),
        county=True,
        also=("advice-and-support",),
    ),
    K(
        "health-transition",
        "preparing-for-adulthood",
        ("Moving to adult health services",),
        (
            "From 14, children's health teams plan the move to adult services with young people "
            "who have long-term conditions, with a named worker and a transition clinic.",
        ),
        ("community",),
        ages=(PFA,),
        needs=("PD", "PMLD", "OTH"),
        needs_n=(1, 3),
        venue="clinic",
        times="clinic",
        access=("referral",),
        county=True,
        also=("health",),
    ),
    # -- Advice and support (with leisure) -----------------------------------------------------
    K(
        "iass",
        "advice-and-support",
        ("SEND information, advice and support service", "SENDIASS helpline"),
        (
            "Free, confidential and impartial information and advice about SEN support, EHC plans, "
            "exclusions and disagreements, for parents, children and young people up to 25.",
        ),
        ("iass",),
        ages=(ALL,),
        venue="office",
        times="helpline",
        access=("self",),
        county=True,
        also=("ehc-assessment", "complaints-and-appeals"),
    ),
    K(
        "forum",
        "advice-and-support",
        ("Join {provider}",),
        (
            "The parent carer forum brings families' views to the council and the NHS and works "
            "with them to improve services. Membership is free.",
        ),
        ("forum",),
        ages=(ALL,),
        venue="base",
        times="office",
        access=("self",),
        county=True,
        who="Parents and carers",
    ),
    K(
        "autism-group",
        "advice-and-support",
        (
            "Autism parent support group, {town}",
            "Autism family fun session, {town}",
            "Understanding autism: a course for parents, {town}",
            "Teen autism social group, {town}",
        ),
        (
            "A friendly group where parents and carers of autistic children share experiences, "
            "tips and information, with a guest speaker each month.",
            "A relaxed play session for autistic children and their families, with sensory toys, "
            "crafts and a quiet room.",
            "A course for parents of autistic children about communication, sensory differences, "
            "anxiety and behaviour, and what helps at home.",
            "A social group where autistic teenagers meet others, play games and plan outings, "
            "with staff who understand.",
        ),
        ("autism",),
        ages=(ALL, (4, 11), (0, 18), (11, 18)),
        name_who=("Parents and carers", "Families", "Parents and carers", "Young people"),
        needs=("ASD",),
        needs_n=(1, 2),
        venue="community",
        times="weekly",
        access=("self",),
        weight=1.4,
        title="Family support coordinator",
    ),
    K(
        "deaf-group",
        "advice-and-support",
        ("Deaf children's family group, {town}", "Family sign language course, {town}"),
        (
            "Meet other families of deaf children, with play for the children and deaf role "
            "models.",
            "Learn British Sign Language as a family with a deaf tutor, at a pace that suits you.",
        ),
        ("deaf",),
        ages=(ALL, (0, 11)),
        needs=("HI", "MSI"),
        needs_n=(1, 2),
        venue="community",
        times="weekly",
        access=("self",),
        weight=0.4,
    ),
    K(
        "sight-group",
        "advice-and-support",
        ("Sight loss family day, {town}",),
        (
            "Activity days for blind and partially sighted children and their families, from "
            "climbing to cookery, and a chance for parents to meet.",
        ),
        ("sight",),
        ages=((0, 18),),
        needs=("VI", "MSI"),
        needs_n=(1, 2),
        venue="community",
        times="weekend",
        access=("self",),
        weight=0.3,
    ),
    K(
        "ds-group",
        "advice-and-support",
        ("Down syndrome family group, {town}",),
        (
            "A parent-led group for families of children with Down syndrome, with speech and "
            "language activities, play and support for parents.",
        ),
        ("ds",),
        ages=((0, 11), ALL),
        needs=("DS",),
        needs_n=(1, 1),
        venue="community",
        times="weekend",
        access=("self",),
        weight=0.3,
    ),
    K(
        "stay-play",
        "advice-and-support",
        (
            "Stay and play at {venue}",
            "Sensory stay and play, {town}",
            "Messy play for little ones, {town}",
        ),
        (
            "A play session for young children and their parents and carers, with sensory toys, "
            "songs and stories, and staff on hand for a chat.",
            "A sensory play session in a quiet room with lights, textures and music, for young "
            "children with additional needs.",
        ),
        ("hubs", "hubs", "local:stayplay"),
        ages=((0, 5), (0, 4), (2, 5)),
        needs=EVERY,
        needs_n=(0, 2),
        venue="hub",
        times="weekly",
        access=("self",),
        weight=2.0,
        who="Babies and young children",
    ),
    K(
        "swimming",
        "advice-and-support",
        (
            "Sensory swim at {venue}",
            "Disability swimming lessons, {town}",
            "Swimming club, {town}",
        ),
        (
            "A quieter swim with warmer water, low lighting and no music, for disabled children "
            "and their families.",
            "Small-group swimming lessons with qualified teachers, for children who need more time "
            "and support to learn to swim.",
        ),
        ("leisure", "leisure", "local:swimming"),
        ages=((0, 18), (4, 16), (5, 25)),
        needs=("ASD", "PD", "SLD", "DS", "SEMH", "VI"),
        needs_n=(0, 3),
        venue="leisure",
        times="weekend",
        access=("self",),
        free=0.3,
        costs=("£3.50 a session; carers swim free", "£25 for a block of six lessons"),
        weight=1.4,
        title="Club secretary",
    ),
    K(
        "sport",
        "advice-and-support",
        (
            "Multi-sports for disabled children, {town}",
            "Inclusive football, {town}",
            "Wheelchair basketball and boccia, {town}",
        ),
        (
            "Weekly coaching from qualified coaches in a friendly club where everyone plays, "
            "whatever their ability.",
            "Try different sports each week with adapted equipment, and the chance to join teams "
            "and competitions.",
        ),
        ("sport", "local:football", "leisure"),
        ages=((5, 16), (8, 25), (5, 18)),
        needs=("PD", "ASD", "MLD", "DS", "SEMH", "HI"),
        needs_n=(0, 3),
        venue="leisure",
        times="weekly",
        access=("self",),
        free=0.4,
        costs=("£2 a session", "£3 a session; the first session is free"),
        weight=1.2,
    ),
    K(
        "activities",
        "advice-and-support",
        (
            "Trampolining for children with additional needs, {town}",
            "Relaxed climbing sessions, {town}",
            "Inclusive dance class, {town}",
            "Martial arts for children with SEND, {town}",
            "Adapted cycling, {town}",
        ),
        (
            "Fun, confidence-building sessions with trained instructors, in small groups with "
            "plenty of support.",
            "A relaxed session at a quieter time, with instructors who adapt activities to each "
            "child.",
        ),
        ("local:trampoline", "local:climbing", "local:dance", "local:martial", "local:cycling"),
        ages=((5, 16), (4, 18), (8, 25), SECONDARY),
        needs=("ASD", "PD", "DS", "SLD", "SEMH", "MLD"),
        needs_n=(0, 3),
        venue="base",
        times="weekly",
        access=("self",),
        free=0.2,
        costs=("£4 a session", "£5 a session; carers go free", "£20 for a block of five"),
        weight=1.2,
    ),
    K(
        "arts",
        "advice-and-support",
        (
            "Inclusive drama group, {town}",
            "Music making for children with SEND, {town}",
            "Art club, {town}",
            "Forest school for children with additional needs, {town}",
            "Inclusive theatre workshop, {town}",
        ),
        (
            "A drama group where children and young people with and without SEND play, improvise "
            "and put on a show together each term.",
            "Drumming, singing and music technology, including switch-operated instruments, for "
            "children of all abilities.",
            "Painting, clay and collage in a relaxed studio, with an exhibition of everyone's work "
            "at the end of each term.",
            "Outdoor sessions in the woods: den building, fire lighting, mud kitchens and nature "
            "crafts, at each child's pace.",
            "Workshops in acting, movement and stagecraft with a professional company, leading to "
            "a performance in a real theatre.",
        ),
        ("local:drama", "local:music", "local:arts", "local:forest", "theatre"),
        ages=((5, 16), (8, 18), (4, 11), (5, 11), SECONDARY),
        needs=("ASD", "SLD", "MLD", "SEMH", "DS", "SLCN", "PD"),
        needs_n=(0, 3),
        venue="base",
        times="weekly",
        access=("self",),
        free=0.4,
        costs=("£3 a session", "£4 a session, with free places for families on a low income"),
        weight=1.2,
    ),
    K(
        "riding",
        "advice-and-support",
        ("Therapeutic riding at {provider}",),
        (
            "Riding lessons with trained volunteers and calm ponies, which help balance, "
            "confidence and communication.",
        ),
        ("riding",),
        ages=((4, 25),),
        needs=("PD", "ASD", "SLD", "DS"),
        needs_n=(1, 3),
        venue="base",
        times="weekly",
        access=("self",),
        free=0.0,
        costs=("£15 a lesson",),
        weight=0.2,
    ),
    K(
        "library",
        "advice-and-support",
        ("Sensory story time at {venue}", "Relaxed library session at {venue}"),
        (
            "Stories with props, songs and sensory objects, for young children who find ordinary "
            "story times too busy.",
            "A quieter time in the library with dimmed lights, bean bags and staff to help find "
            "books, including easy read, large print and audiobooks.",
        ),
        ("libraries",),
        ages=((0, 5), (0, 11), (4, 16)),
        needs=("ASD", "SLCN", "VI", "SPLD"),
        needs_n=(0, 2),
        venue="library",
        times="weekly",
        access=("self",),
        weight=1.0,
    ),
    K(
        "cinema",
        "advice-and-support",
        ("Relaxed cinema screenings, {town}",),
        (
            "Family films shown with the lights up low and the sound down, where nobody minds if "
            "you talk, move about or come and go.",
        ),
        ("leisure", "local:arts"),
        ages=((0, 18),),
        needs=("ASD", "SEMH", "SLD"),
        needs_n=(0, 2),
        venue="base",
        times="weekend",
        access=("self",),
        free=0.0,
        costs=("£3.50 a ticket; carers free with a Cinema Access card",),
        weight=0.3,
    ),
    K(
        "money",
        "advice-and-support",
        (
            "Benefits advice for families of disabled children",
            "Help with Disability Living Allowance claims",
        ),
        (
            "Free advice on Disability Living Allowance, Carer's Allowance and other help, "
            "including filling in forms and challenging decisions.",
        ),
        ("money",),
        ages=(ALL,),
        venue="base",
        times="helpline",
        access=("self",),
        county=True,
        who="Families",
    ),
    K(
        "advocacy",
        "advice-and-support",
        ("Independent advocacy for children and young people",),
        (
            "An advocate helps children and young people say what they think about decisions that "
            "affect them, such as their EHC plan, care or health.",
        ),
        ("advocacy",),
        ages=((5, 25),),
        venue="base",
        times="office",
        access=("either",),
        county=True,
    ),
    K(
        "hub-advice",
        "advice-and-support",
        ("SEND advice session at {venue}", "Family hub SEND drop-in, {town}"),
        (
            "Drop in to talk to a family hub worker about your child's needs, what help is "
            "available locally and how to get it.",
        ),
        ("hubs",),
        ages=(ALL, (0, 18)),
        needs=EVERY,
        needs_n=(0, 1),
        venue="hub",
        times="weekly",
        access=("self",),
        weight=1.2,
    ),
    # -- EHC needs assessment ------------------------------------------------------------------
    K(
        "ehc-request",
        "ehc-assessment",
        (
            "How to ask for an EHC needs assessment",
            "EHC needs assessment: what happens and when",
            "Annual reviews of EHC plans",
            "Personal budgets in EHC plans",
            "Requesting a change of school in an EHC plan",
        ),
        (
            "Parents, young people aged 16 to 25 and schools can ask the council for an education, "
            "health and care needs assessment. The council must decide within 6 weeks whether to "
            "assess, and issue any plan within 20 weeks of the request.",
            "What happens at each step of an assessment, who gives advice, and when you will hear "
            "from us.",
            "Every EHC plan is reviewed at least once a year. How to prepare, who comes, and what "
            "can change.",
            "You can ask for a personal budget for some of the provision in an EHC plan, and take "
            "part of it as a direct payment. Who can have one and how it works.",
            "How to ask for a different school or college to be named in an EHC plan, and how the "
            "council consults the school you prefer.",
        ),
        ("send",),
        ages=(ALL,),
        venue="office",
        times="anytime",
        access=("self",),
        county=True,
    ),
    K(
        "ehc-help",
        "ehc-assessment",
        (
            "Help with writing your child's views for an EHC needs assessment",
            "Independent support through the EHC process",
            "Workshop: getting ready for an annual review",
        ),
        (
            "An adviser helps you write down what your child is good at, what they find hard and "
            "what they hope for, in your words and theirs.",
            "An independent supporter helps you through the assessment: filling in forms, "
            "gathering advice, going to meetings and checking the draft plan.",
            "A free workshop on what to expect and how to put your child's views at the centre.",
        ),
        ("iass", "independent", "forum"),
        ages=(ALL,),
        venue="base",
        times="course",
        access=("self",),
        county=True,
    ),
    # -- Complaints and appeals ----------------------------------------------------------------
    K(
        "mediation",
        "complaints-and-appeals",
        ("SEND mediation", "Disagreement resolution service"),
        (
            "Free, independent mediation between families and the council about EHC needs "
            "assessments and plans. You must consider mediation before most appeals to the SEND "
            "Tribunal; we will give you a certificate within 3 working days of asking.",
            "A free, independent meeting to sort out disagreements with a school, college or the "
            "council about SEN provision, at any time.",
        ),
        ("mediation",),
        ages=(ALL,),
        venue="base",
        times="office",
        access=("self",),
        county=True,
        also=("ehc-assessment",),
    ),
    K(
        "appeals",
        "complaints-and-appeals",
        ("Appealing to the SEND Tribunal", "Help with a SEND Tribunal appeal"),
        (
            "You can appeal to the First-tier Tribunal (SEND) about decisions not to assess, not "
            "to issue a plan, or what a plan says. How to appeal and the time limits.",
            "Free help to prepare an appeal: the forms, evidence, and what happens on the day.",
        ),
        ("iass", "law"),
        ages=(ALL,),
        venue="base",
        times="helpline",
        access=("self",),
        county=True,
    ),
    K(
        "complaints",
        "complaints-and-appeals",
        (
            "How to complain about a council service",
            "Complaints about NHS services for children",
            "Taking a complaint to the Ombudsman",
        ),
        (
            "Tell us if something has gone wrong. We aim to answer within 10 working days, and "
            "explain what to do if you are not happy with our answer.",
            "Each NHS trust has a patient advice and liaison service that can sort out problems "
            "quickly, and a formal complaints process.",
            "If you have been through the council's complaints process and are still unhappy, you "
            "can ask the Local Government and Social Care Ombudsman to look at it. It is free.",
        ),
        ("complaints", "hospital", "complaints"),
        ages=(ALL,),
        venue="office",
        times="office",
        access=("self",),
        county=True,
    ),
    K(
        "disability-law",
        "complaints-and-appeals",
        ("Disability discrimination in schools: advice",),
        (
            "Free legal advice if you think your child has been treated unfairly at school because "
            "of their disability, including exclusions.",
        ),
        ("law",),
        ages=((4, 19),),
        venue="base",
        times="helpline",
        access=("self",),
        county=True,
    ),
)
del K

# ---------------------------------------------------------------------------------------------
# Comments on the Local Offer (reg 56)

# (topic, status, what they wrote, you said, we did, action taken or decline reason)
COMMENTS: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        reference.Topic.OUT_OF_DATE,
        CommentStatus.PUBLISHED,
        "The swimming session times on the leisure centre page are wrong, we turned up and it had "
        "moved.",
        "Session times for a leisure centre swim were out of date.",
        "We checked every leisure centre entry with the Leisure Trust and corrected three.",
        "Providers now confirm their entries every year, and we email them a month before.",
    ),
    (
        reference.Topic.GAP,
        CommentStatus.PUBLISHED,
        "There is nothing for autistic teenagers in Tarnbury after school.",
        "There are no after-school activities for autistic teenagers in Tarnbury.",
        "We shared this with the Short Breaks Service and the Youth Service.",
        "A teen social group now runs at Tarnbury Family Hub on Thursdays.",
    ),
    (
        reference.Topic.HARD_TO_USE,
        CommentStatus.PUBLISHED,
        "I could not find anything when I typed my postcode with no space.",
        "Searching by postcode did not work without a space.",
        "We fixed the search so postcodes work with or without a space.",
        "Searching by part of a postcode, such as DM5, also works now.",
    ),
    (
        reference.Topic.MISSING,
        CommentStatus.PUBLISHED,
        "The EHC assessment page does not say how long things take.",
        "The page about asking for an EHC needs assessment did not explain the time limits.",
        "We added the 6-week and 20-week time limits and what happens at each step.",
        "",
    ),
    (
        reference.Topic.GAP,
        CommentStatus.PUBLISHED,
        "Holiday clubs fill up in a day and there are not enough places for children who need "
        "one-to-one.",
        "There are not enough holiday club places for children who need one-to-one support.",
        "We reported this in the short breaks review and funded more staff for the summer.",
        "40 more one-to-one places were offered in the summer holidays.",
    ),
    (
        reference.Topic.OUT_OF_DATE,
        CommentStatus.PUBLISHED,
        "The phone number for the speech therapy clinic goes to a fax.",
        "A clinic telephone number was wrong.",
        "The NHS trust gave us the right number and we corrected the entry the same day.",
        "",
    ),
    (
        reference.Topic.HARD_TO_USE,
        CommentStatus.PUBLISHED,
        "Too much jargon. What is SENDIASS?",
        "Some pages use terms and abbreviations that families do not know.",
        "We rewrote the headings in plain English and explain each abbreviation the first time.",
        "Parent carer forum members tested the new wording.",
    ),
    (
        reference.Topic.MISSING,
        CommentStatus.PUBLISHED,
        "Which clubs have a Changing Places toilet? My son needs a hoist.",
        "Families cannot tell which venues have a Changing Places toilet.",
        "We asked every provider about accessibility and added it to each venue.",
        "You can now read about step-free access, hoists and toilets on each entry.",
    ),
    (
        reference.Topic.GAP,
        CommentStatus.PUBLISHED,
        "We waited over a year for an autism assessment.",
        "Waiting times for autism assessment are too long.",
        "We shared this with the NHS, who publish waiting times and have added clinics.",
        "The entry now explains what support is available while you wait.",
    ),
    (
        reference.Topic.OTHER,
        CommentStatus.PUBLISHED,
        "Can the Local Offer be in Urdu?",
        "Information should be available in community languages.",
        "Entries now say which languages each service works in, and you can filter by language.",
        "Our family hubs can help you read any page in your language.",
    ),
    (
        reference.Topic.OUT_OF_DATE,
        CommentStatus.PUBLISHED,
        "The youth club in Brindlemoor closed last year but it is still listed.",
        "A youth club that had closed was still listed.",
        "We removed the entry and now hide entries that are not checked within three months of "
        "their review date.",
        "",
    ),
    (
        reference.Topic.GAP,
        CommentStatus.PUBLISHED,
        "No support for dads.",
        "There is little support aimed at fathers and male carers.",
        "The parent carer forum started a monthly dads' group.",
        "",
    ),
    (
        reference.Topic.HARD_TO_USE,
        CommentStatus.PUBLISHED,
        "The map does not work with my screen reader.",
        "Distance search was hard to use with a screen reader.",
        "Results now show the distance in words, and the map is optional.",
        "We tested the pages with screen reader users.",
    ),
    (
        reference.Topic.OTHER,
        CommentStatus.DECLINED,
        "My son's EHC plan is late and nobody calls me back.",
        "",
        "",
        "This is about one child's case, so we passed it to the SEND team to answer directly. It "
        "is not published because it contains personal details.",
    ),
    (
        reference.Topic.OTHER,
        CommentStatus.DECLINED,
        "Great website.",
        "",
        "",
        "Thank you: there was nothing to respond to.",
    ),
    (
        reference.Topic.OTHER,
        CommentStatus.DECLINED,
        "Please advertise my tutoring business.",
        "",
        "",
        "Advertising is not accepted; the provider was sent the form to add a service for "
        "checking.",
    ),
    (
        reference.Topic.OUT_OF_DATE,
        CommentStatus.DECLINED,
        "Wrong times for the stay and play.",
        "",
        "",
        "The times had already been corrected the day before.",
    ),
    (
        reference.Topic.GAP,
        CommentStatus.DECLINED,
        "You should close the special school in Hollin Cross.",
        "",
        "",
        "This is not about the Local Offer; it was passed to the council's school organisation "
        "team.",
    ),
    (
        reference.Topic.OUT_OF_DATE,
        CommentStatus.NEW,
        "The Saturday club has moved to the community centre.",
        "",
        "",
        "",
    ),
    (
        reference.Topic.MISSING,
        CommentStatus.NEW,
        "Does the holiday playscheme take children who are tube fed?",
        "",
        "",
        "",
    ),
    (
        reference.Topic.GAP,
        CommentStatus.NEW,
        "There is nothing for deaf teenagers in Sallowfield.",
        "",
        "",
        "",
    ),
    (
        reference.Topic.HARD_TO_USE,
        CommentStatus.NEW,
        "The filters reset when I go back.",
        "",
        "",
        "",
    ),
    (
        reference.Topic.OTHER,
        CommentStatus.NEW,
        "Can you list dentists who see autistic children?",
        "",
        "",
        "",
    ),
    (
        reference.Topic.OUT_OF_DATE,
        CommentStatus.NEW,
        "The email address for the travel team bounces.",
        "",
        "",
        "",
    ),
    (
        reference.Topic.MISSING,
        CommentStatus.NEW,
        "How much does the supported living cost?",
        "",
        "",
        "",
    ),
)

# ---------------------------------------------------------------------------------------------
# The builder


def bundled_postcodes() -> list[tuple[str, float, float]]:
    with BUNDLED.open(encoding="utf-8", newline="") as handle:
        return [
            (row["postcode"], float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(handle)
        ]


@dataclass
class _Venue:
    location: Location
    town: str


@dataclass
class LocalOfferRows:
    """Unsaved rows, ready for bulk insert."""

    providers: list[Provider] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    links: list[ServiceAtLocation] = field(default_factory=list)
    categories: list[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=list)
    needs: list[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=list)
    versions: list[ServiceVersion] = field(default_factory=list)
    comments: list[tuple[Comment, dt.datetime]] = field(default_factory=list)


class LocalOfferBuilder(Draws):
    """Makes a Local Offer of ``services`` entries from the catalogue, without a database."""

    def __init__(
        self,
        *,
        seed: int,
        today: dt.date,
        services: int = DEFAULT_SERVICES,
        comments: int = DEFAULT_COMMENTS,
        organisations: Sequence[Organisation] = (),
        staff: User | None = None,
    ) -> None:
        self.rng = random.Random(f"local-offer-{seed}")
        self.today = today
        self.count = services
        self.comment_count = comments
        self.orgs = {o.name: o for o in organisations}
        self.scale = max(1, round(services / DEFAULT_SERVICES))  # more venues in a bigger offer
        self.names_used: set[str] = set()
        self.entries: Counter[str] = Counter()  # entries per provider key
        self.staff = staff
        self.points = {key: (lat, lon) for key, lat, lon in bundled_postcodes()}
        self.rows = LocalOfferRows()
        self.providers: dict[str, Provider] = {}
        self.provider_town: dict[str, str] = {}
        self.provider_kind: dict[str, str] = {}
        self.variants: Counter[tuple[str, str]] = Counter()
        self.locals: dict[str, list[str]] = {}  # activity -> local provider keys
        self.bases: dict[str, _Venue] = {}
        self.venues: dict[tuple[str, str], list[_Venue]] = {}
        self.phones = [f"01632 960{n:03d}" for n in range(1000)]
        self.rng.shuffle(self.phones)
        self.term_ids = {
            kind: {code: reference.term_id(kind, code) for code, *_ in rows}
            for kind, rows in reference.taxonomy_rows().items()
        }
        self.term_names = {
            kind: {code: name for code, name, _ in rows}
            for kind, rows in reference.taxonomy_rows().items()
        }

    # -- randomness --------------------------------------------------------------------------

    def weighted(self, weights: Mapping[T, float]) -> T:
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def phone(self) -> str:
        if not self.phones:
            self.phones = [f"01632 960{n:03d}" for n in range(1000)]
        return self.phones.pop()

    # -- places ------------------------------------------------------------------------------

    def postcode(self, town: str) -> tuple[str, float, float]:
        district = self.pick(TOWN_DISTRICTS[town])
        sector = f"{district} {self.rng.randrange(1, 10)}"
        letters = names.POSTCODE_LETTERS
        lat, lon = self.points[sector]
        # A unit a short walk from its sector's centre (about a quarter of a mile at most).
        lat += self.rng.uniform(-0.0035, 0.0035)
        lon += self.rng.uniform(-0.005, 0.005)
        unit = f"{sector}{self.pick(letters)}{self.pick(letters)}"
        return unit, round(lat, 6), round(lon, 6)

    def location(self, name: str, town: str, address: str = "", postcode: str = "") -> _Venue:
        unit, lat, lon = self.postcode(town)
        if postcode:
            sector = services.normalise_postcode(postcode)[:-2]
            if sector in self.points:
                unit = services.normalise_postcode(postcode)
                lat, lon = self.points[sector]
        location = Location(
            id=self.uuid(),
            name=name,
            address_1=address or f"{self.rng.randrange(1, 120)} {self.pick(names.STREETS)}",
            city=town,
            postcode=unit,
            latitude=lat,
            longitude=lon,
            accessibility=self.pick(ACCESSIBILITY),
        )
        self.rows.locations.append(location)
        return _Venue(location, town)

    def venue(self, kind: str, town: str) -> _Venue:
        """A shared venue in the town: a new one until the town has its share, then reused."""
        pattern, in_demchester, elsewhere = VENUE_KINDS[kind]
        pool = self.venues.setdefault((kind, town), [])
        wanted = (in_demchester if town == "Demchester" else elsewhere) * self.scale
        if len(pool) < wanted:
            places = PLACES[town]
            place = places[len(pool) % len(places)]
            name = pattern.format(place=place, hall=self.pick(HALLS).format(place=place))
            pool.append(self.location(name, town))
            return pool[-1]
        return self.pick(pool)

    def office(self) -> _Venue:
        if "office" not in self.bases:
            name, address, town, postcode = OFFICE
            self.bases["office"] = self.location(name, town, address, postcode)
        return self.bases["office"]

    def base(self, provider_key: str) -> _Venue:
        """The provider's own premises (a school's from its organisation)."""
        if provider_key not in self.bases:
            provider = self.providers[provider_key]
            town = self.provider_town[provider_key]
            org = provider.organisation
            if org is not None and org.postcode and org.address:
                lines = [line for line in org.address.splitlines() if line.strip()]
                self.bases[provider_key] = self.location(
                    provider.name, lines[-1] if len(lines) > 1 else town, lines[0], org.postcode
                )
            else:
                self.bases[provider_key] = self.location(provider.name, town)
        return self.bases[provider_key]

    # -- providers ---------------------------------------------------------------------------

    def slug(self, text: str) -> str:
        words = "".join(c if c.isalnum() else " " for c in text.lower()).split()
        return "-".join(w for w in words if w not in {"the", "and", "of", "for"})[:40]

    def add_provider(
        self, key: str, name: str, description: str, town: str, org: str, kind: str
    ) -> None:
        slug = self.slug(name)
        provider = Provider(
            id=self.uuid(),
            name=name,
            description=description,
            email=f"hello@{slug}.example.com",
            website=f"https://www.{slug}.example.com/",
            organisation=self.orgs.get(org) if org else None,
        )
        self.providers[key] = provider
        self.provider_town[key] = town
        self.provider_kind[key] = kind
        self.rows.providers.append(provider)

    def build_providers(self) -> None:
        for spec in PROVIDERS:
            self.add_provider(
                spec.key, spec.name, spec.description, spec.town, spec.organisation, spec.kind
            )

    def local_provider(self, activity: str, town: str) -> str:
        """A local club or group for the activity in the town: one with room, else a new one.

        Each takes ``LOCAL_ENTRIES`` entries before another opens (named after another
        neighbourhood), up to about one of each kind per 500 entries; after that families
        travel to the least busy one, and the entry is in its town.
        """
        every = self.locals.get(activity, [])
        here = [k for k in every if self.provider_town[k] == town]
        room = [k for k in here if self.entries[k] < LOCAL_ENTRIES]
        if room:
            return self.pick(room)
        pattern, kind, _ = next(t for t in LOCAL_TYPES if activity in t[2])
        taken = {self.providers[k].name for k in here}
        free = [p for p in PLACES[town] if pattern.format(place=p) not in taken]
        # A small offer has a club or two of each kind, which families travel to.
        if every and (not free or len(every) >= max(1, round(self.count / 500))):
            return min(every, key=lambda k: self.entries[k])
        key = f"local-{len(self.providers)}"
        words = {
            "club": "A local club",
            "charity": "A community group",
            "private": "A local business",
        }[kind]
        self.add_provider(
            key,
            pattern.format(place=self.pick(free)),
            f"{words} in {town} that welcomes children and young people with SEND.",
            town,
            "",
            kind,
        )
        self.locals.setdefault(activity, []).append(key)
        return key

    # -- services ----------------------------------------------------------------------------

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

    def locations_for(self, kind: Kind, provider_key: str, town: str) -> list[_Venue]:
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
            topic, status, body, you_said, we_did, last = COMMENTS[n % len(COMMENTS)]
            year = self.today.year - (0 if status == CommentStatus.NEW or n % 2 else 1)
            created = self.comment_time(year, status)
            comment = Comment(
                id=self.uuid(),
                service=self.pick(listed) if listed and self.chance(0.4) else None,
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


# ---------------------------------------------------------------------------------------------
# Saving


@dataclass
class LocalOfferSummary:
    services: int
    providers: int
    locations: int
    comments: int
    postcodes: int
    shown: int
    overdue: int
    hidden: int
    closed: int
    seconds: float
    provider_entries: int = 0

    def lines(self) -> list[str]:
        return [
            f"  Local Offer: {self.services:,} services from {self.providers} providers at "
            f"{self.locations} places ({self.seconds:.1f} s)",
            f"    shown {self.shown:,} (of which {self.overdue} overdue for review and "
            f"{self.closed} temporarily closed), hidden {self.hidden}; "
            f"{self.comments} comments; {self.postcodes} postcode centroids",
            f"    The provider account keeps {self.provider_entries} entries of "
            f"{PROVIDER_ORGANISATION} up to date",
        ]


def save_rows(rows: LocalOfferRows, batch: int = 1000) -> None:
    """Bulk-insert the rows (the caller holds the transaction)."""
    Provider.objects.bulk_create(rows.providers, batch_size=batch)
    Location.objects.bulk_create(rows.locations, batch_size=batch)
    Service.objects.bulk_create(rows.services, batch_size=batch)
    ServiceAtLocation.objects.bulk_create(rows.links, batch_size=batch)
    categories = Service.categories.through
    needs = Service.needs.through
    categories.objects.bulk_create(
        [categories(service_id=s, taxonomyterm_id=t) for s, t in rows.categories],
        batch_size=batch,
    )
    needs.objects.bulk_create(
        [needs(service_id=s, taxonomyterm_id=t) for s, t in rows.needs], batch_size=batch
    )
    ServiceVersion.objects.bulk_create(rows.versions, batch_size=batch)
    comments = [c for c, _ in rows.comments]
    Comment.objects.bulk_create(comments, batch_size=batch)
    for comment, created in rows.comments:  # bulk_create stamps now; set when it was sent
        comment.created_at = comment.modified_at = created
        if comment.decided_at:
            comment.modified_at = comment.decided_at
    Comment.objects.bulk_update(comments, ["created_at", "modified_at"], batch_size=batch)


def load_local_offer(
    *,
    seed: int,
    today: dt.date,
    organisations: Sequence[Organisation] = (),
    services_count: int = DEFAULT_SERVICES,
    comments: int = DEFAULT_COMMENTS,
    stdout: Any = None,
) -> LocalOfferSummary:
    """Load the bundled postcodes and the demo Local Offer (inside the caller's transaction)."""
    started = time.perf_counter()
    if Service.objects.exists() or Provider.objects.exists():
        raise DatabaseNotEmpty(NOT_EMPTY_MESSAGE)
    services.taxonomies_ensure()
    postcodes = services.postcodes_load(bundled_postcodes())
    staff = User.objects.filter(username="localoffer").first()
    rows = LocalOfferBuilder(
        seed=seed,
        today=today,
        services=services_count,
        comments=comments,
        organisations=organisations,
        staff=staff,
    ).build()
    save_rows(rows)
    services.refresh_search()
    cutoff = today - dt.timedelta(days=reference.GRACE_DAYS)
    public = [
        s
        for s in rows.services
        if s.status in (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)
    ]
    shown = [s for s in public if s.review_by >= cutoff]
    summary = LocalOfferSummary(
        services=len(rows.services),
        providers=len(rows.providers),
        locations=len(rows.locations),
        comments=len(rows.comments),
        postcodes=postcodes,
        shown=len(shown),
        overdue=sum(1 for s in shown if s.review_by < today),
        hidden=len(rows.services) - len(shown),
        closed=sum(1 for s in shown if s.status == ServiceStatus.TEMPORARILY_CLOSED),
        seconds=time.perf_counter() - started,
        provider_entries=sum(
            1
            for s in rows.services
            if s.provider.organisation is not None
            and s.provider.organisation.name == PROVIDER_ORGANISATION
        ),
    )
    if stdout is not None:
        stdout.write(
            f"Saved the Local Offer: {summary.services} services from {summary.providers} "
            f"providers\n"
        )
    return summary
