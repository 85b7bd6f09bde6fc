"""Background tasks (Django's tasks API; the database backend in production, run by ``cyberins worker``)."""

from __future__ import annotations

from django_tasks import task

from cyberins.healthchecks.models import HealthCheck
from cyberins.healthchecks.results import run_health_check


@task()
def run_health_check_task(health_check_id: int) -> str:
    return run_health_check(health_check_id)


def enqueue_health_check(health_check_id: int) -> None:
    """Queue the scan (called on commit of the transaction that created the check)."""
    result = run_health_check_task.enqueue(health_check_id)
    HealthCheck.objects.filter(pk=health_check_id).update(task_id=str(result.id))
