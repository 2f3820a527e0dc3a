"""Several app processes at once: sessions and the Local Offer's cache are shared.

Two real app processes (``manage.py runserver``) serve the same database. The search page's list
of areas, kept in the cache, is read through one; an entry is confirmed through the other by a
Local Offer officer signed in there; the first shows the change at once (and accepts the same
session, signed in through the other process).
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from sendpath.core.roles import Role
from sendpath.localoffer.models import Service
from sendpath.localoffer.tests.factories import make_service
from sendpath.people.tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[3]
RESULTS = reverse("localoffer:results")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def two_processes(transactional_db) -> Iterator[tuple[str, str]]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sendpath.config.settings.test",
        "DATABASE_URL": _database_url(),
    }
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(  # noqa: S603 - fixed arguments
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port in ports:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/local-offer/", timeout=5)
                    break
                except (urllib.error.URLError, ConnectionError):
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
        yield f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}"
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


def _csrf(jar: http.cookiejar.CookieJar) -> str:
    return next(c.value for c in jar if c.name == "csrftoken" and c.value is not None)


@pytest.mark.usefixtures("local_offer")
def test_a_change_through_one_process_shows_at_once_through_the_other(world, two_processes):
    first, second = two_processes
    officer = UserFactory(username="lo_officer", role=Role.LOCAL_OFFER, organisation=world.la)
    service = make_service(name="Northfield youth club", area="Northfield")
    # Overdue for review beyond the grace period: hidden from the public, so not in the areas.
    Service.objects.filter(pk=service.pk).update(review_by=dt.date(2000, 1, 1))

    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(url: str) -> str:
        with browser.open(url, timeout=20) as response:
            return str(response.read().decode())

    def post(url: str, data: dict[str, str]) -> None:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": _csrf(jar)}).encode()
        browser.open(url, data=body, timeout=20).close()

    assert "Northfield" not in get(second + RESULTS)  # read, and kept in the cache

    get(first + reverse("login"))
    post(first + reverse("login"), {"username": officer.username, "password": PASSWORD})
    # The session made by the first process is good in the second: sessions are shared.
    assert "Local Offer" in get(second + reverse("localoffer:manage"))
    post(first + reverse("localoffer:service_confirm", args=[service.pk]), {})

    assert "Northfield" in get(second + RESULTS)  # at once, not when the cache expires
