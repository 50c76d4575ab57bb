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


# --- Personal development plans (part 2) --------------------------------------------------------


class PlanStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class DevelopmentPlan(models.Model):
    """A co-creator's personal development plan: what they want to develop and the steps to it,
    written with a member of staff or a mentor. Private to the person and the staff who support
    them. One plan a person; a closed plan can be opened again."""

    cocreator = models.OneToOneField(
        CoCreator, on_delete=models.CASCADE, related_name="development_plan"
    )
    hopes = models.TextField("what they want to develop")
    written_with = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member of staff who wrote it with them.",
    )
    written_with_mentor = models.ForeignKey(
        CoCreator,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Or the mentor who wrote it with them.",
    )
    agreed_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField("next review", null=True, blank=True)
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_review_on"])]

    def __str__(self):
        # Shown where a row points at the plan (a step, a revision, in the person's data
        # download): never a record number.
        if self.created_at is None:
            return "Development plan"
        return f"Development plan started on {self.created_at:%-d %B %Y}"


class PlanStepKind(models.TextChoices):
    COURSE = "course", "A course"
    ROLE = "role", "A role to try"
    MENTORING = "mentoring", "Mentoring or peer support"
    OTHER = "other", "Something else"


class PlanStep(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=20, choices=PlanStepKind.choices)
    what = models.CharField("the step", max_length=300)
    course = models.ForeignKey(
        Course, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.ForeignKey(
        RoleProfile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_when = models.DateField("agreed date", null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "by_when", "pk"]

    def __str__(self):
        return self.what


class PlanReview(models.Model):
    """A dated review of a plan."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    how_it_is_going = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    next_review_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on"])]

    def __str__(self):
        return f"Review held on {self.held_on:%-d %B %Y}" if self.held_on else "Review"


class PlanRevision(models.Model):
    """The plan as it stood after each change (its history): who changed it and what it said."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="revisions")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    what_changed = models.CharField(max_length=300)
    snapshot = models.JSONField(default=dict)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return self.what_changed


# --- Peer support and mentoring (part 3) --------------------------------------------------------


class Mentoring(models.Model):
    """A mentor and a mentee, paired by staff; it starts when both agree in the portal and ends
    when either (or staff) ends it."""

    mentor = models.ForeignKey(CoCreator, on_delete=models.CASCADE, related_name="mentoring_given")
    mentee = models.ForeignKey(
        CoCreator, on_delete=models.CASCADE, related_name="mentoring_received"
    )
    purpose = models.CharField("what it is for", max_length=300, blank=True)
    set_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mentor_agreed_at = models.DateTimeField(null=True, blank=True)
    mentee_agreed_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    end_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=models.F("mentee")), name="mentoring_needs_two_people"
            ),
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=Q(ended_at__isnull=True, declined_at__isnull=True),
                name="one_open_mentoring_a_pair",
            ),
        ]

    def __str__(self):
        # Shown where a row points at the pairing (a meeting, in the person's data download):
        # never the record numbers of the two people.
        if self.created_at is None:
            return "Mentoring"
        return f"Mentoring set up on {self.created_at:%-d %B %Y}"


class PeerGroup(models.Model):
    """An informal peer-support group set up by staff; members join when they agree."""

    name = models.CharField(max_length=150)
    about = models.TextField("what it is for, in plain English")
    meets = models.CharField("when and where it meets", max_length=300, blank=True)
    set_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class PeerGroupMember(models.Model):
    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="members")
    cocreator = models.ForeignKey(
        CoCreator, on_delete=models.CASCADE, related_name="peer_group_memberships"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["group", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "cocreator"], name="one_membership_a_group")
        ]

    def __str__(self):
        return f"A member of {self.group}"


class MeetingFeeling(models.TextChoices):
    WELL = "well", "It went well"
    OKAY = "okay", "It was okay"
    HARD = "hard", "It was hard"


