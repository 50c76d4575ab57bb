"""Projects, activities at the plan's five engagement levels, sign-ups and attendance."""

import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from community.models import CoCreator, Interest, Locality, PartnerOrganisation


class EngagementLevel(models.IntegerChoices):
    """The plan's five levels, shallow to deep. The number is the level's depth (1 to 5)."""

    INFORM = 1, "Inform"
    ENGAGE = 2, "Engage"
    INVOLVE = 3, "Involve"
    COLLABORATE = 4, "Collaborate"
    COCREATE = 5, "Co-create"


LEVEL_MEANINGS = {
    EngagementLevel.INFORM: "One-way information: we tell people what is happening and why.",
    EngagementLevel.ENGAGE: "We ask for people's views on a topic.",
    EngagementLevel.INVOLVE: "People help shape the process and the outcomes.",
    EngagementLevel.COLLABORATE: "A partnership: decisions and responsibilities are shared.",
    EngagementLevel.COCREATE: "Side by side from the first idea to putting it into practice.",
}


class Objective(models.TextChoices):
    """The strategic plan's four objectives."""

    COMMUNITY = "community", "1. A caring, diverse and empowered co-creation community"
    COMMUNICATION = "communication", "2. Inclusive communication and engagement"
    ENVIRONMENT = "environment", "3. A curious and psychologically safe co-creation environment"
    CAPACITY = "capacity", "4. Confidence and capacity in co-creation"


class ProjectStage(models.TextChoices):
    IDEA = "idea", "Idea"
    DISCOVERY = "discovery", "Discovery"
    DESIGN = "design", "Design"
    TESTING = "testing", "Testing"
    IMPLEMENTATION = "implementation", "Implementation"
    REVIEW = "review", "Review"


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped"


class Project(models.Model):
    """A piece of co-creation work from idea to implementation; it groups activities."""

    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    stage = models.CharField(max_length=20, choices=ProjectStage.choices, default=ProjectStage.IDEA)
    service_area = models.ForeignKey(
        Interest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        limit_choices_to={"kind": "service_area"},
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_projects",
    )
    partners = models.ManyToManyField(PartnerOrganisation, blank=True, related_name="projects")
    status = models.CharField(
        max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    started_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:project-detail", args=[self.pk])


class ProjectObjective(models.Model):
    """One of the plan's objectives that a project serves."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="objectives")
    objective = models.CharField(max_length=20, choices=Objective.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "objective"], name="one_objective_once")
        ]

    def __str__(self):
        return self.get_objective_display()


class ActivityFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid (in person and online)"


class ActivitySetting(models.TextChoices):
    TRUST_SITE = "trust_site", "Trust site"
    COMMUNITY_VENUE = "community_venue", "Community venue"
    LIBRARY = "library", "Library"
    FOOD_BANK = "food_bank", "Food bank"
    JOB_CENTRE = "job_centre", "Job Centre"
    FAITH_VENUE = "faith_venue", "Faith venue"
    ONLINE = "online", "Online"
    OTHER = "other", "Other"


# Settings the plan calls informal: taking co-creation to where people already are.
INFORMAL_SETTINGS = frozenset(
    {
        ActivitySetting.COMMUNITY_VENUE,
        ActivitySetting.LIBRARY,
        ActivitySetting.FOOD_BANK,
        ActivitySetting.JOB_CENTRE,
        ActivitySetting.FAITH_VENUE,
    }
)


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    OPEN = "open", "Open for sign-up"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class ActivityPayment(models.TextChoices):
    """Whether taking part is paid (NHS England's pattern: payment for the top level of
    involvement only, reasonable expenses for everyone). The rates are data (payments app)."""

    PAID = "paid", "Paid: an involvement payment and expenses"
    EXPENSES = "expenses", "Expenses only"
    VOLUNTEER = "volunteer", "Volunteering: no payment or expenses"


class ActivityWhen(models.TextChoices):
    """Which activities the staff list shows, by when they start."""

    UPCOMING = "upcoming", "Coming up"
    PAST = "past", "Past"
    ALL = "all", "All"


class ActivityQuerySet(models.QuerySet):
    def at_level(self, level: int):
        return self.filter(level=level)

    def upcoming(self, now=None):
        return self.filter(starts_at__gte=now or timezone.now()).exclude(
            status=ActivityStatus.CANCELLED
        )

    def open_for_signup(self, now=None):
        return self.upcoming(now).filter(status=ActivityStatus.OPEN)

    def public(self):
        return self.filter(is_public=True).exclude(status=ActivityStatus.CANCELLED)

    def between(self, start, end):
        """Activities that start in [start, end)."""
        return self.filter(starts_at__gte=start, starts_at__lt=end)

    def held_between(self, start, end):
        """Activities that start in [start, end), leaving out cancelled ones: what reports count."""
        return self.between(start, end).exclude(status=ActivityStatus.CANCELLED)


class SeriesFrequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    MONTHLY = "monthly", "Every month"


class ActivitySeries(models.Model):
    """Repeating sessions made together (weekly or monthly); each session is an `Activity`."""

    title = models.CharField(max_length=200)
    frequency = models.CharField(max_length=10, choices=SeriesFrequency.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name_plural = "activity series"

    def __str__(self):
        return self.title


class Activity(models.Model):
    """One session, event, meeting or piece of involvement, at one engagement level."""

    title = models.CharField(max_length=200)
    summary = models.TextField("plain-English summary")
    level = models.PositiveSmallIntegerField("engagement level", choices=EngagementLevel.choices)
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    format = models.CharField(max_length=20, choices=ActivityFormat.choices)
    setting = models.CharField(max_length=20, choices=ActivitySetting.choices)
    venue = models.CharField(max_length=300, blank=True)
    locality = models.ForeignKey(
        Locality, null=True, blank=True, on_delete=models.PROTECT, related_name="activities"
    )
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    joining_link = models.URLField(
        "joining link",
        max_length=500,
        blank=True,
        help_text="For online or hybrid sessions: the address people use to join.",
    )
    series = models.ForeignKey(
        ActivitySeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    # iCalendar's SEQUENCE: one more each time the time, place or joining link changes or the
    # activity is cancelled, so calendars that already hold the event take the new version.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Worked out from the times by the service that saves an activity (Europe/London time).
    is_evening = models.BooleanField(default=False, editable=False)
    is_weekend = models.BooleanField(default=False, editable=False)
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Leave empty for no limit."
    )
    audience = models.CharField("who it is for", max_length=300, blank=True)
    access_provisions = models.TextField(blank=True)
    recognition = models.CharField("recognition offered", max_length=300, blank=True)
    payment = models.CharField(
        "payment for taking part",
        max_length=20,
        choices=ActivityPayment.choices,
        default=ActivityPayment.EXPENSES,
    )
    expenses_covered = models.CharField(
        "expenses covered",
        max_length=300,
        blank=True,
        help_text="For example: travel by public transport or 45p a mile, parking, care cover.",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_activities",
    )
    partners = models.ManyToManyField(PartnerOrganisation, blank=True, related_name="activities")
    status = models.CharField(
        max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    is_public = models.BooleanField("show on the public calendar", default=True)
    notes_missing = models.TextField("What's missing?", blank=True)
    notes_not_thought_of = models.TextField("What haven't we thought of?", blank=True)
    notes_unheard_voices = models.TextField("Whose voices are still unheard?", blank=True)
    notes = models.TextField("other notes from the session", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name_plural = "activities"
        indexes = [
            models.Index(fields=["starts_at"]),
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["level", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="activity_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="activity_capacity_positive",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="activity_level_1_to_5"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:activity-detail", args=[self.pk])

    @property
    def is_informal(self) -> bool:
        return self.setting in INFORMAL_SETTINGS

    @property
    def is_planned(self) -> bool:
        """Planned, not yet open for sign-up."""
        return self.status == ActivityStatus.PLANNED

    @property
    def is_at_a_place(self) -> bool:
        """Held at a named kind of place (not online, not "other")."""
        return self.setting not in (ActivitySetting.ONLINE, ActivitySetting.OTHER)

    @property
    def duration_hours(self):
        seconds = Decimal((self.ends_at - self.starts_at).total_seconds())
        return (seconds / 3600).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class SignUpStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    WAITING = "waiting", "On the waiting list"
    WITHDRAWN = "withdrawn", "Withdrawn"


class SignUp(models.Model):
    """A co-creator's place (or place in the queue) at an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    cocreator = models.ForeignKey(CoCreator, on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(max_length=20, choices=SignUpStatus.choices)
    # Set when staff booked, moved or cancelled the place for the person (by phone, in person).
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    booking_note = models.CharField(
        "note", max_length=300, blank=True, help_text="For example, how the person asked."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "cocreator"], name="one_signup_per_person_per_activity"
            )
        ]
        indexes = [models.Index(fields=["activity", "status", "created_at"])]

    def __str__(self):
        return f"{self.get_status_display()}: #{self.cocreator_id} at #{self.activity_id}"

    @property
    def is_booked(self) -> bool:
        return self.status == SignUpStatus.BOOKED

    @property
    def is_waiting(self) -> bool:
        return self.status == SignUpStatus.WAITING


