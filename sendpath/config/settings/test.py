"""Settings for the test suite: PostgreSQL from DATABASE_URL (see the Makefile)."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
INSTALLED_APPS = [*INSTALLED_APPS, "sendpath.demo"]  # noqa: F405 (`manage.py demo`)
DEMO_ALLOWED = True
# Off, so tests sign in with force_login; the two-factor tests turn it on with override_settings.
TWO_FACTOR_REQUIRED = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Uploads go to a folder of their own for each test run, removed when the run ends.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sendpath-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test database is named after the one in DATABASE_URL, so two checkouts (or a test run and
# a benchmark) pointed at different databases never drop each other's test database.
DATABASES["default"]["TEST"] = {  # noqa: F405
    "NAME": env("TEST_DATABASE_NAME", f"test_{DATABASES['default']['NAME']}")  # noqa: F405
}

# Serve static files straight from the app folders and node_modules (no collectstatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tests never send email: GOV.UK Notify's local test double stores each message as a row.
NOTIFY_BACKEND = "local"
NOTIFY_API_KEY = ""

# Background tasks run at once, in the process that enqueues them: no worker is needed. (A test
# that needs the database backend sets TASKS itself.)
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
