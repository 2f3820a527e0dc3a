"""Settings shared by every environment. Everything that differs comes from the environment."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[3]


def env(name: str, default: str | None = None) -> str:
    """Read a setting from the environment; fail loudly if a required one is missing."""
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

SERVICE_NAME = "sendpath"
# The authority this installation serves (its three-digit DfE LA code).
HOME_LA_CODE = env("HOME_LA_CODE", "999")
# DfE's published EHC plan statistics (the release's CSV files), shown beside the authority's
# own figures (sendpath.insight.published). A checkout finds them beside the project.
DFE_PUBLISHED_DIR = env(
    "DFE_PUBLISHED_DIR",
    env("SENDPATH_DFE_DATA", str(BASE_DIR.parent / "shared" / "data" / "dfe-ehcp-2025")),
)
# Demo data and demo accounts may be loaded only where this is true (never in production).
# The demo app itself (`manage.py demo`) is installed only by the local and test settings.
DEMO_ALLOWED = env_bool("DEMO_ALLOWED", False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "sendpath.core",
    "sendpath.people",
    "sendpath.ehc",
    "sendpath.registers",
    "sendpath.support",
    "sendpath.jointworking",
    "sendpath.localoffer",
    "sendpath.portal",
    "sendpath.disputes",
    "sendpath.budgets",
    "sendpath.insight",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sets request.user.otp_device (and is_verified()) from the session (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sendpath.core.middleware.SecurityHeadersMiddleware",
    "sendpath.core.middleware.LoginRequiredMiddleware",
    # After the sign-in check: a signed-in user who owes a second factor sees only its pages.
    "sendpath.core.twofactor.middleware.SecondFactorMiddleware",
    # Writes the audit entry of every child's record a page showed, once it has answered.
    "sendpath.core.middleware.AuditReadsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sendpath.config.urls"
WSGI_APPLICATION = "sendpath.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "sendpath.config.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "sendpath.core.context_processors.service",
            ],
        },
    },
    {
        # Django's own templates (used by nothing user-facing; kept for third-party apps).
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": []},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked account before any password is checked (django-axes).
    "sendpath.core.signin.backends.LockoutBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on with the council's identity provider: does nothing unless configured.
    "sendpath.core.sso.backends.CouncilAccountBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# A password reset link works once, for 3 days (Django's default), and is sent through Notify.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# Lockout (django-axes): after 5 failed sign-ins for a username, that account is locked for 30
# minutes, whatever the password, unless an administrator unlocks it sooner (Locked accounts).
# Locked by username, not by address: a council's offices and schools reach us from one shared
# address, so a lock by address would shut a whole office out after five colleagues' typos. Every
# username, whichever address or browser tries it, gets at most 5 guesses per 30 minutes (so
# axes' warning that address-free locks can be dodged by rotating browsers does not apply: it is
# silenced below). A successful sign-in clears the count.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username"]
# A sign-in clears the count only once it is complete: after the second factor when one is
# owed (sendpath.core.twofactor), so signing in again with the password does not wipe the count
# of wrong codes. Wrong codes count as failed sign-ins.
AXES_RESET_ON_SUCCESS = False
AXES_SENSITIVE_PARAMETERS = ["password", "code", "recovery_code"]
AXES_LOCKOUT_CALLABLE = "sendpath.core.signin.views.lockout_response"
AXES_CLIENT_IP_CALLABLE = "sendpath.core.audit.client_ip"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Two-factor sign-in (django-otp): a code from an authenticator app (TOTP), or a one-time
# recovery code. When required, every staff role must set one up and enter a code at each
# sign-in; families may set one up from "Account security" (and are then asked for it). Anyone
# who has set one up is asked for a code, required or not. Production always requires it
# (production.py); the local demo and the tests turn it off by default (local.py, test.py).
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
# Wrong codes are throttled per device (1, 2, 4, 8... seconds between tries) as well as counted
# towards the lockout above. A factor of 0 would turn the throttle off: keep it on.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", SERVICE_NAME)
OTP_LOGIN_URL = "twofactor:verify"

# Single sign-on through the council's identity provider (OpenID Connect, e.g. Microsoft Entra
# ID), with mozilla-django-oidc: off unless OIDC_RP_CLIENT_ID is set. Only existing, active staff
# accounts sign in this way (matched by email, ignoring case); it never creates an account and
# never signs in a family. See the README's "Single sign-on".
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", "")
# Either the provider's discovery document (…/.well-known/openid-configuration) or the four
# endpoints (the explicit endpoints win over discovery).
OIDC_OP_DISCOVERY_URL = env("OIDC_OP_DISCOVERY_URL", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", "")
# The issuer the id token must name (from discovery when not set; not checked if neither).
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER", "")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = int(env("OIDC_TIMEOUT_SECONDS", "10"))
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:callback"
# Whether a sign-in through the provider counts as the second factor when the provider says it
# checked one (the id token's `amr` claim contains "mfa"). Otherwise, or when this is off, the
# person still enters a code from their authenticator app.
OIDC_TRUSTS_PROVIDER_MFA = env_bool("OIDC_TRUSTS_PROVIDER_MFA", True)
if OIDC_RP_CLIENT_ID and not OIDC_RP_CLIENT_SECRET:
    raise ImproperlyConfigured("OIDC_RP_CLIENT_ID is set: set OIDC_RP_CLIENT_SECRET too.")
if (
    OIDC_RP_CLIENT_ID
    and not OIDC_OP_DISCOVERY_URL
    and not all(
        (
            OIDC_OP_AUTHORIZATION_ENDPOINT,
            OIDC_OP_TOKEN_ENDPOINT,
            OIDC_OP_USER_ENDPOINT,
            OIDC_OP_JWKS_ENDPOINT,
        )
    )
):
    raise ImproperlyConfigured(
        "OIDC_RP_CLIENT_ID is set: set OIDC_OP_DISCOVERY_URL, or the authorization, token, "
        "userinfo and JWKS endpoints (OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_TOKEN_ENDPOINT, "
        "OIDC_OP_USER_ENDPOINT, OIDC_OP_JWKS_ENDPOINT)."
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [BASE_DIR / "sendpath" / "static"]
# GOV.UK Frontend's images and scripts, served from node_modules (`make setup`).
GOVUK_FRONTEND_DIST = BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"
if GOVUK_FRONTEND_DIST.exists():
    STATICFILES_DIRS.append(("govuk", GOVUK_FRONTEND_DIST))
# Its stylesheet, built from its Sass by `make assets` (sendpath/assets/govuk-frontend.scss:
# Helvetica or Arial, no GDS Transport font files, images under STATIC_URL).
# Chart.js's browser build, for insight's charts (docs/adr/0023-charts.md).
CHARTJS_DIST = BASE_DIR / "node_modules" / "chart.js" / "dist"
if CHARTJS_DIST.exists():
    STATICFILES_DIRS.append(("chartjs", CHARTJS_DIST))
ASSETS_BUILD = BASE_DIR / "build" / "static"
if ASSETS_BUILD.exists():
    STATICFILES_DIRS.append(ASSETS_BUILD)
# Uploaded files (children's documents, plan copies, SEN2 returns) live in a private folder
# outside the checkout, never served as static or media files: they are read only through the
# audited download views. MEDIA_URL stays unset on purpose.
MEDIA_ROOT = Path(
    env(
        "MEDIA_ROOT",
        str(
            Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
            / "sendpath"
            / "media"
        ),
    )
).expanduser()
if MEDIA_ROOT.resolve().is_relative_to(BASE_DIR.resolve()):
    raise ImproperlyConfigured(
        f"MEDIA_ROOT ({MEDIA_ROOT}) is inside the code's folder: set it to a private folder "
        "outside it (uploaded files are children's records)."
    )
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Several app processes serve one installation, so nothing they keep may live in one process:
# sessions are rows in the database, and so is the cache (the Local Offer's council name and
# list of areas, postcode centroids), in the table `sendpath_cache` that
# `python manage.py createcachetable` makes (run it after `migrate` at every deploy; the test
# runner makes it in the test database). A change forgets what it affects for every process.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "sendpath_cache",
    }
}

# Sessions: a session cookie is strictly necessary, so no cookie banner is needed (cookie-free
# default: no analytics or preference cookies are ever set). A session ends after an hour
# without activity (each request saves it again, so the hour starts over) or when the browser
# closes; the sign-in and cookies pages say so.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * int(env("SESSION_IDLE_MINUTES", "60"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

PAGE_SIZE = 25

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
CSRF_FAILURE_VIEW = "sendpath.core.views.csrf_failure"

# Background work (django-tasks): tasks are rows in the database, run by `manage.py db_worker`
# processes (see the README's "Background work"). The local demo and the tests run each task
# immediately instead, so they need no worker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# GOV.UK Notify (sendpath.core.notify). "local" keeps every message on this machine, stored as a
# NotifyMessage row; "govuk" sends through Notify and needs the service's API key.
NOTIFY_BACKEND = env("NOTIFY_BACKEND", "local")
NOTIFY_API_KEY = env("NOTIFY_API_KEY", "")
if NOTIFY_BACKEND not in {"local", "govuk"}:
    raise ImproperlyConfigured("NOTIFY_BACKEND must be 'local' or 'govuk'.")
if NOTIFY_BACKEND == "govuk" and not NOTIFY_API_KEY:
    raise ImproperlyConfigured("NOTIFY_BACKEND is 'govuk': set NOTIFY_API_KEY.")
# The ids of the Notify templates (copies of their text live beside the code that sends them).
NOTIFY_TEMPLATES = {
    "password_reset": env("NOTIFY_TEMPLATE_PASSWORD_RESET", "00000000-0000-4000-8000-00000000a101"),
    "staff_invitation": env(
        "NOTIFY_TEMPLATE_STAFF_INVITATION", "00000000-0000-4000-8000-00000000a102"
    ),
    "family_invitation": env(
        "NOTIFY_TEMPLATE_FAMILY_INVITATION", "00000000-0000-4000-8000-00000000a103"
    ),
    # Emails to professionals and staff about what is theirs to do.
    "advice_request": env("NOTIFY_TEMPLATE_ADVICE_REQUEST", "00000000-0000-4000-8000-00000000a002"),
    "advice_reminder": env(
        "NOTIFY_TEMPLATE_ADVICE_REMINDER", "00000000-0000-4000-8000-00000000a003"
    ),
    "review_invitation": env(
        "NOTIFY_TEMPLATE_REVIEW_INVITATION", "00000000-0000-4000-8000-00000000a004"
    ),
    "panel_digest": env("NOTIFY_TEMPLATE_PANEL_DIGEST", "00000000-0000-4000-8000-00000000a005"),
    # A family's message that something is wrong, to their caseworker (portal).
    "family_concern": env("NOTIFY_TEMPLATE_FAMILY_CONCERN", "00000000-0000-4000-8000-00000000a201"),
    # A family's complaint made from their pages, to the SEND team (disputes).
    "family_complaint": env(
        "NOTIFY_TEMPLATE_FAMILY_COMPLAINT", "00000000-0000-4000-8000-00000000a202"
    ),
}
# The service's address, for links in emails and texts sent by background work (no page request
# to take it from: reminders, the digest, families' messages), e.g. https://send.example.gov.uk
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The messages to families at each step (sendpath.portal.messages.copies has their text): an
# email and a text message template each, NOTIFY_TEMPLATE_FAMILY_<NAME>_EMAIL and ..._SMS.
FAMILY_MESSAGES = (
    "request_received",
    "assessment_agreed",
    "assessment_refused",
    "no_plan",
    "rights_dates",
    "advice_from_you",
    "draft_plan",
    "final_plan",
    "review_invitation",
    "review_decision",
    "step_late",
)
for _number, _name in enumerate(FAMILY_MESSAGES, start=1):
    for _channel, _digit in (("email", "b"), ("sms", "c")):
        NOTIFY_TEMPLATES[f"family_{_name}_{_channel}"] = env(
            f"NOTIFY_TEMPLATE_FAMILY_{_name.upper()}_{_channel.upper()}",
            f"00000000-0000-4000-8000-00000000{_digit}{_number:03d}",
        )
del _number, _name, _channel, _digit

# Contacts printed on decision notices (SEND Regulations 2014 reg 32; HESC rules r.20). Lines
# are separated by " | " in the environment value. Replace the mediation adviser's demo
# contact with the commissioned service before going live.
MEDIATION_ADVISER = env(
    "MEDIATION_ADVISER",
    "Ourshire SEND Mediation Service (demo contact: set MEDIATION_ADVISER before going live)"
    " | Telephone: 0300 000 0000 | Email: mediation@example.org",
)
TRIBUNAL = env(
    "TRIBUNAL",
    "First-tier Tribunal (Special Educational Needs and Disability)"
    " | 1st Floor, Darlington Magistrates' Court, Parkgate, Darlington DL1 1RU"
    " | Telephone: 01325 289 350"
    " | How to appeal: www.gov.uk/appeal-ehc-plan-decision",
)

# Shown to families on the complaints and disagreements page (portal). Lines are separated by
# " | ". SENDIASS: the local SEND information, advice and support service (free, impartial;
# SEND Code of Practice 2.1-2.9). Replace the demo contacts with the council's own before going
# live.
SENDIASS = env(
    "SENDIASS",
    "Ourshire SENDIASS (demo contact: set SENDIASS before going live)"
    " | Telephone: 0300 000 0000 | Email: sendiass@example.org",
)
COUNCIL_COMPLAINTS = env(
    "COUNCIL_COMPLAINTS",
    "The council's complaints team (demo contact: set COUNCIL_COMPLAINTS before going live)"
    " | Telephone: 0300 000 0000 | Email: complaints@example.org",
)

# The privacy notice and the accessibility statement (sendpath.core.views). Contacts are lines
# separated by " | ". Replace the demo contacts with the council's own before going live.
DATA_PROTECTION_OFFICER = env(
    "DATA_PROTECTION_OFFICER",
    "Data protection officer (demo contact: set DATA_PROTECTION_OFFICER before going live)"
    " | Email: dpo@example.org | Telephone: 0300 000 0000",
)
ACCESSIBILITY_CONTACT = env(
    "ACCESSIBILITY_CONTACT",
    "SEND team (demo contact: set ACCESSIBILITY_CONTACT before going live)"
    " | Email: send@example.org | Telephone: 0300 000 0000",
)
# How long a child's or young person's record is kept: until they reach this age. The default,
# 31, is six years after the latest age at which an EHC plan can end (25). Set the council's own
# records retention schedule.
RECORD_RETENTION_AGE = int(env("RECORD_RETENTION_AGE", "31"))

# Virus scanning of uploads (sendpath.core.uploads): a dotted path to scan(data, name) -> str.
# The default refuses only the EICAR test file: plug in ClamAV or the council's service.
DOCUMENT_SCANNER = env("DOCUMENT_SCANNER", "sendpath.core.uploads.eicar_only_scan")
