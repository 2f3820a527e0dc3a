"""Comments on the Local Offer and the published responses (SEND Regulations 2014 reg 56)."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendpath.core.formatting import govuk_date
from sendpath.core.models import AuditAction, AuditEntry
from sendpath.core.roles import Role
from sendpath.localoffer import services
from sendpath.localoffer.models import Comment, CommentStatus, Service, ServiceStatus
from sendpath.localoffer.reference import Topic
from sendpath.localoffer.tests.factories import make_service
from sendpath.people.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.usefixtures("local_offer")

FEEDBACK = reverse("localoffer:feedback")
SENT = reverse("localoffer:feedback_sent")
YOU_SAID = reverse("localoffer:you_said")
REPORT = reverse("localoffer:annual_report")
COMMENTS = reverse("localoffer:comments")

# What a member of the public wrote: distinctive words that must never reach a public page.
RAW_BODY = "The quokkaphone timetable is wrong and nobody at Marmotfield answers the telephone."
RAW_NAME = "Testparent Nobody"
RAW_EMAIL = "testparent.nobody@example.com"

REFUSED_ROLES = (
    Role.CASEWORKER,
    Role.SENCO,
    Role.VIRTUAL_SCHOOL,
    Role.PROFESSIONAL,
    Role.FAMILY,
    Role.LEADER,
    Role.PROVIDER,
)


def text(response: Any) -> str:
    return response.content.decode()


def signed_in(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def user_for(world: Any, role: str) -> Any:
    """The world's user for a role, or a new one for the Local Offer roles it lacks."""
    if role in world.users:
        return world.users[role]
    org = world.health if role == Role.PROVIDER else world.la
    return UserFactory(username=f"lo_{role}", role=role, organisation=org)


def comment_on(service: Service | None = None, **fields: Any) -> Comment:
    return services.comment_submit(
        topic=fields.pop("topic", Topic.OUT_OF_DATE),
        body=fields.pop("body", RAW_BODY),
        service=service,
        name=fields.pop("name", RAW_NAME),
        email=fields.pop("email", RAW_EMAIL),
    )


def published(
    actor: Any,
    service: Service | None = None,
    *,
    topic: str = Topic.OUT_OF_DATE,
    you_said: str = "The opening times of a swimming club were out of date.",
    we_did: str = "We asked the club to check its entry.",
    action_taken: str = "",
) -> Comment:
    return services.comment_publish(
        actor=actor,
        comment=comment_on(service, topic=topic),
        topic=topic,
        you_said=you_said,
        we_did=we_did,
        action_taken=action_taken,
    )


def table_rows(html: str) -> dict[str, list[str]]:
    """The body rows of the page's tables, keyed by their first cell's text."""
    rows: dict[str, list[str]] = {}
    for body in re.findall(r"<tbody[^>]*>(.*?)</tbody>", html, re.S):
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
            cells = [
                " ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split())
                for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            ]
            rows[cells[0]] = cells[1:]
    return rows


def cards(html: str) -> int:
    return len(re.findall(r'class="govuk-summary-card[" ]', html))


@pytest.fixture
def team(world: Any) -> Any:
    return user_for(world, Role.LOCAL_OFFER)


# ---------------------------------------------------------------------------------------------
# Commenting: anyone, without signing in


def test_anyone_can_comment_on_the_local_offer_as_a_whole(client):
    form = client.get(FEEDBACK)
    assert form.status_code == 200
    page = text(form)
    assert "Comment on the Local Offer" in page
    assert "A gap in provision: a service that is needed but not there" in page
    assert "we never publish them" in page
    response = client.post(
        FEEDBACK,
        {"topic": Topic.GAP, "comment": RAW_BODY, "name": RAW_NAME, "email": RAW_EMAIL},
    )
    assert response.status_code == 302
    assert response["Location"] == SENT
    saved = Comment.objects.get()
    assert saved.service is None
    assert saved.topic == Topic.GAP
    assert saved.body == RAW_BODY
    assert (saved.name, saved.email) == (RAW_NAME, RAW_EMAIL)
    assert saved.status == CommentStatus.NEW
    entry = AuditEntry.objects.get(object_id=str(saved.pk), action=AuditAction.CREATED)
    assert entry.actor is None
    assert entry.actor_label == "Anonymous"
    sent = text(client.get(SENT))
    assert "govuk-panel" in sent
    assert "Thank you for your comment" in sent
    assert "We read every comment" in sent
    assert "You said, we did" in sent
    assert "Go back to" not in sent


