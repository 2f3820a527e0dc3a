"""The backup and restore drill, at small scale: a populated database dumped, restored, compared."""

from __future__ import annotations

from io import StringIO

import psycopg
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from sendpath.core import backup


@pytest.fixture
def populated(transactional_db):
    from sendpath.demo.generator import load_demo

    load_demo(children=100, cases=True)  # committed, so pg_dump sees it
    from sendpath.core.audit import audit_record
    from sendpath.core.models import AuditAction
    from sendpath.people.models import Child

    for child in Child.objects.all()[:20]:  # a morning's reads of the records
        audit_record(request=None, action=AuditAction.VIEWED, obj=child, child_id=child.pk)


def test_the_drill_restores_every_record_and_catches_a_bad_restore(populated, tmp_path):
    out = StringIO()
    call_command("backup_drill", "--dump", str(tmp_path / "drill.dump"), stdout=out)
    report = out.getvalue()
    assert "Backup drill passed" in report
    for label in backup.CHECKED_MODELS:
        assert apps.get_model(label).objects.exists(), label  # nothing checked is empty
        assert f"{label} " in report
    assert (tmp_path / "drill.dump").stat().st_size > 0
    target = f"{connection.settings_dict['NAME']}_restore_drill"
    with psycopg.connect(**backup._params("postgres")) as admin:
        gone = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target]).fetchone()
    assert gone is None  # the restored copy is dropped after the drill

    # A restore that lost a row or changed one is caught (same dump, one database loaded once).
    target = f"{connection.settings_dict['NAME']}_drill_tampered"
    with backup.fresh_database(target):
        backup.restore(tmp_path / "drill.dump", target)
        assert all(check.ok for check in backup.compare(target))
        with psycopg.connect(**backup._params(target)) as restored:
            restored.execute(
                "DELETE FROM core_auditentry WHERE id = (SELECT max(id) FROM core_auditentry)"
            )
            restored.execute(
                "UPDATE people_child SET first_name = 'Changed' "
                "WHERE id = (SELECT min(id::text)::uuid FROM people_child)"
            )
        failed = {c.model for c in backup.compare(target) if not c.ok}
    assert failed == {"core.AuditEntry", "people.Child"}
