"""The demo's Local Offer: the bundled postcodes, the builder, and the demo loaded."""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections import Counter

import pytest
from django.utils import timezone

from sendpath.demo.common import DatabaseNotEmpty
from sendpath.demo.generator import load_demo
from sendpath.demo.localoffer.builder import LocalOfferBuilder
from sendpath.demo.localoffer.catalogue import (
    COUNTY,
    DEFAULT_SERVICES,
    PROVIDER_ORGANISATION,
    TOWNS,
)
from sendpath.demo.localoffer.places import bundled_postcodes
from sendpath.localoffer import postcodes, reference, selectors, services
from sendpath.localoffer.management.commands.load_postcodes import BUNDLED
from sendpath.localoffer.models import (
    Comment,
    CommentStatus,
    Location,
    Postcode,
    Provider,
    Service,
    ServiceStatus,
    ServiceVersion,
)
from sendpath.localoffer.selectors import Search
from sendpath.localoffer.tests.factories import POSTCODES
from sendpath.people.models import Child, OrganisationKind, Role, User

TODAY = dt.date(2026, 3, 10)
MILES_PER_DEGREE = 69.0


def miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    k = MILES_PER_DEGREE * math.cos(math.radians(a[0]))
    return math.hypot((a[0] - b[0]) * MILES_PER_DEGREE, (a[1] - b[1]) * k)


@pytest.fixture(scope="module")
def built():
    return LocalOfferBuilder(seed=2026, today=TODAY).build()


# ---------------------------------------------------------------------------------------------
# The bundled postcodes


def test_the_bundled_file_has_every_district_and_sector_of_demoshire() -> None:
    with BUNDLED.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        assert next(reader) == ["postcode", "latitude", "longitude"]
        keys = [row[0] for row in reader]
    districts = [f"DM{d}" for d in range(1, 10)]
    assert keys == [k for d in districts for k in (d, *(f"{d} {s}" for s in range(1, 10)))]
    points = {key: (lat, lon) for key, lat, lon in bundled_postcodes()}
    for lat, lon in points.values():
        assert 53.55 <= lat <= 53.75
        assert -2.45 <= lon <= -2.10
    # The test factories' centroids are the bundled ones.
    for key, lat, lon in POSTCODES:
        if key in points:
            assert points[key] == (lat, lon), key
    # Demchester's four districts are close together; the towns are a few miles apart;
    # Tarnbury is 8 to 10 miles from the middle of Demchester.
    for d in ("DM2", "DM3", "DM4"):
        assert miles(points["DM1"], points[d]) < 2
    for d in ("DM5", "DM6", "DM7", "DM8"):
        assert 3 < miles(points["DM1"], points[d]) < 8
    assert 8 < miles(points["DM1"], points["DM9"]) < 10
    # Each sector lies within a mile and a half of its district's centroid.
    for key, point in points.items():
        if " " in key:
            assert miles(point, points[key.split(" ")[0]]) < 1.5, key


# ---------------------------------------------------------------------------------------------
# The builder, without a database


def test_the_same_seed_gives_the_same_local_offer_and_another_does_not(built) -> None:
    rows = built
    again = LocalOfferBuilder(seed=2026, today=TODAY).build()
    other = LocalOfferBuilder(seed=2027, today=TODAY).build()

    def key(r):
        return [(s.id, s.name, s.review_by, s.area) for s in r.services]

    assert key(rows) == key(again)
    assert key(rows) != key(other)


