"""Saved groups and the messages sent to groups (app label `reporting`; `reporting.models`
imports them so Django finds them)."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class GroupChannel(models.TextChoices):
    BOTH = "both", "Email and text message"
    EMAIL = "email", "Email only"
    SMS = "sms", "Text message only"


class SavedGroup(models.Model):
    """A named choice of people (the criteria, not the people): its count is worked out anew."""

    name = models.CharField(max_length=200)
    criteria = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reporting:group-detail", args=[self.pk])


class GroupMessage(models.Model):
    """One message to a group: written as a draft, then sent once (the worker adds the people)."""

    criteria = models.JSONField(default=dict, help_text="The group's criteria when written.")
    saved_group = models.ForeignKey(
        SavedGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    sms_body = models.CharField("text message", max_length=600, blank=True)
    channel = models.CharField(
        max_length=10, choices=GroupChannel.choices, default=GroupChannel.BOTH
    )
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
        related_name="group_messages",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    # As the newsletter: Send records these, the worker adds the people a batch at a time.
    recipients_expected = models.PositiveIntegerField(null=True, blank=True)
    recipients_through = models.BigIntegerField(null=True, blank=True)
    prepared_through = models.BigIntegerField(default=0)
    prepared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sent_at__isnull=True) | models.Q(broadcast__isnull=False),
                name="group_message_sent_has_a_broadcast",
            ),
        ]

    def __str__(self):
        return self.subject or self.sms_body[:60] or f"Group message {self.pk}"

    def get_absolute_url(self):
        return reverse("reporting:group-message-detail", args=[self.pk])

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    @property
    def title(self) -> str:
        return str(self)
