"""Online consultations ("Have your say"): Engage and Involve work done online.

A consultation is an `Activity` (one to one, like a course session), so taking part counts as
involvement at its level with the machinery that already counts attendance: each co-creator who
takes part gets one `Attendance` row for the consultation's activity (hours: the time staff say
taking part takes), whatever mix of answering, adding ideas, supporting ideas or posting they do.

What people write is theirs: answers (`Response` and `Answer`), ideas and posts (`Contribution`,
one model for both, so moderation, reporting and erasure are one thing) and their support of an
idea (`Support`). Public visitors answer questions only; ideas and posts need a co-creator's
sign-in, so everything shown to others can be moderated and traced to a person staff can reach.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, EngagementLevel, Project
from community.models import CoCreator, Interest, Locality


def new_link_token() -> str:
    return secrets.token_urlsafe(32)


class ConsultationLevel(models.IntegerChoices):
    """The levels a consultation can be at: asking for views (Engage), or shaping what is
    decided with people's ideas (Involve)."""

    ENGAGE = EngagementLevel.ENGAGE.value, EngagementLevel.ENGAGE.label
    INVOLVE = EngagementLevel.INVOLVE.value, EngagementLevel.INVOLVE.label


class Audience(models.TextChoices):
    PUBLIC = "public", "Anyone, including people who have not joined"
    COCREATORS = "cocreators", "Co-creators only"
    GROUP = "group", "A chosen group of co-creators"


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"  # open between opens_at and closes_at
    CLOSED = "closed", "Closed early"


class ConsultationQuerySet(models.QuerySet):
    def live(self, now=None):
        """Published and between its open and close times: people can take part now."""
        now = now or timezone.now()
        return self.filter(
            status=ConsultationStatus.PUBLISHED, opens_at__lte=now, closes_at__gt=now
        )

    def ended(self, now=None):
        """Closed early, or published and past its close time."""
        now = now or timezone.now()
        return self.filter(
            Q(status=ConsultationStatus.CLOSED)
            | Q(status=ConsultationStatus.PUBLISHED, closes_at__lte=now)
        )

    def visible(self):
        """Not a draft: its page may be shown (to its audience)."""
        return self.exclude(status=ConsultationStatus.DRAFT)


class Consultation(models.Model):
    """A "Have your say" on a topic, for a project or a service area."""

    activity = models.OneToOneField(
        Activity, on_delete=models.PROTECT, related_name="consultation", editable=False
    )
    title = models.CharField("topic", max_length=200)
    summary = models.TextField("plain-English summary")
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="consultations"
    )
    service_area = models.ForeignKey(
        Interest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        limit_choices_to={"kind": "service_area"},
    )
    level = models.PositiveSmallIntegerField(
        "engagement level", choices=ConsultationLevel.choices, default=ConsultationLevel.ENGAGE
    )
    opens_at = models.DateTimeField("opens")
    closes_at = models.DateTimeField("closes")
    audience = models.CharField(
        max_length=20, choices=Audience.choices, default=Audience.COCREATORS
    )
    group = models.ForeignKey(
        "reporting.SavedGroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    ideas_on = models.BooleanField("an idea board", default=False)
    discussion_on = models.BooleanField("a discussion", default=False)
    premoderate = models.BooleanField("check every idea and post before it is shown", default=True)
    minutes_to_take_part = models.PositiveSmallIntegerField(
        "about how long taking part takes, in minutes",
        default=15,
        help_text="Each person who takes part is counted as involved for this long.",
    )
    status = models.CharField(
        max_length=20, choices=ConsultationStatus.choices, default=ConsultationStatus.DRAFT
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member of staff told about crisis flags and posts waiting for a check.",
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=~Q(audience="group") | Q(group__isnull=False),
                name="consultation_group_audience_has_group",
            ),
            models.CheckConstraint(
                condition=Q(level__in=[2, 3]), name="consultation_level_engage_or_involve"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:detail", args=[self.pk])

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == ConsultationStatus.PUBLISHED and self.opens_at <= now < self.closes_at

    def has_ended(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == ConsultationStatus.CLOSED or (
            self.status == ConsultationStatus.PUBLISHED and self.closes_at <= now
        )

    @property
    def ended_at(self):
        """When taking part stopped: closed early, or the close time (a close pressed after the
        close time changes nothing)."""
        if self.closed_at is not None and self.closed_at < self.closes_at:
            return self.closed_at
        return self.closes_at


class ConsultationDocument(models.Model):
    """A document people read before taking part, stored under a generated name (checked by
    content, as impact's documents are) and served as an attachment to whoever may see the page."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(max_length=300)
    display_name = models.CharField(max_length=150)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.display_name


class QuestionKind(models.TextChoices):
    CHOICE = "choice", "Choose one answer"
    CHOICES = "choices", "Choose any answers that apply"
    SCALE = "scale", "A scale from 1 to 5"
    TEXT = "text", "Write an answer in your own words"


class Question(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    text = models.CharField("question", max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    options = models.TextField(
        "answers to choose from", blank=True, help_text="One on each line (choice questions only)."
    )
    scale_low = models.CharField(
        "what 1 means", max_length=60, blank=True, default="Strongly disagree"
    )
    scale_high = models.CharField(
        "what 5 means", max_length=60, blank=True, default="Strongly agree"
    )
    required = models.BooleanField("an answer is needed", default=False)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class LinkInvitation(models.Model):
    """A personal link for one co-creator to answer without signing in (people without a login).

    The token stands for the person: whoever has the link answers as them, once."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="link_invitations"
    )
    cocreator = models.ForeignKey(
        CoCreator, on_delete=models.CASCADE, related_name="consultation_links"
    )
    token = models.CharField(max_length=64, unique=True, default=new_link_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "cocreator"], name="one_link_per_person_per_consultation"
            )
        ]

    def __str__(self):
        return f"Personal link for #{self.cocreator_id} to #{self.consultation_id}"

    def get_absolute_url(self):
        return reverse("consultations:answer-by-link", args=[self.token])


