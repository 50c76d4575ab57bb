"""Reporting's own rows: the plan tracker and the locked governance packs."""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
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


class KeyAction(models.Model):
    """A key action under an objective, with the timeframe the plan gives it."""

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


class KeyActionUpdate(models.Model):
    """A dated progress note on a key action; the status it gave is kept with it."""

    action = models.ForeignKey(KeyAction, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_on", "-pk"]

    def __str__(self):
        return f"{self.action_id} on {self.written_on}"


class PackAlreadyPublished(ValidationError):
    pass


class GovernancePack(models.Model):
    """A period's report as published: a frozen copy of every figure and text, signed.

    `content` holds the report exactly as shown (already suppressed), the narrative and the
    signature line. `digest` is the SHA-256 of `content` in canonical JSON, so anyone can check
    the copy has not changed. A saved pack is never updated: `save()` refuses.
    """

    period_slug = models.CharField(max_length=20, unique=True)
    period_label = models.CharField(max_length=100)
    narrative = models.TextField()
    content = models.JSONField()
    digest = models.CharField(max_length=64)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_by_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return f"Governance pack for {self.period_label}"

    @staticmethod
    def digest_of(content) -> str:
        canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return hashlib.sha256(canonical.encode()).hexdigest()

    @property
    def intact(self) -> bool:
        return self.digest == self.digest_of(self.content)

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PackAlreadyPublished("A published pack cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PackAlreadyPublished("A published pack cannot be deleted.")
