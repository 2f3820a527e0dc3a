"""The SEN2 return built in the background (django-tasks, docs/adr/0011): queued from the
page, run by a worker, its progress written as it goes."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def build_sen2_return(run_id: str) -> str:
    return services.build(run_id)
