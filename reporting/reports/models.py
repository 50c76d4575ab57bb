"""The report's rollups: its figures kept by month and by period, and the months waiting to be
counted again. How they are kept right is in `reporting.reports.rollups`."""

from django.db import models


class RollupKind(models.TextChoices):
    MONTH = "month", "Month"
    PERIOD = "period", "Period"
    PEOPLE = "people", "People who attended in a period, by their answers"
    COMMUNITY = "community", "The community, by their answers"


class FigureRollup(models.Model):
    """The figures of one month, or of one quarter, half or year, counted from the rows.

    A month's figures add up (activities, hours, answers, people who joined); a period's are the
    ones that count different people over the period, which months cannot be added up to give,
    with the people who attended by their demographic answers in a row of their own (read only
    for the periods whose participation a report shows). `figures` holds numbers by name
    (decimals as text); its names are in `rollups`.
    """

    kind = models.CharField(max_length=10, choices=RollupKind.choices)
    key = models.CharField(max_length=20, unique=True)  # "2026-04", or a period's slug
    start = models.DateField()  # the month's or the period's first day
    figures = models.JSONField(default=dict)
    counted_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["kind", "start"])]

    def __str__(self):
        return f"Figures for {self.key}"


class DirtyRollup(models.Model):
    """A month whose rows changed since its figures were counted; with no month, every month;
    or (`community`) the make-up of the community the representation gap is counted from.

    Written by database triggers in the same transaction as the change (reporting migration
    0008), so a committed change always leaves one. Rows are only ever added by the triggers and
    removed by whoever counts them again, never updated: two writers never wait for each other
    here.
    """

    month = models.DateField(null=True, blank=True)
    community = models.BooleanField(default=False)
    # PostgreSQL's id for the transaction that wrote it, so one transaction writes each once.
    written_in = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["month"])]

    def __str__(self):
        if self.community:
            return "The community's make-up to count again"
        return f"{self.month:%B %Y} to count again" if self.month else "Every month to count again"