class ActivityChangeKind(models.TextChoices):
    CHANGED = "changed", "Changed"
    CANCELLED = "cancelled", "Cancelled"


class ActivityChange(models.Model):
    """A change staff made to an activity's time, place or joining link, or its cancellation,
    with the reason they gave; everyone booked or waiting is told (what changed, in words)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=ActivityChangeKind.choices)
    what_changed = models.TextField(help_text="Old and new, in words.")
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: #{self.activity_id}"


class AttendanceStatus(models.TextChoices):
    ATTENDED = "attended", "Attended"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"
    APOLOGIES = "apologies", "Sent apologies"


class AttendanceRole(models.TextChoices):
    PARTICIPANT = "participant", "Participant"
    CO_FACILITATOR = "co_facilitator", "Co-facilitator"
    LEAD = "lead", "Lead"
    CHAMPION = "champion", "Champion"


class Attendance(models.Model):
    """Whether a person came to an activity, in what role and for how many hours."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances")
    cocreator = models.ForeignKey(CoCreator, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    hours = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    role = models.CharField(
        max_length=20, choices=AttendanceRole.choices, default=AttendanceRole.PARTICIPANT
    )
    walked_in = models.BooleanField(default=False, help_text="Came without signing up first.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "cocreator"], name="one_attendance_per_person_per_activity"
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0, hours__lte=24), name="attendance_hours_0_to_24"
            ),
        ]
        indexes = [
            models.Index(fields=["cocreator", "status"]),
            models.Index(fields=["activity", "status"]),
        ]

    def __str__(self):
        return f"{self.get_status_display()}: #{self.cocreator_id} at #{self.activity_id}"


class AwarenessDate(models.Model):
    """A community or awareness date shown on the calendar (World Mental Health Day, Diwali…). Data, not code."""

    name = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Leave empty for a single day.")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "starts_on"], name="awareness_date_once"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="awareness_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A co-creator's private calendar feed of their own sign-ups, behind a secret they can reset."""

    cocreator = models.OneToOneField(
        CoCreator, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Calendar feed for #{self.cocreator_id}"
