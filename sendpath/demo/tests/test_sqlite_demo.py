"""``make run`` serves the demo on SQLite, not the PostgreSQL the other tests use: load it there
and walk the families' pages and the caseworker's pages of their cases, as those accounts would.
A query SQLite refuses (an ORDER BY inside a UNION, say) fails here, not in front of a user."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
WALK = Path(__file__).with_name("sqlite_walk.py")


def manage(*args: str, env: dict[str, str], stdin: str | None = None) -> str:
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result.stdout


def test_the_demo_loads_and_its_family_pages_answer_on_sqlite(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}},
        "DJANGO_SETTINGS_MODULE": "sendpath.config.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("createcachetable", env=env)
    assert "Demo data for" in manage("demo", env=env)
    walked = manage("shell", env=env, stdin=WALK.read_text())
    assert "PROBLEM" not in walked, walked
    count = int(walked.split("walked")[-1].split()[0])
    assert count >= 40, walked  # the walk reached the family's and the caseworker's pages
