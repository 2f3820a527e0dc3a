"""The backup and restore drill: dump the database, restore it into a fresh one, compare.

A backup nobody has restored is a hope, not a backup. ``drill`` takes a ``pg_dump`` of the
database (custom format, the one ``pg_restore`` reads), restores it into a new, empty database
and checks that every child, case, case event, plan version and audit entry came back: the same
number of rows and the same checksum (an MD5 of every row's full text, in key order) in both.
Tables are named by model label, so this module imports no domain app.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.apps import apps
from django.db import connection
from psycopg import sql

# What must survive a restore: the records a council cannot rebuild.
CHECKED_MODELS = (
    "people.Child",
    "ehc.Case",
    "ehc.CaseEvent",
    "ehc.PlanVersion",
    "core.AuditEntry",
)


@dataclass(frozen=True)
class TableCheck:
    model: str
    table: str
    rows: int
    checksum: str
    restored_rows: int
    restored_checksum: str

    @property
    def ok(self) -> bool:
        return (self.rows, self.checksum) == (self.restored_rows, self.restored_checksum)


def _params(dbname: str | None = None) -> dict[str, Any]:
    s = connection.settings_dict
    params = {
        "dbname": dbname or s["NAME"],
        "user": s.get("USER") or None,
        "password": s.get("PASSWORD") or None,
        "host": s.get("HOST") or None,
        "port": str(s["PORT"]) if s.get("PORT") else None,
    }
    return {k: v for k, v in params.items() if v is not None}


def _program(name: str) -> str:
    """The full path of a PostgreSQL client program, found on PATH."""
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} was not found: install the PostgreSQL client programs.")
    return found


def _env() -> dict[str, str]:
    """The environment for pg_dump and pg_restore: the password never goes on a command line."""
    env = dict(os.environ)
    password = connection.settings_dict.get("PASSWORD")
    if password:
        env["PGPASSWORD"] = str(password)
    return env


def _conn_args() -> list[str]:
    p = _params()
    args = []
    for flag, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if key in p:
            args += [flag, str(p[key])]
    return args


def fingerprint(conn: psycopg.Connection[Any], table: str, key: str) -> tuple[int, str]:
    """(rows, checksum) of one table: the MD5 of every row's text, in key order."""
    query = sql.SQL(
        "SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY t.{key})), '') "
        "FROM {table} AS t"
    ).format(key=sql.Identifier(key), table=sql.Identifier(table))
    rows, checksum = conn.execute(query).fetchone() or (0, "")
    return int(rows), str(checksum)


def dump(path: Path) -> None:
    """pg_dump of the current database to ``path`` (custom format)."""
    subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        [
            _program("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--file",
            str(path),
            *_conn_args(),
            connection.settings_dict["NAME"],
        ],
        check=True,
        env=_env(),
        capture_output=True,
        text=True,
    )


@contextmanager
def fresh_database(name: str, *, keep: bool = False) -> Iterator[str]:
    """A new, empty database (dropped afterwards unless ``keep``)."""
    with psycopg.connect(**_params("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        if not keep:
            with psycopg.connect(**_params("postgres"), autocommit=True) as admin:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


def restore(path: Path, target: str) -> None:
    """pg_restore of the dump at ``path`` into the empty database ``target``."""
    subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        [
            _program("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            "--dbname",
            target,
            *_conn_args(),
            str(path),
        ],
        check=True,
        env=_env(),
        capture_output=True,
        text=True,
    )


def compare(target: str) -> list[TableCheck]:
    """Rows and checksums of every checked table, here and in the restored ``target``."""
    checks = []
    with (
        psycopg.connect(**_params()) as source,
        psycopg.connect(**_params(target)) as restored,
    ):
        for label in CHECKED_MODELS:
            model = apps.get_model(label)
            table, key = model._meta.db_table, model._meta.pk.column
            rows, checksum = fingerprint(source, table, key)
            restored_rows, restored_checksum = fingerprint(restored, table, key)
            checks.append(
                TableCheck(label, table, rows, checksum, restored_rows, restored_checksum)
            )
    return checks


def drill(dump_path: Path, *, target: str, keep: bool = False) -> list[TableCheck]:
    """Dump, restore into a fresh ``target`` database and compare; the checks, table by table."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The backup drill needs PostgreSQL (pg_dump and pg_restore).")
    dump(dump_path)
    with fresh_database(target, keep=keep):
        restore(dump_path, target)
        return compare(target)
