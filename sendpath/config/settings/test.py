"""Settings for the test suite: PostgreSQL from DATABASE_URL (see the Makefile)."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
INSTALLED_APPS = [*INSTALLED_APPS, "sendpath.demo"]  # noqa: F405 (`manage.py demo`)
DEMO_ALLOWED = True
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", "test_sendpath")}  # noqa: F405

# Serve static files straight from the app folders and node_modules (no collectstatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tests never send email: GOV.UK Notify's local test double stores each message as a row.
NOTIFY_BACKEND = "local"
NOTIFY_API_KEY = ""

# Background tasks run at once, in the process that enqueues them: no worker is needed. (A test
# that needs the database backend sets TASKS itself.)
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
