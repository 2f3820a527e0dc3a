"""Family accounts: invitations, linking with the date of birth and code, unlinking, the 16+
rule and carers' read access to the plan."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sendpath.core.models import AuditAction, AuditEntry, NotifyMessage
from sendpath.people import ages
from sendpath.people.family import services
from sendpath.people.models import Child, FamilyInvitation, FamilyMember, ParentsAccess, Role, User

from .factories import PASSWORD, ChildFactory, UserFactory


def signed_in(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def parent(world):
    return FamilyMember.objects.create(
        child=world.ours,
        full_name="Petra Quokka",
        relationship="mother",
        parental_responsibility=True,
        email="petra@example.com",
    )


def invite(world, child, invitee, email=""):
    client = signed_in(world.user(Role.CASEWORKER))
    return client.post(
        reverse("people:family_invite", args=[child.pk]),
        {"invitee": invitee, "email": email},
    )


def invited(world, parent):
    """Invite the parent; return the invitation, the code from the email, and the account."""
    response = invite(world, world.ours, str(parent.pk))
    assert response.status_code == 302
    invitation = FamilyInvitation.objects.get(family_member=parent)
    code = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", NotifyMessage.objects.last().body).group(1)
    account = invitation.user
    account.set_password(PASSWORD)
    account.save()
    return invitation, code, account


def link(client, invitation, dob, code):
    return client.post(
        reverse("people:family_link", args=[invitation.pk]),
        {
            "date_of_birth-day": dob.day,
            "date_of_birth-month": dob.month,
            "date_of_birth-year": dob.year,
            "code": code,
        },
    )


# Inviting ------------------------------------------------------------------------------------


def test_invitation_makes_an_account_emails_a_link_and_a_code_stored_hashed(world, parent):
    invitation, code, account = invited(world, parent)
    assert account.role == Role.FAMILY
    assert account.email == "petra@example.com"
    message = NotifyMessage.objects.last()
    assert "/welcome/" in message.body
    assert world.ours.first_name not in message.body  # nothing of the child before linking
    assert code.replace("-", "") not in invitation.code_hash
    assert invitation.expires_at - timezone.now() > dt.timedelta(days=27)
    assert set(code.replace("-", "")) <= set(services.CODE_ALPHABET)
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATED, child_id=world.ours.pk, summary__startswith="Invited"
    ).exists()


def test_the_code_is_shown_once_to_the_caseworker(world, parent):
    client = signed_in(world.user(Role.CASEWORKER))
    response = client.post(
        reverse("people:family_invite", args=[world.ours.pk]),
        {"invitee": str(parent.pk)},
        follow=True,
    )
    body = response.content.decode()
    assert "The link code is" in body
    code = re.search(r"The link code is (?:<[^>]+>)?([A-Z0-9]{4}-[A-Z0-9]{4})", body).group(1)
    assert code in NotifyMessage.objects.last().body
    assert "govuk-notification-banner" not in body  # not in a message cookie
    invitation = FamilyInvitation.objects.get()
    shown_again = reverse("people:family_invited", args=[world.ours.pk, invitation.pk])
    again = client.get(shown_again).content.decode()
    assert code not in again
    assert "was shown once" in again
    assert code not in client.get(world.ours.get_absolute_url()).content.decode()


def test_a_parent_without_parental_responsibility_is_refused_with_the_reason(world):
    uncle = FamilyMember.objects.create(
        child=world.ours, full_name="Ulric Quokka", relationship="other", email="u@example.com"
    )
    response = invite(world, world.ours, str(uncle.pk))
    assert response.status_code == 400
    assert "does not have parental responsibility" in response.content.decode()
    assert not FamilyInvitation.objects.exists()
    assert not NotifyMessage.objects.exists()


def test_a_young_person_is_invited_only_from_the_end_of_compulsory_school_age(world):
    response = invite(world, world.ours, services.YOUNG_PERSON, "aurelia@example.com")
    assert response.status_code == 400
    older = ChildFactory(
        responsible_authority=world.la,
        date_of_birth=timezone.localdate() - dt.timedelta(days=17 * 366),
    )
    response = invite(world, older, services.YOUNG_PERSON, "older@example.com")
    assert response.status_code == 302
    assert FamilyInvitation.objects.get(child=older).family_member is None


def test_a_staff_email_address_is_refused(world, parent):
    response = invite(world, world.ours, str(parent.pk), world.user(Role.SENCO).email or "")
    world.user(Role.SENCO).email = "senco@example.com"
    world.user(Role.SENCO).save()
    response = invite(world, world.ours, str(parent.pk), "senco@example.com")
    assert response.status_code == 400
    assert "staff account" in response.content.decode()


@pytest.mark.parametrize(
    "role",
    [
        Role.SENCO,
        Role.PROFESSIONAL,
        Role.VIRTUAL_SCHOOL,
        Role.LEADER,
        Role.FAMILY,
        "other_caseworker",
    ],
)
def test_roles_that_must_not_invite_cannot(world, parent, role):
    client = signed_in(world.user(role))
    url = reverse("people:family_invite", args=[world.ours.pk])
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"invitee": str(parent.pk)}).status_code in (403, 404)
    unlink = reverse("people:family_unlink", args=[world.ours.pk])
    assert client.post(unlink, {"link": str(parent.pk), "reason": "x"}).status_code in (403, 404)
    assert not FamilyInvitation.objects.exists()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.MANAGER, Role.ADMINISTRATOR])
def test_the_send_team_may_invite(world, parent, role):
    client = signed_in(world.user(role))
    url = reverse("people:family_invite", args=[world.ours.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"invitee": str(parent.pk)}).status_code == 302


# Linking -------------------------------------------------------------------------------------


def test_before_linking_the_invitee_sees_nothing_of_the_child(world, parent):
    invitation, _code, account = invited(world, parent)
    client = signed_in(account)
    for url in (reverse("home"), reverse("people:family_link", args=[invitation.pk])):
        body = client.get(url, follow=True).content.decode()
        assert world.ours.first_name not in body  # the parent shares the surname
    assert client.get(world.ours.get_absolute_url()).status_code == 404


def test_the_right_date_of_birth_and_code_link_the_account(world, parent):
    invitation, code, account = invited(world, parent)
    client = signed_in(account)
    response = link(client, invitation, world.ours.date_of_birth, code.lower().replace("-", " "))
    assert response.status_code == 302
    parent.refresh_from_db()
    assert parent.user == account
    assert parent.has_account_access
    assert world.ours in Child.objects.visible_to(account)
    # The record's page sends a family to their own pages (the portal, under /my/).
    body = client.get(world.ours.get_absolute_url(), follow=True).content.decode()
    assert world.ours.full_name in body
    assert "Ourshire Primary" in body
    assert world.ours.upn not in body  # nothing staff-only
    assert "parental responsibility" not in body.lower()  # no family details


def test_wrong_date_of_birth_or_code_is_refused_counted_audited_and_locks_after_five(world, parent):
    invitation, code, account = invited(world, parent)
    client = signed_in(account)
    wrong_dob = world.ours.date_of_birth - dt.timedelta(days=1)
    response = link(client, invitation, wrong_dob, code)
    assert response.status_code == 400
    assert "4 tries left" in response.content.decode()
    assert link(client, invitation, world.ours.date_of_birth, "AAAA-AAAA").status_code == 400
    invitation.refresh_from_db()
    assert invitation.attempts == 2
    for _ in range(3):
        link(client, invitation, wrong_dob, code)
    invitation.refresh_from_db()
    assert invitation.locked_at is not None
    response = link(client, invitation, world.ours.date_of_birth, code)
    assert response.status_code == 400
    assert "locked" in response.content.decode()
    parent.refresh_from_db()
    assert parent.user is None
    denied = AuditEntry.objects.filter(action=AuditAction.DENIED, child_id=world.ours.pk)
    assert denied.count() == 6


def test_the_code_works_once(world, parent):
    invitation, code, account = invited(world, parent)
    client = signed_in(account)
    assert link(client, invitation, world.ours.date_of_birth, code).status_code == 302
    services.stop_my_access(request=None, user=account, child=world.ours)
    response = link(client, invitation, world.ours.date_of_birth, code)
    assert response.status_code == 400
    assert "already been used" in response.content.decode()


def test_the_code_expires(world, parent):
    invitation, code, account = invited(world, parent)
    FamilyInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    response = link(signed_in(account), invitation, world.ours.date_of_birth, code)
    assert response.status_code == 400
    assert "expired" in response.content.decode()


def test_another_family_user_cannot_use_the_invitation(world, parent):
    invitation, code, _ = invited(world, parent)
    other = signed_in(world.user(Role.FAMILY))
    assert other.get(reverse("people:family_link", args=[invitation.pk])).status_code == 404
    assert link(other, invitation, world.ours.date_of_birth, code).status_code == 404


# Unlinking -----------------------------------------------------------------------------------


def test_a_family_member_stops_their_own_access(world):
    family = world.user(Role.FAMILY)
    client = signed_in(family)
    url = reverse("people:family_stop", args=[world.family_child.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert client.get(world.family_child.get_absolute_url()).status_code == 404
    assert not Child.objects.visible_to(family).exists()
    assert AuditEntry.objects.filter(
        child_id=world.family_child.pk, summary__contains="their own choice"
    ).exists()


def test_staff_remove_access_with_a_reason(world):
    member = FamilyMember.objects.get(child=world.family_child)
    client = signed_in(world.user(Role.CASEWORKER))
    url = reverse("people:family_unlink", args=[world.family_child.pk])
    response = client.post(url, {"link": str(member.pk), "reason": ""})
    assert response.status_code == 400
    assert "Enter why you are removing" in response.content.decode()
    response = client.post(url, {"link": str(member.pk), "reason": "Court order"})
    assert response.status_code == 302
    assert not Child.objects.visible_to(world.user(Role.FAMILY)).exists()
    assert AuditEntry.objects.filter(summary__endswith="Court order").exists()


def test_a_family_user_cannot_reach_another_child(world):
    client = signed_in(world.user(Role.FAMILY))
    for child in (world.ours, world.theirs, world.ours_cared_for):
        assert client.get(child.get_absolute_url()).status_code == 404
        assert client.get(reverse("people:family_stop", args=[child.pk])).status_code == 404
        assert client.get(reverse("ehc:carer_plan", args=[child.pk])).status_code == 404


# The 16+ rule --------------------------------------------------------------------------------


@pytest.fixture
def seventeen(world):
    """The world's parent's child, now 17: past compulsory school age."""
    child = world.family_child
    child.date_of_birth = timezone.localdate() - dt.timedelta(days=17 * 366)
    child.save()
    young = UserFactory(username="young", role=Role.FAMILY)
    child.young_person_user = young
    child.save()
    return child


def test_young_people_born_by_matches_over_compulsory_school_age():
    start = dt.date(2000, 1, 1)
    for on in (dt.date(2026, 6, 25), dt.date(2026, 6, 27), dt.date(2026, 12, 5)):
        cutoff = ages.young_people_born_by(on)
        for offset in range(0, 4000, 7):
            dob = start + dt.timedelta(days=offset)
            assert (dob <= cutoff) == ages.over_compulsory_school_age(dob, on), (on, dob)


def test_parent_keeps_access_until_the_young_person_decides(world, seventeen):
    assert seventeen in Child.objects.visible_to(world.user(Role.FAMILY))


def test_parent_keeps_access_when_the_young_person_consents(world, seventeen):
    client = signed_in(seventeen.young_person_user)
    response = client.post(reverse("people:parents_access"), {"decision": "keep"})
    assert response.status_code == 302
    assert seventeen in Child.objects.visible_to(world.user(Role.FAMILY))


def test_parent_sees_nothing_when_the_young_person_stops_access(world, seventeen):
    client = signed_in(seventeen.young_person_user)
    assert client.get(reverse("people:parents_access")).status_code == 200
    assert client.post(reverse("people:parents_access"), {"decision": "stop"}).status_code == 302
    parent = signed_in(world.user(Role.FAMILY))
    assert not Child.objects.visible_to(world.user(Role.FAMILY)).exists()
    assert parent.get(seventeen.get_absolute_url()).status_code == 404
    home = parent.get(reverse("home"), follow=True).content.decode()
    assert "section 80" in home
    assert seventeen.first_name not in home
    # The young person still sees their own record.
    assert seventeen in Child.objects.visible_to(seventeen.young_person_user)


def test_parent_keeps_access_when_lack_of_capacity_is_recorded(world, seventeen):
    Child.objects.filter(pk=seventeen.pk).update(parents_access=ParentsAccess.STOP)
    assert not Child.objects.visible_to(world.user(Role.FAMILY)).exists()
    client = signed_in(world.user(Role.CASEWORKER))
    url = reverse("people:family_capacity", args=[seventeen.pk])
    assert client.post(url, {"lacks_capacity": "yes"}).status_code == 400
    response = client.post(
        url,
        {
            "lacks_capacity": "yes",
            "assessed_on-day": "1",
            "assessed_on-month": "9",
            "assessed_on-year": "2026",
            "note": "Assessed by the college's educational psychologist",
        },
    )
    assert response.status_code == 302
    seventeen.refresh_from_db()
    assert seventeen.lacks_capacity_recorded_by == world.user(Role.CASEWORKER)
    assert seventeen in Child.objects.visible_to(world.user(Role.FAMILY))


def test_the_rule_does_not_apply_before_the_end_of_compulsory_school_age(world):
    Child.objects.filter(pk=world.family_child.pk).update(parents_access=ParentsAccess.STOP)
    assert world.family_child in Child.objects.visible_to(world.user(Role.FAMILY))


def test_only_a_young_person_over_compulsory_school_age_decides(world):
    client = signed_in(world.user(Role.FAMILY))
    assert client.get(reverse("people:parents_access")).status_code == 403


# Carers ------------------------------------------------------------------------------------


@pytest.fixture
def carer(world):
    account = UserFactory(username="carer", role=Role.FAMILY)
    member = FamilyMember.objects.create(
        child=world.ours_cared_for,
        full_name="Cora Carer",
        relationship="foster_carer",
        plan_read_access=True,
        user=account,
        has_account_access=False,
    )
    return account, member


def test_carer_sees_the_plan_link_but_not_the_record(world, carer):
    account, _ = carer
    client = signed_in(account)
    assert client.get(world.ours_cared_for.get_absolute_url()).status_code == 404
    assert not Child.objects.visible_to(account).exists()
    assert account.has_perm("people.view_plan_as_carer", world.ours_cared_for)
    home = client.get(reverse("home"), follow=True).content.decode()
    assert reverse("ehc:carer_plan", args=[world.ours_cared_for.pk]) in home
    assert reverse("people:family_stop", args=[world.ours_cared_for.pk]) in home
    page = client.get(reverse("ehc:carer_plan", args=[world.ours_cared_for.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert world.ours_cared_for.full_name in body
    assert "Cora Carer" not in body  # no family details


def test_plan_access_is_only_for_carers_of_a_cared_for_child(world):
    client = signed_in(world.user(Role.CASEWORKER))
    response = client.post(
        reverse("people:family_add", args=[world.ours.pk]),
        {"full_name": "Fay Foster", "relationship": "foster_carer", "plan_read_access": "on"},
    )
    assert response.status_code == 400
    assert "only for a foster or kinship carer of a cared-for child" in response.content.decode()


def test_carer_without_read_access_sees_nothing(world, carer):
    account, member = carer
    member.plan_read_access = False
    member.save()
    client = signed_in(account)
    assert client.get(reverse("ehc:carer_plan", args=[world.ours_cared_for.pk])).status_code == 404


def test_a_carer_stops_their_own_access_to_the_plan(world, carer):
    account, member = carer
    client = signed_in(account)
    assert (
        client.post(reverse("people:family_stop", args=[world.ours_cared_for.pk])).status_code
        == 302
    )
    member.refresh_from_db()
    assert member.user is None
    assert not account.has_perm("people.view_plan_as_carer", world.ours_cared_for)


def test_an_account_invited_again_before_choosing_a_password_gets_the_link_again(world, parent):
    invite(world, world.ours, str(parent.pk))
    second = FamilyMember.objects.create(
        child=world.family_child,
        full_name="Petra Quokka",
        relationship="mother",
        parental_responsibility=True,
        email="petra@example.com",
    )
    assert invite(world, world.family_child, str(second.pk)).status_code == 302
    assert User.objects.filter(email="petra@example.com").count() == 1
    assert "/welcome/" in NotifyMessage.objects.last().body


def test_an_existing_family_account_is_sent_to_sign_in_and_link(world, parent):
    family = world.user(Role.FAMILY)
    family.email = "petra@example.com"
    family.save()
    assert invite(world, world.ours, str(parent.pk)).status_code == 302
    invitation = FamilyInvitation.objects.get(family_member=parent)
    assert invitation.user == family
    body = NotifyMessage.objects.last().body
    assert reverse("people:family_link", args=[invitation.pk]) in body
    assert "/welcome/" not in body


def test_inviting_again_withdraws_the_older_invitation(world, parent):
    invite(world, world.ours, str(parent.pk))
    invite(world, world.ours, str(parent.pk))
    statuses = sorted(i.status() for i in FamilyInvitation.objects.all())
    assert statuses == ["open", "withdrawn"]


def test_only_the_send_team_sees_the_family_accounts_section(world):
    for role, shown in ((Role.CASEWORKER, True), (Role.SENCO, False)):
        body = signed_in(world.user(role)).get(world.ours.get_absolute_url()).content.decode()
        assert ('id="family-accounts"' in body) is shown
