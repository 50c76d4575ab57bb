"""Impact records (the plan's "impact tool"), their evidence and documents, and themes."""

import re
import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.functional import cached_property

from activities.models import Activity, Project
from community.models import CoCreator, Interest


class ChangeKind(models.TextChoices):
    EXPERIENCE = "experience", "Experience"
    SERVICE = "service", "Service"
    BOTH = "both", "Experience and service"


class ImpactStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CHECKED = "checked", "Checked"
    PUBLISHED = "published", "Published"


class ImpactRecordQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ImpactStatus.PUBLISHED)


class ImpactRecord(models.Model):
    """What changed, how co-creation influenced it, and the evidence that shows it."""

    title = models.CharField(max_length=200)
    what_changed = models.TextField("what changed")
    kind = models.CharField("kind of change", max_length=20, choices=ChangeKind.choices)
    how_influenced = models.TextField("how co-creation influenced it")
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="impact_records"
    )
    activities = models.ManyToManyField(Activity, blank=True, related_name="impact_records")
    contributors = models.ManyToManyField(
        CoCreator,
        blank=True,
        related_name="impact_contributions",
        verbose_name="contributing co-creators",
    )
    service_area = models.ForeignKey(
        Interest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="impact_records",
        limit_choices_to={"kind": "service_area"},
    )
    # The public, plain-English "You said, we did" account.
    you_said = models.TextField("you said", blank=True)
    we_did = models.TextField("we did", blank=True)
    we_could_not = models.TextField("we couldn't, because", blank=True)
    status = models.CharField(
        max_length=20, choices=ImpactStatus.choices, default=ImpactStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # Who marked it as checked, and when: with IMPACT_TWO_PERSON_PUBLISH on, someone else
    # publishes it.
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImpactRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ImpactStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="published_record_has_a_date",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("impact:record-detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == ImpactStatus.DRAFT

    @property
    def is_checked(self) -> bool:
        return self.status == ImpactStatus.CHECKED

    @property
    def shows_measurable_change(self) -> bool:
        """Whether any evidence item shows a change in the better direction (needs evidence loaded)."""
        return any(item.shows_improvement for item in self.evidence.all())


class EvidenceSource(models.TextChoices):
    WAITING_TIMES = "waiting_times", "Waiting times"
    COMPLAINTS = "complaints", "Complaints"
    UPTAKE = "uptake", "Uptake"
    FFT = "fft", "Friends and Family Test (% positive)"
    INCIDENTS = "incidents", "Incidents"
    OTHER = "other", "Other"


class BetterDirection(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class EvidenceItem(models.Model):
    """One measure before and after a change, and which way is better."""

    record = models.ForeignKey(ImpactRecord, on_delete=models.CASCADE, related_name="evidence")
    measure = models.CharField(max_length=200)
    unit = models.CharField(
        max_length=50, blank=True, help_text="For example: days, %, complaints a month."
    )
    source = models.CharField(max_length=20, choices=EvidenceSource.choices)
    baseline_value = models.DecimalField(max_digits=12, decimal_places=2)
    baseline_date = models.DateField()
    followup_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    followup_date = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the evidence was first recorded; empty for evidence from before this was kept.",
    )
    better = models.CharField(
        "which direction is better", max_length=10, choices=BetterDirection.choices
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(followup_date__isnull=True) | Q(followup_date__gt=F("baseline_date")),
                name="evidence_followup_after_baseline",
            ),
            models.CheckConstraint(
                condition=Q(followup_value__isnull=True, followup_date__isnull=True)
                | Q(followup_value__isnull=False, followup_date__isnull=False),
                name="evidence_followup_value_and_date_together",
            ),
        ]

    def __str__(self):
        return self.measure

    @property
    def change(self) -> Decimal | None:
        """Follow-up minus baseline, or None before there is a follow-up."""
        if self.followup_value is None:
            return None
        return self.followup_value - self.baseline_value

    @property
    def shows_improvement(self) -> bool:
        change = self.change
        if change is None or change == 0:
            return False
        return change > 0 if self.better == BetterDirection.HIGHER else change < 0


class ImpactDocument(models.Model):
    """A file attached to an impact record, stored under a generated name, served to staff only."""

    record = models.ForeignKey(ImpactRecord, on_delete=models.CASCADE, related_name="documents")
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


class Theme(models.Model):
    """A theme that insight and feedback are tagged with (access, waiting times…). Data, not code."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    # Words or phrases, comma-separated, that suggest the theme in free text (never tag it alone).
    keywords = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def keyword_list(self) -> list[str]:
        """The keywords, each trimmed, blanks left out."""
        return [" ".join(k.split()) for k in self.keywords.split(",") if k.strip()]

    @cached_property
    def _keyword_pattern(self) -> re.Pattern | None:
        words = self.keyword_list
        if not words:
            return None
        # Whole words: no letter or digit just before or after, so "wait" misses "waitress".
        alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def is_suggested_by(self, text: str) -> bool:
        """Whether any of the theme's keywords is in the text, as whole words, ignoring capitals."""
        pattern = self._keyword_pattern
        return bool(pattern and text and pattern.search(text))


# --- Surveys -------------------------------------------------------------------------------------


class SurveyKind(models.TextChoices):
    EXPERIENCE = "experience", "Involvement experience survey"
    WELLBEING_BEFORE = "wellbeing_before", "Wellbeing before involvement (SWEMWBS)"
    WELLBEING_FOLLOWUP = "wellbeing_followup", "Wellbeing follow-up (SWEMWBS)"


def new_survey_token() -> str:
    return secrets.token_urlsafe(32)


class SurveyInvitation(models.Model):
    """An invitation to one person to answer one survey; its token is their no-login link.

    `key` makes each invitation once only: experience:<activity>:<person>, wellbeing_before:<person>,
    wellbeing_followup:<person>:<round>.
    """

    key = models.CharField(max_length=100, unique=True)
    cocreator = models.ForeignKey(
        CoCreator, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    kind = models.CharField(max_length=30, choices=SurveyKind.choices)
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    token = models.CharField(max_length=64, unique=True, default=new_survey_token)
    due_on = models.DateField(help_text="When the invitation should be sent.")
    invited_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    # Completed, without saying when for anonymous answers, so the two cannot be matched by time.
    completed = models.BooleanField(default=False)
    opted_out = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["completed", "opted_out", "due_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} for #{self.cocreator_id}"


class Agreement(models.IntegerChoices):
    STRONGLY_DISAGREE = 1, "Strongly disagree"
    DISAGREE = 2, "Disagree"
    NEITHER = 3, "Neither agree nor disagree"
    AGREE = 4, "Agree"
    STRONGLY_AGREE = 5, "Strongly agree"


class ExperienceResponse(models.Model):
    """Answers to the involvement experience survey.

    An anonymous answer is counted, not linked: no person, no invitation, no activity, no time
    beyond the month, and a random primary key so its place in the table gives nothing away.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cocreator = models.ForeignKey(
        CoCreator,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experience_responses",
    )
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experience_responses",
    )
    level = models.PositiveSmallIntegerField(
        "engagement level of the activity", null=True, blank=True
    )
    month = models.DateField(help_text="The first day of the month it was answered in.")
    anonymous = models.BooleanField(default=False)
    staff_respondent = models.BooleanField(
        "answered by a member of staff who took part", default=False
    )
    confidence = models.PositiveSmallIntegerField(choices=Agreement.choices, null=True, blank=True)
    connection = models.PositiveSmallIntegerField(choices=Agreement.choices, null=True, blank=True)
    purpose = models.PositiveSmallIntegerField(
        "sense of purpose", choices=Agreement.choices, null=True, blank=True
    )
    input_led_to_change = models.PositiveSmallIntegerField(
        "my input led to change", choices=Agreement.choices, null=True, blank=True
    )
    understanding_needs = models.PositiveSmallIntegerField(
        "better understanding of patient, carer and family needs",
        choices=Agreement.choices,
        null=True,
        blank=True,
    )
    free_text = models.TextField(blank=True)
    assisted = models.BooleanField("entered by staff on the person's behalf", default=False)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(cocreator__isnull=True, activity__isnull=True),
                name="anonymous_experience_is_not_linked",
            )
        ]

    def __str__(self):
        return f"Experience survey answer ({self.month:%B %Y})"


class WellbeingResponse(models.Model):
    """A SWEMWBS answer set: seven answers from 1 to 5, the raw total and the metric score."""

    cocreator = models.ForeignKey(
        CoCreator, on_delete=models.CASCADE, related_name="wellbeing_responses"
    )
    invitation = models.OneToOneField(
        SurveyInvitation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wellbeing_response",
    )
    kind = models.CharField(max_length=30, choices=SurveyKind.choices)
    answers = models.JSONField(
        help_text="The seven answers, 1 to 5, in the order of the statements."
    )
    raw_total = models.PositiveSmallIntegerField()
    metric_score = models.DecimalField(max_digits=5, decimal_places=2)
    assisted = models.BooleanField("entered by staff on the person's behalf", default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_on = models.DateField()

    class Meta:
        ordering = ["answered_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(raw_total__gte=7, raw_total__lte=35), name="swemwbs_raw_7_to_35"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["wellbeing_before", "wellbeing_followup"]),
                name="wellbeing_kind_only",
            ),
        ]

    def __str__(self):
        return f"SWEMWBS {self.metric_score} on {self.answered_on}"


# --- Journals, case studies, themes --------------------------------------------------------------


class JournalSharing(models.TextChoices):
    PRIVATE = "private", "Private: only I can see it"
    SHARED = "shared", "Shared with the involvement team"


class JournalEntry(models.Model):
    """A reflective journal entry. Private ones are seen by their author only, staff included."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    prompt = models.CharField(
        max_length=200, blank=True, help_text="The curiosity prompt it answers, if any."
    )
    body = models.TextField()
    sharing = models.CharField(
        max_length=10, choices=JournalSharing.choices, default=JournalSharing.PRIVATE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "journal entries"

    def __str__(self):
        return f"Journal entry {self.pk}"

    @property
    def is_shared(self):
        return self.sharing == JournalSharing.SHARED


class CaseStudy(models.Model):
    """A consented story, linked to a co-creator and to impact records."""

    title = models.CharField(max_length=200)
    story = models.TextField()
    cocreator = models.ForeignKey(
        CoCreator, null=True, blank=True, on_delete=models.SET_NULL, related_name="case_studies"
    )
    impact_records = models.ManyToManyField(ImpactRecord, blank=True, related_name="case_studies")
    publish_consent_given_at = models.DateTimeField(null=True, blank=True)
    publish_consent_notice_version = models.CharField(max_length=20, blank=True)
    publish_consent_withdrawn_at = models.DateTimeField(null=True, blank=True)
    published = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "case studies"
        constraints = [
            models.CheckConstraint(
                condition=Q(published=False)
                | Q(
                    publish_consent_given_at__isnull=False,
                    publish_consent_withdrawn_at__isnull=True,
                ),
                name="case_study_published_only_with_consent",
            )
        ]

    def __str__(self):
        return self.title


class InsightSource(models.TextChoices):
    ACTIVITY_NOTES = "activity_notes", "Activity notes"
    SURVEY_TEXT = "survey_text", "Survey free text"
    JOURNAL = "journal", "Shared journal entry"
    ANONYMOUS_JOURNAL = "anonymous_journal", "Journal theme contributed anonymously"
    # Online consultations ("Have your say"): registered by the consultations app.
    CONSULTATION_ANSWER = "consultation_answer", "Have your say: written answer"
    CONSULTATION_POST = "consultation_post", "Have your say: idea or post"


class InsightTag(models.Model):
    """A theme staff (or an anonymous contributor) found in co-creator insight, in a month.

    `source_id` names the row tagged (an activity, a survey answer or a shared journal entry); it
    is empty for themes contributed anonymously, which are counted, not linked.
    """

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="insight_tags")
    source = models.CharField(max_length=30, choices=InsightSource.choices)
    source_id = models.CharField(max_length=40, blank=True)
    month = models.DateField(help_text="The first day of the month the insight is from.")
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["theme", "month"])]
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "source", "source_id"],
                condition=~Q(source_id=""),
                name="one_tag_per_theme_per_item",
            )
        ]

    def __str__(self):
        return f"{self.theme} in {self.get_source_display()}"


