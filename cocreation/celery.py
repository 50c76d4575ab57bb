"""The Celery application, configured from Django settings (CELERY_* names)."""

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import task_prerun
from django.db import close_old_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocreation.settings.local")

app = Celery("cocreation")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Survey invitations are due at 09:00 UK time (impact.services.surveys), so beat sends them then;
# the hourly "survey-reminders" entry in CELERY_BEAT_SCHEDULE catches up if this run is missed.
app.add_periodic_task(
    crontab(hour=9, minute=0), app.signature("impact.send_due_surveys"), name="surveys-morning"
)


@task_prerun.connect
def _database_connections_checked(task=None, **kwargs) -> None:
    """Before each task in a worker, as Django does before each request: drop a connection that
    failed or is older than CONN_MAX_AGE (the next query checks the rest). Celery itself closes
    them only every CELERY_DB_REUSE_MAX tasks, as reconnecting for every task cost more than the
    task. A task run eagerly (tests) runs inside its caller's transaction and is left alone."""
    if task is not None and getattr(task.request, "is_eager", False):
        return
    close_old_connections()
