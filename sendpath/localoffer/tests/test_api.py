"""The Open Referral UK 3.0 API: every answer checked against the published schemas."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendpath.core import schemas
from sendpath.localoffer import api as api_module
from sendpath.localoffer import oruk, reference, selectors
from sendpath.localoffer.models import Provider, Service, ServiceStatus, Taxonomy
from sendpath.localoffer.tests.factories import make_service, provider

pytestmark = pytest.mark.usefixtures("local_offer")

SPEC = Path(__file__).resolve().parents[3] / ".." / "shared" / "spec" / "oruk-3.0"
ASD = str(reference.term_id("need", "ASD"))
HI = str(reference.term_id("need", "HI"))
NEEDS = str(reference.taxonomy_id("need"))
CATEGORIES = str(reference.taxonomy_id("category"))


# ---------------------------------------------------------------------------------------------
# Helpers


def api(client: Client, name: str, *args: Any, status: int = 200, **params: Any) -> Any:
    """GET an endpoint, check its status and CORS header, and return its JSON."""
    response = client.get(reverse(f"localoffer:{name}", args=args), params)
    assert response.status_code == status, response.content[:500]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def assert_valid(schema: str, data: Any) -> None:
    errors = schemas.messages(oruk.validator(schema), data)
    assert not errors, errors[:10]


def assert_services_page(data: dict[str, Any], *, full: bool = False) -> None:
    assert_valid("service_list.json", data)
    for item in data["contents"]:
        assert_valid("service.json", item)
        if full:
            assert "service_at_locations" in item
            assert "attributes" in item


def names(data: dict[str, Any]) -> list[str]:
    return [item["name"] for item in data["contents"]]


def hide(service: Service) -> None:
    """Long overdue for review: hidden from the public."""
    stale = timezone.localdate() - dt.timedelta(days=reference.GRACE_DAYS + 30)
    Service.objects.filter(pk=service.pk).update(review_by=stale)


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def offer() -> dict[str, Service]:
    """Two public services, one closed for good and one long overdue (both hidden)."""
    forum = provider("Demchester Parent Carer Forum", description="Run by parents.")
    swim = make_service(
        name="Swimming lessons",
        description="Lessons in the pool for disabled children.",
        needs=("ASD", "HI"),
        categories=("advice-and-support", "health"),
        minimum_age=5,
        maximum_age=16,
        owner=forum,
        opening_times="Saturdays 9am to 11am",
        languages=["English", "Polish"],
        area="Demchester",
        telephone="01632 960001",
        email="swim@example.org",
        url="https://example.org/swim",
        contact_name="Pool manager",
        contact_title="Manager",
    )
    drama = make_service(
        name="Drama club",
        description="Acting games; some trips to go swimming.",
        needs=("SEMH",),
        categories=("social-care",),
        minimum_age=11,
        maximum_age=19,
        is_free=False,
        cost_description="2 pounds a session",
        postcode="DM9 2",
        city="Tarnbury",
    )
    closed = make_service(name="Closed club", status=ServiceStatus.DEFUNCT, owner=forum)
    stale = make_service(name="Stale club")
    hide(stale)
    return {"swim": swim, "drama": drama, "closed": closed, "stale": stale}


# ---------------------------------------------------------------------------------------------
# The schemas themselves


def test_bundled_schemas_are_the_published_ones():
    if not SPEC.is_dir():
        pytest.fail(
            f"The ORUK 3.0 specification is not at {SPEC.resolve()}: the bundled copies in "
            "sendpath/localoffer/schema/oruk-3.0/ cannot be compared with it"
        )
    bundled = sorted(p.name for p in oruk.SCHEMA_DIR.iterdir())
    for name in ("service.json", "service_list.json", "organization.json", "taxonomy.json"):
        assert name in bundled
    assert "openapi.json" in bundled
    assert "LICENSE" in bundled
    for name in bundled:
        published = SPEC / name if name in oruk.NOT_SCHEMAS else SPEC / "schema" / name
        assert published.is_file(), f"{name} is bundled but not in the specification"
        assert (oruk.SCHEMA_DIR / name).read_bytes() == published.read_bytes(), (
            f"sendpath/localoffer/schema/oruk-3.0/{name} differs from {published}"
        )


def test_every_reference_in_the_bundle_resolves_to_a_bundled_file():
    bundled = {p.name for p in oruk.schema_files()}
    for path in oruk.schema_files():
        for ref in re.findall(r'"\$ref":\s*"([^"]+)"', path.read_text()):
            assert ref.startswith(oruk.SCHEMA_BASE), ref
            assert ref.removeprefix(oruk.SCHEMA_BASE) in bundled, f"{path.name} needs {ref}"


def test_the_validator_bites_on_a_broken_service():
    broken = {
        "id": "not-a-uuid",
        "status": "open",
        "minimum_age": "twelve",
        "email": "nobody",
        "last_modified": "yesterday",
        "url": "not a web address",
        "service_at_locations": [
            {"id": str(uuid.uuid4()), "location": {"id": str(uuid.uuid4()), "addresses": [{}]}}
        ],
    }
    errors = {
        (".".join(str(p) for p in e.absolute_path), e.validator)
        for e in oruk.validator("service.json").iter_errors(broken)
    }
    assert ("id", "format") in errors
    assert ("status", "enum") in errors
    assert ("minimum_age", "type") in errors
    assert ("email", "format") in errors
    assert ("last_modified", "format") in errors
    assert ("url", "format") in errors
    assert ("", "required") in errors  # name
    assert ("service_at_locations.0.location", "required") in errors  # location_type
    assert ("service_at_locations.0.location.addresses.0", "required") in errors
    # A list whose contents lack what service_list.json requires also fails.
    assert list(oruk.validator("service_list.json").iter_errors({"contents": [{"name": "x"}]}))
    assert list(oruk.validator("api_details.json").iter_errors({"version": "HSDS-UK-3.0"}))


def test_derived_ids_are_stable_uuids():
    owner = uuid.uuid4()
    first = oruk.derived_id(owner, "schedule")
    assert first == oruk.derived_id(owner, "schedule")
    assert first != oruk.derived_id(owner, "contact")
    assert uuid.UUID(first).version == 5


# ---------------------------------------------------------------------------------------------
# Root and OpenAPI


def test_root_describes_the_api(client):
    data = api(client, "api_root")
    assert_valid("api_details.json", data)
    assert data == {
        "version": "HSDS-UK-3.0",
        "profile": "https://github.com/OpenReferralUK/uk-profile",
        "openapi_url": "http://testserver/api/oruk/openapi.json",
    }


def test_openapi_document_is_the_published_one(client):
    response = client.get(reverse("localoffer:api_openapi"))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.content == (oruk.SCHEMA_DIR / "openapi.json").read_bytes()
    assert "/services/{id}" in json.loads(response.content)["paths"]


# ---------------------------------------------------------------------------------------------
# Services


def test_services_list_shows_only_public_services_with_their_organization(client, offer):
    data = api(client, "api_services")
    assert_services_page(data)
    assert names(data) == ["Drama club", "Swimming lessons"]
    assert data["total_items"] == 2
    assert data["total_pages"] == 1
    assert data["page_number"] == 1
    assert data["size"] == 2
    assert data["first_page"] is True
    assert data["last_page"] is True
    assert data["empty"] is False
    swim = data["contents"][1]
    assert swim["id"] == str(offer["swim"].pk)
    assert swim["minimum_age"] == 5
    assert swim["maximum_age"] == 16
    assert swim["status"] == "active"
    assert swim["url"] == "https://example.org/swim"
    assert swim["assured_date"] == timezone.localdate().isoformat()
    assert swim["organization"]["name"] == "Demchester Parent Carer Forum"
    assert swim["organization_id"] == swim["organization"]["id"] == str(offer["swim"].provider_id)
    assert "service_at_locations" not in swim
    assert dt.datetime.fromisoformat(swim["last_modified"]) == offer["swim"].modified_at


def test_services_full_nests_everything(client, offer):
    data = api(client, "api_services", full="true")
    assert_services_page(data, full=True)
    swim = next(s for s in data["contents"] if s["name"] == "Swimming lessons")
    sal = swim["service_at_locations"][0]
    address = sal["location"]["addresses"][0]
    assert address["postal_code"] == "DM1 4AB"
    assert address["country"] == "GB"
    assert address["address_type"] == "physical"
    assert address["city"] == "Demchester"
    assert address["state_province"] == "Demchester"
    assert sal["location"]["latitude"] == pytest.approx(53.6021)
    assert swim["schedules"][0]["description"] == "Saturdays 9am to 11am"
    assert swim["service_areas"][0]["name"] == "Demchester"
    assert [lang["name"] for lang in swim["languages"]] == ["English", "Polish"]
    assert swim["cost_options"][0]["option"] == "Free"
    contact = swim["contacts"][0]
    assert contact["name"] == "Pool manager"
    assert contact["title"] == "Manager"
    assert contact["phones"][0]["number"] == "01632 960001"
    assert contact["email"] == "swim@example.org"
    for phone in contact["phones"]:
        assert_valid("phone.json", phone)
    terms = {a["taxonomy_term"]["id"]: a for a in swim["attributes"]}
    assert set(terms) == {
        ASD,
        HI,
        str(reference.term_id("category", "advice-and-support")),
        str(reference.term_id("category", "health")),
    }
    asd = terms[ASD]["taxonomy_term"]
    assert asd["taxonomy_id"] == NEEDS
    assert asd["taxonomy"] == "Special educational needs and disabilities"
    assert asd["code"] == "ASD"
    assert terms[ASD]["taxonomy_term_id"] == ASD
    drama = next(s for s in data["contents"] if s["name"] == "Drama club")
    assert drama["cost_options"][0]["option"] == "2 pounds a session"
    assert drama["cost_options"][0]["amount_description"] == "2 pounds a session"
    assert drama["schedules"] == []
    assert drama["contacts"] == []


def test_derived_ids_do_not_change_between_calls(client, offer):
    first = api(client, "api_service", offer["swim"].pk)
    second = api(client, "api_service", offer["swim"].pk)
    assert first == second
    ids = [first["schedules"][0]["id"], first["cost_options"][0]["id"], first["contacts"][0]["id"]]
    ids += [a["id"] for a in first["attributes"]] + [lang["id"] for lang in first["languages"]]
    ids += [first["service_areas"][0]["id"]]
    ids += [first["service_at_locations"][0]["location"]["addresses"][0]["id"]]
    assert len(set(ids)) == len(ids)
    for value in ids:
        uuid.UUID(value)


def test_minimal_list_has_four_fields_and_still_validates(client, offer):
    data = api(client, "api_services", minimal="true")
    assert_valid("service_list.json", data)
    assert [set(item) for item in data["contents"]] == [
        {"id", "name", "status", "last_modified"}
    ] * 2
    assert names(data) == ["Drama club", "Swimming lessons"]
    assert data["contents"][1]["id"] == str(offer["swim"].pk)


def test_empty_result_is_a_valid_empty_page(client, offer):
    data = api(client, "api_services", search="trampolining")
    assert_services_page(data)
    assert data["contents"] == []
    assert data["empty"] is True
    assert data["total_items"] == 0
    assert data["total_pages"] == 0
    assert data["size"] == 0
    assert data["last_page"] is True


def test_paging_last_page_and_a_page_past_the_end(client):
    for n in range(5):
        make_service(name=f"Club {n}")
    last = api(client, "api_services", per_page=2, page=3)
    assert_services_page(last)
    assert names(last) == ["Club 4"]
    assert (last["total_items"], last["total_pages"], last["page_number"]) == (5, 3, 3)
    assert (last["first_page"], last["last_page"], last["empty"], last["size"]) == (
        False,
        True,
        False,
        1,
    )
    middle = api(client, "api_services", per_page=2, page=2)
    assert names(middle) == ["Club 2", "Club 3"]
    assert middle["last_page"] is False
    past = api(client, "api_services", per_page=2, page=9)
    assert_services_page(past)
    assert past["contents"] == []
    assert (past["empty"], past["last_page"], past["page_number"], past["total_items"]) == (
        True,
        True,
        9,
        5,
    )


def test_per_page_is_capped(client):
    first = make_service(name="Service 000", postcode=None)
    copies = []
    for number in range(1, api_module.MAX_PER_PAGE + 1):  # one more than the cap, quickly
        copy = Service.objects.get(pk=first.pk)
        copy.pk, copy.name = uuid.uuid4(), f"Service {number:03}"
        copies.append(copy)
    Service.objects.bulk_create(copies)
    assert Service.objects.count() == api_module.MAX_PER_PAGE + 1
    data = api(client, "api_services", per_page=5000)
    assert data["size"] == api_module.MAX_PER_PAGE == 200
    assert len(data["contents"]) == api_module.MAX_PER_PAGE
    assert data["total_items"] == api_module.MAX_PER_PAGE + 1
    assert data["total_pages"] == 2


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page": "two"}, "page"),
        ({"page": "1.0"}, "page"),
        ({"per_page": "1.5"}, "per_page"),
        ({"modified_after": "last tuesday"}, "modified_after"),
        ({"taxonomy_term_id": "ASD"}, "taxonomy_term_id"),
        ({"taxonomy_id": "needs"}, "taxonomy_id"),
        ({"organization_id": "42"}, "organization_id"),
        ({"minimal": "perhaps"}, "minimal"),
        ({"postcode": "ZZ9 9ZZ", "proximity": "1000"}, "postcode"),
        ({"postcode": "DM1 4AB", "proximity": "far"}, "proximity"),
        ({"postcode": "DM1 4AB", "proximity": "-3"}, "proximity"),
        ({"proximity": "1000"}, "postcode"),
    ],
)
def test_bad_parameters_get_a_json_400_naming_the_parameter(client, params, parameter):
    data = api(client, "api_services", status=400, **params)
    assert data["parameter"] == parameter
    assert parameter in data["error"]


@pytest.mark.parametrize(
    ("params", "page", "size"),
    [
        ({"per_page": ""}, 1, api_module.PER_PAGE),
        ({"page": ""}, 1, api_module.PER_PAGE),
        ({"page": "0"}, 1, api_module.PER_PAGE),
        ({"page": "-3", "per_page": "2"}, 1, 2),
        ({"per_page": "0"}, 1, api_module.PER_PAGE),
        ({"per_page": "-5"}, 1, api_module.PER_PAGE),
    ],
)
def test_any_whole_number_the_openapi_allows_is_answered(client, params, page, size):
    """The OpenAPI types page and per_page as integers with no minimum, and an empty value is
    no value: each is answered (the first page, the default size), not refused."""
    for name in ("api_services", "api_organizations", "api_taxonomies", "api_service_at_locations"):
        data = api(client, name, **params)
        assert data["page_number"] == page, name
        assert data["size"] in (size, data["total_items"]), name


@pytest.mark.parametrize(
    ("name", "query", "parameter"),
    [
        ("api_organizations", "full_service=true&full_service=false", "full_service"),
        ("api_services", "page=1&page=2", "page"),
        ("api_services", "search=swim&search=drama", "search"),
        ("api_taxonomy_terms", "top_only=true&top_only=true", "top_only"),
    ],
)
def test_a_parameter_given_twice_is_refused(client, name, query, parameter):
    """No parameter of the OpenAPI is an array: a second value is a 400 naming it."""
    response = client.get(f"{reverse('localoffer:' + name)}?{query}")
    assert response.status_code == 400
    data = response.json()
    assert data["parameter"] == parameter
    assert "only once" in data["error"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_service_by_id_is_fully_nested(client, offer):
    data = api(client, "api_service", offer["swim"].pk)
    assert_valid("service.json", data)
    assert data["name"] == "Swimming lessons"
    assert data["organization"]["description"] == "Run by parents."
    assert data["service_at_locations"][0]["location"]["name"] == "Demchester Leisure Centre"
    assert len(data["attributes"]) == 4


def test_unknown_hidden_and_malformed_ids_are_json_404s(client, offer):
    for pk in (uuid.uuid4(), offer["closed"].pk, offer["stale"].pk, "not-an-id"):
        data = api(client, "api_service", pk, status=404)
        assert set(data) == {"error"}
        assert "no public service" in data["error"] or "no service" in data["error"]
    data = api(client, "api_unknown", "no/such/thing", status=404)
    assert "OpenAPI" in data["error"]


def test_hidden_services_appear_nowhere(client, offer):
    hidden = {str(offer["closed"].pk), str(offer["stale"].pk)}
    everything = json.dumps(
        [
            api(client, "api_services", full="true"),
            api(client, "api_services", minimal="true"),
            api(client, "api_organizations", full_service="true"),
            api(client, "api_service_at_locations", full="true"),
            api(client, "api_organization", offer["swim"].provider_id),
        ]
    )
    for pk in hidden:
        assert pk not in everything
    assert "Closed club" not in everything
    assert "Stale club" not in everything
    assert str(offer["swim"].pk) in everything


def test_filter_by_taxonomy_term_and_taxonomy(client, offer):
    no_needs = make_service(name="Open to all", needs=())
    assert names(api(client, "api_services", taxonomy_term_id=HI)) == ["Swimming lessons"]
    assert names(api(client, "api_services", taxonomy_term_id=str(uuid.uuid4()))) == []
    category = str(reference.term_id("category", "social-care"))
    assert names(api(client, "api_services", taxonomy_term_id=category)) == ["Drama club"]
    with_need = names(api(client, "api_services", taxonomy_id=NEEDS))
    assert with_need == ["Drama club", "Swimming lessons"]
    assert no_needs.name in names(api(client, "api_services", taxonomy_id=CATEGORIES))


def test_filter_by_organization(client, offer):
    data = api(client, "api_services", organization_id=str(offer["drama"].provider_id))
    assert names(data) == ["Drama club"]


def test_filter_by_modified_after(client, offer):
    long_ago = timezone.now() - dt.timedelta(days=30)
    Service.objects.filter(pk=offer["drama"].pk).update(modified_at=long_ago)
    week_ago = (timezone.now() - dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert names(api(client, "api_services", modified_after=week_ago)) == ["Swimming lessons"]
    as_date = (timezone.localdate() - dt.timedelta(days=60)).isoformat()
    assert len(api(client, "api_services", modified_after=as_date)["contents"]) == 2
    offset = (timezone.now() - dt.timedelta(days=7)).isoformat()  # "+00:00" survives encoding
    assert names(api(client, "api_services", modified_after=offset)) == ["Swimming lessons"]


def test_search_uses_the_same_stemmed_full_text_search_as_the_pages(client, offer):
    data = api(client, "api_services", search="swim")
    assert names(data) == ["Swimming lessons", "Drama club"]  # name weighs more than text
    assert names(api(client, "api_services", search="hearing")) == ["Swimming lessons"]
    public = [s.name for s in selectors.search(selectors.Search(q="swim")).services]
    assert names(data) == public


def test_postcode_and_proximity_in_metres(client, offer):
    near = api(client, "api_services", postcode="DM1 4AB", proximity="3000")
    assert_services_page(near)
    assert names(near) == ["Swimming lessons"]
    wide = api(client, "api_services", postcode="dm14ab", proximity="20000")
    assert names(wide) == ["Swimming lessons", "Drama club"]  # nearest first
    # Tarnbury is about 8.7 miles (14 km) away: 13 km misses it, 15 km finds it.
    assert names(api(client, "api_services", postcode="DM1 4AB", proximity="13000")) == [
        "Swimming lessons"
    ]
    assert "Drama club" in names(api(client, "api_services", postcode="DM1 4AB", proximity="15000"))


def test_full_list_queries_do_not_grow_with_the_page(client, django_assert_max_num_queries):
    for n in range(30):
        make_service(name=f"Club {n:02d}", needs=("ASD", "HI"))
    with django_assert_max_num_queries(8):
        data = api(client, "api_services", full="true", per_page=30)
    assert len(data["contents"]) == 30
    with django_assert_max_num_queries(3):
        api(client, "api_services", per_page=30)


# ---------------------------------------------------------------------------------------------
# Taxonomies and terms


def test_taxonomies(client):
    data = api(client, "api_taxonomies")
    assert_valid("taxonomy_list.json", data)
    assert {t["id"] for t in data["contents"]} == {NEEDS, CATEGORIES}
    assert data["total_items"] == 2
    one = api(client, "api_taxonomy", CATEGORIES)
    assert_valid("taxonomy.json", one)
    assert one["name"] == "Local Offer categories"
    assert [t["code"] for t in one["taxonomy_terms"]] == [c for c, _, _ in reference.CATEGORIES]
    api(client, "api_taxonomy", uuid.uuid4(), status=404)


def test_taxonomy_terms_filters_and_paging(client):
    data = api(client, "api_taxonomy_terms", taxonomy_id=NEEDS, per_page=200)
    assert_valid("taxonomy_term_list.json", data)
    assert data["total_items"] == len(reference.NEEDS)
    assert {t["taxonomy_id"] for t in data["contents"]} == {NEEDS}
    paged = api(client, "api_taxonomy_terms", per_page=3, page=2)
    assert_valid("taxonomy_term_list.json", paged)
    assert paged["size"] == 3
    assert paged["total_items"] == len(reference.NEEDS) + len(reference.CATEGORIES)
    found = api(client, "api_taxonomy_terms", search="hearing")
    assert [t["id"] for t in found["contents"]] == [HI]
    assert api(client, "api_taxonomy_terms", top_only="true")["total_items"] == paged["total_items"]
    assert api(client, "api_taxonomy_terms", parent_id=HI)["contents"] == []
    term = api(client, "api_taxonomy_term", ASD)
    assert_valid("taxonomy_term.json", term)
    assert term["code"] == "ASD"
    assert term["taxonomy"] == Taxonomy.objects.get(kind="need").name
    api(client, "api_taxonomy_term", uuid.uuid4(), status=404)
    api(client, "api_taxonomy_terms", status=400, taxonomy_id="x")


# ---------------------------------------------------------------------------------------------
# Organizations


def test_organizations_only_those_with_public_services(client, offer):
    only_hidden = provider("Closed charity")
    make_service(name="Gone", owner=only_hidden, status=ServiceStatus.INACTIVE)
    data = api(client, "api_organizations")
    assert_valid("organization_list.json", data)
    assert [o["name"] for o in data["contents"]] == [
        "Demchester Parent Carer Forum",
        "Demchester Parent Carer Forum",
    ]
    assert str(only_hidden.pk) not in {o["id"] for o in data["contents"]}
    api(client, "api_organization", only_hidden.pk, status=404)
    api(client, "api_organization", "nope", status=404)
    assert api(client, "api_organizations", search="charity")["contents"] == []


def test_organization_by_id_lists_its_public_services(client, offer):
    forum = offer["swim"].provider
    data = api(client, "api_organization", forum.pk)
    assert_valid("organization.json", data)
    assert data["name"] == "Demchester Parent Carer Forum"
    assert [s["name"] for s in data["services"]] == ["Swimming lessons"]  # not the closed one
    for service in data["services"]:
        assert_valid("service.json", service)
    full = api(client, "api_organization", forum.pk, full_service="true")
    assert full["services"][0]["service_at_locations"][0]["location"]["addresses"]
    listed = api(client, "api_organizations", full="true")
    assert all("services" in o for o in listed["contents"])


# ---------------------------------------------------------------------------------------------
# Services at locations


def test_service_at_locations_list_and_by_id(client, offer):
    data = api(client, "api_service_at_locations")
    assert_valid("service_at_location_list.json", data)
    assert [c["service"]["name"] for c in data["contents"]] == ["Drama club", "Swimming lessons"]
    for item in data["contents"]:
        assert_valid("service_at_location.json", item)
        assert_valid("service.json", item["service"])
    swim_sal = offer["swim"].at_locations.get()
    one = api(client, "api_service_at_location", swim_sal.pk)
    assert_valid("service_at_location.json", one)
    assert one["service_id"] == str(offer["swim"].pk)
    assert one["location"]["addresses"][0]["postal_code"] == "DM1 4AB"
    assert one["service"]["attributes"]
    closed_sal = offer["closed"].at_locations.get()
    api(client, "api_service_at_location", closed_sal.pk, status=404)
    api(client, "api_service_at_location", "x", status=404)


def test_service_at_locations_filters(client, offer):
    near = api(client, "api_service_at_locations", postcode="DM1 4AB", proximity="3000")
    assert_valid("service_at_location_list.json", near)
    assert [c["service"]["name"] for c in near["contents"]] == ["Swimming lessons"]
    wide = api(client, "api_service_at_locations", postcode="DM1 4AB", proximity="20000")
    assert [c["service"]["name"] for c in wide["contents"]] == ["Swimming lessons", "Drama club"]
    by_term = api(client, "api_service_at_locations", taxonomy_term_id=HI)
    assert [c["service"]["name"] for c in by_term["contents"]] == ["Swimming lessons"]
    by_word = api(client, "api_service_at_locations", search="acting")
    assert [c["service"]["name"] for c in by_word["contents"]] == ["Drama club"]
    full = api(client, "api_service_at_locations", full="true", per_page=1)
    assert full["total_pages"] == 2
    assert "attributes" in full["contents"][0]["service"]
    api(client, "api_service_at_locations", status=400, page="first")


# ---------------------------------------------------------------------------------------------
# HTTP


def test_preflight_and_other_methods(client):
    url = reverse("localoffer:api_services")
    preflight = client.options(url, HTTP_ORIGIN="https://elsewhere.example")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    posted = client.post(url, {"name": "x"})
    assert posted.status_code == 405
    assert posted["Access-Control-Allow-Origin"] == "*"
    assert "GET" in posted.json()["error"]
    assert client.delete(reverse("localoffer:api_service", args=[uuid.uuid4()])).status_code == 405
    assert Service.objects.count() == 0


def test_the_api_needs_no_sign_in_and_sets_no_cookie(client, offer):
    response = client.get(reverse("localoffer:api_services"))
    assert response.status_code == 200
    assert not response.cookies
    assert Provider.objects.count() >= 2