def test_about_600_services_cover_every_category_need_and_age_band(built) -> None:
    rows = built
    assert len(rows.services) == DEFAULT_SERVICES
    term_code = {
        reference.term_id(kind, code): code
        for kind, terms in reference.taxonomy_rows().items()
        for code, *_ in terms
    }
    categories = Counter(term_code[t] for _, t in rows.categories)
    assert set(categories) == set(reference.CATEGORY_LABELS)
    assert all(count >= 8 for count in categories.values()), categories
    needs = Counter(term_code[t] for _, t in rows.needs)
    assert set(needs) == {code for code, _ in reference.NEEDS}
    per_service = Counter(s for s, _ in rows.needs)
    counts = Counter(per_service[s.id] for s in rows.services)
    assert set(counts) == {0, 1, 2, 3} or set(counts) == {0, 1, 2, 3, 4}
    assert counts[0] > 60  # open to all
    bands = Counter((s.minimum_age, s.maximum_age) for s in rows.services)
    for band in ((0, 5), (4, 11), (11, 16), (16, 25), (0, 25), (14, 25)):
        assert bands[band] > 0, band
    assert all(0 <= s.minimum_age <= s.maximum_age <= 25 for s in rows.services)
    areas = Counter(s.area for s in rows.services)
    assert set(areas) == {*TOWNS, COUNTY}
    assert areas["Demchester"] > areas["Tarnbury"]
    assert 60 <= len(rows.providers) <= 80


def test_entries_read_like_a_real_local_offer(built) -> None:
    rows = built
    svcs = rows.services
    text = " ".join(s.description + s.eligibility for s in svcs).lower()
    assert "lorem" not in text
    assert "{" not in text
    assert len({s.description for s in svcs}) > 400  # composed, not one template
    assert len({s.name for s in svcs}) > 580
    for s in svcs:
        assert s.description.endswith(".")
        assert s.eligibility.endswith(".")
        assert s.how_to_access
        assert s.opening_times
        assert re.fullmatch(r"01632 960\d{3}", s.telephone)
        assert s.email.endswith(".example.com")
        assert s.is_free or s.cost_description
    assert 0.2 < sum(not s.is_free for s in svcs) / len(svcs) < 0.6
    access = Counter(s.access for s in svcs)
    assert access["self"] > access["referral"] > 0
    assert access["either"] > 0
    languages = {lang for s in svcs for lang in s.languages}
    assert {"English", "Urdu", "Polish", "British Sign Language"} <= languages
    closed = [s for s in svcs if s.status == ServiceStatus.TEMPORARILY_CLOSED]
    assert closed
    assert all(s.alert for s in closed)
    assert not any(s.alert for s in svcs if s.status == ServiceStatus.ACTIVE)


def test_some_entries_are_overdue_for_review_and_a_few_are_hidden(built) -> None:
    rows = built
    cutoff = TODAY - dt.timedelta(days=reference.GRACE_DAYS)
    overdue = [s for s in rows.services if cutoff <= s.review_by < TODAY]
    hidden = [s for s in rows.services if s.review_by < cutoff]
    assert len(overdue) == round(0.05 * DEFAULT_SERVICES)
    assert len(hidden) == round(0.02 * DEFAULT_SERVICES)
    for s in rows.services:
        assert s.review_by == services.review_due(s.last_reviewed)
        assert s.last_reviewed <= TODAY


def test_every_location_is_in_a_bundled_sector_near_its_centroid(built) -> None:
    rows = built
    points = {key: (lat, lon) for key, lat, lon in bundled_postcodes()}
    assert len(rows.locations) > 80
    for loc in rows.locations:
        assert postcodes.is_full_postcode(loc.postcode), loc.postcode
        sector = loc.postcode[:-2]
        assert sector in points
        assert miles((loc.latitude, loc.longitude), points[sector]) < 0.5
        assert loc.city in TOWNS
        assert loc.address_1
    located = {link.service.id for link in rows.links}
    assert len(located) > 0.8 * len(rows.services)


