"""Public search on PostgreSQL: full text with ranking and stemming, filters, distance."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from sendpath.localoffer import selectors, services
from sendpath.localoffer.models import ServiceStatus
from sendpath.localoffer.selectors import Search
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
    grace_ended = timezone.localdate() - dt.timedelta(days=selectors.reference.GRACE_DAYS + 1)
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
    assert services.normalise_postcode(typed) == normal


def test_a_sector_typed_with_its_space_is_found():
    make_service(name="Near", postcode="DM1 4AB")
    result = selectors.search(Search(postcode="dm1 4", radius=1))
    assert result.origin == (53.602, -2.296)
    assert names(result) == ["Near"]
