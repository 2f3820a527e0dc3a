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


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_waits_before_its_next_try_on_the_database_backend(settings, monkeypatch):
    """Notify did not answer: the message goes back in the queue with a task that runs after
    the first delay, not before; then it is sent (once)."""
    import datetime as dt

    import time_machine
    from django.utils import timezone
    from notifications_python_client.errors import APIError

    calls: list[str] = []

    class Client:
        def __init__(self, key):
            pass

        def send_email_notification(self, **kwargs):
            calls.append(kwargs["email_address"])
            if len(calls) == 1:
                raise APIError(message="Service unavailable")  # no answer: 503
            return {"id": "n-1", "content": {"subject": "S", "body": "B"}}

    monkeypatch.setattr(notify, "NotificationsAPIClient", Client)
    settings.TASKS = DATABASE_TASKS
    settings.NOTIFY_BACKEND = "govuk"
    settings.NOTIFY_API_KEY = "test_key-0000-1111"
    with transaction.atomic():
        message = notify.send_email(
            to="parent@example.org",
            template_id="00000000-0000-4000-8000-00000000b001",
            personalisation={},
        )
    run_worker()
    message.refresh_from_db()
    assert calls == ["parent@example.org"]
    assert (message.status, message.attempts) == (notify.QUEUED, 1)
    assert "did not send" in message.error
    waiting = DBTaskResult.objects.filter(status="READY").get()
    expected = timezone.now() + notify.RETRY_DELAYS[0]
    assert abs((waiting.run_after - expected).total_seconds()) < 60
    run_worker()  # too early: nothing tried
    assert len(calls) == 1
    with time_machine.travel(timezone.now() + notify.RETRY_DELAYS[0] + dt.timedelta(seconds=5)):
        run_worker()
    message.refresh_from_db()
    assert (message.status, message.attempts, message.notify_id) == ("created", 2, "n-1")
    assert len(calls) == 2
