"""Settings for a developer's machine or a single-machine trial (`make run`)."""

from .base import *  # noqa: F403
from .base import env, env_bool

SECRET_KEY = env("SECRET_KEY", "local-development-only-not-secret")
DEBUG = env_bool("DEBUG", True)
INSTALLED_APPS = [*INSTALLED_APPS, "sendpath.demo"]  # noqa: F405 (`manage.py demo`)
DEMO_ALLOWED = env_bool("DEMO_ALLOWED", True)
# The demo's accounts sign in with a password only, so `make run` stays a two-command trial;
# `TWO_FACTOR_REQUIRED=1 make run` asks every staff account to set up an authenticator app.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the app folders and node_modules (no collectstatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Background tasks run at once, in the process that enqueues them: `make run` needs no worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The reviews list's covering index (INCLUDE columns) is for PostgreSQL; SQLite, used by the
# local demo, keeps the index's key columns and ignores the rest, which is fine for a trial.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "models.W040"]  # noqa: F405
