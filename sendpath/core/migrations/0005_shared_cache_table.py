"""The shared cache's table (settings.CACHES: Django's database cache), so `migrate` alone sets up
every process's shared cache. `manage.py createcachetable` does the same and is safe to repeat."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_notifymessage_error")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
