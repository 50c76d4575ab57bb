"""The plan's objective 4, "confidence and capacity in co-creation": the training offer (courses,
their runs and sessions, completions that may expire, feedback that shapes the next run), role
profiles and the pathways between them (ambassadors among them), and the resource pack with its
jargon buster.

A course's sessions are ordinary activities, booked, reminded and registered the usual way; a
person who attended every required session of a run has completed the course on the day of the
last one (activities' attendance hook, `capacity/training/services.py`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from activities.models import Activity
from community.models import CoCreator, PartnerOrganisation


class CourseDelivery(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    BLENDED = "blended", "Online and in person"
    SELF_PACED = "self_paced", "At your own pace"


class Course(models.Model):
    """A module of the co-creation training offer."""

    title = models.CharField(max_length=200)
    summary = models.TextField("what it is about, in plain English")
    outcomes = models.TextField("what people will be able to do", help_text="One outcome a line.")
    for_cocreators = models.BooleanField("for co-creators", default=True)
    for_staff = models.BooleanField("for staff", default=False)
    for_partners = models.BooleanField("for system partners", default=False)
    delivery = models.CharField(max_length=20, choices=CourseDelivery.choices)
    partner = models.ForeignKey(
        PartnerOrganisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
        help_text="Who delivers it with us, such as a university.",
    )
    expires_after_months = models.PositiveSmallIntegerField(
        "a refresher is due after (months)",
        null=True,
        blank=True,
        help_text="Leave empty if completing it once is enough. Safeguarding: 36.",
    )
    is_active = models.BooleanField("offered now", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(for_cocreators=True) | Q(for_staff=True) | Q(for_partners=True),
                name="course_is_for_someone",
            ),
            models.CheckConstraint(
                condition=Q(expires_after_months__isnull=True) | Q(expires_after_months__gte=1),
                name="course_expiry_at_least_a_month",
            ),
        ]

    def __str__(self):
        return self.title


class CourseRun(models.Model):
    """One run of a course (a cohort): its sessions are activities."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="runs")
    name = models.CharField(max_length=100, help_text="For example: spring 2027.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.course}: {self.name}"


class CourseSession(models.Model):
    run = models.ForeignKey(CourseRun, on_delete=models.CASCADE, related_name="sessions")
    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="course_session"
    )
    required = models.BooleanField(
        "needed to complete the course", default=True, help_text="Untick for an optional extra."
    )

    class Meta:
        ordering = ["activity__starts_at", "pk"]

    def __str__(self):
        return f"{self.run}: {self.activity}"


class CompletionSource(models.TextChoices):
    ATTENDANCE = "attendance", "From attendance"
    RECORDED = "recorded", "Recorded by staff"


class Completion(models.Model):
    """A person completed a course on a day; a refresher is due on `expires_on`, if ever."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="completions")
    run = models.ForeignKey(
        CourseRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="completions"
    )
    cocreator = models.ForeignKey(
        CoCreator, on_delete=models.CASCADE, related_name="course_completions"
    )
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=CompletionSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "cocreator", "completed_on"], name="one_completion_a_day"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("completed_on")),
                name="completion_expires_after_it_is_done",
            ),
        ]
        indexes = [models.Index(fields=["expires_on"])]

    def __str__(self):
        return f"#{self.cocreator_id} completed {self.course} on {self.completed_on}"


class CourseFeedback(models.Model):
    """ "What should change in this course", asked of people who came to a run."""

    run = models.ForeignKey(CourseRun, on_delete=models.CASCADE, related_name="feedback")
    cocreator = models.ForeignKey(
        CoCreator,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="course_feedback",
    )
    what_should_change = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Feedback on {self.run}"


class RoleProfile(models.Model):
    """A role's expectations, as data: what it involves, the training it needs, the support
    offered, and which roles it leads on to (the pathway)."""

    name = models.CharField(max_length=100, unique=True)
    what_it_involves = models.TextField()
    support_offered = models.TextField()
    time_needed = models.CharField(
        "time it usually takes",
        max_length=200,
        blank=True,
        help_text="For example: 2 hours a month.",
    )
    is_ambassador = models.BooleanField(
        "a system co-creation ambassador role",
        default=False,
        help_text="People in it represent the trust in system forums, which are recorded.",
    )
    required_courses = models.ManyToManyField(Course, blank=True, related_name="needed_for_roles")
    next_roles = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="previous_roles"
    )
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class PersonRole(models.Model):
    """A role a person holds (or held), from a date."""

    cocreator = models.ForeignKey(
        CoCreator, on_delete=models.CASCADE, related_name="capacity_roles"
    )
    role = models.ForeignKey(RoleProfile, on_delete=models.PROTECT, related_name="holders")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    forums = models.TextField(
        "forums they represent the trust in",
        blank=True,
        help_text="For ambassadors: one forum a line.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="person_role_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"#{self.cocreator_id}: {self.role}"


class ResourceKind(models.TextChoices):
    GUIDE = "guide", "Guide"
    TOOLKIT = "toolkit", "Toolkit"
    ROLE_EXPECTATIONS = "role_expectations", "Role expectations"
    OTHER = "other", "Other"


class ResourceAudience(models.TextChoices):
    PUBLIC = "public", "Everyone (public)"
    PORTAL = "portal", "Co-creators, in the portal"


class Resource(models.Model):
    """A guide, toolkit or other part of the Co-Creation Resource Pack, versioned, with optional
    easy-read and large-print files."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=ResourceKind.choices)
    summary = models.TextField("what it is for, in plain English")
    body = models.TextField("the guide itself", blank=True)
    audience = models.CharField(
        max_length=20, choices=ResourceAudience.choices, default=ResourceAudience.PUBLIC
    )
    version = models.CharField(max_length=20, default="1")
    file = models.FileField(max_length=300, blank=True)
    easy_read = models.FileField("easy-read version", max_length=300, blank=True)
    large_print = models.FileField("large-print version", max_length=300, blank=True)
    is_published = models.BooleanField(default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title


class ResourceRevision(models.Model):
    """Each published version of a resource: the history of the pack."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="revisions")
    version = models.CharField(max_length=20)
    what_changed = models.CharField(max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.resource} version {self.version}"


class JargonTerm(models.Model):
    """A term and its plain-English meaning, for the jargon buster."""

    term = models.CharField(max_length=100, unique=True)
    meaning = models.TextField("what it means, in plain English")
    also_known_as = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term
