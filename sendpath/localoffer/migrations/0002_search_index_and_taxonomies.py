"""PostgreSQL's full-text index for the public search, and the Local Offer's two taxonomies.

The GIN index is made only on PostgreSQL (the SQLite demo searches with a simpler match).
The taxonomy terms have fixed ids (see ``sendpath.localoffer.reference``).
"""

from django.db import migrations


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS lo_service_search "
        "ON localoffer_service USING gin (search_vector)"
    )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS lo_service_search")


def add_taxonomies(apps, schema_editor):
    from sendpath.localoffer.services import taxonomies_ensure

    taxonomies_ensure(
        taxonomy_model=apps.get_model("localoffer", "Taxonomy"),
        term_model=apps.get_model("localoffer", "TaxonomyTerm"),
    )


class Migration(migrations.Migration):
    dependencies = [("localoffer", "0001_initial")]

    operations = [
        migrations.RunPython(add_search_index, drop_search_index),
        migrations.RunPython(add_taxonomies, migrations.RunPython.noop),
    ]