def test_comments_span_two_years_and_publish_no_personal_details(built) -> None:
    rows = built
    assert len(rows.comments) == 25
    statuses = Counter(c.status for c, _ in rows.comments)
    assert statuses[CommentStatus.NEW] >= 5
    assert statuses[CommentStatus.PUBLISHED] >= 10
    assert statuses[CommentStatus.DECLINED] >= 3
    years = {created.year for c, created in rows.comments if c.status != CommentStatus.NEW}
    assert years == {TODAY.year, TODAY.year - 1}
    for comment, created in rows.comments:
        if comment.status == CommentStatus.PUBLISHED:
            assert comment.you_said
            assert comment.we_did
            published = comment.you_said + comment.we_did + comment.action_taken
            assert "@" not in published
            assert not comment.name or comment.name.split()[-1] not in published
        if comment.status == CommentStatus.DECLINED:
            assert comment.decline_reason
            assert not comment.you_said
        if comment.status == CommentStatus.NEW:
            assert comment.decided_at is None
            assert (TODAY - created.date()).days <= 40
        else:
            assert comment.decided_at >= created


def test_published_answers_claim_only_what_the_local_offer_does(built) -> None:
    """ "You said, we did" is public: it promises no feature sendpath lacks (a language filter,
    a map, reminder emails), and a comment about an entry hangs on an entry of that kind."""
    from sendpath.demo.localoffer.catalogue import COMMENTS
    from sendpath.localoffer.forms import SearchForm

    filters = set(SearchForm.base_fields)
    assert not {"language", "languages"} & filters
    for comment, _ in built.comments:
        text = " ".join(
            (comment.body, comment.you_said, comment.we_did, comment.action_taken)
        ).lower()
        assert "map" not in text.split(), text
        assert "filter by language" not in text, text
        assert "email them" not in text, text
    services = {s.id: s for s in built.services}
    about = {row[2]: row[6] for row in COMMENTS}
    attached = 0
    for comment, _ in built.comments:
        kind = about[comment.body]
        if comment.service is None:
            continue
        attached += 1
        assert kind, f"a comment about the whole Local Offer hangs on {comment.service.name}"
        assert services[comment.service.id].id == comment.service.id
    assert attached >= 5
    swim = next(c for c, _ in built.comments if "swimming" in c.body)
    assert swim.service is not None
    assert "swim" in swim.service.name.lower()


# ---------------------------------------------------------------------------------------------
# The demo, loaded


@pytest.fixture
def demo(db):
    return load_demo(seed=2026, children=100)


@pytest.mark.django_db
def test_the_demo_loads_the_local_offer_with_postcodes_versions_and_comments(demo) -> None:
    assert Service.objects.count() == DEFAULT_SERVICES
    assert ServiceVersion.objects.filter(number=1).count() == DEFAULT_SERVICES
    assert Postcode.objects.filter(key__startswith="DM").count() == 90
    assert Location.objects.filter(latitude__isnull=True).count() == 0
    public = selectors.public_services()
    counts = selectors.review_counts(Service.objects.all())
    assert counts["total"] == DEFAULT_SERVICES
    assert counts["overdue"] == 30
    assert counts["hidden"] >= 12  # past the grace period, or not running
    assert public.count() == DEFAULT_SERVICES - counts["hidden"]
    flagged = [s for s in public if s.is_overdue_review]
    assert len(flagged) == 30
    hidden = Service.objects.exclude(pk__in=public.values("pk"))
    assert all(s.is_hidden for s in hidden)
    version = ServiceVersion.objects.select_related("service").first()
    assert version.snapshot == services.service_snapshot(version.service)
    assert any(line.strip().startswith("Local Offer: 600 services") for line in demo.notes)

    years = selectors.comment_years()
    assert len(years) == 2
    for year in years:
        report = selectors.annual_summary(year)
        assert report["totals"]["received"] > 0
        assert report["totals"]["published"] > 0
    assert Comment.objects.filter(status=CommentStatus.NEW).count() >= 5
    localoffer = User.objects.get(username="localoffer")
    assert set(
        Comment.objects.exclude(status=CommentStatus.NEW).values_list("decided_by", flat=True)
    ) == {localoffer.pk}


