"""Production settings take secrets from the environment and pass Django's deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DEMO_ALLOWED", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "sendpath.config.settings.production",
    "SECRET_KEY": "x" * 20 + "-production-like-secret-from-the-environment-0123456789",
    "ALLOWED_HOSTS": "sendpath.example.gov.uk",
    "SITE_URL": "https://sendpath.example.gov.uk",
    "MEDIATION_ADVISER": "Ourshire Mediation | Telephone: 01632 960000",
    "SENDIASS": "Ourshire SENDIASS | Telephone: 01632 960001",
    "COUNCIL_COMPLAINTS": "Complaints team | Email: complaints@ourshire.example.gov.uk",
    "DATA_PROTECTION_OFFICER": "Data protection officer | Email: dpo@ourshire.example.gov.uk",
    "ACCESSIBILITY_CONTACT": "SEND team | Email: send@ourshire.example.gov.uk",
}


def test_check_deploy_is_clean_in_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_its_https_address():
    # Links in emails sent by the nightly jobs are built from SITE_URL: no local default.
    env = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}
    assert "SITE_URL" in run_manage("check", env=env).stderr
    plain = run_manage("check", env={**PRODUCTION, "SITE_URL": "http://sendpath.example.gov.uk"})
    assert plain.returncode != 0
    assert "https://" in plain.stderr


def test_production_refuses_the_demo_contacts():
    # Families read these on the complaints page and on every decision letter.
    env = {k: v for k, v in PRODUCTION.items() if k != "SENDIASS"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "Set the council's own contacts before going live: SENDIASS." in result.stderr


def test_production_refuses_demo_data():
    # Production does not install the demo app, so there is no command to load it with.
    result = run_manage("demo", env={**PRODUCTION, "DEMO_ALLOWED": "1"})
    assert result.returncode != 0
    assert "Unknown command: 'demo'" in result.stderr


def test_the_demo_app_is_installed_only_in_local_and_test_settings():
    show = "from django.conf import settings; print('sendpath.demo' in settings.INSTALLED_APPS)"
    installed = {}
    for name, env in (
        ("production", PRODUCTION),
        ("local", {"DJANGO_SETTINGS_MODULE": "sendpath.config.settings.local"}),
        ("test", {"DJANGO_SETTINGS_MODULE": "sendpath.config.settings.test"}),
    ):
        result = run_manage("shell", "-c", show, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        installed[name] = result.stdout.split()[-1]
    assert installed == {"production": "False", "local": "True", "test": "True"}


def test_production_always_requires_two_factor_sign_in():
    show = "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)"
    required = {}
    for name, env in (
        ("production", PRODUCTION),
        ("production, asked for on", {**PRODUCTION, "TWO_FACTOR_REQUIRED": "1"}),
        ("local", {"DJANGO_SETTINGS_MODULE": "sendpath.config.settings.local"}),
        (
            "local, turned on",
            {
                "DJANGO_SETTINGS_MODULE": "sendpath.config.settings.local",
                "TWO_FACTOR_REQUIRED": "1",
            },
        ),
        ("test", {"DJANGO_SETTINGS_MODULE": "sendpath.config.settings.test"}),
    ):
        result = run_manage("shell", "-c", show, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        required[name] = result.stdout.split()[-1]
    assert required == {
        "production": "True",
        "production, asked for on": "True",
        "local": "False",
        "local, turned on": "True",
        "test": "False",
    }


def test_production_refuses_to_turn_two_factor_sign_in_off():
    result = run_manage("check", env={**PRODUCTION, "TWO_FACTOR_REQUIRED": "0"})
    assert result.returncode != 0
    assert "TWO_FACTOR_REQUIRED cannot be turned off in production" in result.stderr


def test_single_sign_on_half_configured_refuses_to_start():
    result = run_manage("check", env={**PRODUCTION, "OIDC_RP_CLIENT_ID": "sendpath"})
    assert result.returncode != 0
    assert "OIDC_RP_CLIENT_SECRET" in result.stderr
    result = run_manage(
        "check", env={**PRODUCTION, "OIDC_RP_CLIENT_ID": "sendpath", "OIDC_RP_CLIENT_SECRET": "s"}
    )
    assert result.returncode != 0
    assert "OIDC_OP_DISCOVERY_URL" in result.stderr


def test_check_deploy_is_clean_with_single_sign_on_configured():
    env = {
        **PRODUCTION,
        "OIDC_RP_CLIENT_ID": "sendpath",
        "OIDC_RP_CLIENT_SECRET": "from-the-council-identity-provider",
        "OIDC_OP_DISCOVERY_URL": "https://login.example.gov.uk/v2.0/.well-known/openid-configuration",
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_uploads_live_outside_the_checkout_and_a_folder_inside_it_is_refused():
    from django.conf import settings

    assert not Path(settings.MEDIA_ROOT).resolve().is_relative_to(ROOT.resolve())
    result = run_manage("check", env={**PRODUCTION, "MEDIA_ROOT": str(ROOT / "media")})
    assert result.returncode != 0
    assert "MEDIA_ROOT" in result.stderr


def test_a_stored_upload_is_not_served_at_any_path(client, db):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("documents/2026/01/report.pdf", ContentFile(b"%PDF-1.4 private"))
    try:
        for url in (f"/{name}", f"/media/{name}", f"/static/{name}"):
            response = client.get(url)
            # Never served: a file leaves only through the audited download views.
            assert response.status_code in {302, 404}, url
            assert not response.streaming, url
    finally:
        default_storage.delete(name)
