"""Plans' beat task: thin, the work is `services.plan_reviews_notify`."""

from celery import shared_task

from .services import plan_reviews_notify


@shared_task(name="capacity.send_plan_reviews_due")
def send_plan_reviews_due() -> int:
    """Tell people their development plan's review is a week away (once per review date)."""
    return plan_reviews_notify()
