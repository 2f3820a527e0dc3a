"""Settings for ``bench/worklist_bench.py``: production's, pointed at the benchmark database.

Everything is production's (DEBUG off, templates cached, PBKDF2 passwords, the full middleware
stack) except: the database is ``BENCH_DATABASE_URL`` (never ``DATABASE_URL``, so a shell set up
for the main database cannot be benchmarked over by mistake) with persistent connections, plain
HTTP on loopback (no TLS redirect), sign-in by password only (no second factor), static files served from the source folders, and the
``Server-Timing`` middleware first in the stack so the benchmark can read each page's server
time.
"""

from __future__ import annotations

import os

import dj_database_url

os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "b" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SITE_URL", "https://bench.invalid")
os.environ.setdefault("MEDIATION_ADVISER", "Bench mediation | Telephone: 01632 960000")
os.environ.setdefault("SENDIASS", "Bench SENDIASS | Telephone: 01632 960000")
os.environ.setdefault("COUNCIL_COMPLAINTS", "Bench complaints | Telephone: 01632 960000")
os.environ.setdefault("DATA_PROTECTION_OFFICER", "Bench DPO | Telephone: 01632 960000")
os.environ.setdefault("ACCESSIBILITY_CONTACT", "Bench SEND team | Telephone: 01632 960000")

from sendpath.config.settings.production import *  # noqa: F403
from sendpath.config.settings.production import MIDDLEWARE

BENCH_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sendpath_bench"
)
DATABASES = {
    "default": dj_database_url.parse(
        BENCH_DATABASE_URL,
        conn_max_age=int(os.environ.get("BENCH_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
SECURE_SSL_REDIRECT = False
# The simulated users sign in with a password only: the benchmark measures pages, not the
# second factor (production always requires it).
TWO_FACTOR_REQUIRED = False
STATIC_ROOT = None  # no collectstatic: static files come from the source folders
WHITENOISE_USE_FINDERS = True
MIDDLEWARE = ["sendpath.core.timing.ServerTimingMiddleware", *MIDDLEWARE]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