def test_a_comment_on_one_service_is_linked_to_it_and_leads_back(client):
    service = make_service(name="Saturday swimming club")
    url = reverse("localoffer:service_feedback", args=[service.pk])
    page = text(client.get(url))
    assert "Tell us about Saturday swimming club" in page
    response = client.post(url, {"topic": Topic.OUT_OF_DATE, "comment": "Times are wrong."})
    assert response.status_code == 302
    assert response["Location"] == f"{SENT}?service={service.pk}"
    saved = Comment.objects.get()
    assert saved.service == service
    assert (saved.name, saved.email) == ("", "")
    sent = text(client.get(response["Location"]))
    assert f'href="{reverse("localoffer:service", args=[service.pk])}"' in sent
    assert "Go back to Saturday swimming club" in sent
    # A made-up service id on the confirmation page is ignored, not an error.
    assert client.get(SENT, {"service": "not-a-uuid"}).status_code == 200


def test_empty_input_names_each_field_and_saves_nothing(client):
    response = client.post(FEEDBACK, {"topic": "", "comment": "   ", "name": RAW_NAME})
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert "<title>Error:" in page
    assert "Select what your comment is about" in page
    assert "Enter your comment" in page
    assert f'value="{RAW_NAME}"' in page
    assert Comment.objects.count() == 0


def test_a_comment_too_long_or_a_bad_email_keeps_what_was_typed(client):
    too_long = "Long words here. " * 300  # over 5,000 characters
    response = client.post(
        FEEDBACK,
        {"topic": Topic.MISSING, "comment": too_long, "name": RAW_NAME, "email": "not-an-email"},
    )
    page = text(response)
    assert response.status_code == 400
    assert "Your comment must be 5,000 characters or fewer" in page
    assert "Enter an email address in the correct format, like name@example.com" in page
    assert too_long.strip() in page
    assert 'value="not-an-email"' in page
    assert f'value="{RAW_NAME}"' in page
    assert f'value="{Topic.MISSING}" checked' in page
    assert Comment.objects.count() == 0
    # Exactly 5,000 characters is allowed, new lines counting once each.
    exact = ("a" * 99 + "\r\n") * 50
    ok = client.post(FEEDBACK, {"topic": Topic.MISSING, "comment": exact.strip()})
    assert ok.status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("hide", ["defunct", "stale"])
def test_a_hidden_service_cannot_be_commented_on(client, hide):
    if hide == "defunct":
        service = make_service(status=ServiceStatus.DEFUNCT)
    else:
        service = make_service()
        Service.objects.filter(pk=service.pk).update(
            review_by=timezone.localdate() - dt.timedelta(days=200)
        )
    url = reverse("localoffer:service_feedback", args=[service.pk])
    assert client.get(url).status_code == 404
    posted = client.post(url, {"topic": Topic.OUT_OF_DATE, "comment": "Hello"})
    assert posted.status_code == 404
    assert Comment.objects.count() == 0


# ---------------------------------------------------------------------------------------------
# You said, we did


