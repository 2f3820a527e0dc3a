"""The Local Offer through the pages: a parent searches by postcode and need, opens a service,
shortlists it and leaves feedback; the Local Offer team corrects the entry (bad input first)
and publishes a response; the API returns schema-valid JSON for the same service. No sign-in
for the public part, and axe-core on every page."""

from __future__ import annotations

import json
import uuid

import pytest
from playwright.sync_api import expect

from sendpath.localoffer import services
from sendpath.localoffer.models import Comment, CommentStatus, Service
from sendpath.localoffer.tests.factories import load_test_postcodes, make_service, provider
from sendpath.people.models import Organisation, OrganisationKind, Role
from sendpath.people.tests.factories import PASSWORD, AuthorityFactory, UserFactory

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def offer(transactional_db, settings):
    settings.HOME_LA_CODE = "901"
    la = AuthorityFactory(name="Ourshire Council", la_code="901")
    services.taxonomies_ensure()
    load_test_postcodes()
    hubs = provider("Demchester Family Hubs")
    near = make_service(
        name="Saturday sensory swim",
        description="Quiet swimming sessions for autistic children, with a changing room "
        "for families.",
        needs=("ASD",),
        categories=("advice-and-support",),
        minimum_age=4,
        maximum_age=16,
        telephone="01632 960100",
        opening_times="Saturdays 9am to 10am",
        owner=hubs,
        area="Demchester",
    )
    make_service(
        name="Tarnbury sensory swim",
        description="Swimming for autistic children in Tarnbury.",
        needs=("ASD",),
        postcode="DM9 2",
        city="Tarnbury",
        owner=hubs,
    )
    make_service(
        name="Demchester hearing support",
        description="Support for deaf children at home and school.",
        needs=("HI",),
        owner=hubs,
    )
    team = UserFactory(username="lo_team", role=Role.LOCAL_OFFER, organisation=la)
    Organisation.objects.create(
        kind=OrganisationKind.VOLUNTARY, name="Demchester Family Hubs Trust", local_authority=la
    )
    return {"near": near, "team": team, "hubs": hubs}


def test_parent_finds_a_service_and_staff_respond(page, offer, live_server):
    near: Service = offer["near"]

    # A parent, not signed in, searches near their postcode for their autistic child.
    page.goto("/local-offer/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Find services for children and young people with SEND"
    )
    expect(page.get_by_text("Ourshire Council Local Offer").first).to_be_visible()
    assert_accessible(page, "lo01-home")
    page.get_by_label("What are you looking for? (optional)").fill("swimming")
    page.get_by_label("Postcode (optional)").fill("DM1 4AB")
    page.get_by_label("Distance (optional)").select_option("3")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 service found")).to_be_visible()
    expect(page.get_by_role("link", name="Saturday sensory swim")).to_be_visible()
    expect(page.get_by_text("Tarnbury sensory swim")).to_have_count(0)
    assert_accessible(page, "lo02-results")

    # Widening the distance and filtering by need finds both swims but not hearing support.
    page.get_by_label("Distance (optional)").select_option("25")
    page.get_by_label("Autistic spectrum disorder").check()
    page.get_by_label("Age of the child or young person (optional)").fill("eight")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Age must be a whole number of years"
    )
    expect(page.get_by_label("Age of the child or young person (optional)")).to_have_value("eight")
    assert_accessible(page, "lo03-results-error")
    page.get_by_label("Age of the child or young person (optional)").fill("8")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="2 services found")).to_be_visible()
    expect(page.get_by_text("Demchester hearing support")).to_have_count(0)

    # Shortlist the nearest and open it.
    page.locator(".app-result").filter(has_text="Saturday sensory swim").get_by_role(
        "button", name="Add to shortlist"
    ).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Added to your shortlist")
    page.get_by_role("link", name="Saturday sensory swim").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saturday sensory swim")
    expect(page.get_by_text("Saturdays 9am to 10am")).to_be_visible()
    expect(page.get_by_role("button", name="Remove from shortlist")).to_be_visible()
    assert_accessible(page, "lo04-service")
    page.get_by_role("link", name="Your shortlist (1)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your shortlist")
    expect(page.get_by_role("link", name="Saturday sensory swim")).to_be_visible()
    share = page.locator(".app-share a").inner_text()
    assert str(near.pk) in share
    assert_accessible(page, "lo05-shortlist")

    # Feedback on the service: the time has changed. Empty first: the error names the field.
    page.get_by_role("link", name="Saturday sensory swim").click()
    page.get_by_role("link", name="Tell us about this service").click()
    page.get_by_label("Your comment").fill("The Saturday session moved to 11am in March.")
    page.get_by_role("button", name="Send your comment").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_label("Your comment")).to_have_value(
        "The Saturday session moved to 11am in March."
    )
    assert_accessible(page, "lo06-feedback-error")
    page.get_by_label("Information is out of date or wrong").check()
    page.get_by_role("button", name="Send your comment").click()
    expect(page.locator(".govuk-panel")).to_be_visible()
    assert_accessible(page, "lo07-feedback-sent")
    comment = Comment.objects.get()
    assert comment.service_id == near.pk

    # The Local Offer team corrects the entry and publishes a response.
    sign_in(page, "lo_team", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Local Offer entries")
    assert_accessible(page, "lo08-manage")
    page.get_by_role("link", name="Comments from the public").click()
    page.get_by_role("link", name="The Saturday session moved").first.click()
    assert_accessible(page, "lo09-comment")

    page.goto(f"/manage/local-offer/services/{near.pk}/")
    page.get_by_role("button", name="Change", exact=True).click()
    page.get_by_label("Opening times (optional)").fill("Saturdays 11am to noon")
    page.get_by_label("Oldest age").fill("3")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Oldest age must be the same as or more than the youngest age"
    )
    expect(page.get_by_label("Opening times (optional)")).to_have_value("Saturdays 11am to noon")
    assert_accessible(page, "lo10-edit-error")
    page.get_by_label("Oldest age").fill("16")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been saved")
    expect(page.get_by_role("cell", name="Changed: Opening times")).to_be_visible()
    assert_accessible(page, "lo11-entry")

    # The team lets the provider's own staff keep its entries up to date.
    page.goto("/manage/local-offer/")
    page.get_by_role("link", name="Providers and who keeps their entries").click()
    assert_accessible(page, "lo11a-providers")
    page.get_by_role("link", name="Demchester Family Hubs").click()
    page.get_by_label("Email address (optional)").fill("hubs at example")
    page.get_by_label(
        "Organisation whose staff keep its entries up to date (optional)"
    ).select_option(label="Demchester Family Hubs Trust (Voluntary or community organisation)")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter an email address")
    assert_accessible(page, "lo11b-provider-error")
    page.get_by_label("Email address (optional)").fill("hubs@example.org")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_role("cell", name="The Local Offer team and Demchester Family Hubs Trust")
    ).to_be_visible()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been saved")
    offer["hubs"].refresh_from_db()
    assert offer["hubs"].organisation.name == "Demchester Family Hubs Trust"

    page.goto(f"/manage/local-offer/comments/{comment.pk}/")
    page.get_by_label("You said").fill("The times of a swimming session were out of date.")
    page.get_by_label("We did").fill("We checked with the provider and corrected the times.")
    page.get_by_role("button", name="Publish the response").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED

    # Anyone can read the response, without the original words.
    page.goto("/local-offer/you-said-we-did/")
    expect(
        page.get_by_text("We checked with the provider and corrected the times.")
    ).to_be_visible()
    expect(page.get_by_text("moved to 11am in March")).to_have_count(0)
    assert_accessible(page, "lo12-you-said")
    page.goto("/local-offer/annual-report/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Comments on the Local Offer in")
    assert_accessible(page, "lo13-annual-report")

    # The API returns the same service as schema-valid Open Referral UK JSON.
    response = page.request.get(f"{live_server.url}/api/oruk/services/{near.pk}")
    assert response.status == 200
    assert response.headers["access-control-allow-origin"] == "*"
    body = response.json()
    assert body["id"] == str(near.pk)
    assert body["name"] == "Saturday sensory swim"
    assert body["schedules"][0]["description"] == "Saturdays 11am to noon"
    from sendpath.localoffer.oruk import validator

    errors = [e.message for e in validator("service.json").iter_errors(body)]
    assert errors == []
    uuid.UUID(body["organization"]["id"])
    assert json.dumps(body)  # plain JSON all the way down


def test_an_administrator_imports_a_feed_and_follows_it(page, offer):
    """Imports run in the background: the import's page shows each state, readable without
    script (a refresh link while it waits), and passes axe in each."""
    from sendpath.localoffer.models import FeedImport, ImportStatus
    from sendpath.localoffer.tests.test_import import record

    admin = UserFactory(
        username="lo_admin", role=Role.ADMINISTRATOR, organisation=offer["team"].organisation
    )
    sign_in(page, "lo_admin", PASSWORD)
    page.goto("/manage/local-offer/imports/new/")
    page.get_by_label("Whose feed is this").fill("Theirshire Council")
    feed = json.dumps([record(name="Theirshire swim"), record(maximum_age=40)]).encode()
    page.get_by_label("Or upload the feed as a file").set_input_files(
        files=[{"name": "theirs.json", "mimeType": "application/json", "buffer": feed}]
    )
    page.get_by_role("button", name="Import").click()
    # The demo and the tests run tasks at once: the import has finished by the time it shows.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Import of the feed of")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Finished")
    expect(page.get_by_text("40 is outside 0 to 25")).to_be_visible()
    assert_accessible(page, "lo14-import-finished")

    waiting = FeedImport.objects.create(
        source="https://theirs.example/services",
        url="https://theirs.example/services",
        label="Theirshire Council",
        created_by=admin,
    )
    page.goto(f"/manage/local-offer/imports/{waiting.pk}/")
    expect(page.get_by_text("This import is waiting to start.")).to_be_visible()
    page.get_by_role("link", name="Refresh this page to see how it is going").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Queued")
    assert_accessible(page, "lo15-import-queued")

    FeedImport.objects.filter(pk=waiting.pk).update(
        status=ImportStatus.FAILED,
        failure="Nothing was imported. The feed at https://theirs.example/services did not "
        "send JSON",
    )
    page.reload()
    expect(page.get_by_role("heading", name="Why it failed")).to_be_visible()
    expect(page.get_by_text("did not send JSON")).to_be_visible()
    assert_accessible(page, "lo16-import-failed")
