"""Thin Celery tasks for the community app: they take ids and call a service.

One family sends every message: `deliver_batch` (handed the rows' ids after the transaction
that recorded them commits) and the resume sweep. Retries are Celery's own.
"""

import logging

from celery import shared_task
from celery.exceptions import MaxRetriesExceededError
from django.conf import settings
from django.db import DatabaseError

from .imports import services as imports
from .messaging import sending, sweep

logger = logging.getLogger(__name__)


@shared_task(
    name="community.deliver_batch",
    bind=True,
    # The database away before anything is claimed: Celery tries the whole batch again later.
    autoretry_for=(DatabaseError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=6,
)
def deliver_batch(self, message_ids: list[int]) -> int:
    """Send each message of a batch once; returns how many were sent by this run.

    After a temporary failure the messages that are due soonest are tried again by this task's
    own retry, after their backoff (30 s doubling to an hour, per message); any others are left
    waiting for the resume sweep, which honours their backoff too.
    """
    outcomes = sending.batch_deliver(message_ids)
    sent = sum(outcome.sent_now for outcome in outcomes)
    again = sending.retry_due_first(outcomes)
    if again is not None and not self.request.called_directly:
        countdown, ids = again
        try:
            # In a worker this raises Retry. Run eagerly (tests), Celery's `apply` runs the
            # returned retry at once; raising it there would fail the caller instead.
            return self.retry(
                kwargs={"message_ids": ids},
                countdown=countdown,
                max_retries=settings.MESSAGE_MAX_ATTEMPTS,
                throw=not self.request.is_eager,
            )
        except MaxRetriesExceededError:  # the rows stay waiting: the sweep queues them
            logger.warning("Messages %s left for the resume sweep", ids)
    return sent


@shared_task(name="community.resume_messages")
def resume_messages() -> int:
    """Queue again messages left waiting, or stuck SENDING after their worker died."""
    return sweep.messages_resume()


@shared_task(
    name="community.cocreator_import_run",
    # The database away: Celery runs it again later, and it carries on where it got to.
    autoretry_for=(DatabaseError,),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=8,
)
def cocreator_import_run(job_id: int) -> str:
    """Check a confirmed spreadsheet import and add its people; safe to run again."""
    return imports.cocreator_import_run(job_id=job_id)
