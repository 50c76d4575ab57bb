"""Adding a sent broadcast's people a batch at a time, for the newsletter and messages to groups.

Both keep on their row (`NewsletterIssue`, `GroupMessage`) the highest person id there was at
Send (`recipients_through`), how far the worker has got (`prepared_through`) and when it finished
(`prepared_at`); `updated_at` moves on at every batch, so a build that stopped can be found.
"""

from django.db import transaction
from django.utils import timezone

from cocreation.jobs.services import outbox_enqueue
from community.messaging.queueing import broadcast_add


def broadcast_build(*, row, people, key_prefix: str, batch_size: int) -> int:
    """Add `people` (ordered by pk) to `row.broadcast` in batches, each one transaction that
    also moves `row.prepared_through` on; then mark the row prepared. `broadcast_add`'s keys
    `<key_prefix>:<person id>` add nobody twice, however often this runs. Returns how many people
    it looked at."""
    rows = type(row).objects.filter(pk=row.pk)
    if row.recipients_through is not None:
        people = people.filter(pk__lte=row.recipients_through)
    done, after = 0, row.prepared_through
    while ids := list(people.filter(pk__gt=after).values_list("pk", flat=True)[:batch_size]):
        with transaction.atomic():
            done += broadcast_add(broadcast=row.broadcast, recipients=ids, key_prefix=key_prefix)
            rows.filter(prepared_through__lt=ids[-1]).update(
                prepared_through=ids[-1], updated_at=timezone.now()
            )
        after = ids[-1]
    rows.filter(prepared_at=None).update(prepared_at=timezone.now(), updated_at=timezone.now())
    return done


def broadcast_builds_requeue(*, stalled, task_name: str, kwarg: str, now) -> int:
    """Queue the build again for each row of `stalled` (rows whose build stopped: not prepared,
    untouched for a while), touching each so it is queued once. Safe: a build adds nobody twice."""
    model = stalled.model
    queued = 0
    for pk in list(stalled.values_list("pk", flat=True)):
        with transaction.atomic():
            if model.objects.filter(pk=pk, prepared_at=None).update(updated_at=now):
                outbox_enqueue(task_name=task_name, kwargs={kwarg: pk})
                queued += 1
    return queued
