"""An import of people from a spreadsheet, run by the worker: the file, how far it has got, and
what came of it. `community/models.py` imports it, so Django finds it in the community app.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class ImportStatus(models.TextChoices):
    WAITING = "waiting", "Waiting to start"
    CHECKING = "checking", "Checking the rows"
    ADDING = "adding", "Adding people to the register"
    DONE = "done", "Finished"
    FAILED = "failed", "Stopped"


FINISHED = (ImportStatus.DONE, ImportStatus.FAILED)


class CoCreatorImportJob(models.Model):
    """One confirmed import. The file waits here until the worker has checked and added it.

    The worker adds the people a chunk at a time, each chunk in the same transaction as the
    count of people added, so a retried task carries on where the last one stopped and never
    adds anyone twice. The file and the checked rows are emptied when it ends: they hold
    people's details, which are in the register by then.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(
        default=timezone.now,
        help_text="The last time the worker moved it on (to tell a stuck import from a slow one).",
    )
    filename = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True, help_text="The file's text, until the import ends.")
    sha256 = models.CharField(max_length=64)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.WAITING
    )
    rows_total = models.PositiveIntegerField(default=0, help_text="People rows in the file.")
    rows_checked = models.PositiveIntegerField(default=0)
    # The checked rows to add, kept between chunks so a retried task adds the same people.
    rows_to_add = models.JSONField(default=list, blank=True, encoder=DjangoJSONEncoder)
    people_to_add = models.PositiveIntegerField(default=0)
    people_added = models.PositiveIntegerField(default=0)
    people_skipped = models.PositiveIntegerField(
        default=0, help_text="Rows of people already in the register, left as they were."
    )
    problems = models.JSONField(
        default=list, blank=True, help_text="The first problems found: row, column, message."
    )
    problem_count = models.PositiveIntegerField(default=0)
    rows_with_problems = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True, help_text="What happened, in words.")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Import {self.pk} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED
