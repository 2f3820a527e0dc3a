"""Public search on PostgreSQL: full text with ranking and stemming, filters, distance."""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.utils import timezone

from sendpath.localoffer import postcodes, reference, selectors, services
from sendpath.localoffer.forms import SearchForm
from sendpath.localoffer.models import Location, ServiceAtLocation, ServiceStatus
from sendpath.localoffer.selectors import Search, nearest
from sendpath.localoffer.tests.factories import make_service

pytestmark = pytest.mark.usefixtures("local_offer")


def names(result) -> list[str]:
    return [s.name for s in result.services]


def test_runs_on_postgresql():
    assert connection.vendor == "postgresql"


def test_keyword_uses_the_english_stemmer_and_ranks_the_name_first():
    make_service(name="Swimming lessons", description="Lessons in the pool.")
    make_service(name="Drama club", description="Acting games; some trips to go swimming.")
    make_service(name="Speech therapy", description="Help with talking.")
    result = selectors.search(Search(q="swim"))
    assert result.keyword_mode == "full-text"
    assert names(result) == ["Swimming lessons", "Drama club"]


def test_keyword_matches_need_and_provider_words():
    make_service(name="Holiday club", needs=("HI",), description="Fun in the holidays.")
    make_service(name="Art club", needs=("ASD",), description="Painting.")
    assert names(selectors.search(Search(q="hearing"))) == ["Holiday club"]


def test_filters_by_age_need_category_cost_and_area():
    make_service(name="Toddler group", minimum_age=0, maximum_age=4, area="Demchester")
    make_service(
        name="Youth club",
        minimum_age=11,
        maximum_age=19,
        needs=("SEMH",),
        categories=("preparing-for-adulthood",),
        is_free=False,
        cost_description="2 pounds a session",
        area="Tarnbury",
    )
    assert names(selectors.search(Search(age=3))) == ["Toddler group"]
    assert names(selectors.search(Search(age=15))) == ["Youth club"]
    assert names(selectors.search(Search(needs=["SEMH"]))) == ["Youth club"]
    assert names(selectors.search(Search(categories=["preparing-for-adulthood"]))) == ["Youth club"]
    assert names(selectors.search(Search(cost="free"))) == ["Toddler group"]
    assert names(selectors.search(Search(cost="paid"))) == ["Youth club"]
    assert names(selectors.search(Search(area="Tarnbury"))) == ["Youth club"]


def test_postcode_proximity_orders_by_distance_and_respects_the_radius():
    make_service(name="Near", postcode="DM1 4AB")
    make_service(name="Far", postcode="DM9 2")
    make_service(name="Nowhere", postcode=None)
    near = selectors.search(Search(postcode="dm14ab", radius=3))
    assert names(near) == ["Near"]
    wide = selectors.search(Search(postcode="DM1 4AB", radius=25))
    assert names(wide) == ["Near", "Far"]
    far = selectors.distance_miles(list(wide.services)[1])
    assert 8 < far < 10  # Demchester to Tarnbury, about 8.7 miles


def test_partial_postcode_falls_back_to_sector_then_district():
    make_service(name="Near", postcode="DM1 4AB")
    assert names(selectors.search(Search(postcode="DM1 4ZZ", radius=1))) == ["Near"]
    assert names(selectors.search(Search(postcode="DM1", radius=1))) == ["Near"]


def test_unknown_postcode_is_reported_not_ignored():
    make_service(name="Near")
    result = selectors.search(Search(postcode="ZZ9 9ZZ"))
    assert result.postcode_unknown
    assert result.origin is None


def test_closed_and_long_overdue_entries_are_hidden(django_user_model):
    open_ = make_service(name="Open")
    make_service(name="Defunct", status=ServiceStatus.DEFUNCT)
    stale = make_service(name="Stale")
    grace_ended = timezone.localdate() - dt.timedelta(days=reference.GRACE_DAYS + 1)
    type(stale).objects.filter(pk=stale.pk).update(review_by=grace_ended)
    flagged = make_service(name="Overdue but shown")
    type(flagged).objects.filter(pk=flagged.pk).update(
        review_by=timezone.localdate() - dt.timedelta(days=10)
    )
    assert names(selectors.search(Search())) == ["Open", "Overdue but shown"]
    assert selectors.public_service(open_.pk) is not None
    assert selectors.public_service(stale.pk) is None


def test_a_change_updates_the_search_index_and_records_a_version():
    service = make_service(name="Chess club", description="Chess for all.")
    data = services.ServiceData(
        provider=service.provider,
        name="Board games club",
        description="Chess, draughts and more.",
        categories=list(service.categories.all()),
    )
    services.service_update(actor=None, service=service, data=data)
    assert names(selectors.search(Search(q="draughts"))) == ["Board games club"]
    versions = list(service.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert "name" in versions[1].changed_fields
    assert versions[1].snapshot["name"] == "Board games club"
    assert versions[0].snapshot["name"] == "Chess club"


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("dm1 4ab", "DM1 4AB"),
        ("DM14AB", "DM1 4AB"),
        (" dm1  4 ", "DM1 4"),
        ("DM14", "DM14"),
        ("dm1", "DM1"),
        ("EC1A 1BB", "EC1A 1BB"),
    ],
)
def test_postcodes_are_normalised_as_royal_mail_writes_them(typed, normal):
    assert postcodes.normalise_postcode(typed) == normal


