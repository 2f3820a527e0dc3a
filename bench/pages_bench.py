"""Benchmark of every list page the SEND team, the Virtual School and a SENCO use day to day.

PostgreSQL only, in a database of its own (default
``postgres://postgres@127.0.0.1:5432/sendpath_bench``, or ``BENCH_DATABASE_URL``), at the size
of England's largest authority: the worklist benchmark's data (``bench/worklist_data.py``:
64,000 children, 25,000 plans, about 320,000 events; built once and reused), plus what these
pages list and the worklist data lacks, added once and kept: about 1,850 cared-for children
(every 25th child on SEN support or with a plan, looked after by the authority), a Virtual
School user, a SENCO at the largest secondary school, a key contact for the authority and each
of its 560 settings, and a joint meeting whose agenda the app builds from the record.

The real app is served by gunicorn (``bench/settings_bench.py``: production settings plus the
``Server-Timing`` middleware) and driven by 20 concurrent users over loopback (8 caseworkers,
4 managers, 4 Virtual School staff, 4 SENCOs), each opening their pages in turn with a random
0-2 s pause (``--think``); before that each page is timed alone, in process
(``--sequential``). Pages (server time from the ``Server-Timing`` header, p95 per page):

    caseworker  worklist, reviews (all, overdue, due soon, awaiting report, one school),
                phase transfers, child search, SEN Register (all, one school), key contacts
    manager     team view, panel, reviews overdue, Belonging Register
    virtual     Belonging Register, joint meeting agenda, key contacts
    senco       reviews, SEN Register

Budget: p95 <= 150 ms on every page. Also prints the worklist's page/SQL ratio (its p95 over
the median of its bare page query). Ends with exactly one line::

    pages_p95_ms=<worst> worst_page=<name>

    .venv/bin/python bench/pages_bench.py [--duration 60] [--users 20]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import (
    TIMING,
    Sample,
    Server,
    ensure_database,
    run_clients,
    say,
    setup_django,
    summarise,
)
from bench.worklist_bench import DEFAULT_URL, Person, prepare_data, sql_floor

BUDGET_MS = 150.0
CARED_FOR_EVERY = 25  # every 25th child on the SEN register is cared for (about 1,850)
USERS = {"worklist": 8, "team": 4, "virtual": 4, "senco": 4}


def extras() -> dict[str, Any]:
    """What the page benchmark lists beyond the worklist data: added once, then reused."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from bench import worklist_data as data
    from sendpath.jointworking import services as joint_services
    from sendpath.jointworking.models import Meeting
    from sendpath.people.models import Child, Organisation, Role, SettingAttendance, User
    from sendpath.registers.models import ContactRole, KeyContact

    la = Organisation.objects.get(name=data.AUTHORITY)
    big = (
        SettingAttendance.objects.filter(end_date__isnull=True)
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    assert big is not None  # noqa: S101 - the worklist data has attendances
    school = Organisation.objects.get(pk=big["organisation_id"])
    if not User.objects.filter(username="bench-vs-1").exists():
        say("Adding the page benchmark's data (once)")
        with transaction.atomic():
            register = Child.objects.filter(
                responsible_authority=la, sen_provision__in=("K", "E")
            ).order_by("pk")
            ids = list(register.values_list("pk", flat=True))[::CARED_FOR_EVERY]
            Child.objects.filter(pk__in=ids).update(cared_for=True, looked_after_by=la)
            hashed = make_password(data.PASSWORD)
            users = [
                User(
                    username=f"bench-vs-{n}",
                    first_name="Virtual",
                    last_name=f"School {n}",
                    role=Role.VIRTUAL_SCHOOL,
                    organisation=la,
                    password=hashed,
                )
                for n in range(1, USERS["virtual"] + 1)
            ] + [
                User(
                    username=f"bench-senco-{n}",
                    first_name="Senco",
                    last_name=f"Number {n}",
                    role=Role.SENCO,
                    organisation=school,
                    password=hashed,
                )
                for n in range(1, USERS["senco"] + 1)
            ]
            User.objects.bulk_create(users)
            today = timezone.localdate()
            orgs = [la, *Organisation.objects.filter(local_authority=la).order_by("name")]
            KeyContact.objects.bulk_create(
                KeyContact(
                    name=f"SEN lead {n}",
                    role=ContactRole.SEN,
                    organisation=org,
                    email=f"sen{n}@bench.example",
                    last_confirmed=today,
                )
                for n, org in enumerate(orgs)
            )
        vs = User.objects.get(username="bench-vs-1")
        joint_services.meeting_create(actor=vs, held_on=timezone.localdate())
    meeting = Meeting.objects.filter(authority=la).order_by("-held_on").first()
    assert meeting is not None  # noqa: S101 - made above
    return {
        "school": str(school.pk),
        "meeting": str(meeting.pk),
        "items": meeting.items.count(),
        "cared_for": Child.objects.filter(cared_for=True, looked_after_by=la).count(),
        "contacts": KeyContact.objects.count(),
    }


def pages(found: dict[str, Any], surname: str) -> dict[str, list[tuple[str, str]]]:
    school = found["school"]
    return {
        "worklist": [
            ("worklist", "/cases/"),
            ("reviews", "/reviews/"),
            ("reviews overdue", "/reviews/?show=overdue"),
            ("reviews soon", "/reviews/?show=due_soon"),
            ("reviews report", "/reviews/?show=awaiting_report"),
            ("reviews school", f"/reviews/?school={school}"),
            ("transfers", "/reviews/phase-transfers/"),
            ("child search", f"/children/?q={surname[:4]}"),
            ("SEN register", "/registers/sen/"),
            ("SEN school", f"/registers/sen/?school={school}"),
            ("contacts", "/registers/contacts/"),
        ],
        "team": [
            ("team view", "/cases/"),
            ("panel", "/panel/"),
            ("reviews overdue", "/reviews/?show=overdue"),
            ("belonging", "/registers/belonging/"),
        ],
        "virtual": [
            ("belonging", "/registers/belonging/"),
            ("agenda", f"/joint-working/meetings/{found['meeting']}/"),
            ("contacts", "/registers/contacts/"),
        ],
        "senco": [
            ("reviews", "/reviews/"),
            ("SEN register", "/registers/sen/"),
        ],
    }


def sequential(mix: dict[str, list[tuple[str, str]]], repeats: int) -> dict[str, float]:
    """Each page alone, in this process (Django's test client, no gunicorn, no other users):
    the median of ``repeats`` after one warm-up, in ms. What a page costs without waiting for
    a CPU, for comparing on a busy machine."""
    import statistics
    import time

    from django.test import Client

    from sendpath.people.models import User

    out: dict[str, float] = {}
    for kind, pages_of_kind in mix.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=usernames(kind, 1)))
        for variant, path in pages_of_kind:
            times = []
            for n in range(repeats + 1):
                started = time.perf_counter()
                response = client.get(path)
                if response.status_code != 200:
                    raise SystemExit(f"{kind} GET {path}: {response.status_code}")
                if n:
                    times.append((time.perf_counter() - started) * 1000)
            out[f"{kind}: {variant}"] = statistics.median(times)
    return out


