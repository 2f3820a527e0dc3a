"""Check that the PostgreSQL server in DATABASE_URL answers before the tests start, and create
its database if it does not exist yet. Says plainly how to get a server when none answers."""

from __future__ import annotations

import os
import sys

import dj_database_url
import psycopg
from psycopg import sql

HELP = """
No PostgreSQL server answered at {host}:{port} ({error}).

The tests need PostgreSQL 15 or later. Either:
  - start the local server (Debian/Ubuntu): sudo pg_ctlcluster 15 main start
  - install one (Debian/Ubuntu): sudo apt-get install postgresql
  - or point the tests at another server: DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/sendpath make test
On a fresh machine, `bash .ci/run` installs and starts PostgreSQL for you.
"""


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        print(f"make test needs a PostgreSQL DATABASE_URL, not {config['ENGINE']}", file=sys.stderr)
        return 2
    params = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or None,
        "connect_timeout": 5,
    }
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            name = config["NAME"]
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            version = conn.execute("SHOW server_version").fetchone()
    except psycopg.OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else "no answer"
        print(
            HELP.format(host=params["host"], port=params["port"], error=first_line), file=sys.stderr
        )
        return 2
    print(f"PostgreSQL {version[0] if version else '?'} at {params['host']}:{params['port']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
