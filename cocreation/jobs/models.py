"""Background-job bookkeeping: the outbox of work to hand to Celery, and worker heartbeats."""

from django.db import models


class OutboxMessageQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(published_at__isnull=True)


class OutboxMessage(models.Model):
    """A task to run, written in the same transaction as the change that asked for it.

    It is handed to the broker after commit; the periodic sweep hands on any still pending,
    so work survives a broker that is down when the request runs.
    """

    task_name = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"],
                name="outbox_pending_idx",
                condition=models.Q(published_at__isnull=True),
            )
        ]

    def __str__(self):
        state = "published" if self.published_at else "pending"
        return f"{self.task_name} ({state})"


class WorkerHeartbeat(models.Model):
    """The last time each Celery worker ran the heartbeat task."""

    hostname = models.CharField(max_length=255, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.hostname} at {self.seen_at:%Y-%m-%d %H:%M:%S}"


class DataVersion(models.Model):
    """A counter the database itself moves on whenever data behind a set of figures changes.

    Database triggers (added by the reporting app's migrations, which know the tables) add one
    to `version` in the same transaction as any insert, update, delete or truncate of those
    tables, however it is made: the ORM, a bulk load, raw SQL. On PostgreSQL they fire at commit
    (deferred constraint triggers), so this row is locked only for the moment of committing. Cached figures are stored under the
    version they were worked out at, so a change makes them unreachable at once: see
    `cocreation/lib/cached.py`.
    """

    name = models.CharField(max_length=50, primary_key=True)
    version = models.BigIntegerField(default=0)
    # Random when the row is made (by the trigger), so a database emptied and refilled, whose
    # version starts again, can never meet figures cached for the old data under the same number.
    epoch = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.name} at version {self.version}"


class CacheFallbackEntry(models.Model):
    """A row of Django's database cache, used only while Redis cannot be reached.

    The columns are the ones Django's `createcachetable` makes, so `DatabaseCache` reads and
    writes this table directly: see `cocreation/lib/cache.py`.
    """

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "jobs_cache_fallback"

    def __str__(self):
        return self.cache_key
