"""Thin Celery tasks for the community app: they take ids and call a service."""

import logging

from celery import shared_task
from django.db import DatabaseError

from . import delivery

logger = logging.getLogger(__name__)


def _retry_later(outcomes) -> None:
    """After a temporary failure, try that message again later; the sweep covers a lost retry."""
    for outcome in outcomes:
        if outcome.retry_in is None:
            continue
        try:
            deliver_message.apply_async(
                kwargs={"message_id": outcome.message_id}, countdown=outcome.retry_in
            )
        except Exception:  # broker trouble: the message stays PENDING and the sweep queues it
            logger.exception("Could not schedule a retry of message %s", outcome.message_id)


@shared_task(name="community.deliver_batch")
def deliver_batch(message_ids: list[int]) -> int:
    """Send each message of a batch once; returns how many were sent by this run."""
    outcomes = delivery.batch_deliver(message_ids)
    _retry_later(outcomes)
    return sum(outcome.sent_now for outcome in outcomes)


@shared_task(name="community.deliver_message")
def deliver_message(message_id: int) -> str:
    """Try one recorded message again (after a temporary failure)."""
    outcome = delivery.message_deliver(message_id)
    _retry_later([outcome])
    return outcome.status


@shared_task(name="community.resume_messages")
def resume_messages() -> int:
    """Queue again messages left waiting, or stuck SENDING after their worker died."""
    return delivery.messages_resume()


@shared_task(
    name="community.send_email",
    # Only for the database being unreachable before the message is even recorded; sending
    # failures are recorded on the message and retried through deliver_message.
    autoretry_for=(DatabaseError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=6,
)
def send_email(
    *, cocreator_id: int, kind: str, key: str, template: str, context: dict | None = None
) -> str:
    """Send one message once (by the person's chosen channel); a retry finds it by its key."""
    message, outcome = delivery.message_send_with_outcome(
        cocreator_id=cocreator_id, kind=kind, key=key, template=template, context=context
    )
    _retry_later([outcome])
    return message.status
