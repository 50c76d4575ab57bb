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
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
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

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PackAlreadyPublished("A published pack cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PackAlreadyPublished("A published pack cannot be deleted.")

    @staticmethod
    def digest_of(content) -> str:
        canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return hashlib.sha256(canonical.encode()).hexdigest()

    @property
    def intact(self) -> bool:
        return self.digest == self.digest_of(self.content)


# --- The newsletter ------------------------------------------------------------------------------


class NewsletterStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"


# Once an issue has started going out it is public and can no longer change.
NEWSLETTER_OUT = (NewsletterStatus.SENDING, NewsletterStatus.SENT)


class NewsletterIssueQuerySet(models.QuerySet):
    def out(self):
        """Issues that have gone (or are going) out: the public archive."""
        return self.filter(status__in=NEWSLETTER_OUT)

    def due(self, now):
        """Scheduled issues whose time has come."""
        return self.filter(status=NewsletterStatus.SCHEDULED, send_at__lte=now)


class NewsletterIssue(models.Model):
    """One issue of the community newsletter: sections, 'You said, we did' highlights, a send."""

    title = models.CharField(max_length=200)
    intro = models.TextField("introduction", blank=True)
    status = models.CharField(
        max_length=20, choices=NewsletterStatus.choices, default=NewsletterStatus.DRAFT
    )
    send_at = models.DateTimeField("when to send", null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    broadcast = models.ForeignKey(
        "community.Broadcast",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="newsletter_issues",
    )
    highlights = models.ManyToManyField(
        "impact.ImpactRecord",
        blank=True,
        related_name="newsletter_issues",
        verbose_name="'You said, we did' highlights",
    )

    objects = NewsletterIssueQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "send_at"]),
            models.Index(fields=["status", "sent_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=NewsletterStatus.SCHEDULED)
                | models.Q(send_at__isnull=False),
                name="newsletter_scheduled_has_a_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=NEWSLETTER_OUT)
                | models.Q(sent_at__isnull=False, broadcast__isnull=False),
                name="newsletter_sent_has_a_date_and_broadcast",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("reporting:newsletter-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status not in NEWSLETTER_OUT


class NewsletterSection(models.Model):
    """One section of an issue: a heading and plain-English text (paragraphs by blank lines)."""

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        ordering = ["issue", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "position"], name="newsletter_section_position_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="newsletter_section_position_from_1"
            ),
        ]

    def __str__(self):
        return self.heading
