"""Two-factor sign-in: who must give a second factor, setting one up, codes, recovery codes,
throttling and lockout, the administrators' reset, and production always requiring it."""

from __future__ import annotations

import re
import time
from base64 import b32decode
from datetime import timedelta

import pytest
import time_machine
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendpath.core.models import AuditAction, AuditEntry
from sendpath.people.models import Role
from sendpath.people.tests.factories import PASSWORD, UserFactory

STAFF_ROLES = [role for role in Role if role != Role.FAMILY]
required = override_settings(TWO_FACTOR_REQUIRED=True)


def user_for(world, role):
    return world.users.get(role) or UserFactory(role=role)


def password_sign_in(user) -> Client:
    client = Client()
    response = client.post("/sign-in/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def code_for(device: TOTPDevice, steps_ahead: int = 1) -> str:
    """The code the person's app shows next: never one already used (``steps_ahead`` on from
    now at least), allowing for the clock drift django-otp has learnt for the device."""
    device.refresh_from_db()
    now = int(time.time()) // device.step
    step = max(now + device.drift + steps_ahead - 1, device.last_t + 1)
    return f"{totp(device.bin_key, drift=step - now):06d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    static = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = [f"code{i:04d}" for i in range(10)]
    for code in codes:
        StaticToken.objects.create(device=static, token=code)
    return device, codes


# Who is asked


@required
@pytest.mark.parametrize("role", STAFF_ROLES)
def test_every_staff_role_is_sent_to_set_up_a_second_factor_when_required(world, role):
    client = password_sign_in(user_for(world, role))
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/two-factor/?next=")
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url.startswith("/two-factor/set-up/")
    page = client.get(response.url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Set up two-factor sign-in" in body
    assert "<svg" in body
    assert 'role="img"' in body
    # Nothing else opens; sign-out and the public pages do.
    for path in ("/children/", "/cases/", "/staff/", "/account-security/", "/locked-accounts/"):
        assert client.get(path).status_code == 302, path
    for path in ("/privacy/", "/accessibility/", "/cookies/", "/local-offer/", "/sign-out/"):
        assert client.get(path).status_code == 200, path


@required
@pytest.mark.parametrize("role", STAFF_ROLES)
def test_every_staff_role_with_an_app_is_asked_for_a_code(world, role):
    user = user_for(world, role)
    device, _ = enrol(user)
    client = password_sign_in(user)
    assert client.get("/").url.startswith("/two-factor/")
    body = client.get("/two-factor/").content.decode()
    assert "Enter the code from your authenticator app" in body
    assert "Use a recovery code instead" in body
    response = client.post("/two-factor/", {"code": code_for(device), "next": "/"})
    assert response.status_code == 302
    assert response.url == "/"
    assert client.get("/", follow=True).status_code == 200
    assert client.get("/account-security/").status_code == 200


@required
def test_a_family_account_is_not_asked_for_a_second_factor(world):
    client = password_sign_in(world.user(Role.FAMILY))
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert "/two-factor/" not in response.redirect_chain[-1][0] if response.redirect_chain else True
    body = client.get("/account-security/").content.decode()
    assert "Set up two-factor sign-in" in body


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_nobody_is_asked_when_two_factor_is_not_required(world, role):
    client = password_sign_in(user_for(world, role))
    assert client.get("/").status_code in (200, 302)
    response = client.get("/", follow=True)
    assert all("/two-factor/" not in url for url, _ in response.redirect_chain)


def test_whoever_has_set_up_an_app_is_asked_for_it_even_when_not_required(world):
    family = world.user(Role.FAMILY)
    device, _ = enrol(family)
    client = password_sign_in(family)
    assert client.get("/").url.startswith("/two-factor/")
    assert client.post("/two-factor/", {"code": code_for(device)}).status_code == 302
    assert client.get("/").status_code in (200, 302)
    assert not client.get("/", follow=True).redirect_chain or all(
        "/two-factor/" not in url for url, _ in client.get("/", follow=True).redirect_chain
    )


@required
def test_the_menu_shows_only_sign_out_until_the_code_is_given(world):
    client = password_sign_in(world.user(Role.CASEWORKER))
    body = client.get("/two-factor/set-up/").content.decode()
    assert "Sign out" in body
    assert "Worklist" not in body
    assert "Account security" not in body


@required
def test_the_next_page_is_kept_and_only_on_this_site(world):
    user = world.user(Role.CASEWORKER)
    device, _ = enrol(user)
    client = password_sign_in(user)
    assert client.get("/children/").url == "/two-factor/?next=%2Fchildren%2F"
    response = client.post("/two-factor/", {"code": code_for(device), "next": "/children/"})
    assert response.url == "/children/"
    client = password_sign_in(user)
    response = client.post(
        "/two-factor/", {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response.url == "/"


# Setting up


def pending_secret(body: str) -> bytes:
    match = re.search(r'id="secret">([A-Z2-7 ]+)<', body)
    assert match, body
    return b32decode(match.group(1).replace(" ", ""))


@required
def test_setting_up_confirms_only_with_a_right_code_then_shows_ten_recovery_codes_once(world):
    user = world.user(Role.CASEWORKER)
    client = password_sign_in(user)
    key = pending_secret(client.get("/two-factor/set-up/?next=/children/").content.decode())
    # The same secret on every showing until it is confirmed.
    assert pending_secret(client.get("/two-factor/set-up/").content.decode()) == key

    response = client.post("/two-factor/set-up/", {"code": "", "next": "/children/"})
    assert response.status_code == 400
    assert "Enter the 6-digit code from your authenticator app" in response.content.decode()
    wrong = f"{(totp(key) + 1) % 1_000_000:06d}"
    response = client.post("/two-factor/set-up/", {"code": wrong, "next": "/children/"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "The code is not right" in body
    assert f'value="{wrong}"' in body  # what was typed is kept
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(
        actor=user, summary="Wrong code while setting up an authenticator app"
    ).exists()

    response = client.post(
        "/two-factor/set-up/", {"code": f"{totp(key):06d}", "next": "/children/"}
    )
    assert response.status_code == 302
    assert response.url == "/two-factor/recovery-codes/?next=%2Fchildren%2F"
    device = TOTPDevice.objects.get(user=user)
    assert device.bin_key == key
    assert device.confirmed
    page = client.get(response.url).content.decode()
    assert "Save your recovery codes" in page
    shown = re.findall(r"<li><code>(\w+)</code></li>", page)
    assert len(shown) == 10
    assert sorted(shown) == sorted(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )
    # Shown once only.
    assert client.get("/two-factor/recovery-codes/").status_code == 302
    assert client.get("/children/").status_code == 200
    assert AuditEntry.objects.filter(
        actor=user,
        action=AuditAction.CREATED,
        summary="Set up an authenticator app for two-factor sign-in",
    ).exists()


@required
def test_someone_part_way_through_signing_in_cannot_add_a_second_app(world):
    user = world.user(Role.CASEWORKER)
    enrol(user)
    client = password_sign_in(user)
    response = client.get("/two-factor/set-up/")
    assert response.status_code == 302
    assert response.url.startswith("/two-factor/?")
    assert client.post("/two-factor/set-up/", {"code": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=user).count() == 1


@required
def test_a_signed_in_person_replaces_their_app_and_keeps_their_recovery_codes(world):
    user = world.user(Role.CASEWORKER)
    device, _codes = enrol(user)
    client = password_sign_in(user)
    client.post("/two-factor/", {"code": code_for(device)})
    body = client.get("/two-factor/set-up/").content.decode()
    assert "Replace your authenticator app" in body
    key = pending_secret(body)
    response = client.post("/two-factor/set-up/", {"code": f"{totp(key):06d}"})
    assert response.status_code == 302
    assert response.url == "/"
    assert list(TOTPDevice.objects.filter(user=user).values_list("key", flat=True)) == [key.hex()]
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert client.get("/children/").status_code == 200  # still signed in with the new app
    assert AuditEntry.objects.filter(
        actor=user, summary="Replaced their authenticator app"
    ).exists()


# Codes, recovery codes, throttle and lockout


@required
def test_a_wrong_code_is_refused_audited_and_throttled(world):
    user = world.user(Role.CASEWORKER)
    device, _ = enrol(user)
    client = password_sign_in(user)
    wrong = f"{(totp(device.bin_key, drift=1) + 1) % 1_000_000:06d}"
    response = client.post("/two-factor/", {"code": wrong})
    assert response.status_code == 400
    assert "The code is not right" in response.content.decode()
    assert AuditEntry.objects.filter(
        action=AuditAction.SIGN_IN_FAILED,
        summary=f"Wrong code from the authenticator app for username {user.username!r}",
    ).exists()
    # django-otp's throttle: straight after a wrong code even the right one must wait.
    response = client.post("/two-factor/", {"code": code_for(device)})
    assert response.status_code == 400
    assert "Wait" in response.content.decode()
    assert client.get("/children/").status_code == 302
    with time_machine.travel(timezone.now() + timedelta(seconds=3)):
        response = client.post("/two-factor/", {"code": code_for(device)})
    assert response.status_code == 302


def test_the_throttle_is_on():
    from django.conf import settings

    assert settings.OTP_TOTP_THROTTLE_FACTOR > 0
    assert settings.OTP_STATIC_THROTTLE_FACTOR > 0


@required
def test_wrong_codes_count_towards_the_lockout_and_signing_in_again_does_not_clear_them(world):
    user = world.user(Role.CASEWORKER)
    device, _ = enrol(user)
    wrong = f"{(totp(device.bin_key, drift=1) + 1) % 1_000_000:06d}"
    start = timezone.now()
    for attempt in range(4):
        with time_machine.travel(start + timedelta(minutes=attempt)):
            client = password_sign_in(user)  # the password is right each time
            assert client.post("/two-factor/", {"code": wrong}).status_code == 400
    with time_machine.travel(start + timedelta(minutes=5)):
        client = password_sign_in(user)
        response = client.post("/two-factor/", {"code": wrong})
        assert response.status_code == 429  # as a locked sign-in (django-axes)
        body = response.content.decode()
        assert "This account is locked because of too many failed sign-ins" in body
        assert "Your account is locked" in body
        assert client.get("/children/").status_code == 302  # signed out
        assert "_auth_user_id" not in client.session
        # And now even the right password is refused.
        response = Client().post("/sign-in/", {"username": user.username, "password": PASSWORD})
        assert response.status_code == 429
    assert AuditEntry.objects.filter(
        action=AuditAction.DENIED, summary__contains=f"{user.username!r} is locked"
    ).exists()


@required
def test_a_recovery_code_works_once(world):
    user = world.user(Role.MANAGER)
    _device, codes = enrol(user)
    client = password_sign_in(user)
    body = client.get("/two-factor/recovery-code/").content.decode()
    assert "Use a recovery code" in body
    response = client.post("/two-factor/recovery-code/", {"recovery_code": codes[0].upper()})
    assert response.status_code == 302
    assert "9 recovery codes left" in client.get("/", follow=True).content.decode()
    assert client.get("/children/").status_code == 200
    assert AuditEntry.objects.filter(
        actor=user, summary="Signed in with a recovery code (9 left)"
    ).exists()

    client = password_sign_in(user)
    response = client.post("/two-factor/recovery-code/", {"recovery_code": codes[0]})
    assert response.status_code == 400
    assert "has been used already" in response.content.decode()
    assert AuditEntry.objects.filter(
        action=AuditAction.SIGN_IN_FAILED, summary__startswith="Wrong recovery code"
    ).exists()
    assert client.get("/children/").status_code == 302


@required
def test_new_recovery_codes_replace_the_old_ones(world):
    user = world.user(Role.CASEWORKER)
    device, codes = enrol(user)
    client = password_sign_in(user)
    client.post("/two-factor/", {"code": code_for(device)})
    body = client.get("/account-security/").content.decode()
    assert "10 of 10 left" in body
    response = client.post("/account-security/recovery-codes/")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    shown = re.findall(r"<li><code>(\w+)</code></li>", page)
    assert len(shown) == 10
    assert not set(shown) & set(codes)
    assert AuditEntry.objects.filter(
        actor=user, summary__startswith="Made new recovery codes"
    ).exists()


# Families choose


def test_a_family_member_sets_up_two_factor_and_can_turn_it_off(world):
    family = world.user(Role.FAMILY)
    client = password_sign_in(family)
    key = pending_secret(client.get("/two-factor/set-up/").content.decode())
    response = client.post(
        "/two-factor/set-up/", {"code": f"{totp(key):06d}", "next": "/account-security/"}
    )
    assert response.status_code == 302
    client.get(response.url)
    body = client.get("/account-security/").content.decode()
    assert "Stop using two-factor sign-in" in body
    response = client.post("/account-security/turn-off/", follow=True)
    assert "Two-factor sign-in is off" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=family).exists()
    assert AuditEntry.objects.filter(
        actor=family, summary="Stopped using two-factor sign-in"
    ).exists()


@required
def test_staff_cannot_turn_two_factor_off_when_it_is_required(world):
    user = world.user(Role.CASEWORKER)
    device, _ = enrol(user)
    client = password_sign_in(user)
    client.post("/two-factor/", {"code": code_for(device)})
    assert "Stop using two-factor sign-in" not in client.get("/account-security/").content.decode()
    response = client.post("/account-security/turn-off/")
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=user).exists()


# The administrators' reset


@required
def test_an_administrator_resets_a_lost_phone_and_the_person_sets_up_again(world):
    admin = world.user(Role.ADMINISTRATOR)
    admin_device, _ = enrol(admin)
    user = world.user(Role.CASEWORKER)
    device, _ = enrol(user)
    caseworker = password_sign_in(user)
    caseworker.post("/two-factor/", {"code": code_for(device)})
    assert caseworker.get("/children/").status_code == 200

    client = password_sign_in(admin)
    client.post("/two-factor/", {"code": code_for(admin_device)})
    body = client.get(f"/staff/{user.pk}/").content.decode()
    assert "Authenticator app set up on" in body
    assert "Reset two-factor sign-in" in body
    response = client.post(f"/staff/{user.pk}/reset-two-factor/", follow=True)
    body = response.content.decode()
    assert "two-factor sign-in is reset" in body
    assert "Not set up yet" in body
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(
        actor=admin,
        action=AuditAction.UPDATED,
        summary__startswith="Reset the two-factor sign-in of",
        object_id=str(user.pk),
    ).exists()
    # The caseworker's session now owes a second factor again: they set up a new app.
    response = caseworker.get("/children/")
    assert response.status_code == 302
    assert response.url.startswith("/two-factor/")
    assert caseworker.get(response.url).url.startswith("/two-factor/set-up/")


@required
def test_an_administrator_cannot_reset_their_own_second_factor_or_someone_out_of_reach(world):
    admin = world.user(Role.ADMINISTRATOR)
    device, _ = enrol(admin)
    client = password_sign_in(admin)
    client.post("/two-factor/", {"code": code_for(device)})
    response = client.post(f"/staff/{admin.pk}/reset-two-factor/")
    assert response.status_code == 400
    assert "You cannot reset your own two-factor sign-in" in response.content.decode()
    other = world.user("other_caseworker")
    enrol(other)
    assert client.post(f"/staff/{other.pk}/reset-two-factor/").status_code == 404
    assert TOTPDevice.objects.filter(user=other).exists()


@pytest.mark.parametrize("role", [r for r in STAFF_ROLES if r != Role.ADMINISTRATOR])
def test_only_administrators_reset_a_second_factor(world, role):
    user = world.user(Role.CASEWORKER) if role != Role.CASEWORKER else world.user(Role.MANAGER)
    enrol(user)
    client = Client()
    client.force_login(user_for(world, role))
    assert client.post(f"/staff/{user.pk}/reset-two-factor/").status_code == 403
    assert TOTPDevice.objects.filter(user=user).exists()