@pytest.mark.django_db
def test_the_provider_account_edits_its_own_entries_only(demo) -> None:
    provider = User.objects.get(username="provider")
    team = User.objects.get(username="localoffer")
    assert provider.role == Role.PROVIDER
    assert provider.organisation.name == PROVIDER_ORGANISATION
    assert provider.organisation.kind == OrganisationKind.VOLUNTARY
    assert team.role == Role.LOCAL_OFFER
    assert team.organisation.kind == OrganisationKind.LOCAL_AUTHORITY
    own = Service.objects.filter(provider__organisation=provider.organisation).select_related(
        "provider"
    )
    others = Service.objects.exclude(provider__organisation=provider.organisation).select_related(
        "provider"
    )
    assert own.count() >= 10
    assert Provider.objects.filter(organisation=provider.organisation).count() == 1
    for service in own:
        assert provider.has_perm("localoffer.change_service", service)
        assert team.has_perm("localoffer.change_service", service)
    for service in others[:50]:
        assert not provider.has_perm("localoffer.change_service", service)
        assert team.has_perm("localoffer.change_service", service)
    assert set(selectors.managed_services(provider)) == set(own)
    assert selectors.managed_services(team).count() == DEFAULT_SERVICES
    # Neither Local Offer account sees a child's record.
    assert not Child.objects.visible_to(provider).exists()
    assert not Child.objects.visible_to(team).exists()


@pytest.mark.django_db
def test_the_demo_search_finds_services_near_a_demoshire_postcode(demo) -> None:
    near = list(selectors.search(Search(postcode="DM1 4", radius=3)).services)
    assert len(near) > 50
    assert all(selectors.distance_miles(s) <= 3 for s in near)
    assert [selectors.distance_miles(s) for s in near] == sorted(
        selectors.distance_miles(s) for s in near
    )
    areas = Counter(s.area for s in near)
    assert areas.most_common(1)[0][0] == "Demchester"
    demchester = ("DM1 ", "DM2 ", "DM3 ", "DM4 ")
    for s in selectors.with_terms(near):
        postcodes = [sal.location.postcode for sal in s.at_locations.all()]
        assert any(p.startswith(demchester) for p in postcodes), (s.name, postcodes)
    tarnbury = selectors.with_terms(
        list(selectors.search(Search(postcode="dm92ab", radius=3)).services)
    )
    assert tarnbury
    for s in tarnbury:
        assert any(sal.location.postcode.startswith("DM9 ") for sal in s.at_locations.all())
    assert Counter(s.area for s in tarnbury).most_common(1)[0][0] == "Tarnbury"

    autism = selectors.search(Search(q="autism"))
    assert autism.services.count() > 20
    swimming = list(selectors.search(Search(q="swimming", postcode="DM5", radius=10)).services)
    assert swimming
    assert all("swim" in (s.name + s.description).lower() for s in swimming)
    narrow = selectors.search(Search(q="autism", needs=["ASD"], age=8, cost="free"))
    assert narrow.services.exists()
    for s in narrow.services.prefetch_related("needs"):
        assert s.minimum_age <= 8 <= s.maximum_age
        assert "ASD" in {n.code for n in s.needs.all()}
        assert s.is_free


@pytest.mark.django_db
def test_the_demo_refuses_a_database_that_already_has_a_local_offer() -> None:
    Provider.objects.create(name="A real provider")
    with pytest.raises(DatabaseNotEmpty):
        load_demo(children=100)
    assert not Child.objects.exists()
    assert not User.objects.exists()
    assert Provider.objects.count() == 1


def test_the_demo_uses_todays_date_for_review_dates() -> None:
    today = timezone.localdate()
    rows = LocalOfferBuilder(seed=1, today=today, services=100, comments=5).build()
    assert len(rows.services) == 100
    assert max(s.last_reviewed for s in rows.services) <= today
    assert len(rows.comments) == 5