class InsightSuggestionRejection(models.Model):
    """Staff said an item of insight does not raise a theme its keywords suggested.

    Remembered so the suggestion does not come back for that item; `source_id` names the row as an
    insight tag does.
    """

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="suggestion_rejections")
    source = models.CharField(max_length=30, choices=InsightSource.choices)
    source_id = models.CharField(max_length=40)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "source", "source_id"], name="one_rejection_per_theme_per_item"
            ),
            models.CheckConstraint(condition=~Q(source_id=""), name="rejection_names_an_item"),
        ]

    def __str__(self):
        return f"{self.theme} not suggested for {self.get_source_display()} {self.source_id}"


class FeedbackSource(models.TextChoices):
    COMPLAINTS = "complaints", "Complaints"
    PALS = "pals", "PALS"
    INCIDENTS = "incidents", "Incidents"
    FFT = "fft", "Friends and Family Test"


class SourceThemeCount(models.Model):
    """A month's count of a theme in complaints, PALS, incidents or the Friends and Family Test."""

    source = models.CharField(max_length=20, choices=FeedbackSource.choices)
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="source_counts")
    month = models.DateField(help_text="The first day of the month.")
    count = models.PositiveIntegerField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["month", "source", "theme"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "theme", "month"], name="one_count_per_source_theme_month"
            )
        ]

    def __str__(self):
        return f"{self.get_source_display()}: {self.theme} {self.month:%B %Y} = {self.count}"
