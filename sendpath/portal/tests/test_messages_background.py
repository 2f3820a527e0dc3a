"""On the real task backend: recording a step queues the work of telling the family once the
step has committed; a worker then queues each message, and another run sends them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from sendpath.core import notify
from sendpath.core.models import NotifyMessage
from sendpath.ehc.tests.helpers import open_case
from sendpath.people.models import FamilyMember
from sendpath.people.tests.factories import build_world


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_step_is_told_to_the_family_by_the_workers_after_it_commits(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NOTIFY_BACKEND = "local"
    world = build_world()
    FamilyMember.objects.create(
        child=world.ours,
        full_name="Mina Quokka",
        relationship="mother",
        parental_responsibility=True,
        email="mina@example.org",
    )
    with transaction.atomic():
        open_case(world, received_days_ago=10)
        assert not DBTaskResult.objects.exists()  # nothing while the step is uncommitted
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "sendpath.portal.messages.tasks.messages_for_step"
    assert not NotifyMessage.objects.exists()  # nothing decided in the caseworker's request
    run_worker()
    [message] = NotifyMessage.objects.all()
    assert message.to == "mina@example.org"
    if message.status == notify.QUEUED:  # its delivery is a task of its own
        run_worker()
        message.refresh_from_db()
    assert message.status == notify.LOCAL_STATUS
