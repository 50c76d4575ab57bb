"""Thin Celery tasks for activities: the public calendar feed made ahead of the apps that fetch it,
and reminders of booked places."""

from celery import shared_task

from .bookings.services import reminders_send
from .views.calendar import public_feed_warm


@shared_task(name="activities.warm_public_feed")
def warm_public_feed() -> bool:
    """Every minute: make the public feed if a change has left none made (True if it did)."""
    return public_feed_warm()


@shared_task(name="activities.send_reminders")
def send_reminders() -> int:
    """Every few minutes: the day-before and morning reminders that are due (each sent once)."""
    return reminders_send()
