"""Handing work to Celery without ever letting a broker fault break or stall a web request."""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from .models import OutboxMessage, WorkerHeartbeat

logger = logging.getLogger(__name__)

_JSON_SCALARS = (str, int, float, bool, type(None))
# Monotonic time until which this process skips publishing after a broker failure.
_backoff_until = 0.0


def _check_kwargs(value, path="kwargs"):
    if isinstance(value, models.Model):
        raise TypeError(f"{path} is a {type(value).__name__}: pass its id, not the object.")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path} has a key that is not text: {key!r}.")
            _check_kwargs(item, f"{path}[{key!r}]")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_kwargs(item, f"{path}[{i}]")
    elif not isinstance(value, _JSON_SCALARS):
        raise TypeError(f"{path} is a {type(value).__name__}: tasks take ids and plain values.")


def _task(name: str):
    from cocreation.celery import app

    if name not in app.tasks:
        # Web processes import the apps' tasks modules only when first asked for one.
        app.loader.import_default_modules()
    try:
        return app.tasks[name]
    except KeyError:
        raise LookupError(f"No Celery task is called {name!r}.") from None


def task_publish(*, task_name: str, kwargs: dict, backoff_seconds: float | None = None) -> bool:
    """Hand one task to the broker now; False (logged, never raised) when the broker fails.

    For work whose own rows are the record, so a sweep finds what was not handed over (the
    messages of `community.messaging`). Call it after commit. After a failure this process stops
    trying for `backoff_seconds` (default `OUTBOX_PUBLISH_BACKOFF_SECONDS`), so a frozen broker
    does not hold up every request.
    """
    global _backoff_until
    if time.monotonic() < _backoff_until:
        return False
    _check_kwargs(kwargs)
    task = _task(task_name)
    try:
        task.apply_async(kwargs=kwargs, retry=False)
    except Exception as exc:  # any broker fault: the caller's sweep hands it on later
        if task.app.conf.task_always_eager:
            raise  # the task itself ran here and failed (tests): not a broker fault
        if backoff_seconds is None:
            backoff_seconds = settings.OUTBOX_PUBLISH_BACKOFF_SECONDS
        _backoff_until = time.monotonic() + backoff_seconds
        logger.warning("Broker unavailable; %s not handed over: %s", task_name, exc)
        return False
    return True


def outbox_enqueue(*, task_name: str, kwargs: dict | None = None) -> OutboxMessage:
    """Record a task in the current transaction; it is handed to the broker after commit."""
    kwargs = kwargs or {}
    _check_kwargs(kwargs)
    _task(task_name)
    message = OutboxMessage.objects.create(task_name=task_name, kwargs=kwargs)
    transaction.on_commit(lambda: outbox_publish(message_ids=[message.pk]))
    return message


def outbox_publish(*, message_ids: list[int] | None = None, ignore_backoff: bool = False) -> int:
    """Hand pending messages to the broker; return how many went. Never raises for broker faults."""
    global _backoff_until
    if not ignore_backoff and time.monotonic() < _backoff_until:
        return 0
    pending = OutboxMessage.objects.pending().order_by("pk")
    if message_ids is not None:
        pending = pending.filter(pk__in=message_ids)
    published = 0
    for message in pending:
        try:
            _task(message.task_name).apply_async(kwargs=message.kwargs, retry=False)
        except Exception as exc:  # any broker fault: leave it pending for the sweep
            _backoff_until = time.monotonic() + settings.OUTBOX_PUBLISH_BACKOFF_SECONDS
            OutboxMessage.objects.filter(pk=message.pk).update(
                attempts=models.F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:1000]
            )
            logger.warning("Broker unavailable; %s stays in the outbox: %s", message, exc)
            break
        published += OutboxMessage.objects.filter(pk=message.pk, published_at__isnull=True).update(
            published_at=timezone.now(), attempts=models.F("attempts") + 1, last_error=""
        )
    return published


def outbox_sweep() -> int:
    """Publish messages left pending for longer than the sweep's minimum age."""
    cutoff = timezone.now() - timedelta(seconds=settings.OUTBOX_SWEEP_MIN_AGE_SECONDS)
    ids = list(
        OutboxMessage.objects.pending()
        .filter(created_at__lte=cutoff)
        .values_list("pk", flat=True)[:1000]
    )
    if not ids:
        return 0
    return outbox_publish(message_ids=ids, ignore_backoff=True)


def heartbeat_record(*, hostname: str) -> None:
    """Note that a worker is alive."""
    WorkerHeartbeat.objects.update_or_create(
        hostname=hostname, defaults={"seen_at": timezone.now()}
    )