def test_a_sector_typed_with_its_space_is_found():
    make_service(name="Near", postcode="DM1 4AB")
    result = selectors.search(Search(postcode="dm1 4", radius=1))
    assert result.origin == (53.602, -2.296)
    assert names(result) == ["Near"]


def _venues(rng, origin, count):
    """Venues scattered up to about 6 miles around the origin (some beyond a 5 mile radius)."""
    lat0, lon0 = origin
    return [
        Location.objects.create(
            name=f"Venue {i:02d}",
            address_1="1 High Street",
            city=f"Town {i % 4}",
            postcode="",
            latitude=lat0 + rng.uniform(-0.09, 0.09),
            longitude=lon0 + rng.uniform(-0.15, 0.15),
        )
        for i in range(count)
    ]


@pytest.mark.parametrize("read", [selectors.PAGE_READ, 3])  # 3: a ring is read in many slices
def test_nearest_first_agrees_with_working_out_every_distance_page_by_page(read, monkeypatch):
    monkeypatch.setattr(nearest, "PAGE_READ", read)
    rng = random.Random(7)
    origin = postcodes.postcode_point("DM1 4AB")
    venues = _venues(rng, origin, 14)
    made = []
    for n in range(60):
        # Several services share each venue, so distances tie and the name decides.
        service = make_service(
            name=f"{rng.choice(['Art', 'Chess', 'Swim'])} club {n:02d}",
            postcode=None,
            needs=(rng.choice(["ASD", "HI"]),),
        )
        for venue in rng.sample(venues, rng.choice([1, 1, 2])):
            ServiceAtLocation.objects.create(service=service, location=venue)
        made.append(service)

    def expected(radius, need=None):
        rows = []
        for s in made:
            if need and not s.needs.filter(code=need).exists():
                continue
            d2 = min(
                selectors.distance2_to(origin, sal.location.latitude, sal.location.longitude)
                for sal in s.at_locations.select_related("location")
            )
            if d2 <= radius * radius:
                rows.append((d2, s.name, s.pk))
        return [pk for _, _, pk in sorted(rows)]

    for radius, need in ((5, None), (3, None), (25, "HI"), (1, None)):
        search = Search(postcode="DM1 4AB", radius=radius, needs=[need] if need else [])
        result = selectors.search(search)
        assert result.sort == "distance"
        want = expected(radius, need)
        assert result.services.count() == len(want)
        paged = []
        for number in range(1, math.ceil(len(want) / 20) + 1):
            page = selectors.results_page(result, number, 20)
            paged += [s.pk for s in page.object_list]
            assert page.paginator.count == len(want)
        assert paged == want, (radius, need)
        shown = selectors.with_terms(list(selectors.search(search).services[:5]), origin)
        assert [s.pk for s in shown] == want[:5]
        assert all(selectors.distance_miles(s) <= radius for s in shown)
    assert 0 < len(expected(3)) < len(expected(5)) < len(made)  # the radius really cut


def test_a_results_page_reads_what_the_paginator_would_show():
    for n in range(45):
        make_service(
            name=f"Club {n:02d}",
            description="A club for children." + (" Swimming every week." if n % 3 else ""),
            minimum_age=n % 10,
            maximum_age=18,
        )
    for search in (Search(q="club"), Search(q="swimming"), Search(age=4), Search()):
        result = selectors.search(search)
        paginator = Paginator(result.services, 20)
        for number in (1, 2, 3):
            page = selectors.results_page(result, number, 20)
            assert [s.pk for s in page.object_list] == [
                s.pk for s in paginator.get_page(number).object_list
            ]
            assert page.paginator.count == paginator.count
            assert page.number == paginator.get_page(number).number
        # Past the end shows the last page; nonsense shows the first, as get_page does.
        assert selectors.results_page(result, 99, 20).number == paginator.num_pages
        assert selectors.results_page(result, "x", 20).number == 1
    assert selectors.results_page(selectors.search(Search(q="zebra")), 3, 20).paginator.count == 0


def test_the_area_filter_lists_a_new_area_as_soon_as_an_entry_has_it():
    service = make_service(name="Youth club", area="Tarnbury")
    assert selectors.areas() == ["Tarnbury"]
    assert ("Tarnbury", "Tarnbury") in SearchForm().fields["area"].choices
    data = services.ServiceData(
        provider=service.provider,
        name=service.name,
        description=service.description,
        categories=list(service.categories.all()),
        area="Oxley Bridge",
    )
    services.service_update(actor=None, service=service, data=data)
    assert selectors.areas() == ["Oxley Bridge"]  # kept a few minutes, but forgotten on change
    assert ("Tarnbury", "Tarnbury") not in SearchForm().fields["area"].choices


def test_a_kept_postcode_centroid_is_replaced_when_postcodes_are_loaded():
    before = postcodes.postcode_point("dm1 4ab")
    assert before is not None
    assert postcodes.postcode_point("DM1 4AB") == before  # kept: asked again, same answer
    postcodes.postcodes_load([("DM1 4AB", 53.7, -2.1)])
    assert postcodes.postcode_point("DM1 4AB") == (53.7, -2.1)
    assert postcodes.postcode_point("ZZ1 1ZZ") is None