class ResponseChannel(models.TextChoices):
    PORTAL = "portal", "Signed in"
    LINK = "link", "By their personal link"
    PUBLIC = "public", "Public, without signing in"
    ASSISTED = "assisted", "Helped by staff"


class Response(models.Model):
    """One person's answers to a consultation's questions. A co-creator answers once (they can
    change their answers while it is open); public answers name nobody."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    # CASCADE, as survey answers are: people are never deleted (leaving keeps the row, emptied),
    # and it makes the answers the person's own rows, so their data download holds them.
    cocreator = models.ForeignKey(
        CoCreator,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consultation_responses",
    )
    channel = models.CharField(max_length=10, choices=ResponseChannel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member of staff who entered an assisted response.",
    )
    # A public visitor may say which area they live in, so staff can see whose voice is missing.
    locality = models.ForeignKey(
        Locality, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "cocreator"],
                condition=Q(cocreator__isnull=False),
                name="one_response_per_person_per_consultation",
            )
        ]

    def __str__(self):
        return f"Answers to #{self.consultation_id} ({self.get_channel_display()})"

    @property
    def assisted(self) -> bool:
        return self.channel == ResponseChannel.ASSISTED


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choices = models.JSONField(default=list, blank=True, help_text="The options chosen, as shown.")
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=1, scale__lte=5),
                name="answer_scale_1_to_5",
            ),
        ]

    def __str__(self):
        return f"Answer to question #{self.question_id}"


class ContributionKind(models.TextChoices):
    IDEA = "idea", "Idea"
    POST = "post", "Discussion post"


class Moderation(models.TextChoices):
    WAITING = "waiting", "Waiting for a check"
    SHOWN = "shown", "Shown"
    HIDDEN = "hidden", "Hidden by staff"


class ContributionQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(moderation=Moderation.SHOWN)


class Contribution(models.Model):
    """An idea on the board or a post in the discussion. A post may reply to another; staff may
    post as the team (`as_team`), which shows as "The involvement team", never their name."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="contributions"
    )
    kind = models.CharField(max_length=10, choices=ContributionKind.choices)
    author = models.ForeignKey(
        CoCreator,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_contributions",
    )
    staff_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    as_team = models.BooleanField(default=False, editable=False)
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    title = models.CharField(max_length=150, blank=True)
    body = models.TextField()
    moderation = models.CharField(
        max_length=10, choices=Moderation.choices, default=Moderation.WAITING
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=300, blank=True)
    # The crisis words it matched when posted; staff mark the flag as followed up.
    crisis_words = models.CharField(max_length=300, blank=True, editable=False)
    crisis_followed_up_at = models.DateTimeField(null=True, blank=True)
    crisis_followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the author left and their words were removed."
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["consultation", "kind", "moderation"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(as_team=False)
                | (Q(staff_author__isnull=False) & Q(author__isnull=True)),
                name="team_post_has_no_cocreator_author",
            ),
        ]

    def __str__(self):
        # Never the words of a post: this is how a report or a reply names it in the reporter's
        # or replier's data download, and the words are someone else's.
        return self.title or f"A discussion post (#{self.pk})"

    @property
    def is_crisis_flagged(self) -> bool:
        return bool(self.crisis_words)


class Support(models.Model):
    """A co-creator supports an idea (once)."""

    idea = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="supports")
    cocreator = models.ForeignKey(
        CoCreator, null=True, blank=True, on_delete=models.SET_NULL, related_name="idea_supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "cocreator"],
                condition=Q(cocreator__isnull=False),
                name="one_support_per_person_per_idea",
            )
        ]

    def __str__(self):
        return f"Support for idea #{self.idea_id}"


class ContributionReport(models.Model):
    """Anyone who can see an idea or post can report it; staff decide."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="reports")
    # A report is in the reporter's own words, so it is in their data download (a link named "+"
    # would be left out of it).
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_reports",
    )
    reason = models.CharField("what is wrong with it", max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Report about #{self.contribution_id}"


class DiscussionName(models.Model):
    """The name a co-creator's ideas and posts show: their choice, never their full name unless
    they type it."""

    cocreator = models.OneToOneField(
        CoCreator, on_delete=models.CASCADE, related_name="discussion_name"
    )
    display_name = models.CharField("the name others see", max_length=60)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.display_name


class CrisisWord(models.Model):
    """A word or phrase that, in an idea or post, shows the writer crisis support at once and
    flags the post to staff. Data staff keep (`/staff/have-your-say/crisis-words/`)."""

    phrase = models.CharField(max_length=100, unique=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["phrase"]

    def __str__(self):
        return self.phrase


class Outcome(models.Model):
    """ "We asked, you said, we did": written by staff when a consultation has ended, checked by
    a second person when `IMPACT_TWO_PERSON_PUBLISH` is on, then published on the consultation's
    page and, as an impact record, in "You said, we did"; everyone who took part is told once."""

    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, related_name="outcome"
    )
    we_asked = models.TextField("we asked")
    you_said = models.TextField("you said")
    we_did = models.TextField("we did")
    we_could_not = models.TextField("we couldn't, because", blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    impact_record = models.OneToOneField(
        "impact.ImpactRecord",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_outcome",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Outcome of #{self.consultation_id}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
