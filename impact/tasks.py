"""Thin Celery tasks for the impact app."""

from celery import shared_task
from django.utils import timezone

from .services.surveys import survey_invitations_create_due, survey_send_due


@shared_task(name="impact.send_due_surveys")
def send_due_surveys() -> int:
    """At 09:00 UK time, and hourly after to catch up: create the survey invitations that are
    due, then send invitations and reminders."""
    now = timezone.now()
    survey_invitations_create_due(now=now)
    return survey_send_due(now=now)
