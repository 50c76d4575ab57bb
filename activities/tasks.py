"""Thin Celery tasks for activities: the public calendar feed made ahead of the apps that fetch it."""

from celery import shared_task

from .views.calendar import public_feed_warm


@shared_task(name="activities.warm_public_feed")
def warm_public_feed() -> bool:
    """Every minute: make the public feed if a change has left none made (True if it did)."""
    return public_feed_warm()