class SupportMeeting(models.Model):
    """A meeting of a mentoring pair or a peer group: the date and how it went; no content needed."""

    mentoring = models.ForeignKey(
        Mentoring, null=True, blank=True, on_delete=models.CASCADE, related_name="meetings"
    )
    group = models.ForeignKey(
        PeerGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="meetings"
    )
    met_on = models.DateField()
    how_it_went = models.CharField(max_length=20, choices=MeetingFeeling.choices)
    note = models.TextField("anything to note (optional)", blank=True)
    # Named (not "+"), so the meetings a person logged, with their notes, are in their data
    # download.
    logged_by = models.ForeignKey(
        CoCreator,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_meetings_logged",
    )
    logged_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-met_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(mentoring__isnull=False) & Q(group__isnull=True))
                | (Q(mentoring__isnull=True) & Q(group__isnull=False)),
                name="meeting_of_a_pair_or_a_group",
            )
        ]
        indexes = [models.Index(fields=["met_on"])]

    def __str__(self):
        return f"Meeting on {self.met_on}"


# --- Service accreditation (part 5) --------------------------------------------------------------


class AccreditationFramework(models.Model):
    """One version of the accreditation's criteria. An application is assessed against the
    version it started on; a published version is never changed, a new one is added."""

    version = models.CharField(max_length=20, unique=True)
    introduction = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return f"Accreditation criteria version {self.version}"


class AccreditationStandard(models.Model):
    framework = models.ForeignKey(
        AccreditationFramework, on_delete=models.CASCADE, related_name="standards"
    )
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="standard_number_unique")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class AccreditationCriterion(models.Model):
    standard = models.ForeignKey(
        AccreditationStandard, on_delete=models.CASCADE, related_name="criteria"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField("the criterion")
    guidance = models.TextField(blank=True)
    evidence_needed = models.TextField("the evidence it needs")

    class Meta:
        ordering = ["standard__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "number"], name="criterion_number_unique")
        ]

    def __str__(self):
        return f"{self.standard.number}.{self.number}"


class Service(models.Model):
    """A service (team) of the trust that may apply for co-creation accreditation. In the pilot
    only invited services can apply."""

    name = models.CharField(max_length=200, unique=True)
    directorate = models.CharField(max_length=200, blank=True)
    about = models.TextField("what the service does", blank=True)
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="accreditation_services",
        help_text="The people who may apply for it (partner-section logins).",
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class AccreditationLevel(models.TextChoices):
    FOUNDATION = "foundation", "Foundation"
    ESTABLISHED = "established", "Established"
    EXEMPLARY = "exemplary", "Exemplary"


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Self-assessment in progress"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "With the panel"
    AWARDED = "awarded", "Accredited"
    ACTIONS_NEEDED = "actions_needed", "Actions needed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class AccreditationApplication(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="applications")
    framework = models.ForeignKey(
        AccreditationFramework, on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The decision
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    level_awarded = models.CharField(max_length=20, choices=AccreditationLevel.choices, blank=True)
    actions_needed = models.TextField(blank=True)
    decision_summary = models.TextField("what the panel found", blank=True)
    awarded_on = models.DateField(null=True, blank=True)
    renew_by = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["service"],
                condition=Q(status__in=["draft", "submitted", "in_review"]),
                name="one_open_application_a_service",
            ),
            models.CheckConstraint(
                condition=~Q(status="awarded")
                | (~Q(level_awarded="") & Q(awarded_on__isnull=False) & Q(renew_by__isnull=False)),
                name="award_has_level_and_dates",
            ),
            models.CheckConstraint(
                condition=Q(renew_by__isnull=True) | Q(renew_by__gt=models.F("awarded_on")),
                name="renewal_after_award",
            ),
        ]
        indexes = [models.Index(fields=["status", "renew_by"])]

    def __str__(self):
        return f"{self.service} ({self.framework.version})"


