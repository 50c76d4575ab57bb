"""Training's beat task: thin, the work is `services.refreshers_notify`."""

from celery import shared_task

from .services import refreshers_notify


@shared_task(name="capacity.send_refreshers_due")
def send_refreshers_due() -> int:
    """Tell people whose training is due a refresher (once per completion)."""
    return refreshers_notify()