def test_a_published_response_shows_the_staff_words_never_the_persons(world, team):
    service = make_service(name="Saturday swimming club")
    comment = comment_on(service, topic=Topic.OUT_OF_DATE)
    staff = signed_in(team)
    page = text(staff.get(reverse("localoffer:comment", args=[comment.pk])))
    # The staff page shows the comment in full, the response prefilled from it.
    assert RAW_BODY in page
    assert RAW_NAME in page
    assert RAW_EMAIL in page
    assert "Remove names, addresses and anything else that could identify someone" in page
    assert f'value="{Topic.OUT_OF_DATE}" checked' in page
    response = staff.post(
        reverse("localoffer:comment_publish", args=[comment.pk]),
        {
            "topic": Topic.OUT_OF_DATE,
            "you_said": "The swimming club's timetable was out of date.",
            "we_did": "We asked the club to update it within a week.",
            "action_taken": "The timetable is now correct.",
        },
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.decided_by == team
    assert AuditEntry.objects.filter(
        object_id=str(comment.pk), action=AuditAction.UPDATED, actor=team
    ).exists()

    public = text(Client().get(YOU_SAID))
    assert "swimming club&#39;s timetable was out of date" in public
    assert "We asked the club to update it within a week." in public
    assert "The timetable is now correct." in public
    assert "Out of date" in public
    assert comment.decided_at is not None
    assert govuk_date(comment.decided_at) in public
    assert f'href="{reverse("localoffer:service", args=[service.pk])}"' in public
    for secret in ("quokkaphone", "Marmotfield", RAW_NAME, RAW_EMAIL, "Testparent"):
        assert secret not in public
    # Once the service leaves the directory its name stays, without a link.
    Service.objects.filter(pk=service.pk).update(status=ServiceStatus.DEFUNCT)
    later = text(Client().get(YOU_SAID))
    assert "Saturday swimming club (no longer listed)" in later
    assert f'href="{reverse("localoffer:service", args=[service.pk])}"' not in later


def test_a_published_response_can_be_changed(world, team):
    comment = published(team, we_did="We will look into it.")
    staff = signed_in(team)
    page = text(staff.get(reverse("localoffer:comment", args=[comment.pk])))
    assert "Change the published response" in page
    assert "We will look into it." in page
    staff.post(
        reverse("localoffer:comment_publish", args=[comment.pk]),
        {"topic": Topic.GAP, "you_said": "A club was missing.", "we_did": "We added it."},
    )
    comment.refresh_from_db()
    assert (comment.topic, comment.we_did) == (Topic.GAP, "We added it.")
    public = text(Client().get(YOU_SAID))
    assert "We added it." in public
    assert "We will look into it." not in public


def test_publishing_needs_both_halves_and_keeps_what_was_typed(world, team):
    comment = comment_on()
    staff = signed_in(team)
    response = staff.post(
        reverse("localoffer:comment_publish", args=[comment.pk]),
        {
            "topic": Topic.HARD_TO_USE,
            "you_said": "People found the search confusing.",
            "we_did": "",
        },
    )
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert "Enter what we did" in page
    assert "People found the search confusing." in page
    assert f'value="{Topic.HARD_TO_USE}" checked' in page
    comment.refresh_from_db()
    assert comment.status == CommentStatus.NEW
    assert comment.we_did == ""
    assert "People found the search confusing" not in text(Client().get(YOU_SAID))


def test_declining_needs_a_reason_and_a_declined_comment_is_never_public(world, team):
    comment = published(team, you_said="Someone said something rude.", we_did="Nothing to do.")
    staff = signed_in(team)
    url = reverse("localoffer:comment_decline", args=[comment.pk])
    refused = staff.post(url, {"reason": "  "})
    assert refused.status_code == 400
    assert "Enter the reason for declining" in text(refused)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    response = staff.post(url, {"reason": "Abusive"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.DECLINED
    assert comment.decline_reason == "Abusive"
    public = text(Client().get(YOU_SAID))
    assert "Someone said something rude." not in public
    assert "We have not published any responses yet" in public
    # A declined comment is re-opened by publishing a response.
    staff.post(
        reverse("localoffer:comment_publish", args=[comment.pk]),
        {"topic": Topic.OTHER, "you_said": "A comment about the site.", "we_did": "We replied."},
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.decline_reason == ""
    assert "We replied." in text(Client().get(YOU_SAID))


def test_you_said_filters_by_theme_without_javascript(world, team):
    published(team, topic=Topic.GAP, we_did="We commissioned a holiday club.")
    published(team, topic=Topic.HARD_TO_USE, we_did="We made the search simpler.")
    everything = text(Client().get(YOU_SAID))
    assert "We commissioned a holiday club." in everything
    assert "We made the search simpler." in everything
    assert '<form method="get"' in everything
    gaps = text(Client().get(YOU_SAID, {"theme": Topic.GAP}))
    assert "We commissioned a holiday club." in gaps
    assert "We made the search simpler." not in gaps
    assert "1 response about “Gaps in provision”" in gaps
    nothing = text(Client().get(YOU_SAID, {"theme": Topic.MISSING}))
    assert "We have not published any responses about “Missing information” yet" in nothing
    # An unknown theme shows everything rather than an error.
    unknown = Client().get(YOU_SAID, {"theme": "nonsense"})
    assert unknown.status_code == 200
    assert "We made the search simpler." in text(unknown)


def test_you_said_is_newest_first_twenty_a_page(world, team):
    for n in range(21):
        comment = published(team, we_did=f"Response number {n:02d}.")
        Comment.objects.filter(pk=comment.pk).update(
            decided_at=timezone.now() - dt.timedelta(days=30 - n)
        )
    first = text(Client().get(YOU_SAID))
    assert cards(first) == 20
    assert "21 responses" in first
    assert "Response number 20." in first
    assert "Response number 00." not in first
    assert first.index("Response number 20.") < first.index("Response number 19.")
    second = text(Client().get(YOU_SAID, {"page": "2"}))
    assert cards(second) == 1
    assert "Response number 00." in second


def test_you_said_empty_state(client):
    page = text(client.get(YOU_SAID))
    assert "We have not published any responses yet" in page
    assert f'href="{REPORT}"' in page


# ---------------------------------------------------------------------------------------------
# The yearly summary


def _in_year(comment: Comment, year: int) -> None:
    Comment.objects.filter(pk=comment.pk).update(
        created_at=dt.datetime(year, 6, 1, 12, tzinfo=dt.UTC)
    )


def test_the_annual_report_counts_each_theme_for_the_year(world, team):
    for topic in (Topic.GAP, Topic.GAP, Topic.OUT_OF_DATE):
        _in_year(comment_on(topic=topic), 2024)
    _in_year(published(team, topic=Topic.GAP), 2024)
    declined = comment_on(topic=Topic.OTHER)
    services.comment_decline(actor=team, comment=declined, reason="Abusive")
    _in_year(declined, 2024)
    _in_year(comment_on(topic=Topic.HARD_TO_USE), 2025)

    page = text(Client().get(reverse("localoffer:annual_report_year", args=[2024])))
    assert "Comments on the Local Offer in 2024" in page
    assert "regulation 56" in page
    rows = table_rows(page)
    # received, responses published, declined, still open
    assert rows["Gaps in provision"] == ["3", "1", "0", "2"]
    assert rows["Out of date"] == ["1", "0", "0", "1"]
    assert rows["Other"] == ["1", "0", "1", "0"]
    assert rows["Hard to use"] == ["0", "0", "0", "0"]
    assert rows["Total"] == ["5", "1", "1", "3"]
    assert f'href="{reverse("localoffer:annual_report_year", args=[2025])}"' in page

    # With no year asked for, the latest year with comments.
    latest = text(Client().get(REPORT))
    assert "Comments on the Local Offer in 2025" in latest
    assert table_rows(latest)["Hard to use"] == ["1", "0", "0", "1"]
    assert table_rows(latest)["Total"] == ["1", "0", "0", "1"]
    assert f'href="{reverse("localoffer:annual_report_year", args=[2024])}"' in latest


@pytest.mark.parametrize("year", [1999, 99999])
def test_a_year_without_comments_says_so(client, year):
    comment_on()
    response = client.get(reverse("localoffer:annual_report_year", args=[year]))
    assert response.status_code == 200
    page = text(response)
    assert f"We received no comments about the Local Offer in {year}." in page
    assert "<table" not in page


def test_the_annual_report_defaults_to_this_year_when_there_are_no_comments(client):
    page = text(client.get(REPORT))
    year = timezone.localdate().year
    assert f"Comments on the Local Offer in {year}" in page
    assert f"We received no comments about the Local Offer in {year}." in page


# ---------------------------------------------------------------------------------------------
# The staff's pages: who may answer comments


@pytest.mark.parametrize("role", [Role.LOCAL_OFFER, Role.MANAGER, Role.ADMINISTRATOR])
def test_the_team_managers_and_administrators_answer_comments(world, role):
    user = user_for(world, role)
    comment = comment_on(body="Please list the autism support group.")
    staff = signed_in(user)
    listing = staff.get(COMMENTS)
    assert listing.status_code == 200
    assert "Please list the autism support group." in text(listing)
    assert f'href="{reverse("localoffer:comment", args=[comment.pk])}"' in text(listing)
    assert staff.get(reverse("localoffer:comment", args=[comment.pk])).status_code == 200
    response = staff.post(
        reverse("localoffer:comment_publish", args=[comment.pk]),
        {"topic": Topic.MISSING, "you_said": "A group was missing.", "we_did": "We added it."},
    )
    assert response.status_code == 302
    assert response["Location"] == COMMENTS
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert "has been published" in text(staff.get(COMMENTS))


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_other_roles_are_refused_and_nothing_changes(world, role):
    user = user_for(world, role)
    comment = comment_on()
    staff = signed_in(user)
    detail = reverse("localoffer:comment", args=[comment.pk])
    assert staff.get(COMMENTS).status_code == 403
    assert staff.get(detail).status_code == 404
    publish = staff.post(
        reverse("localoffer:comment_publish", args=[comment.pk]),
        {"topic": Topic.OTHER, "you_said": "Hijacked.", "we_did": "Hijacked."},
    )
    assert publish.status_code == 404
    decline = staff.post(
        reverse("localoffer:comment_decline", args=[comment.pk]), {"reason": "Hijacked."}
    )
    assert decline.status_code == 404
    comment.refresh_from_db()
    assert comment.status == CommentStatus.NEW
    assert (comment.you_said, comment.we_did, comment.decline_reason) == ("", "", "")
    assert comment.decided_by is None
    refusals = AuditEntry.objects.filter(action=AuditAction.DENIED, actor=user)
    assert refusals.count() == 4
    assert refusals.filter(object_id=str(comment.pk)).count() == 3
    assert "Hijacked." not in text(Client().get(YOU_SAID))


def test_anonymous_visitors_are_sent_to_sign_in(client):
    comment = comment_on()
    for url in (COMMENTS, reverse("localoffer:comment", args=[comment.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    response = client.post(
        reverse("localoffer:comment_publish", args=[comment.pk]),
        {"topic": Topic.OTHER, "you_said": "Anonymous.", "we_did": "Anonymous."},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    response = client.post(
        reverse("localoffer:comment_decline", args=[comment.pk]), {"reason": "Anonymous."}
    )
    assert response["Location"].startswith(reverse("login"))
    comment.refresh_from_db()
    assert comment.status == CommentStatus.NEW


def test_the_triage_list_shows_new_comments_first_and_filters(world, team):
    comment_on(body="A brand new comment about buses.", topic=Topic.GAP)
    answered = published(team, topic=Topic.OUT_OF_DATE)
    Comment.objects.filter(pk=answered.pk).update(body="An answered comment about parks.")
    declined = comment_on(body="A declined comment about nothing.", topic=Topic.OTHER)
    services.comment_decline(actor=team, comment=declined, reason="Not about the Local Offer")
    staff = signed_in(team)

    default = text(staff.get(COMMENTS))
    assert "A brand new comment about buses." in default
    assert "An answered comment about parks." not in default
    assert "A declined comment about nothing." not in default
    assert "1 comment" in default
    assert 'href="?status=published"' in default
    done = text(staff.get(COMMENTS, {"status": "published"}))
    assert "An answered comment about parks." in done
    assert "A brand new comment about buses." not in done
    everything = text(staff.get(COMMENTS, {"status": "all"}))
    assert "3 comments" in everything
    for body in ("buses", "parks", "nothing"):
        assert f"comment about {body}." in everything
    themed = text(staff.get(COMMENTS, {"status": "all", "theme": Topic.OTHER}))
    assert "A declined comment about nothing." in themed
    assert "A brand new comment about buses." not in themed
    assert "1 comment" in themed
    # Unknown filter values fall back to the defaults rather than failing.
    fallback = staff.get(COMMENTS, {"status": "bogus", "theme": "bogus"})
    assert fallback.status_code == 200
    assert "A brand new comment about buses." in text(fallback)


def test_the_triage_list_is_paginated_newest_first(world, team):
    for n in range(27):
        comment = comment_on(body=f"Comment number {n:02d}")
        Comment.objects.filter(pk=comment.pk).update(
            created_at=timezone.now() - dt.timedelta(hours=30 - n)
        )
    staff = signed_in(team)
    first = text(staff.get(COMMENTS))
    assert "Comment number 26" in first
    assert "Comment number 01" not in first
    assert first.index("Comment number 26") < first.index("Comment number 25")
    second = text(staff.get(COMMENTS, {"page": "2"}))
    assert "Comment number 01" in second
    assert "Comment number 00" in second


def test_an_unknown_comment_is_not_found_for_the_team(world, team):
    import uuid

    missing = reverse("localoffer:comment", args=[uuid.uuid4()])
    assert signed_in(team).get(missing).status_code == 404


def test_reading_a_comment_is_audited(world, team):
    comment = comment_on()
    signed_in(team).get(reverse("localoffer:comment", args=[comment.pk]))
    assert AuditEntry.objects.filter(
        object_id=str(comment.pk), action=AuditAction.VIEWED, actor=team
    ).exists()


def test_public_pages_link_to_each_other(client):
    home = text(client.get(reverse("localoffer:home")))
    assert f'href="{YOU_SAID}"' in home
    assert f'href="{FEEDBACK}"' in home
    service = make_service()
    page = text(client.get(reverse("localoffer:service", args=[service.pk])))
    assert f'href="{reverse("localoffer:service_feedback", args=[service.pk])}"' in page
