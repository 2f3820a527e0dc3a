"""A covering index for lists of services in name order (PostgreSQL only).

The ORUK API's ``/services`` pages, and the public search when sorted by name, ask for the ids
of public services in ``name, id`` order, a page at a time. Without this index PostgreSQL reads
the whole service table (wide rows: descriptions and the search vector) and sorts it for every
page: 17-25 ms at 10,000 services, and 60 ms with an external sort when whole rows are sorted.
With it the ids come from an index-only scan (the filter columns are included): 1-4 ms at any
page. Measured in ``bench/localoffer_bench.py`` (API p95 105 ms -> 49 ms, see bench/RESULTS.md).

Like 0002's full-text index it is made with SQL, so the model state is unchanged (``INCLUDE``
is PostgreSQL's; the SQLite demo has no need of it).
"""

from django.db import migrations


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS lo_service_name_page "
        "ON localoffer_service (name, id) INCLUDE (status, review_by)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS lo_service_name_page")


class Migration(migrations.Migration):
    dependencies = [("localoffer", "0002_search_index_and_taxonomies")]

    operations = [migrations.RunPython(add_index, drop_index)]