class SelfAssessment(models.Model):
    """The service's answer to one criterion."""

    class Rating(models.TextChoices):
        NOT_YET = "not_yet", "Not yet"
        PARTLY = "partly", "Partly"
        MET = "met", "Met"

    application = models.ForeignKey(
        AccreditationApplication, on_delete=models.CASCADE, related_name="assessments"
    )
    criterion = models.ForeignKey(
        AccreditationCriterion, on_delete=models.PROTECT, related_name="assessments"
    )
    rating = models.CharField(max_length=20, choices=Rating.choices)
    how_we_meet_it = models.TextField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["criterion__standard__number", "criterion__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="one_assessment_a_criterion"
            )
        ]

    def __str__(self):
        return f"{self.application}: {self.criterion}"


class EvidenceKind(models.TextChoices):
    IMPACT = "impact", "An impact record"
    ACTIVITY = "activity", "An activity"
    DOCUMENT = "document", "A document"


class AccreditationEvidence(models.Model):
    """Evidence for a self-assessment: an impact record, an activity or an uploaded document."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    impact_record = models.ForeignKey(
        "impact.ImpactRecord", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.FileField(max_length=300, blank=True)
    document_name = models.CharField(max_length=150, blank=True)
    note = models.CharField(max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self):
        return f"Evidence for {self.assessment}"


class PanelMember(models.Model):
    """A reviewer on an application's panel: a member of staff or a co-creator. A panel needs at
    least one co-creator before a decision. Each declares any conflict of interest."""

    application = models.ForeignKey(
        AccreditationApplication, on_delete=models.CASCADE, related_name="panel"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="accreditation_panels"
    )
    is_cocreator = models.BooleanField(default=False)
    conflict_declared_at = models.DateTimeField(null=True, blank=True)
    has_conflict = models.BooleanField(default=False)
    conflict_details = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "user"], name="one_seat_a_panel")
        ]

    def __str__(self):
        # Shown where a row points at the seat (a score, in the reviewer's data download): never
        # a record number.
        if self.added_at is None:
            return "A seat on an accreditation panel"
        return f"A seat on an accreditation panel from {self.added_at:%-d %B %Y}"


class PanelScore(models.Model):
    """One reviewer's score and comment on one criterion."""

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        AccreditationCriterion, on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(help_text="0 not met, 1 partly, 2 met, 3 exceeds.")
    comment = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["criterion__standard__number", "criterion__number"]
        constraints = [
            models.UniqueConstraint(fields=["member", "criterion"], name="one_score_a_criterion"),
            models.CheckConstraint(condition=Q(score__lte=3), name="score_zero_to_three"),
        ]

    def __str__(self):
        return f"A score of {self.score}"


# --- The partner section (part 6) ---------------------------------------------------------------


class PartnerAccess(models.Model):
    """A login to the partner section for someone at a system partner (a university, a council)
    or a service team of the trust."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_access"
    )
    organisation = models.ForeignKey(
        PartnerOrganisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_logins",
    )
    job_title = models.CharField(max_length=150, blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-pk"]

    def __str__(self):
        return f"Partner access for {self.user_id}"


class SupportRequestKind(models.TextChoices):
    TRAINING = "training", "Training"
    MENTORING = "mentoring", "Mentoring"
    TOOLKITS = "toolkits", "Toolkits and guides"
    PROJECT = "project", "Co-creation support for a project"
    OTHER = "other", "Something else"


class SupportRequestStatus(models.TextChoices):
    NEW = "new", "New"
    IN_HAND = "in_hand", "Being dealt with"
    DONE = "done", "Done"
    DECLINED = "declined", "Not able to help"


class SupportRequest(models.Model):
    """A system partner asking the trust for co-creation support (plan: "formalise partnerships
    with system organisations who request co-creation support")."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        PartnerOrganisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_requests",
    )
    kind = models.CharField(max_length=20, choices=SupportRequestKind.choices)
    what_is_needed = models.TextField()
    status = models.CharField(
        max_length=20, choices=SupportRequestStatus.choices, default=SupportRequestStatus.NEW
    )
    staff_reply = models.TextField(blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"Support request {self.pk}"
