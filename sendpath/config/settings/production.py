"""Production settings: every secret and host comes from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool, env_list

SECRET_KEY = env("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters.")
DEBUG = False
DEMO_ALLOWED = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The service's address, for the links in emails and texts sent without a page request (the
# nightly reminders, the weekly digest, the families' messages): never a development default.
SITE_URL = env("SITE_URL").rstrip("/")
if not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured("SITE_URL must be the service's https:// address.")

# Contacts printed on letters and shown to families: the demo's placeholders never go live.
_DEMO_CONTACTS = (
    "MEDIATION_ADVISER",
    "SENDIASS",
    "COUNCIL_COMPLAINTS",
    "DATA_PROTECTION_OFFICER",
    "ACCESSIBILITY_CONTACT",
)
_unset = [name for name in _DEMO_CONTACTS if "demo contact" in str(globals()[name])]
if _unset:
    raise ImproperlyConfigured(
        "Set the council's own contacts before going live: " + ", ".join(_unset) + "."
    )

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Two-factor sign-in is always required in production: the setting cannot turn it off.
if not env_bool("TWO_FACTOR_REQUIRED", True):
    raise ImproperlyConfigured(
        "TWO_FACTOR_REQUIRED cannot be turned off in production: every staff role signs in "
        "with a second factor."
    )
TWO_FACTOR_REQUIRED = True
