"""Thin Celery tasks for the community app: they take ids and call a service."""

from celery import shared_task

from . import services


@shared_task(
    name="community.send_email",
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=6,
)
def send_email(
    *, cocreator_id: int, kind: str, key: str, template: str, context: dict | None = None
) -> str:
    """Send one email once; a retry after a temporary failure finds the same record by its key."""
    return services.message_send_email(
        cocreator_id=cocreator_id, kind=kind, key=key, template=template, context=context
    ).status