class PagePerson(Person):
    """A simulated person whose pages need only answer 200 (not the worklist's counts)."""

    def get(self, variant: str, path: str, record: bool = True) -> None:
        response, _content, elapsed = self._send("GET", path)
        if response.status != 200:
            raise RuntimeError(f"{self.username} GET {path}: {response.status}")
        match = TIMING.search(response.headers.get("Server-Timing", ""))
        if match is None:
            raise RuntimeError("no Server-Timing header: is the timing middleware installed?")
        if record:
            self.samples.append(
                Sample(
                    self.kind,
                    variant,
                    response.status,
                    elapsed,
                    float(match.group(1)),
                    float(match.group(2)),
                    int(match.group(3)),
                )
            )


def usernames(kind: str, n: int) -> str:
    return {
        "worklist": f"bench-cw-{n:02d}",
        "team": f"bench-mgr-{n}",
        "virtual": f"bench-vs-{n}",
        "senco": f"bench-senco-{n}",
    }[kind]


def run_load(
    args: argparse.Namespace, server: Server, mix: dict[str, list[tuple[str, str]]]
) -> tuple[list[Sample], float]:
    share = {k: max(1, round(v * args.users / 20)) for k, v in USERS.items()}
    people = [
        PagePerson(
            server.port,
            usernames(kind, n),
            args.password,
            kind,
            random.Random(f"{args.seed}-{kind}-{n}"),
        )
        for kind, count in share.items()
        for n in range(1, count + 1)
    ]
    for person in people:
        person.sign_in()

    def warm_up(person: Person) -> None:
        for variant, path in mix[person.kind]:
            person.get(variant, path, record=False)

    def step(person: Person) -> None:
        variant, path = person.rng.choice(mix[person.kind])
        person.get(variant, path)

    return run_clients(
        people,
        warm_up=warm_up,
        step=step,
        duration=args.duration,
        max_requests=args.max_requests,
        think=args.think,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--rebuild", action="store_true", help="build the data again")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size")
    parser.add_argument("--verify", type=int, default=200, help="cases checked after a build")
    parser.add_argument("--users", type=int, default=20, help="concurrent simulated users")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--max-requests", type=int, default=5000, help="per user")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between pages (s)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--sql-repeats", type=int, default=100)
    parser.add_argument("--sequential", type=int, default=5, help="each page alone, n times")
    args = parser.parse_args(argv)
    if not args.database.startswith(("postgres://", "postgresql://")):
        parser.error("the benchmark runs on PostgreSQL only")

    ensure_database(args.database, drop=False)
    setup_django(args.database)
    from bench.worklist_data import PASSWORD

    args.password = PASSWORD
    prepare_data(args)
    found = extras()

    from django.db import connection

    from sendpath.core.models import AuditEntry
    from sendpath.people.models import Child

    surname = (
        Child.objects.values_list("last_name", flat=True).order_by("last_name").first() or "Smith"
    )
    say(
        f"  {found['cared_for']:,} cared-for children; {found['contacts']:,} key contacts; "
        f"joint meeting agenda of {found['items']:,} items"
    )
    AuditEntry.objects.all().delete()  # pages add audit rows: start each run from the same size
    floor = sql_floor(args.sql_repeats)
    say(f"  worklist page query {floor['worklist_page_ms']:.2f} ms (median, bare SQL)")
    mix = pages(found, surname)
    if args.sequential:
        alone = sequential(mix, args.sequential)
        say(f"\nEach page alone, in process (median of {args.sequential}), ms:")
        for name, ms in alone.items():
            say(f"  {name:<28}{ms:>8.1f}")
        AuditEntry.objects.all().delete()
    connection.close()
    say(
        f"\n{args.users} users for {args.duration:.0f} s; gunicorn {args.workers} workers x "
        f"{args.threads} threads; think time {args.think:.2f} s; load {os.getloadavg()}"
    )
    server = Server(
        url=args.database,
        workers=args.workers,
        threads=args.threads,
        log=Path("/tmp") / f"sendpath-pages-gunicorn-{os.getpid()}.log",  # noqa: S108
    )
    try:
        server.wait_ready()
        samples, elapsed = run_load(args, server, mix)
    finally:
        server.stop()
    server.log_path.unlink(missing_ok=True)
    load, lines = summarise(samples)
    for line in lines:
        say(line)
    say(f"  {len(samples):,} pages in {elapsed:.0f} s ({len(samples) / elapsed:.1f} pages/s)")
    per_page = {
        f"{kind}: {variant}": row for (kind, variant), row in load.items() if variant != "all"
    }
    worst_name, worst = max(per_page.items(), key=lambda kv: kv[1]["p95"])
    failing = [name for name, row in per_page.items() if row["p95"] > BUDGET_MS]
    worklist = load.get(("worklist", "worklist"))
    say("\nSummary")
    if worklist:
        say(
            f"  worklist p95 {worklist['p95']:.1f} ms; page/SQL "
            f"{worklist['p95'] / floor['worklist_page_ms']:.0f}x (p50 "
            f"{worklist['p50'] / floor['worklist_page_ms']:.0f}x)"
        )
    say(
        f"  every page p95 <= {BUDGET_MS:.0f} ms: "
        + ("PASS" if not failing else f"FAIL ({', '.join(failing)})")
    )
    safe = worst_name.replace(": ", ":").replace(" ", "_")
    print(f"pages_p95_ms={worst['p95']:.1f} worst_page={safe}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
