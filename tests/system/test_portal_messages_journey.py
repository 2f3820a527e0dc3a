"""Messages to a family: a parent chooses email and text messages; a caseworker records the
request and the decision to assess; the messages (read from Notify's local backend) say the
dates the caseworker's page shows, and the caseworker sees what was sent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from sendpath.core import notify
from sendpath.core.formatting import govuk_date
from sendpath.core.models import NotifyMessage
from sendpath.ehc.models import Case, Deadline
from sendpath.people.models import FamilyMember, Role
from sendpath.people.tests.factories import PASSWORD, UserFactory, build_world

from .conftest import assert_accessible, settled, sign_in

pytestmark = pytest.mark.system


@pytest.fixture
def world(transactional_db):
    world = build_world()
    parent = world.user(Role.FAMILY)
    parent.email = "pamela.wombat@example.com"
    parent.save()
    return world


def fill_date(page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def messages(name: str, kind: str) -> list[NotifyMessage]:
    template = settings.NOTIFY_TEMPLATES[f"family_{name}_{'sms' if kind == 'sms' else 'email'}"]
    return list(NotifyMessage.objects.filter(template_id=template, kind=kind))


def due(case: Case, key: str) -> str:
    return govuk_date(Deadline.objects.get(case=case, key=key).due)


def test_a_parent_chooses_texts_and_hears_of_each_step_with_its_dates(
    page, browser, live_server, world
):
    child = world.family_child
    # The parent chooses how we contact them; a landline is refused, keeping what was typed.
    sign_in(page, world.user(Role.FAMILY).username, PASSWORD)
    page.get_by_role("link", name="How we contact you").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How we contact you")
    expect(page.get_by_text("pamela.wombat@example.com")).to_be_visible()
    assert_accessible(page, "messages-01-preferences")
    page.get_by_label("Email and text message").check()
    page.get_by_label("Mobile phone number, for text messages").fill("01632 960 001")
    settled(page)
    page.get_by_role("button", name="Save my choice").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a UK mobile number")
    expect(page.get_by_label("Mobile phone number, for text messages")).to_have_value(
        "01632 960 001"
    )
    assert_accessible(page, "messages-02-preferences-errors")
    page.get_by_label("Mobile phone number, for text messages").fill("07700 900 555")
    settled(page)
    page.get_by_role("button", name="Save my choice").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved")
    member = FamilyMember.objects.get(user=world.user(Role.FAMILY))
    assert (member.contact_preference, member.mobile) == ("email_and_text", "07700900555")

    # The caseworker records the request from the child's record.
    today = timezone.localdate()
    received = today - dt.timedelta(days=20)
    staff = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    sign_in(staff, "caseworker", PASSWORD)
    staff.goto(child.get_absolute_url())
    staff.get_by_role("link", name="Record a request for an EHC needs assessment").click()
    staff.get_by_label("Parent or carer").check()
    fill_date(staff, "Date the request was received", received)
    staff.get_by_role("button", name="Record request").click()
    expect(staff.get_by_text("Request recorded")).to_be_visible()
    case = Case.objects.get(child=child)
    decision_by = due(case, "decide_whether_to_assess")
    expect(staff.get_by_role("row", name="Decide whether to assess")).to_contain_text(decision_by)

    [email] = messages("request_received", "email")
    assert email.to == "pamela.wombat@example.com"
    assert email.status == "delivered-locally"
    assert f"We will tell you our decision by {decision_by}." in email.body
    assert "EHC needs assessment" in email.body
    [text] = messages("request_received", "sms")
    assert text.to == "07700900555"
    assert decision_by in text.body

    # The decision to assess: the next dates, the engine's, as the caseworker sees them.
    staff.get_by_role("button", name="Record the decision whether to assess").click()
    staff.get_by_label("Yes, carry out an assessment").check()
    fill_date(staff, "Date of the decision", today - dt.timedelta(days=2))
    staff.get_by_label("Reasons").fill("Evidence shows needs that may need special provision")
    staff.get_by_role("button", name="Record decision").click()
    staff.goto(case.get_absolute_url())
    [agreed] = messages("assessment_agreed", "email")
    for key in ("decide_whether_to_issue_plan", "issue_final_plan"):
        date = due(case, key)
        assert date in agreed.body
        expect(staff.get_by_text(date).first).to_be_visible()
    assert len(messages("assessment_agreed", "sms")) == 1

    # The caseworker sees every message to the family on the case.
    staff.get_by_role("link", name="Messages to the family").click()
    expect(staff.get_by_role("heading", name="Messages to the family")).to_be_visible()
    expect(staff.get_by_role("cell", name="We will do the assessment for Fenella")).to_be_visible()
    expect(staff.get_by_role("cell", name="Decision: we will assess")).to_be_visible()  # the text
    expect(staff.get_by_text("No letters to print.")).to_be_visible()
    assert_accessible(staff, "messages-03-case-messages")
    staff.context.close()

    # On a phone, the preferences page still reads and works.
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/my/preferences/")
    expect(page.get_by_label("Email and text message")).to_be_checked()
    assert_accessible(page, "messages-04-preferences-mobile")


def test_a_young_person_who_wants_letters_gets_one_for_the_caseworker_to_print(
    page, browser, live_server, world
):
    account = UserFactory(
        username="rowan",
        role=Role.FAMILY,
        first_name="Rowan",
        last_name="Heron",
        email="rowan@example.com",
    )
    child = world.ours
    child.young_person_user = account
    child.date_of_birth = dt.date(2008, 1, 10)
    child.address = "4 River Lane, Ourtown"
    child.postcode = "OU4 4DD"
    child.save()

    sign_in(page, "rowan", PASSWORD)
    page.goto("/my/preferences/")
    page.get_by_label("Letters only (by post)").check()
    settled(page)
    page.get_by_role("button", name="Save my choice").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved")
    child.refresh_from_db()
    assert child.young_person_contact_preference == "letters"

    staff = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    sign_in(staff, "caseworker", PASSWORD)
    staff.goto(child.get_absolute_url())
    staff.get_by_role("link", name="Record a request for an EHC needs assessment").click()
    staff.get_by_label("Young person (over compulsory school age and under 25)").check()
    received = timezone.localdate() - dt.timedelta(days=3)
    fill_date(staff, "Date the request was received", received)
    staff.get_by_role("button", name="Record request").click()
    expect(staff.get_by_text("Request recorded")).to_be_visible()
    case = Case.objects.get(child=child)
    decision_by = due(case, "decide_whether_to_assess")
    assert not NotifyMessage.objects.filter(to="rowan@example.com").exists()  # no email

    expect(staff.get_by_text("1 letter to print and post.")).to_be_visible()
    staff.get_by_role("link", name="Messages to the family: print letters").click()
    letter = staff.locator(".app-letter")
    expect(letter).to_contain_text("4 River Lane, Ourtown")
    expect(letter).to_contain_text(f"We will tell you our decision by {decision_by}.")
    assert_accessible(staff, "messages-05-letters-to-print")
    staff.get_by_role("button", name="Mark as posted: the letter to Rowan Heron").click()
    expect(staff.get_by_text("No letters to print.")).to_be_visible()
    expect(staff.get_by_role("cell", name="Posted")).to_be_visible()
    staff.context.close()


class FailingNotify:
    """Stands in for Notify's HTTP client only: it does not answer until ``fail`` is False."""

    fail = True

    def __init__(self, key):
        pass

    def send_email_notification(self, **kwargs):
        if FailingNotify.fail:
            raise ConnectionError("Connection refused")
        return {"id": "n-3", "content": {"subject": "Rendered by Notify", "body": "Body"}}


