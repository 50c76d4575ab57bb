"""The newsletter's rows: an issue and its sections (app label `reporting`; `reporting.models`
imports them so Django finds them)."""

from django.conf import settings
from django.db import models
from django.urls import reverse


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
    # Pressing Send records these; the worker then makes a message for each person, a batch at a
    # time (services.newsletter_build), so the request does not wait for 20,000 rows.
    recipients_expected = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many people had asked for it when it was sent."
    )
    recipients_through = models.BigIntegerField(
        null=True,
        blank=True,
        help_text="The highest co-creator id it was sent to: people who join later do not get it.",
    )
    prepared_through = models.BigIntegerField(
        default=0, help_text="The co-creator id the worker has made messages up to."
    )
    prepared_at = models.DateTimeField(
        null=True, blank=True, help_text="When the worker had made every message."
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
        return reverse("reporting:newsletter-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status not in NEWSLETTER_OUT

    @property
    def is_draft(self) -> bool:
        return self.status == NewsletterStatus.DRAFT

    @property
    def is_scheduled(self) -> bool:
        return self.status == NewsletterStatus.SCHEDULED

    @property
    def is_sending(self) -> bool:
        return self.status == NewsletterStatus.SENDING

    @property
    def is_preparing(self) -> bool:
        """Sending, and the worker is still making the messages."""
        return self.status == NewsletterStatus.SENDING and self.prepared_at is None


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
