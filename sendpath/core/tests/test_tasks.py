"""Background work on the real database backend: a task is a row until a worker runs it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from sendpath.core import notify
from sendpath.core.models import NotifyMessage

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> str:
    """``manage.py db_worker --batch``: run every task that is due, then stop."""
    out = io.StringIO()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_queued_email_waits_for_the_worker_and_is_sent_by_it(settings):
    settings.TASKS = DATABASE_TASKS
    settings.NOTIFY_BACKEND = "local"
    with transaction.atomic():
        message = notify.send_email(
            to="ep@example.org",
            template_id="00000000-0000-4000-8000-00000000a001",
            personalisation={"name": "Dr Patel"},
            subject="Advice for ((name))",
            body="Dear ((name))",
        )
        assert not DBTaskResult.objects.exists()  # enqueued only once this commits
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "sendpath.core.notify.deliver"
    assert queued.status == "READY"
    message.refresh_from_db()
    assert message.status == notify.QUEUED  # nothing sent until a worker runs the task

    run_worker()

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    message.refresh_from_db()
    assert message.status == notify.LOCAL_STATUS
    assert message.subject == "Advice for Dr Patel"
    assert NotifyMessage.objects.count() == 1
