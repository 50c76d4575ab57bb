"""The Celery application, configured from Django settings (CELERY_* names)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocreation.settings.local")

app = Celery("cocreation")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Survey invitations are due at 09:00 UK time (impact.services.surveys), so beat sends them then;
# the hourly "survey-reminders" entry in CELERY_BEAT_SCHEDULE catches up if this run is missed.
app.add_periodic_task(
    crontab(hour=9, minute=0), app.signature("impact.send_due_surveys"), name="surveys-morning"
)
