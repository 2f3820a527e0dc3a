from django.db import migrations


class Migration(migrations.Migration):
    """The app's first migration: each part adds its own tables after it."""

    initial = True

    dependencies: list[tuple[str, str]] = []

    operations: list[migrations.operations.base.Operation] = []
