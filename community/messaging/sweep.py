"""The resume sweep: queue again what no worker took, or what a dead worker held."""

from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from cocreation.lib.batches import chunks

from ..models import Message, MessageStatus
from .queueing import hand_over_after_commit
from .sending import ACTIVE, backoff, lease_length

# --- Picking up what was left ------------------------------------------------------------------


def messages_to_resume(*, now=None, idle_seconds: int | None = None) -> models.QuerySet:
    """Ids of messages a sweep should queue again: a worker's lease ran out, or waiting too long.

    A lease that ran out means its worker died: those rows (waiting in its batch, or SENDING) are
    due at once. A message no worker ever took is due once it has waited `idle_seconds`; one that
    failed for a while is due when its backoff has passed (plus `idle_seconds`, so the task's own
    retry goes first).
    """
    now = now or timezone.now()
    idle = timedelta(
        seconds=settings.MESSAGE_RESUME_AFTER_SECONDS if idle_seconds is None else idle_seconds
    )
    unheld = models.Q(status=MessageStatus.PENDING, lease_owner="", lease_until=None)
    due = unheld & models.Q(attempts=0, created_at__lte=now - idle)
    for attempts in range(1, settings.MESSAGE_MAX_ATTEMPTS + 1):
        due |= unheld & models.Q(
            attempts=attempts,
            claimed_at__lte=now - idle - timedelta(seconds=backoff(attempts)),
        )
    due |= models.Q(status__in=ACTIVE, lease_until__lte=now)
    # Claimed before leases were recorded: the claim time stands for the lease.
    due |= models.Q(
        status=MessageStatus.SENDING, lease_until=None, claimed_at__lte=now - lease_length()
    )
    due |= models.Q(status=MessageStatus.SENDING, lease_until=None, claimed_at=None)
    return Message.objects.filter(due).order_by("pk").values_list("pk", flat=True)


@transaction.atomic
def messages_resume(*, idle_seconds: int | None = None) -> int:
    """Queue again, in batches, every message left waiting or stuck; returns how many.

    Each row queued is marked as queued by the sweep (no owner, `lease_until` a resume interval
    away), so the next sweeps do not queue it again while it waits in a long queue; any worker
    may still take it at once.
    """
    now = timezone.now()
    idle = settings.MESSAGE_RESUME_AFTER_SECONDS if idle_seconds is None else idle_seconds
    due = messages_to_resume(now=now, idle_seconds=idle_seconds)
    ids = list(due.select_for_update(skip_locked=True)[:10_000])  # not rows a worker is taking
    for chunk in chunks(ids, 500):
        Message.objects.filter(pk__in=chunk).update(
            lease_owner="", lease_until=now + timedelta(seconds=idle)
        )
    hand_over_after_commit(ids)
    return len(ids)
