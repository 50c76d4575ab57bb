"""Thin Celery tasks: they take plain values and call a service."""

from celery import shared_task

from . import services


@shared_task(name="jobs.heartbeat", bind=True)
def heartbeat(self) -> None:
    services.heartbeat_record(hostname=self.request.hostname or "unknown")


@shared_task(name="jobs.outbox_sweep")
def outbox_sweep() -> int:
    return services.outbox_sweep()
