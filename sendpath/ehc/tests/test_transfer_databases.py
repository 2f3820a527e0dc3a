"""Round trip across two databases: one authority exports, another imports into its own.

The exporting authority is the test database; the receiving authority is a second, freshly
migrated PostgreSQL database driven through ``manage.py`` in subprocesses, as two councils'
separate installations would be. What the receiver then exports again must carry the same
plan, sections and timeline.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

from sendpath.ehc.transfers import interchange
from sendpath.people.models import Role

from .test_transfer import exported

ROOT = Path(__file__).resolve().parents[3]


def manage(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        {"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "sendpath.config.settings.test"}
    )
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def receiving_database():
    """A second, empty database for the receiving authority, dropped afterwards."""
    config = settings.DATABASES["default"]
    if "postgresql" not in config["ENGINE"]:
        pytest.fail(
            "The suite runs on PostgreSQL (see the Makefile): the round trip needs a second "
            f"database on the same server, and DATABASE_URL points at {config['ENGINE']}"
        )
    name = f"sendpath_receiver_{uuid.uuid4().hex[:8]}"
    params = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    password = f":{params['password']}" if params["password"] else ""
    database_url = f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"
    try:
        yield database_url
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def test_plan_moves_between_two_authorities_databases(world, receiving_database, tmp_path):
    old, data = exported(world)
    sent = tmp_path / "sent.json"
    sent.write_text(json.dumps(data), encoding="utf-8")

    migrated = manage(receiving_database, "migrate", "--no-input", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    setup = manage(
        receiving_database,
        "shell",
        "-c",
        "from sendpath.people.models import Organisation, User;"
        "la = Organisation.objects.create(kind='local_authority', name='Receivershire Council', la_code='903');"
        "User.objects.create_user('receiver', role='caseworker', organisation=la)",
    )
    assert setup.returncode == 0, setup.stderr

    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    refused = manage(receiving_database, "import_plan", str(bad), "--as", "receiver")
    assert refused.returncode != 0
    assert "format: is required" in refused.stderr

    imported = manage(receiving_database, "import_plan", str(sent), "--as", "receiver")
    assert imported.returncode == 0, imported.stderr
    reference = imported.stdout.strip().rsplit(" ", 1)[-1]

    again = manage(receiving_database, "export_plan", reference, "--as", "receiver")
    assert again.returncode == 0, again.stderr
    received = json.loads(again.stdout)
    assert interchange.schema_errors(received) == []
    assert received["plan"] == data["plan"]
    assert received["child"]["date_of_birth"] == data["child"]["date_of_birth"]
    assert received["child"]["identifiers"] == data["child"]["identifiers"]

    def timeline(rows):
        return [(r["type"], r["date"], r["details"], r.get("note"), r["supersedes"]) for r in rows]

    theirs = timeline(received["timeline"])
    assert theirs[: len(data["timeline"])] == timeline(data["timeline"])
    assert [r["type"] for r in received["timeline"][len(data["timeline"]) :]] == ["transfer_in"]
    # The exporting authority's own records are untouched.
    assert old.events.count() == len(data["timeline"])
    assert world.user(Role.CASEWORKER).is_active
