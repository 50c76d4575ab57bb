"""The plan tracker's rows: objectives, key actions and their dated updates (app label
`reporting`; `reporting.models` imports them so Django finds them)."""

from datetime import date

from django.conf import settings
from django.db import models


class PlanObjective(models.Model):
    """One of the plan's four objectives (loaded from the plan; staff may edit the wording)."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"Objective {self.number}: {self.title}"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    DONE = "done", "Done"


# The NHS.UK tag colour for each status; the words carry the meaning, the colour only helps.
ACTION_STATUS_TAG_COLOURS = {
    ActionStatus.DONE: "green",
    ActionStatus.ON_TRACK: "blue",
    ActionStatus.AT_RISK: "yellow",
    ActionStatus.OFF_TRACK: "red",
}


class KeyActionQuerySet(models.QuerySet):
    def with_overdue(self, today: date):
        """Each action with `overdue`: its timeframe ended before `today` and it is not done."""
        # A Case, not a bare comparison: an "Onwards" action's empty end would give NULL, not False.
        return self.annotate(
            overdue=models.Case(
                models.When(
                    models.Q(ends_on__lt=today) & ~models.Q(status=ActionStatus.DONE), then=True
                ),
                default=False,
                output_field=models.BooleanField(),
            )
        )

    def needing_attention(self, today: date):
        """At risk, off track, or overdue on `today`."""
        return self.filter(
            models.Q(status__in=[ActionStatus.AT_RISK, ActionStatus.OFF_TRACK])
            | (models.Q(ends_on__lt=today) & ~models.Q(status=ActionStatus.DONE))
        )


class KeyAction(models.Model):
    """A key action under an objective, with the timeframe the plan gives it.

    The timeframe's last day is `ends_on` (the plan's "July – December 2025" ends on 31 December
    2025; see reporting/reference_data/SOURCES.md). An action is overdue from the day after it
    when it is not done; an "Onwards" action has no last day and is never overdue.
    """

    objective = models.ForeignKey(PlanObjective, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(help_text="Order within the objective.")
    text = models.TextField()
    timeframe = models.CharField(max_length=100, help_text="As the plan words it.")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Empty for 'onwards'.")
    owner = models.CharField(max_length=150, blank=True)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = KeyActionQuerySet.as_manager()

    class Meta:
        ordering = ["objective__number", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "position"], name="key_action_position_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="key_action_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def status_tag_colour(self):
        return ACTION_STATUS_TAG_COLOURS.get(self.status, "grey")

    def is_overdue_on(self, today: date) -> bool:
        """Whether the timeframe ended before `today` and the action is not done."""
        return (
            self.ends_on is not None and self.ends_on < today and self.status != ActionStatus.DONE
        )


class KeyActionUpdate(models.Model):
    """A dated progress note on a key action; the status it gave is kept with it."""

    action = models.ForeignKey(KeyAction, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_on", "-pk"]

    def __str__(self):
        return f"{self.action_id} on {self.written_on}"

    @property
    def status_tag_colour(self):
        return ACTION_STATUS_TAG_COLOURS.get(self.status, "grey")
