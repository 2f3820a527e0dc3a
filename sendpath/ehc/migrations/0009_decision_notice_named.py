"""A sent decision notice names its notice under ``details["notice"]``, with the keys of
``ehc.notices.selectors.KINDS``. Events stored before then named it under ``"kind"`` (and the
demo used ``no_plan`` and ``final_plan``); they are renamed here so one name is read."""

from django.db import migrations

OLD_KEYS = {"no_plan": "not_to_issue", "final_plan": "final_plan_issued"}


def rename(apps, schema_editor):
    CaseEvent = apps.get_model("ehc", "CaseEvent")
    batch = []
    for event in CaseEvent.objects.filter(type="decision_notice_sent").iterator(chunk_size=2000):
        details = dict(event.details or {})
        name = details.get("notice", details.get("kind"))
        if name is None:
            continue
        details.pop("kind", None)
        details["notice"] = OLD_KEYS.get(name, name)
        if details != event.details:
            event.details = details
            batch.append(event)
        if len(batch) >= 2000:
            CaseEvent.objects.bulk_update(batch, ["details"])
            batch = []
    if batch:
        CaseEvent.objects.bulk_update(batch, ["details"])


class Migration(migrations.Migration):
    dependencies = [
        ("ehc", "0008_emails_to_professionals"),
    ]

    operations = [
        migrations.RunPython(rename, migrations.RunPython.noop),
    ]
