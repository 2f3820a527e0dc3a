"""Importing another authority's Open Referral UK feed: checks, reports, updates, fetching."""

from __future__ import annotations

import copy
import io
import json
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.core.roles import Role
from sendpath.localoffer import feeds, reference, selectors, tasks
from sendpath.localoffer.models import (
    FeedImport,
    ImportStatus,
    Location,
    Provider,
    Service,
    ServiceAtLocation,
    Source,
)
from sendpath.localoffer.tests.factories import make_service, provider
from sendpath.people.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.usefixtures("local_offer")

LABEL = "Theirshire Council"
ORG = "6c1e4f0a-3a57-4c1b-9a55-0c6d2f3b8e01"
ASD = str(reference.term_id("need", "ASD"))
IMPORTS = reverse("localoffer:imports")
NEW = reverse("localoffer:import_new")


def record(**overrides: Any) -> dict[str, Any]:
    """A good ORUK 3.0 service from Theirshire, fully nested."""
    data: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "name": "Sensory room sessions",
        "description": "A quiet sensory room, booked by the hour.",
        "status": "active",
        "minimum_age": 0,
        "maximum_age": 18,
        "organization": {
            "id": ORG,
            "name": "Theirshire Council",
            "description": "The council's children's services",
        },
        "service_at_locations": [
            {
                "id": str(uuid.uuid4()),
                "location": {
                    "id": str(uuid.uuid4()),
                    "location_type": "physical",
                    "name": "Tarnbury Library",
                    "addresses": [
                        {
                            "id": str(uuid.uuid4()),
                            "address_1": "1 High Street",
                            "city": "Tarnbury",
                            "state_province": "Theirshire",
                            "postal_code": "DM9 2AA",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
        "attributes": [
            {
                "id": str(uuid.uuid4()),
                "taxonomy_term": {"id": ASD, "name": "Autism", "description": "Autism"},
            },
            {
                "id": str(uuid.uuid4()),
                "taxonomy_term": {
                    "id": str(uuid.uuid4()),
                    "name": "Health",
                    "description": "Their own term, named as ours",
                },
            },
        ],
    }
    data.update(overrides)
    return data


def problems_of(imp: FeedImport, record_name: str) -> dict[str, dict[str, str]]:
    return {p["field"]: p for p in imp.problems if p["record"] == record_name}


@pytest.fixture
def admin(world):
    return world.user(Role.ADMINISTRATOR)


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


# ---------------------------------------------------------------------------------------------
# A real web server on 127.0.0.1 serving a feed in two pages


class Feed:
    """What the local server answers, and what it was asked."""

    def __init__(self) -> None:
        self.pages: dict[int, dict[str, Any]] = {}
        self.requests: list[str] = []


@pytest.fixture
def feed_server() -> Iterator[tuple[str, Feed]]:
    feed = Feed()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            feed.requests.append(self.path)
            parts = urlsplit(self.path)
            if parts.path == "/html":
                self._send(200, b"<html><body>Not a feed</body></html>", "text/html")
            elif parts.path == "/broken":
                self._send(500, b"{}", "application/json")
            elif parts.path == "/loop":
                body = {"contents": [{"id": "a"}], "last_page": False, "page_number": 1}
                self._send(200, json.dumps(body).encode(), "application/json")
            elif parts.path == "/services":
                page = int(parse_qs(parts.query).get("page", ["1"])[0])
                self._send(200, json.dumps(feed.pages[page]).encode(), "application/json")
            else:
                self._send(404, b"Not found", "text/plain")

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", feed
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def two_pages(feed: Feed, first: dict[str, Any], second: dict[str, Any]) -> None:
    common = {"total_items": 2, "total_pages": 2, "size": 1, "empty": False}
    feed.pages[1] = {
        **common,
        "page_number": 1,
        "first_page": True,
        "last_page": False,
        "contents": [first],
    }
    feed.pages[2] = {
        **common,
        "page_number": 2,
        "first_page": False,
        "last_page": True,
        "contents": [second],
    }


# ---------------------------------------------------------------------------------------------
# Importing


def _what_families_see() -> dict[str, dict]:
    """Each service's details, by name, as a round trip must keep them."""
    return {
        s.name: {
            "description": s.description,
            "ages": (s.minimum_age, s.maximum_age),
            "needs": sorted(t.code for t in s.needs.all()),
            "categories": sorted(t.code for t in s.categories.all()),
            "postcodes": [sal.location.postcode for sal in s.at_locations.all()],
            "provider": s.provider.name,
        }
        for s in Service.objects.all()
    }


def test_round_trip_through_our_own_api_keeps_what_matters(admin):
    make_service(
        name="Swimming lessons",
        description="Lessons in the pool.",
        needs=("ASD", "HI"),
        categories=("health", "advice-and-support"),
        minimum_age=5,
        maximum_age=16,
        owner=provider("Demchester Swimming Club"),
        opening_times="Saturdays",
        languages=["English", "Welsh"],
        telephone="01632 960001",
        is_free=False,
        cost_description="3 pounds a lesson",
        area="Demchester",
    )
    make_service(
        name="Drama club",
        description="Acting games.",
        needs=("SEMH",),
        categories=("social-care",),
        minimum_age=11,
        maximum_age=19,
        postcode="DM9 2",
    )
    before = _what_families_see()
    exported = Client().get(reverse("localoffer:api_services"), {"full": "true"}).content
    # The other database: none of our own rows.
    Service.objects.all().delete()
    Provider.objects.all().delete()
    Location.objects.all().delete()

    imp = feeds.feed_import(actor=admin, source="export.json", label=LABEL, payload=exported)

    assert (imp.created_count, imp.updated_count, imp.skipped_count) == (2, 0, 0)
    assert imp.problems == []
    after = _what_families_see()
    assert after == before
    swim = Service.objects.get(name="Swimming lessons")
    assert swim.source == Source.IMPORTED
    assert swim.feed == imp
    assert swim.provider.feed == imp
    assert swim.opening_times == "Saturdays"
    assert swim.languages == ["English", "Welsh"]
    assert swim.telephone == "01632 960001"
    assert (swim.is_free, swim.cost_description) == (False, "3 pounds a lesson")
    assert swim.area == "Demchester"
    assert swim.at_locations.get().location.latitude == pytest.approx(53.6021)
    assert swim.versions.get().number == 1
    # Searchable and public straight away, through the same search as the pages.
    found = selectors.search(selectors.Search(q="swim")).services
    assert [s.name for s in found] == ["Swimming lessons"]
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATED, object_id=str(imp.pk), actor=admin
    ).exists()


def test_bad_records_are_reported_by_id_and_field_and_skipped(admin):
    good = record(name="Good one")
    too_old = record(maximum_age=30)
    bad_postcode = record()
    bad_postcode["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = "NOWHERE"
    nameless = record()
    del nameless["id"]
    del nameless["name"]
    upside_down = record(minimum_age=12, maximum_age=5)
    unknown_term = record(
        name="Unknown terms",
        attributes=[
            {
                "id": str(uuid.uuid4()),
                "taxonomy_term": {"id": str(uuid.uuid4()), "name": "Knitting", "description": ""},
            }
        ],
    )
    wrong_status = record(status="open", email="nobody")
    no_description = record(description="   ")
    duplicate = record(id=good["id"], name="Good one again")
    payload = {
        "contents": [
            good,
            too_old,
            bad_postcode,
            nameless,
            upside_down,
            unknown_term,
            "not a service",
            wrong_status,
            no_description,
            duplicate,
        ]
    }

    imp = feeds.feed_import(actor=admin, source="theirs.json", label=LABEL, payload=payload)

    assert (imp.created_count, imp.updated_count, imp.skipped_count) == (2, 0, 8)
    assert sorted(Service.objects.values_list("name", flat=True)) == ["Good one", "Unknown terms"]
    age = problems_of(imp, too_old["id"])["maximum_age"]
    assert age["kind"] == "skipped"
    assert "outside 0 to 25" in age["message"]
    where = "service_at_locations[0].location.addresses[0].postal_code"
    assert "is not a UK postcode" in problems_of(imp, bad_postcode["id"])[where]["message"]
    positional = problems_of(imp, "record 4")
    assert positional["id"]["message"] == "Is required but missing"  # sendpath.core.schemas
    assert "name" in positional
    assert "more than the maximum" in problems_of(imp, upside_down["id"])["minimum_age"]["message"]
    status = problems_of(imp, wrong_status["id"])
    assert "active, inactive, defunct, temporarily closed" in status["status"]["message"]
    assert "not an email address" in status["email"]["message"]
    assert "JSON object" in problems_of(imp, "record 7")[""]["message"]
    assert "no description" in problems_of(imp, no_description["id"])["description"]["message"]
    assert "record 1" in problems_of(imp, good["id"])["id"]["message"]
    notes = problems_of(imp, unknown_term["id"])
    assert notes["attributes[0].taxonomy_term"]["kind"] == "note"
    assert "Knitting" in notes["attributes[0].taxonomy_term"]["message"]
    assert "Advice and support" in notes["attributes"]["message"]
    kept = Service.objects.get(name="Unknown terms")
    assert [t.code for t in kept.categories.all()] == ["advice-and-support"]
    assert list(kept.needs.all()) == []
    landed = Service.objects.get(name="Good one")
    assert [t.code for t in landed.needs.all()] == ["ASD"]
    assert [t.code for t in landed.categories.all()] == ["health"]  # matched by name
    assert landed.provider.name == "Theirshire Council"
    assert landed.provider.external_id == ORG
    assert Provider.objects.count() == 1  # one provider per external organization id


def test_a_record_the_database_refuses_is_skipped_and_the_rest_still_land(admin):
    # Passes the email check but is longer than an email field holds (254 characters).
    too_long = record(email="a" * 250 + "@example.org")
    good = record(name="Still imported")
    imp = feeds.feed_import(actor=admin, source="x.json", label=LABEL, payload=[too_long, good])
    assert (imp.created_count, imp.skipped_count) == (1, 1)
    assert "email" in problems_of(imp, too_long["id"])
    landed = Service.objects.get()
    assert landed.name == "Still imported"
    assert landed.provider.external_id == ORG  # made again: the first one was rolled back


def test_a_file_that_is_not_json_writes_nothing(admin):
    for payload, message in (
        (b"<html>Sorry</html>", "not JSON"),
        (b"\xff\xfe\x00garbage", "not JSON"),
        ("", "empty"),
        (b'{"organizations": []}', "not an Open Referral UK feed"),
        ({"contents": "everything"}, "should be a list"),
        (json.dumps(42), "not an Open Referral UK feed"),
    ):
        with pytest.raises(ValueError, match=message):
            feeds.feed_import(actor=admin, source="bad.json", label=LABEL, payload=payload)
    assert FeedImport.objects.count() == 0
    assert Service.objects.count() == 0
    assert Provider.objects.count() == 0


def test_one_service_on_its_own_is_a_feed(admin):
    imp = feeds.feed_import(actor=admin, source="one.json", label=LABEL, payload=record())
    assert imp.created_count == 1


def test_an_entry_not_checked_for_years_is_imported_but_hidden(admin):
    old = record(name="Old entry", assured_date="2020-01-31")
    imp = feeds.feed_import(actor=admin, source="old.json", label=LABEL, payload=[old])
    assert imp.created_count == 1
    note = problems_of(imp, old["id"])["assured_date"]
    assert note["kind"] == "note"
    assert "31 January 2020" in note["message"]
    service = Service.objects.get()
    assert service.last_reviewed.isoformat() == "2020-01-31"
    assert not selectors.public_services().filter(pk=service.pk).exists()


def test_reimport_updates_rather_than_duplicates(admin):
    first = record(name="Sensory room")
    imp1 = feeds.feed_import(actor=admin, source="a.json", label=LABEL, payload=[first])
    service = Service.objects.get()
    sal_id = service.at_locations.get().pk
    stamp = service.modified_at

    same = feeds.feed_import(actor=admin, source="b.json", label=LABEL, payload=[first])
    assert (same.created_count, same.updated_count) == (0, 1)
    service.refresh_from_db()
    assert service.modified_at == stamp  # nothing changed: nothing to tell feeds of changes
    assert service.version == 1
    assert service.feed == same

    changed = copy.deepcopy(first)
    changed["name"] = "Sensory room and garden"
    changed["maximum_age"] = 25
    again = feeds.feed_import(actor=admin, source="c.json", label=LABEL.upper(), payload=[changed])
    assert (again.created_count, again.updated_count, again.skipped_count) == (0, 1, 0)
    service = Service.objects.get()
    assert service.name == "Sensory room and garden"
    assert service.maximum_age == 25
    assert service.version == 2
    latest = service.versions.get(number=2)
    assert {"name", "maximum_age"} <= set(latest.changed_fields)
    assert service.at_locations.get().pk == sal_id  # same place, same id in our API
    assert Provider.objects.count() == 1
    assert Location.objects.count() == 1
    assert imp1.pk != again.pk
    # Another authority's feed with the same record id is a different service.
    feeds.feed_import(actor=admin, source="d.json", label="Elsewhere Council", payload=[first])
    assert Service.objects.count() == 2


def test_a_place_that_moves_replaces_the_old_one(admin):
    first = record()
    feeds.feed_import(actor=admin, source="a.json", label=LABEL, payload=[first])
    moved = copy.deepcopy(first)
    moved["service_at_locations"][0]["location"]["name"] = "Tarnbury Hub"
    moved["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = "dm14ab"
    feeds.feed_import(actor=admin, source="b.json", label=LABEL, payload=[moved])
    assert [loc.postcode for loc in Location.objects.all()] == ["DM1 4AB"]
    assert ServiceAtLocation.objects.count() == 1


def test_fetch_follows_pages_from_a_real_server(admin, feed_server):
    base, feed = feed_server
    one, two = record(name="First page service"), record(name="Second page service")
    two_pages(feed, one, two)

    records = feeds.fetch_feed(f"{base}/services?full=true")

    assert [r["name"] for r in records] == ["First page service", "Second page service"]
    assert feed.requests == ["/services?full=true", "/services?full=true&page=2"]
    imp = feeds.feed_import(actor=admin, source=base, label=LABEL, payload=records)
    assert imp.created_count == 2


def test_fetch_says_clearly_what_went_wrong(feed_server):
    base, _ = feed_server
    with pytest.raises(ValueError, match=r"status 404"):
        feeds.fetch_feed(f"{base}/nothing-here")
    with pytest.raises(ValueError, match=r"status 500"):
        feeds.fetch_feed(f"{base}/broken")
    with pytest.raises(ValueError, match="did not send JSON"):
        feeds.fetch_feed(f"{base}/html")
    with pytest.raises(ValueError, match="same services for page 2"):
        feeds.fetch_feed(f"{base}/loop")
    with pytest.raises(ValueError, match=r"http:// or https://"):
        feeds.fetch_feed("file:///etc/passwd")
    with pytest.raises(ValueError, match=r"http:// or https://"):
        feeds.fetch_feed("ftp://127.0.0.1/feed.json")
    with pytest.raises(ValueError, match="Could not reach"):
        feeds.fetch_feed("http://127.0.0.1:9/services", timeout=2)


def test_fetch_stops_at_the_page_limit(feed_server):
    base, feed = feed_server
    for n in range(1, 4):
        feed.pages[n] = {"contents": [record()], "page_number": n, "last_page": False}
    with pytest.raises(ValueError, match="more than 2 pages"):
        feeds.fetch_feed(f"{base}/services", max_pages=2)


# ---------------------------------------------------------------------------------------------
# The pages


def test_form_with_neither_url_nor_file_names_the_field_and_keeps_the_label(admin):
    client = signed_in(admin)
    response = client.post(NEW, {"label": "Theirshire Council"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "Enter the web address of the feed, or choose a file" in page
    assert 'href="#url"' in page
    assert 'value="Theirshire Council"' in page
    assert FeedImport.objects.count() == 0


def test_form_with_a_bad_json_file_names_the_file_and_keeps_the_label(admin):
    client = signed_in(admin)
    upload = SimpleUploadedFile("feed.json", b"{not json", content_type="application/json")
    response = client.post(NEW, {"label": "Theirshire Council", "file": upload})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported. The file is not JSON" in page
    assert 'href="#file"' in page
    assert 'value="Theirshire Council"' in page
    assert FeedImport.objects.count() == 0


def test_form_refuses_both_and_non_json_files_and_a_missing_label(admin):
    client = signed_in(admin)
    both = client.post(
        NEW,
        {
            "label": LABEL,
            "url": "https://theirs.example/services",
            "file": SimpleUploadedFile("feed.json", b"[]"),
        },
    )
    assert "not both" in both.content.decode()
    text_file = client.post(NEW, {"label": LABEL, "file": SimpleUploadedFile("feed.csv", b"a,b")})
    assert "must be a JSON file" in text_file.content.decode()
    no_label = client.post(NEW, {"file": SimpleUploadedFile("feed.json", b"[]")})
    assert "Enter whose feed this is" in no_label.content.decode()
    assert FeedImport.objects.count() == 0


def test_form_imports_a_file_and_shows_the_result(admin, django_capture_on_commit_callbacks):
    client = signed_in(admin)
    payload = json.dumps({"contents": [record(name="Good"), record(minimum_age=-1)]}).encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            NEW, {"label": LABEL, "file": SimpleUploadedFile("theirs.json", payload)}
        )
    imp = FeedImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("localoffer:import_detail", args=[imp.pk])
    assert imp.source == "theirs.json"
    assert imp.created_by == admin
    detail = client.get(response["Location"]).content.decode()
    assert "Services added" in detail
    assert "minimum_age" in detail
    assert "outside 0 to 25" in detail
    listing = client.get(IMPORTS).content.decode()
    assert LABEL in listing
    assert "theirs.json" in listing


def test_form_imports_from_a_web_address(admin, feed_server, django_capture_on_commit_callbacks):
    base, feed = feed_server
    two_pages(feed, record(name="One"), record(name="Two"))
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(admin).post(NEW, {"label": LABEL, "url": f"{base}/services"})
    assert response.status_code == 302
    assert FeedImport.objects.get().created_count == 2
    # The address is fetched in the background: why it failed is on the import's page.
    client = signed_in(admin)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(NEW, {"label": LABEL, "url": f"{base}/html"})
    bad = client.get(started["Location"])
    assert "did not send JSON" in bad.content.decode()
    failed = FeedImport.objects.get(status=ImportStatus.FAILED)
    assert failed.failure.startswith("Nothing was imported. The feed at ")
    assert "Why it failed" in bad.content.decode()


def test_an_import_from_the_page_is_queued_and_its_page_shows_its_progress(
    admin, settings, django_capture_on_commit_callbacks
):
    """With the database backend the import waits for a worker; its page says so."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = signed_in(admin)
    payload = json.dumps([record(name="Later")]).encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            NEW, {"label": LABEL, "file": SimpleUploadedFile("later.json", payload)}
        )
    imp = FeedImport.objects.get()
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "sendpath.localoffer.tasks.run_feed_import"
    assert queued.args_kwargs["args"] == [str(imp.pk)]
    assert imp.status == ImportStatus.QUEUED  # not run inside the request
    assert imp.payload[0]["name"] == "Later"
    assert Service.objects.count() == 0
    page = client.get(response["Location"]).content.decode()
    assert "Queued" in page
    assert "waiting to start" in page
    assert f'href="{response["Location"]}"' in page  # a refresh link, no script needed
    assert "Services added" not in page
    assert tasks.run_feed_import.call(str(imp.pk)) == ImportStatus.FINISHED
    imp.refresh_from_db()
    assert (imp.status, imp.created_count, imp.payload) == (ImportStatus.FINISHED, 1, None)
    assert tasks.run_feed_import.call(str(imp.pk)) == "not queued"  # never imported twice
    page = client.get(response["Location"]).content.decode()
    assert "Finished" in page
    assert "Services added" in page
    assert "Refresh this page" not in page
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.CREATED, object_id=str(imp.pk), actor=admin
        ).count()
        == 2
    )  # queued, then imported


def test_an_import_that_breaks_is_recorded_as_failed_in_plain_english(admin, monkeypatch):
    imp = tasks.queue_feed_import(actor=admin, label=LABEL, file_name="f.json", payload=b"[]")

    def broken(*args, **kwargs):
        raise RuntimeError("connection reset")

    monkeypatch.setattr(feeds, "import_records", broken)
    with pytest.raises(RuntimeError):
        tasks.run_feed_import.call(str(imp.pk))
    imp.refresh_from_db()
    assert imp.status == ImportStatus.FAILED
    assert imp.failure == tasks.UNEXPECTED
    assert "connection reset" not in imp.failure
    page = signed_in(admin).get(reverse("localoffer:import_detail", args=[imp.pk]))
    assert "something went wrong on our side" in page.content.decode()


def test_only_administrators_may_import(world):
    world.users[Role.LOCAL_OFFER] = UserFactory(
        username="local_offer", role=Role.LOCAL_OFFER, organisation=world.la
    )
    world.users[Role.PROVIDER] = UserFactory(
        username="provider", role=Role.PROVIDER, organisation=world.health
    )
    imp = FeedImport.objects.create(source="x.json", label=LABEL)
    detail = reverse("localoffer:import_detail", args=[imp.pk])
    refused = [r for r in world.users if r != Role.ADMINISTRATOR]
    assert {Role.LOCAL_OFFER, Role.PROVIDER, Role.MANAGER, Role.CASEWORKER} <= set(refused)
    for role in refused:
        client = signed_in(world.users[role])
        for url in (IMPORTS, NEW):
            assert client.get(url).status_code == 403, (role, url)
        assert client.get(detail).status_code == 404, role  # as if it did not exist
        posted = client.post(NEW, {"label": LABEL, "file": SimpleUploadedFile("f.json", b"[]")})
        assert posted.status_code == 403, role
    assert FeedImport.objects.count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.DENIED).count() >= 4 * len(refused)
    anonymous = Client()
    for url in (IMPORTS, NEW, detail):
        response = anonymous.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    admin = signed_in(world.user(Role.ADMINISTRATOR))
    for url in (IMPORTS, NEW, detail):
        assert admin.get(url).status_code == 200


# ---------------------------------------------------------------------------------------------
# The command


def test_command_imports_a_file_as_an_administrator(admin, tmp_path):
    path = tmp_path / "theirs.json"
    path.write_text(json.dumps([record(name="From the command"), record(maximum_age=40)]))
    out = io.StringIO()
    call_command("import_feed", str(path), "--label", LABEL, "--as", admin.username, stdout=out)
    text = out.getvalue()
    assert "1 added, 0 updated, 1 skipped" in text
    assert "maximum_age (skipped): 40 is outside 0 to 25" in text
    assert Service.objects.get().name == "From the command"
    assert FeedImport.objects.get().created_by == admin


def test_command_refuses_anyone_but_an_administrator(world, tmp_path):
    path = tmp_path / "theirs.json"
    path.write_text(json.dumps([record()]))
    for role in (Role.MANAGER, Role.CASEWORKER):
        with pytest.raises(CommandError, match="only an administrator"):
            call_command("import_feed", str(path), "--label", LABEL, "--as", str(role))
    with pytest.raises(CommandError, match="no active user"):
        call_command("import_feed", str(path), "--label", LABEL, "--as", "nobody")
    admin = world.user(Role.ADMINISTRATOR).username
    with pytest.raises(CommandError, match="not both and not neither"):
        call_command("import_feed", "--label", LABEL, "--as", admin)
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    with pytest.raises(CommandError, match=r"Nothing was imported\. The file is not JSON"):
        call_command("import_feed", str(bad), "--label", LABEL, "--as", admin)
    assert Service.objects.count() == 0
    assert FeedImport.objects.count() == 0
