"""Trigram indexes for finding a child by name at the largest authority's size, and the
cared-for children by name (the Belonging Register).

The search matches each word at the start of a first, middle, last or preferred name
(``UPPER(name) LIKE 'WORD%'``); a GIN index with ``gin_trgm_ops`` on each upper-cased name
serves it without reading every child. PostgreSQL only: the SQLite demo keeps the plain match.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

NAMES = ("first_name", "middle_names", "last_name", "preferred_name")


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in NAMES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS child_{name}_trgm "
            f"ON people_child USING gin (UPPER({name}) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in NAMES:
        schema_editor.execute(f"DROP INDEX IF EXISTS child_{name}_trgm")


class Migration(migrations.Migration):
    dependencies = [("people", "0005_family_access")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(add_indexes, drop_indexes),
        migrations.AddIndex(
            model_name="child",
            index=models.Index(
                condition=models.Q(("cared_for", True)),
                fields=["last_name", "first_name", "date_of_birth"],
                name="child_cared_for_name",
            ),
        ),
    ]