def test_a_message_notify_did_not_take_is_shown_and_sent_again(page, world, settings, monkeypatch):
    settings.NOTIFY_BACKEND = "govuk"
    settings.NOTIFY_API_KEY = "test_key-0000-1111"
    FailingNotify.fail = True
    monkeypatch.setattr(notify, "NotificationsAPIClient", FailingNotify)
    FamilyMember.objects.create(
        child=world.ours,
        full_name="Mina Quokka",
        relationship="mother",
        parental_responsibility=True,
        email="mina@example.org",
    )
    sign_in(page, "caseworker", PASSWORD)
    page.goto(world.ours.get_absolute_url())
    page.get_by_role("link", name="Record a request for an EHC needs assessment").click()
    page.get_by_label("Parent or carer").check()
    fill_date(page, "Date the request was received", timezone.localdate())
    page.get_by_role("button", name="Record request").click()
    expect(page.get_by_text("Request recorded")).to_be_visible()
    page.reload()  # the messages are tried after the step is saved
    expect(page.get_by_text("1 message to the family could not be sent.")).to_be_visible()
    expect(page.get_by_text("Connection refused").first).to_be_visible()
    page.get_by_role("link", name="Messages to the family: send again").click()
    expect(page.get_by_role("cell", name="tried 4 times", exact=False)).to_be_visible()
    assert_accessible(page, "messages-06-failed")
    FailingNotify.fail = False
    page.get_by_role("button", name="Send again to Mina Quokka").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("being sent again")
    expect(page.get_by_role("cell", name="Sent", exact=True)).to_be_visible()
    message = NotifyMessage.objects.get(to="mina@example.org")
    assert (message.status, message.notify_id) == ("created", "n-3")
