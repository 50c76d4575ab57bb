"""The group message's worker tasks (reporting/tasks.py imports them so Celery finds them)."""

from celery import shared_task
from django.db import DatabaseError

from . import services


@shared_task(
    name="reporting.build_group_message",
    autoretry_for=(DatabaseError,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=6,
)
def build_group_message(*, message_id: int) -> int:
    """Just after Send: add the group's people to the broadcast, a batch at a time."""
    return services.group_message_build(message_id=message_id)


@shared_task(name="reporting.group_messages_resume")
def group_messages_resume() -> int:
    """Every few minutes: queue again any build whose worker stopped."""
    return services.group_messages_build_stalled()
