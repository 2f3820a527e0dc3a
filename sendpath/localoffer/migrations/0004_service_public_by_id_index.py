"""A covering index to check that a service found through its locations is public (PostgreSQL).

A postcode search reaches services through their locations: the count of services within the
distance, and the nearest-first reading of them ring by ring, look up each service by id to
check that it is public and to sort by name. Through the primary key each lookup reads the
wide table row; with the checked columns included it is an index-only lookup. At 10,000
services a count within 1 mile of a Demoshire postcode went from 7 to 5 ms and a ring from 3 to
2 ms (``bench/localoffer_bench.py``, see bench/RESULTS.md).

Made with SQL like 0003, so the model state is unchanged (``INCLUDE`` is PostgreSQL's).
"""

from django.db import migrations


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS lo_service_public_id "
        "ON localoffer_service (id) INCLUDE (status, review_by, name)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS lo_service_public_id")


class Migration(migrations.Migration):
    dependencies = [("localoffer", "0003_service_name_covering_index")]

    operations = [migrations.RunPython(add_index, drop_index)]
